// Signing in, shared by the sign-in page and the counter's "sign in again" banner.
import { request } from '../../lib/api.ts';
import type { Session } from '../../lib/session.svelte.ts';
import { SignInMutation } from './documents.ts';

/** Signs in and returns the session to store (throws ApiError on failure). */
export async function signIn(email: string, password: string): Promise<Session> {
  const { signIn: r } = await request(SignInMutation, { email, password });
  const u = r.user;
  return {
    token: r.token,
    expiresAt: r.expiresAt,
    user: {
      email: u.email ?? '', // accounts made by phone have no e-mail
      displayName: u.displayName,
      role: u.role,
      cityCode: u.city?.code ?? null,
      cityName: u.city ? `${u.city.nameZh} ${u.city.nameEn}` : null,
      stationCode: u.station?.code ?? null,
      stationName: u.station?.name ?? null,
    },
  };
}

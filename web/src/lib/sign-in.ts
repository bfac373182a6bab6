// Signing in, shared by the sign-in page and the counter's "sign in again" banner.
import { gql } from './api.ts';
import type { Role, Session } from './session.svelte.ts';

interface SignInData {
  signIn: {
    token: string;
    expiresAt: string;
    user: {
      email: string;
      displayName: string;
      role: Role;
      city: { code: string; nameZh: string; nameEn: string } | null;
      station: { code: string; name: string } | null;
    };
  };
}

const SIGN_IN = `mutation SignIn($email: String!, $password: String!) {
  signIn(email: $email, password: $password) {
    token expiresAt
    user { email displayName role city { code nameZh nameEn } station { code name } }
  }
}`;

/** Signs in and returns the session to store (throws ApiError on failure). */
export async function signIn(email: string, password: string): Promise<Session> {
  const { signIn: r } = await gql<SignInData>(SIGN_IN, { email, password });
  const u = r.user;
  return {
    token: r.token,
    expiresAt: r.expiresAt,
    user: {
      email: u.email,
      displayName: u.displayName,
      role: u.role,
      cityCode: u.city?.code ?? null,
      cityName: u.city ? `${u.city.nameZh} ${u.city.nameEn}` : null,
      stationCode: u.station?.code ?? null,
      stationName: u.station?.name ?? null,
    },
  };
}

// Signing in, shared by the sign-in page and the counter's "sign in again" banner.
import { request } from '../../lib/api.ts';
import { sessionFrom, type Session } from '../../lib/session.svelte.ts';
import { SignInMutation } from './documents.ts';

/** Signs in with an e-mail or a phone number and returns the session to store (throws ApiError on failure). */
export async function signIn(email: string, password: string): Promise<Session> {
  const { signIn: r } = await request(SignInMutation, { email, password });
  return sessionFrom(r);
}

// Signing in, shared by the sign-in page and the counter's "sign in again" banner.
import { ApiError, request } from '../../lib/api.ts';
import { errorText, messageText } from '../../lib/errors.ts';
import { hasText, t } from '../../lib/i18n.svelte.ts';
import { sessionFrom, type Session } from '../../lib/session.svelte.ts';
import { SignInMutation } from './documents.ts';

/** Signs in with an e-mail or a phone number and returns the session to store (throws ApiError on failure). */
export async function signIn(email: string, password: string): Promise<Session> {
  const { signIn: r } = await request(SignInMutation, { email, password });
  return sessionFrom(r);
}

/**
 * Why a sign-in failed, in the person's language, by the API's code: too many attempts, a
 * deactivated account (so they ask their manager instead of retrying), else wrong email or password.
 */
export function signInFailure(e: unknown): string {
  if (!(e instanceof ApiError) || (e.kind !== 'unauthenticated' && e.reason !== 'auth.throttled')) return errorText(e);
  if (e.reason === 'auth.throttled') return t('signIn.locked');
  if (e.reason && e.reason !== 'auth.wrongCredentials' && hasText(`reason.${e.reason}`)) return messageText(e);
  return t('signIn.failed');
}

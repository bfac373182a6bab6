// The one throttle for every sign-in with a secret: a person's email/phone + password
// (services/auth.ts) and a green-points member's code + secret (services/members.ts). Growing
// delays per (login, address), per address and per login (domain/sign-in.ts) instead of a lockout,
// so nobody can lock a real owner out by guessing; the check, the secret's verification and the
// failure's audit run under locks on the login and the address, so parallel guesses are counted
// one after another and cannot get past the limit together.
import { hashPassword, verifyPassword } from '@recycle/db';
import type { Context } from '../context.ts';
import { TooManyRequestsError, type UnauthenticatedError } from '../domain/errors.ts';
import { checkNotThrottled, failureWindowStart } from '../domain/sign-in.ts';
import type { Db } from '../repositories/db.ts';
import { writeAudit } from '../repositories/audit.ts';
import { lockSignInKeys, recentSignInFailures } from '../repositories/sign-in-failure.ts';

export interface SignInKind {
  /** Audit actions are "<action>:failed" and "<action>:throttled". */
  action: 'signIn' | 'memberSignIn';
  /** The audit entity the login is recorded under. */
  entity: 'email' | 'consumer';
  /** The answer to a wrong login or a wrong secret: one answer for both, on purpose. */
  wrong: () => UnauthenticatedError;
}

// An unknown login still costs one scrypt: the answer takes as long as for a known one.
let dummyHash: Promise<string> | undefined;
const dummy = () => (dummyHash ??= hashPassword('not-a-password-of-anyone'));

/** Checks `secret` against `hash`, or against a dummy hash (same time) when the login is unknown. */
export async function secretMatches(secret: string, hash: string | null | undefined): Promise<boolean> {
  const valid = await verifyPassword(secret, hash ?? (await dummy()));
  return !!hash && valid;
}

/**
 * Runs `attempt` (find the login, check its secret; null when either is wrong) unless the login or
 * the address is slowed down. Throws TooManyRequestsError (with retryAfterSeconds) or kind.wrong().
 * Example: `const user = await throttledSignIn(ctx, PERSON, email, (trx) => findAndCheck(trx))`.
 */
export async function throttledSignIn<T>(
  ctx: Context,
  kind: SignInKind,
  login: string,
  attempt: (trx: Db) => Promise<T | null>,
): Promise<T> {
  const address = ctx.clientAddress;
  const failures = { failedAction: `${kind.action}:failed`, entity: kind.entity };
  const audit = (trx: Db, suffix: string, after: object) =>
    // The app clock, not the database's: the throttle's window is measured against it.
    writeAudit(trx, {
      actorId: null,
      action: `${kind.action}:${suffix}`,
      entity: kind.entity,
      entityId: login,
      at: ctx.now,
      after: { address, ...after },
      requestId: ctx.requestId,
    });
  const outcome = await ctx.db.transaction().execute(async (trx) => {
    await lockSignInKeys(trx, failures, login, address);
    try {
      checkNotThrottled(
        await recentSignInFailures(trx, failures, login, address, failureWindowStart(ctx.now)),
        ctx.now,
      );
    } catch (err) {
      if (!(err instanceof TooManyRequestsError)) throw err;
      await audit(trx, 'throttled', { retryAfterSeconds: err.retryAfterSeconds });
      return { refused: err };
    }
    const found = await attempt(trx);
    if (found === null) {
      await audit(trx, 'failed', {});
      return { refused: kind.wrong() };
    }
    return { found };
  });
  if ('refused' in outcome) throw outcome.refused;
  return outcome.found;
}

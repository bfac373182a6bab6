// Sign-in: the throttle for failed attempts (domain/sign-in.ts), the password check, the token, and
// an audit entry for every attempt (failures are what the throttle counts; refusals are audited too).
// People sign in with their email or their phone number; an account not activated yet or
// deactivated cannot sign in.
import { hashPassword, verifyPassword } from '@recycle/db';
import { signToken } from '../auth/token.ts';
import type { Context } from '../context.ts';
import { normalizePhone } from '../domain/accounts.ts';
import { TooManyRequestsError, UnauthenticatedError } from '../domain/errors.ts';
import { checkNotThrottled, failureWindowStart, normalizeEmail, wrongCredentials } from '../domain/sign-in.ts';
import type { Role, Viewer } from '../domain/viewer.ts';
import { recordSignIn } from '../repositories/account.ts';
import { writeAudit } from '../repositories/audit.ts';
import { lockSignInKeys, recentSignInFailures } from '../repositories/sign-in-failure.ts';
import { userByLogin } from '../repositories/user.ts';

// An unknown login still costs one scrypt: the answer takes as long as for a known one.
let dummyHash: Promise<string> | undefined;
const dummy = () => (dummyHash ??= hashPassword('not-a-password-of-anyone'));

export async function signIn(ctx: Context, loginInput: string, password: string) {
  const login = normalizePhone(loginInput) ?? normalizeEmail(loginInput);
  const address = ctx.clientAddress;
  // Check, verify and record under locks on the login and the address: parallel guesses are
  // counted one after another, so they cannot get past the throttle together.
  const outcome = await ctx.db.transaction().execute(async (trx) => {
    await lockSignInKeys(trx, login, address);
    try {
      checkNotThrottled(await recentSignInFailures(trx, login, address, failureWindowStart(ctx.now)), ctx.now);
    } catch (err) {
      if (!(err instanceof TooManyRequestsError)) throw err;
      await writeAudit(trx, { actorId: null, action: 'signIn:throttled', entity: 'email', entityId: login, at: ctx.now, after: { address, retryAfterSeconds: err.retryAfterSeconds }, requestId: ctx.requestId });
      return { refused: err };
    }
    const user = await userByLogin(trx, login);
    const valid = await verifyPassword(password, user?.password_hash ?? (await dummy()));
    if (!user || !user.password_hash || !valid) {
      // The app clock, not the database's: the throttle's window is measured against it.
      await writeAudit(trx, { actorId: null, action: 'signIn:failed', entity: 'email', entityId: login, at: ctx.now, after: { address }, requestId: ctx.requestId });
      return { refused: wrongCredentials() };
    }
    return { user };
  });
  if ('refused' in outcome) throw outcome.refused;
  const user = outcome.user;
  if (user.deactivated_at) throw new UnauthenticatedError('This account is deactivated; ask your manager');
  const viewer: Viewer = { userId: user.id, role: user.role as Role, stationId: user.station_id, cityCode: user.city_code };
  const { token, expiresAt } = await signToken(ctx.tokenKeys, viewer, ctx.now, user.session_version);
  await ctx.db.transaction().execute(async (trx) => {
    await recordSignIn(trx, user.id, ctx.now);
    await writeAudit(trx, { actorId: user.id, action: 'signIn', entity: 'app_user', entityId: String(user.id), after: { address }, requestId: ctx.requestId });
  });
  return { token, expiresAt, userId: user.id };
}

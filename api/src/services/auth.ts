// Sign-in: the lock for too many failures (domain/sign-in.ts), the password check, the token, and
// an audit entry for every attempt (failures are what the lock counts). People sign in with their
// email or their phone number; an account not activated yet or deactivated cannot sign in.
import { verifyPassword } from '@recycle/db';
import { signToken } from '../auth/token.ts';
import type { Context } from '../context.ts';
import { normalizePhone } from '../domain/accounts.ts';
import { UnauthenticatedError } from '../domain/errors.ts';
import { checkNotLocked, failureWindowStart, normalizeEmail, wrongCredentials } from '../domain/sign-in.ts';
import type { Role, Viewer } from '../domain/viewer.ts';
import { recordSignIn } from '../repositories/account.ts';
import { countAuditSince, writeAudit } from '../repositories/audit.ts';
import { userByLogin } from '../repositories/user.ts';

export async function signIn(ctx: Context, loginInput: string, password: string) {
  const login = normalizePhone(loginInput) ?? normalizeEmail(loginInput);
  checkNotLocked(await countAuditSince(ctx.db, 'signIn:failed', 'email', login, failureWindowStart(ctx.now)));
  const user = await userByLogin(ctx.db, login);
  if (!user || !user.password_hash || !(await verifyPassword(password, user.password_hash))) {
    // The app clock, not the database's: the lock window above is measured against it.
    await writeAudit(ctx.db, { actorId: null, action: 'signIn:failed', entity: 'email', entityId: login, at: ctx.now, requestId: ctx.requestId });
    throw wrongCredentials();
  }
  if (user.deactivated_at) throw new UnauthenticatedError('This account is deactivated; ask your manager');
  const viewer: Viewer = { userId: user.id, role: user.role as Role, stationId: user.station_id, cityCode: user.city_code };
  const { token, expiresAt } = await signToken(ctx.tokenKeys, viewer, ctx.now, user.session_version);
  await ctx.db.transaction().execute(async (trx) => {
    await recordSignIn(trx, user.id, ctx.now);
    await writeAudit(trx, { actorId: user.id, action: 'signIn', entity: 'app_user', entityId: String(user.id), requestId: ctx.requestId });
  });
  return { token, expiresAt, userId: user.id };
}

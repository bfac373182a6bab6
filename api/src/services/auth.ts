// Sign-in: the lock for too many failures (domain/sign-in.ts), the password check, the token, and
// an audit entry for every attempt (failures are what the lock counts).
import { verifyPassword } from '@recycle/db';
import { signToken } from '../auth/token.ts';
import type { Context } from '../context.ts';
import { checkNotLocked, failureWindowStart, normalizeEmail, wrongCredentials } from '../domain/sign-in.ts';
import type { Role, Viewer } from '../domain/viewer.ts';
import { countAuditSince, writeAudit } from '../repositories/audit.ts';
import { userByEmail } from '../repositories/user.ts';

export async function signIn(ctx: Context, emailInput: string, password: string) {
  const email = normalizeEmail(emailInput);
  checkNotLocked(await countAuditSince(ctx.db, 'signIn:failed', 'email', email, failureWindowStart(ctx.now)));
  const user = await userByEmail(ctx.db, email);
  if (!user || !(await verifyPassword(password, user.password_hash))) {
    // The app clock, not the database's: the lock window above is measured against it.
    await writeAudit(ctx.db, { actorId: null, action: 'signIn:failed', entity: 'email', entityId: email, at: ctx.now, requestId: ctx.requestId });
    throw wrongCredentials();
  }
  const viewer: Viewer = { userId: user.id, role: user.role as Role, stationId: user.station_id, cityCode: user.city_code };
  const { token, expiresAt } = await signToken(ctx.tokenKeys, viewer, ctx.now);
  await writeAudit(ctx.db, { actorId: user.id, action: 'signIn', entity: 'app_user', entityId: String(user.id), requestId: ctx.requestId });
  return { token, expiresAt, user };
}

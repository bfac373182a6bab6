// The person's own side: activate an account with the one-time code (setting a password), and
// change one's own password. Both sign the person in and end every other session of theirs.
import { hashPassword, verifyPassword } from '@recycle/db';
import { hashActivationCode } from '../auth/activation.ts';
import { passwordProblem } from '../auth/password-policy.ts';
import { signToken, type TokenKeys } from '../auth/token.ts';
import { ForbiddenError, InputError } from '../domain/errors.ts';
import type { Role, Viewer } from '../domain/viewer.ts';
import {
  accountByActivationHash,
  accountCityOf,
  accountsByIds,
  passwordHashOf,
  updateAccount,
} from '../repositories/account.ts';
import { writeAudit } from '../repositories/audit.ts';
import type { ServiceContext } from './imports.ts';
import { endSessionsOf, sessionVersionOf } from './sessions.ts';
import { msg } from '../domain/messages.ts';

export interface SignedIn {
  token: string;
  expiresAt: Date;
  userId: number;
}

const viewerOf = (u: { id: number; role: string; station_id: number | null; city_code: string | null }): Viewer => ({
  userId: u.id,
  role: u.role as Role,
  stationId: u.station_id,
  cityCode: u.city_code,
});

export async function activateAccount(
  ctx: ServiceContext & { tokenKeys: TokenKeys },
  code: string,
  password: string,
): Promise<SignedIn> {
  const a = await accountByActivationHash(ctx.db, hashActivationCode(code));
  if (!a || !a.activation_expires_at || a.activation_expires_at < ctx.now || a.deactivated_at) {
    throw InputError.of('code', msg('activation.badCode'));
  }
  const problem = passwordProblem(password, [a.email, a.phone, a.display_name]);
  if (problem) throw InputError.of('password', problem);
  const hash = await hashPassword(password);
  await ctx.db.transaction().execute(async (trx) => {
    await updateAccount(
      trx,
      a.id,
      {
        password_hash: hash,
        activation_code_hash: null,
        activation_expires_at: null,
        activated_at: ctx.now,
        last_sign_in_at: ctx.now,
      },
      ctx.now,
    );
    await endSessionsOf(trx, a.id);
    await writeAudit(trx, {
      actorId: a.id,
      action: 'activateAccount',
      entity: 'app_user',
      entityId: String(a.id),
      cityCode: await accountCityOf(trx, a.id), // so the city's manager sees it in the audit log
      before: { state: a.password_hash ? 'ACTIVE' : 'PENDING' },
      after: { state: 'ACTIVE' },
      requestId: ctx.requestId,
    });
  });
  return {
    ...(await signToken(ctx.tokenKeys, viewerOf(a), ctx.now, await sessionVersionOf(ctx.db, a.id))),
    userId: a.id,
  };
}

export async function changeOwnPassword(
  ctx: ServiceContext & { tokenKeys: TokenKeys },
  current: string,
  next: string,
): Promise<SignedIn> {
  const userId = ctx.viewer?.userId;
  if (userId == null) throw new ForbiddenError(msg('password.personOnly'));
  const stored = (await passwordHashOf(ctx.db, userId))?.password_hash;
  if (!stored || !(await verifyPassword(current, stored)))
    throw InputError.of('currentPassword', msg('password.wrongCurrent'));
  if (current === next) throw InputError.of('newPassword', msg('password.unchanged'));
  const a = (await accountsByIds(ctx.db, [userId]))[0]!;
  const problem = passwordProblem(next, [a.email, a.phone, a.display_name]);
  if (problem) throw InputError.of('newPassword', problem);
  const hash = await hashPassword(next);
  await ctx.db.transaction().execute(async (trx) => {
    await updateAccount(trx, userId, { password_hash: hash }, ctx.now);
    await endSessionsOf(trx, userId);
    await writeAudit(trx, {
      actorId: userId,
      action: 'changePassword',
      entity: 'app_user',
      entityId: String(userId),
      cityCode: a.account_city,
      before: null,
      after: { passwordChanged: true },
      requestId: ctx.requestId,
    });
  });
  return { ...(await signToken(ctx.tokenKeys, viewerOf(a), ctx.now, await sessionVersionOf(ctx.db, userId))), userId };
}

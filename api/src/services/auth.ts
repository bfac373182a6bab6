// Sign-in: the password check under the shared throttle (services/sign-in-throttle.ts), the token,
// and an audit entry for every attempt (failures are what the throttle counts; refusals too).
// People sign in with their email or their phone number; an account not activated yet or
// deactivated cannot sign in. Signing out ends the person's sessions through the session version
// (services/sessions.ts), the one way sessions end.
import { signToken } from '../auth/token.ts';
import type { MemberViewer } from '../auth/member-token.ts';
import type { Context } from '../context.ts';
import { normalizePhone } from '../domain/accounts.ts';
import { UnauthenticatedError } from '../domain/errors.ts';
import { normalizeEmail, wrongCredentials } from '../domain/sign-in.ts';
import type { Role, Viewer } from '../domain/viewer.ts';
import { recordSignIn } from '../repositories/account.ts';
import { accountCityOf } from '../repositories/account.ts';
import { writeAudit } from '../repositories/audit.ts';
import { userByLogin } from '../repositories/user.ts';
import { endMemberSessionsOf, endSessionsOf } from './sessions.ts';
import { secretMatches, throttledSignIn, type SignInKind } from './sign-in-throttle.ts';
import { msg } from '../domain/messages.ts';

const PERSON: SignInKind = { action: 'signIn', entity: 'email', wrong: wrongCredentials };

export async function signIn(ctx: Context, loginInput: string, password: string) {
  const login = normalizePhone(loginInput) ?? normalizeEmail(loginInput);
  const address = ctx.clientAddress;
  const user = await throttledSignIn(ctx, PERSON, login, async (trx) => {
    const found = await userByLogin(trx, login);
    return (await secretMatches(password, found?.password_hash)) ? found! : null;
  });
  if (user.deactivated_at) throw new UnauthenticatedError(msg('auth.deactivated'));
  const viewer: Viewer = {
    userId: user.id,
    role: user.role as Role,
    stationId: user.station_id,
    cityCode: user.city_code,
  };
  const { token, expiresAt } = await signToken(ctx.tokenKeys, viewer, ctx.now, user.session_version);
  await ctx.db.transaction().execute(async (trx) => {
    await recordSignIn(trx, user.id, ctx.now);
    await writeAudit(trx, {
      actorId: user.id,
      action: 'signIn',
      entity: 'app_user',
      entityId: String(user.id),
      cityCode: await accountCityOf(trx, user.id),
      after: { address },
      requestId: ctx.requestId,
    });
  });
  return { token, expiresAt, userId: user.id };
}

/**
 * Ends the caller's session at once: the token is refused from its next request on. Tokens carry
 * no id of their own, so this ends every session of the person (other phones too), as a
 * password change does; one revocation mechanism instead of a second per-token list.
 */
export async function signOut(ctx: Context): Promise<boolean> {
  const member = ctx.viewer ? null : ctx.member;
  if (member) return signOutMember(ctx, member);
  const userId = ctx.viewer?.userId;
  if (userId == null) throw new UnauthenticatedError(msg('auth.signedOut'));
  await ctx.db.transaction().execute(async (trx) => {
    await endSessionsOf(trx, userId);
    await writeAudit(trx, {
      actorId: userId,
      action: 'signOut',
      entity: 'app_user',
      entityId: String(userId),
      cityCode: await accountCityOf(trx, userId),
      after: { address: ctx.clientAddress },
      deviceId: ctx.viewer?.device?.id ?? null,
      requestId: ctx.requestId,
    });
  });
  return true;
}

/** A member signing out ends every member token of theirs (a lost phone included). */
async function signOutMember(ctx: Context, member: MemberViewer): Promise<boolean> {
  await ctx.db.transaction().execute(async (trx) => {
    await endMemberSessionsOf(trx, member.consumerId);
    await writeAudit(trx, {
      actorId: null,
      action: 'memberSignOut',
      entity: 'consumer',
      entityId: member.memberCode,
      after: { address: ctx.clientAddress },
      requestId: ctx.requestId,
    });
  });
  return true;
}

// Green-points members: joining (a member code and a recovery secret, no personal data) and
// signing in again with them on another phone. The secret is shown once and stored as a scrypt
// hash; repeated wrong secrets lock the member code for a while (counted in the audit, so every
// API process shares the count).
import { randomBytes } from 'node:crypto';
import { hashPassword, verifyPassword } from '@recycle/db';
import type { Context } from '../context.ts';
import { signMemberToken } from '../auth/member-token.ts';
import { UnauthenticatedError } from '../domain/errors.ts';
import { makeMemberCode, makeSecret, normalizeSecret, parseMemberCode } from '../domain/points.ts';
import { countAuditSince, writeAudit } from '../repositories/audit.ts';
import { consumersByCodes, insertConsumer } from '../repositories/points.ts';

export const MAX_FAILED_MEMBER_SIGN_INS = 10;
export const MEMBER_SIGN_IN_WINDOW_MS = 15 * 60 * 1000;

const isUniqueViolation = (e: unknown) => (e as { code?: string }).code === '23505';

/** A new member: code, secret (only now, in clear) and a token. */
export async function joinAsMember(ctx: Context) {
  const secret = makeSecret(randomBytes(10));
  const secretHash = await hashPassword(secret);
  // 45 random bits: a clash is rare, and then a new code is drawn.
  for (let attempt = 0; ; attempt++) {
    const memberCode = makeMemberCode(randomBytes(6));
    try {
      const consumer = await ctx.db.transaction().execute(async (trx) => {
        const c = await insertConsumer(trx, memberCode, secretHash);
        await writeAudit(trx, { actorId: null, action: 'joinAsMember', entity: 'consumer', entityId: memberCode, at: ctx.now, requestId: ctx.requestId });
        return c;
      });
      const { token, expiresAt } = await signMemberToken(ctx.tokenKeys, { consumerId: consumer.id, memberCode }, ctx.now);
      return { memberCode, secret, token, expiresAt };
    } catch (e) {
      if (!isUniqueViolation(e) || attempt >= 5) throw e;
    }
  }
}

/** Member code + secret → a member token. Wrong code and wrong secret give the same answer. */
export async function memberSignIn(ctx: Context, rawCode: string, rawSecret: string) {
  const code = parseMemberCode(rawCode) ?? rawCode.trim().toUpperCase().slice(0, 32);
  const since = new Date(ctx.now.getTime() - MEMBER_SIGN_IN_WINDOW_MS);
  if ((await countAuditSince(ctx.db, 'memberSignIn:failed', 'consumer', code, since)) >= MAX_FAILED_MEMBER_SIGN_INS) {
    throw new UnauthenticatedError(`Too many wrong secrets for this member code; try again in ${MEMBER_SIGN_IN_WINDOW_MS / 60_000} minutes`);
  }
  const consumer = (await consumersByCodes(ctx.db, [code]))[0];
  if (!consumer || !(await verifyPassword(normalizeSecret(rawSecret), consumer.secret_hash))) {
    await writeAudit(ctx.db, { actorId: null, action: 'memberSignIn:failed', entity: 'consumer', entityId: code, at: ctx.now, requestId: ctx.requestId });
    throw new UnauthenticatedError('Member code or secret is wrong');
  }
  await writeAudit(ctx.db, { actorId: null, action: 'memberSignIn', entity: 'consumer', entityId: code, at: ctx.now, requestId: ctx.requestId });
  const { token, expiresAt } = await signMemberToken(ctx.tokenKeys, { consumerId: consumer.id, memberCode: code }, ctx.now);
  return { memberCode: code, token, expiresAt };
}

// Green-points members: joining (a member code and a recovery secret, no personal data) and
// signing in again with them on another phone. The secret is shown once and stored as a scrypt
// hash; wrong secrets slow further tries down with growing delays per code, per address and per
// (code, address) pair, the throttle person sign-in uses (services/sign-in-throttle.ts): a
// guesser cannot lock the member out.
import { randomBytes } from 'node:crypto';
import { hashPassword } from '@recycle/db';
import type { Context } from '../context.ts';
import { signMemberToken } from '../auth/member-token.ts';
import { UnauthenticatedError } from '../domain/errors.ts';
import { makeMemberCode, makeSecret, normalizeSecret, parseMemberCode } from '../domain/points.ts';
import { writeAudit } from '../repositories/audit.ts';
import { consumersByCodes, insertConsumer } from '../repositories/points.ts';
import { secretMatches, throttledSignIn, type SignInKind } from './sign-in-throttle.ts';
import { msg } from '../domain/messages.ts';

const MEMBER: SignInKind = {
  action: 'memberSignIn',
  entity: 'consumer',
  wrong: () => new UnauthenticatedError(msg('member.wrongSecret')),
};

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
        await writeAudit(trx, {
          actorId: null,
          action: 'joinAsMember',
          entity: 'consumer',
          entityId: memberCode,
          at: ctx.now,
          requestId: ctx.requestId,
        });
        return c;
      });
      const { token, expiresAt } = await signMemberToken(
        ctx.tokenKeys,
        { consumerId: consumer.id, memberCode, sessionVersion: consumer.session_version },
        ctx.now,
      );
      return { memberCode, secret, token, expiresAt };
    } catch (e) {
      if (!isUniqueViolation(e) || attempt >= 5) throw e;
    }
  }
}

/** Member code + secret → a member token. Wrong code and wrong secret give the same answer. */
export async function memberSignIn(ctx: Context, rawCode: string, rawSecret: string) {
  const code = parseMemberCode(rawCode) ?? rawCode.trim().toUpperCase().slice(0, 32);
  const consumer = await throttledSignIn(ctx, MEMBER, code, async (trx) => {
    const found = (await consumersByCodes(trx, [code]))[0];
    return (await secretMatches(normalizeSecret(rawSecret), found?.secret_hash)) ? found! : null;
  });
  await writeAudit(ctx.db, {
    actorId: null,
    action: 'memberSignIn',
    entity: 'consumer',
    entityId: code,
    at: ctx.now,
    after: { address: ctx.clientAddress },
    requestId: ctx.requestId,
  });
  const { token, expiresAt } = await signMemberToken(
    ctx.tokenKeys,
    { consumerId: consumer.id, memberCode: code, sessionVersion: consumer.session_version },
    ctx.now,
  );
  return { memberCode: code, token, expiresAt };
}

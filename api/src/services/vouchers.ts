// Vouchers (docs/points.md): a member turns points into a voucher paid from the campaign's capped
// budget; station staff redeem it once. What holds under any concurrency, and why:
//   - never over budget: the budget row is updated with a guarded UPDATE (issued + value <= cap),
//     re-checked by PostgreSQL after any concurrent update, plus a CHECK on the row;
//   - never issued twice: one voucher per member + idempotency key (unique), and the member's row
//     is locked first, so a replay waits for the original and then finds it;
//   - never over the balance: the balance is summed after that lock, and the debit is written in
//     the same transaction as the voucher and the budget update (all or nothing);
//   - redeemed once: a guarded UPDATE ... WHERE redeemed_at IS NULL.
// Codes: "GV" + 16 characters of HMAC(server key, random nonce) + a check character. Only the
// nonce and a SHA-256 of the code are stored: a database copy alone cannot redeem anything, and the
// member can still see their codes on any phone.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { Context } from '../context.ts';
import { ConflictError, ForbiddenError, InputError, NotFoundError } from '../domain/errors.ts';
import { parseVoucherCode, voucherCodeFrom } from '../domain/points.ts';
import { localDate, DEFAULT_TIMEZONE } from '../domain/time.ts';
import { writeAudit } from '../repositories/audit.ts';
import {
  balanceOf,
  campaignByCode,
  campaignsCovering,
  insertVoucherDebit,
  lockConsumers,
} from '../repositories/points.ts';
import { insertVoucher, redeemVoucher, takeFromBudget, voucherByHash, voucherByKey } from '../repositories/voucher.ts';
import type { StationRow } from '../repositories/station.ts';
import { msg } from '../domain/messages.ts';

const DAY_MS = 86_400_000;

/** The voucher code for a nonce; the key is derived from the token secret. */
export function voucherCode(secret: Uint8Array, nonce: string): string {
  const key = createHmac('sha256', secret).update('green-points voucher codes').digest();
  return voucherCodeFrom(createHmac('sha256', key).update(nonce).digest().subarray(0, 10));
}

export const codeHash = (code: string) => createHash('sha256').update(code).digest('hex');

export async function issueVoucher(ctx: Context, input: { idempotencyKey: string; campaignCode?: string | null }) {
  const member = ctx.member!;
  const key = input.idempotencyKey.trim();
  if (!/^[\x21-\x7e]{8,100}$/.test(key)) throw InputError.of('idempotencyKey', msg('voucher.badKey'));
  const today = localDate(ctx.now, DEFAULT_TIMEZONE);
  return ctx.db.transaction().execute(async (trx) => {
    await lockConsumers(trx, [member.consumerId]);
    const prior = await voucherByKey(trx, member.consumerId, key);
    if (prior) return { voucher: prior, replayed: true };
    const campaign = input.campaignCode
      ? await campaignByCode(trx, input.campaignCode)
      : (await campaignsCovering(trx, today, today))[0];
    if (!campaign) {
      if (input.campaignCode) throw new NotFoundError('Campaign', input.campaignCode, 'campaignCode');
      throw new ConflictError(msg('voucher.noCampaign'), 'campaignCode');
    }
    if (today < campaign.starts_on || today > campaign.ends_on) {
      throw new ConflictError(
        msg('voucher.outsideCampaign', { campaign: campaign.code, from: campaign.starts_on, to: campaign.ends_on }),
        'campaignCode',
      );
    }
    const balance = await balanceOf(trx, member.consumerId);
    if (balance < campaign.voucher_points) {
      throw new ConflictError(
        msg('voucher.notEnoughPoints', { points: campaign.voucher_points, balance }),
        'idempotencyKey',
      );
    }
    if (!(await takeFromBudget(trx, campaign.id, campaign.voucher_value))) {
      throw new ConflictError(msg('voucher.budgetUsed', { campaign: campaign.code }), 'campaignCode');
    }
    const nonce = randomBytes(16).toString('base64url');
    const voucher = await insertVoucher(trx, {
      campaign_id: campaign.id,
      consumer_id: member.consumerId,
      idempotency_key: key,
      code_hash: codeHash(voucherCode(ctx.tokenKeys.secret, nonce)),
      code_nonce: nonce,
      points: campaign.voucher_points,
      value: campaign.voucher_value,
      issued_at: ctx.now,
      expires_at: new Date(ctx.now.getTime() + campaign.voucher_valid_days * DAY_MS),
    });
    await insertVoucherDebit(trx, {
      consumer_id: member.consumerId,
      campaign_id: campaign.id,
      points: campaign.voucher_points,
      voucher_id: voucher.id,
      created_at: ctx.now,
      request_id: ctx.requestId,
    });
    await writeAudit(trx, {
      actorId: null,
      action: 'issueVoucher',
      entity: 'voucher',
      entityId: String(voucher.id),
      at: ctx.now,
      requestId: ctx.requestId,
      after: {
        memberCode: member.memberCode,
        campaign: campaign.code,
        points: campaign.voucher_points,
        value: campaign.voucher_value,
      },
    });
    return { voucher, replayed: false };
  });
}

/** Redeems a voucher at a station (its staff, or an admin): once, before it expires. */
export async function redeemAtStation(ctx: Context, rawCode: string, station: StationRow) {
  const code = parseVoucherCode(rawCode);
  if (!code) throw InputError.of('code', msg('voucher.badCode'));
  const hash = codeHash(code);
  // A paired counter device alone logs, voids, empties and opens/closes; redeeming needs a person.
  const userId = ctx.viewer?.userId ?? null;
  if (userId === null) throw new ForbiddenError(msg('voucher.personOnly'));
  return ctx.db.transaction().execute(async (trx) => {
    const redeemed = await redeemVoucher(trx, hash, station.id, userId, ctx.now);
    if (!redeemed) {
      const v = await voucherByHash(trx, hash);
      if (!v) throw new NotFoundError('Voucher', `${code.slice(0, 6)}…`, 'code');
      if (v.redeemed_at)
        throw new ConflictError(
          msg('voucher.redeemed', { station: v.redeemed_station_code ?? '', at: v.redeemed_at.toISOString() }),
          'code',
        );
      throw new ConflictError(msg('voucher.expired', { at: v.expires_at.toISOString() }), 'code');
    }
    await writeAudit(trx, {
      actorId: ctx.viewer!.userId,
      action: 'redeemVoucher',
      entity: 'voucher',
      entityId: String(redeemed.id),
      at: ctx.now,
      requestId: ctx.requestId,
      before: { redeemed: false },
      after: { redeemed: true, station: station.code },
    });
    return { ...redeemed, redeemed_station_code: station.code };
  });
}

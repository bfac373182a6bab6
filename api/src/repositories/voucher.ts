// Vouchers and the campaign budget they are paid from. The two guarded updates here are what keep
// the budget and redemption right under any concurrency: each re-checks its condition on the row
// it updates (PostgreSQL re-evaluates the WHERE after waiting for a concurrent writer).
import { sql, type Selectable } from 'kysely';
import type { Voucher } from '@recycle/db';
import type { Db } from './db.ts';

/** A voucher row, with the redeeming station's code where the query joins it. */
export type VoucherRow = Selectable<Voucher> & { redeemed_station_code?: string | null };

/**
 * Takes `value` from the campaign's voucher budget if it fits under the cap; returns the campaign
 * row after the update, or undefined when the budget cannot cover it (nothing changed).
 */
export function takeFromBudget(db: Db, campaignId: number, value: number) {
  return db
    .updateTable('points_campaign')
    .set({ vouchers_issued: sql`vouchers_issued + ${value}` })
    .where('id', '=', campaignId)
    .where(sql<boolean>`vouchers_issued + ${value} <= voucher_budget`)
    .returningAll()
    .executeTakeFirst();
}

export interface NewVoucher {
  campaign_id: number;
  consumer_id: number;
  idempotency_key: string;
  code_hash: string;
  code_nonce: string;
  points: number;
  value: number;
  issued_at: Date;
  expires_at: Date;
}

export function insertVoucher(db: Db, v: NewVoucher) {
  return db.insertInto('voucher').values(v).returningAll().executeTakeFirstOrThrow();
}

export function voucherByKey(db: Db, consumerId: number, key: string) {
  return db
    .selectFrom('voucher')
    .selectAll()
    .where('consumer_id', '=', consumerId)
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
}

export function voucherByHash(db: Db, codeHash: string) {
  return db
    .selectFrom('voucher')
    .leftJoin('station', 'station.id', 'voucher.redeemed_station_id')
    .selectAll('voucher')
    .select('station.code as redeemed_station_code')
    .where('code_hash', '=', codeHash)
    .executeTakeFirst();
}

/** Marks the voucher redeemed if it is not yet redeemed and not expired; undefined otherwise. */
export function redeemVoucher(db: Db, codeHash: string, stationId: number, by: number | null, at: Date) {
  return db
    .updateTable('voucher')
    .set({ redeemed_at: at, redeemed_station_id: stationId, redeemed_by: by })
    .where('code_hash', '=', codeHash)
    .where('redeemed_at', 'is', null)
    .where('expires_at', '>', at)
    .returningAll()
    .executeTakeFirst();
}

export function vouchersOfConsumer(db: Db, consumerId: number, limit: number) {
  return db
    .selectFrom('voucher')
    .leftJoin('station', 'station.id', 'voucher.redeemed_station_id')
    .selectAll('voucher')
    .select('station.code as redeemed_station_code')
    .where('voucher.consumer_id', '=', consumerId)
    .orderBy('voucher.id', 'desc')
    .limit(limit)
    .execute();
}

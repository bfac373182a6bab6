// Green points: members (consumers), campaigns and the append-only ledger. One query each.
import { sql, type Insertable } from 'kysely';
import type { PointsCampaign, PointsRate } from '@recycle/db';
import type { Db } from './db.ts';

export type ConsumerRow = Awaited<ReturnType<typeof consumersByCodes>>[number];
export type CampaignRow = Awaited<ReturnType<typeof campaignsCovering>>[number];
export type PointsEntryRow = Awaited<ReturnType<typeof listEntries>>[number];

export function insertConsumer(db: Db, memberCode: string, secretHash: string) {
  return db
    .insertInto('consumer')
    .values({ member_code: memberCode, secret_hash: secretHash })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function consumersByCodes(db: Db, codes: readonly string[]) {
  return db.selectFrom('consumer').selectAll().where('member_code', 'in', codes).execute();
}

export function consumersByIds(db: Db, ids: readonly number[]) {
  return db.selectFrom('consumer').selectAll().where('id', 'in', ids).execute();
}

/**
 * Locks members' rows until the transaction ends, in id order (so two transactions locking the
 * same members never deadlock): their credits against the daily cap, and their voucher
 * issuances against the balance, then happen one at a time.
 */
export async function lockConsumers(db: Db, ids: readonly number[]): Promise<void> {
  await db.selectFrom('consumer').select('id').where('id', 'in', ids).orderBy('id').forUpdate().execute();
}

export function insertCampaign(db: Db, c: Insertable<PointsCampaign>) {
  return db.insertInto('points_campaign').values(c).returningAll().executeTakeFirstOrThrow();
}

export async function insertRates(db: Db, rates: Insertable<PointsRate>[]): Promise<void> {
  if (rates.length) await db.insertInto('points_rate').values(rates).execute();
}

export function campaignByCode(db: Db, code: string) {
  return db.selectFrom('points_campaign').selectAll().where('code', '=', code).executeTakeFirst();
}

/** Campaigns overlapping [from, to] (local days), latest start first: the one a day uses is the first covering it. */
export function campaignsCovering(db: Db, from: string, to: string) {
  return db
    .selectFrom('points_campaign')
    .selectAll()
    .where('starts_on', '<=', to)
    .where('ends_on', '>=', from)
    .orderBy('starts_on', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

export function listCampaigns(db: Db) {
  return db.selectFrom('points_campaign').selectAll().orderBy('starts_on', 'desc').orderBy('id', 'desc').execute();
}

export function ratesOfCampaigns(db: Db, campaignIds: readonly number[]) {
  return db
    .selectFrom('points_rate')
    .selectAll()
    .where('campaign_id', 'in', campaignIds)
    .orderBy('material_code')
    .orderBy('outcome')
    .execute();
}

/** Net points (credits minus reversals) per member and local day, for the daily cap. */
export function consumerDayUsage(db: Db, consumerIds: readonly number[], days: readonly string[]) {
  return db
    .selectFrom('points_entry')
    .select((eb) => ['consumer_id', 'local_day', eb.fn.sum<number>('points').as('points')])
    .where('consumer_id', 'in', consumerIds)
    .where('local_day', 'in', days)
    .where('kind', 'in', ['CREDIT', 'REVERSAL'])
    .groupBy(['consumer_id', 'local_day'])
    .execute();
}

/** Net points credited at one station per local day, for the station's daily cap. */
export function stationDayUsage(db: Db, stationId: number, days: readonly string[]) {
  return db
    .selectFrom('points_entry')
    .select((eb) => ['local_day', eb.fn.sum<number>('points').as('points')])
    .where('station_id', '=', stationId)
    .where('local_day', 'in', days)
    .where('kind', 'in', ['CREDIT', 'REVERSAL'])
    .groupBy('local_day')
    .execute();
}

export interface NewCredit {
  consumer_id: number;
  campaign_id: number;
  points: number;
  station_id: number;
  drop_off_key: string;
  drop_off_id: number;
  local_day: string;
  occurred_at: Date;
  created_at: Date;
  request_id: string | null;
}

/** Credits; a drop-off already credited is skipped by the unique constraint. Returns the rows written. */
export function insertCredits(db: Db, credits: readonly NewCredit[]) {
  return db
    .insertInto('points_entry')
    .values(credits.map((c) => ({ ...c, kind: 'CREDIT' })))
    .onConflict((oc) => oc.constraint('points_entry_once_per_drop_off').doNothing())
    .returningAll()
    .execute();
}

/** The credits of drop-offs of one station, by their idempotency keys (to report replays). */
export function creditsByKeys(db: Db, stationId: number, keys: readonly string[]) {
  return db
    .selectFrom('points_entry')
    .innerJoin('consumer', 'consumer.id', 'points_entry.consumer_id')
    .select(['points_entry.drop_off_key', 'points_entry.points', 'consumer.member_code'])
    .where('points_entry.station_id', '=', stationId)
    .where('points_entry.drop_off_key', 'in', keys)
    .where('points_entry.kind', '=', 'CREDIT')
    .execute();
}

/**
 * Reverses the credit of one drop-off (if it had one and it is not reversed yet) with a reversing
 * entry in the same campaign and day. One statement; returns the reversal, or undefined.
 */
export async function reverseCredit(db: Db, stationId: number, dropOffKey: string, at: Date, requestId: string | null) {
  const r = await sql<PointsEntryRow>`
    insert into points_entry (consumer_id, campaign_id, kind, points, station_id, drop_off_key, drop_off_id,
      local_day, occurred_at, reverses_id, created_at, request_id)
    select consumer_id, campaign_id, 'REVERSAL', -points, station_id, drop_off_key, drop_off_id,
      local_day, occurred_at, id, ${at}, ${requestId}
    from points_entry
    where station_id = ${stationId} and drop_off_key = ${dropOffKey} and kind = 'CREDIT'
    on conflict do nothing
    returning *`.execute(db);
  return r.rows[0];
}

export async function balanceOf(db: Db, consumerId: number): Promise<number> {
  const row = await db
    .selectFrom('points_entry')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('points'), sql<number>`0`).as('balance'))
    .where('consumer_id', '=', consumerId)
    .executeTakeFirstOrThrow();
  return Number(row.balance);
}

/** A member's ledger, newest first; `after`/`before` are entry ids (decoded cursors). */
export function listEntries(
  db: Db,
  consumerId: number,
  page: { after?: number; before?: number; limit: number; inverted: boolean },
) {
  let q = db
    .selectFrom('points_entry')
    .leftJoin('station', 'station.id', 'points_entry.station_id')
    .selectAll('points_entry')
    .select(['station.code as station_code', 'station.name as station_name'])
    .where('points_entry.consumer_id', '=', consumerId);
  if (page.after !== undefined) q = q.where('points_entry.id', '<', page.after);
  if (page.before !== undefined) q = q.where('points_entry.id', '>', page.before);
  return q
    .orderBy('points_entry.id', page.inverted ? 'asc' : 'desc')
    .limit(page.limit)
    .execute();
}

export function insertVoucherDebit(
  db: Db,
  e: {
    consumer_id: number;
    campaign_id: number;
    points: number;
    voucher_id: number;
    created_at: Date;
    request_id: string | null;
  },
) {
  return db
    .insertInto('points_entry')
    .values({ ...e, kind: 'VOUCHER', points: -e.points })
    .returningAll()
    .executeTakeFirstOrThrow();
}

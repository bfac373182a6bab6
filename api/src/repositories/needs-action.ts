// The needs-action work queue: stations that are FULL, STALE or have a bin at least 80% full, in
// one city or the whole network, sorted by how long they have waited or by how full the bin is,
// with keyset paging (stable while the queue changes), plus the acknowledgements people leave.
// SQL rules mirror domain/status.ts (effectiveStatusSql) and domain/needs-action.ts.
import { sql, type Expression, type SqlBool } from 'kysely';
import type { Db } from './db.ts';
import { effectiveStatusSql } from './station.ts';
import type { NeedsActionKind, NeedsActionSort } from '../domain/needs-action.ts';

export interface QueueFilter {
  cityCode: string | null;
  kinds: readonly NeedsActionKind[];
  staleBefore: Date;
}

/** Position in the queue: the sort key and the station code (ties). */
export type QueueKey = readonly [number, string];

/** bin_items / bin_capacity >= 0.8, in integers (no float rounding at the edge). */
const BIN_80 = sql<SqlBool>`station.bin_capacity > 0 and station.bin_items * 5 >= station.bin_capacity * 4`;

function sinceSql(staleBefore: Date) {
  const status = effectiveStatusSql(staleBefore);
  return sql<Date>`case when ${status} = 'STALE' then coalesce(station.last_reported_at, station.created_at)
    else coalesce(station.last_pickup_at, station.created_at) end`;
}

/** Ascending sort key: the oldest wait first, or the fullest bin first (negated fill). */
function sortKeySql(sort: NeedsActionSort, staleBefore: Date) {
  return sort === 'WAITING'
    ? sql<number>`extract(epoch from ${sinceSql(staleBefore)})::float8`
    : sql<number>`-(station.bin_items::float8 / greatest(station.bin_capacity, 1))`;
}

function queue(db: Db, f: QueueFilter) {
  const status = effectiveStatusSql(f.staleBefore);
  return db.selectFrom('station').where((eb) => {
    const kinds: Expression<SqlBool>[] = [];
    if (f.kinds.includes('FULL')) kinds.push(eb(status, '=', 'FULL'));
    if (f.kinds.includes('STALE')) kinds.push(eb(status, '=', 'STALE'));
    if (f.kinds.includes('BIN_80')) kinds.push(BIN_80);
    const conds = [eb.or(kinds)];
    if (f.cityCode) conds.push(eb('station.city_code', '=', f.cityCode));
    return eb.and(conds);
  });
}

/** One page of the queue; `after`/`before` are decoded cursors (keyset, never an offset). */
export function listNeedsAction(
  db: Db,
  f: QueueFilter,
  sort: NeedsActionSort,
  page: { after?: QueueKey; before?: QueueKey; limit: number; inverted: boolean },
) {
  const key = sortKeySql(sort, f.staleBefore);
  const code = sql`station.code collate "C"`;
  let q = queue(db, f)
    .selectAll('station')
    .select([
      effectiveStatusSql(f.staleBefore).as('effective_status'),
      sinceSql(f.staleBefore).as('since'),
      key.as('sort_key'),
    ]);
  if (page.after) q = q.where(sql<SqlBool>`(${key}, ${code}) > (${page.after[0]}::float8, ${page.after[1]})`);
  if (page.before) q = q.where(sql<SqlBool>`(${key}, ${code}) < (${page.before[0]}::float8, ${page.before[1]})`);
  const dir = page.inverted ? 'desc' : 'asc';
  return q.orderBy(key, dir).orderBy(code, dir).limit(page.limit).execute();
}

export type QueueRow = Awaited<ReturnType<typeof listNeedsAction>>[number];

/** How many stations match in total, and how many of them per kind (a station can be two kinds). */
export async function countNeedsAction(db: Db, f: QueueFilter) {
  const status = effectiveStatusSql(f.staleBefore);
  const row = await queue(db, f)
    .select((eb) => [
      eb.fn.countAll<string>().as('total'),
      sql<string>`count(*) filter (where ${status} = 'FULL')`.as('full'),
      sql<string>`count(*) filter (where ${status} = 'STALE')`.as('stale'),
      sql<string>`count(*) filter (where ${BIN_80})`.as('bin80'),
    ])
    .executeTakeFirstOrThrow();
  return { total: Number(row.total), full: Number(row.full), stale: Number(row.stale), bin80: Number(row.bin80) };
}

export function insertAcknowledgement(db: Db, a: { stationId: number; note: string; userId: number; at: Date }) {
  return db
    .insertInto('station_acknowledgement')
    .values({ station_id: a.stationId, note: a.note, acknowledged_by: a.userId, acknowledged_at: a.at })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The newest acknowledgement of each station, with who made it. */
export function latestAcknowledgements(db: Db, stationIds: readonly number[]) {
  return db
    .selectFrom('station_acknowledgement as a')
    .innerJoin('app_user as u', 'u.id', 'a.acknowledged_by')
    .select(['a.id', 'a.station_id', 'a.note', 'a.acknowledged_at', 'u.display_name', 'u.role'])
    .where('a.station_id', 'in', stationIds.length ? [...stationIds] : [-1])
    .distinctOn('a.station_id')
    .orderBy('a.station_id')
    .orderBy('a.acknowledged_at', 'desc')
    .orderBy('a.id', 'desc')
    .execute();
}

export type AcknowledgementRow = Awaited<ReturnType<typeof latestAcknowledgements>>[number];

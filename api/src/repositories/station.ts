// Station reads and writes. One function, one query; SQL rules mirror domain/status.ts.
import { sql, type Expression, type SqlBool } from 'kysely';
import type { Db } from './db.ts';
import type { EffectiveStatus, StoredStatus } from '../domain/status.ts';

export type StationRow = Awaited<ReturnType<typeof stationsByIds>>[number];

/** SQL twin of domain effectiveStatus(): keep the two in step. */
export function effectiveStatusSql(staleBefore: Date) {
  return sql<EffectiveStatus>`case
    when station.status in ('CLOSED', 'MAINTENANCE') then station.status
    when station.last_reported_at is null or station.last_reported_at < ${staleBefore} then 'STALE'
    else station.status end`;
}

export function stationsByIds(db: Db, ids: readonly number[]) {
  return db.selectFrom('station').selectAll().where('id', 'in', ids).execute();
}

export function stationsByCodes(db: Db, codes: readonly string[]) {
  return db.selectFrom('station').selectAll().where('code', 'in', codes).execute();
}

export interface StationFilter {
  cityCode?: string | null;
  statuses?: readonly EffectiveStatus[] | null;
  search?: string | null;
  staleBefore: Date;
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function filtered(db: Db, f: StationFilter) {
  return db.selectFrom('station').where((eb) => {
    const conds: Expression<SqlBool>[] = [];
    if (f.cityCode) conds.push(eb('station.city_code', '=', f.cityCode));
    if (f.statuses?.length) conds.push(eb(effectiveStatusSql(f.staleBefore), 'in', [...f.statuses]));
    if (f.search) {
      const like = `%${escapeLike(f.search)}%`;
      conds.push(eb.or([eb('station.code', 'ilike', like), eb('station.name', 'ilike', like)]));
    }
    return eb.and(conds);
  });
}

/** A page ordered by code; `after`/`before` are station codes (decoded cursors). */
export function listStations(
  db: Db,
  f: StationFilter,
  page: { after?: string; before?: string; limit: number; inverted: boolean },
) {
  let q = filtered(db, f).selectAll();
  if (page.after) q = q.where('station.code', '>', page.after);
  if (page.before) q = q.where('station.code', '<', page.before);
  return q.orderBy('station.code', page.inverted ? 'desc' : 'asc').limit(page.limit).execute();
}

export async function countStations(db: Db, f: StationFilter): Promise<number> {
  const row = await filtered(db, f).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export function stationStatusCounts(db: Db, cityCode: string | null, staleBefore: Date) {
  return db
    .selectFrom('station')
    .select((eb) => [effectiveStatusSql(staleBefore).as('status'), eb.fn.countAll<number>().as('n')])
    .$if(cityCode !== null, (q) => q.where('city_code', '=', cityCode!))
    .groupBy(sql`1`)
    .execute();
}

/** Everything the map needs for every station of a city (or the network); one scan of station. */
export function mapStations(db: Db, cityCode: string | null, today: string, staleBefore: Date) {
  return db
    .selectFrom('station')
    .select([
      'station.code',
      'station.lat',
      'station.lng',
      'station.bin_items',
      'station.bin_capacity',
      effectiveStatusSql(staleBefore).as('status'),
      sql<number>`case when station.items_day = ${today} then station.items_on_day else 0 end`.as('today_items'),
    ])
    .$if(cityCode !== null, (q) => q.where('station.city_code', '=', cityCode!))
    // Codes are ASCII: byte order is the same order, and 5x cheaper to sort than a locale's.
    .orderBy(sql`station.code collate "C"`)
    .execute();
}

/**
 * FULL and STALE stations of a city, waiting longest first. "Since" is the last report for a STALE
 * station and the last pickup for a FULL one (its bin has been filling since then; the moment it
 * became full is not stored). Never reported / never picked up: since the station was created.
 */
export function needsActionStations(db: Db, cityCode: string, staleBefore: Date, limit: number) {
  const status = effectiveStatusSql(staleBefore);
  return db
    .selectFrom('station')
    .selectAll('station')
    .select([
      status.as('effective_status'),
      sql<Date>`case when ${status} = 'STALE' then coalesce(station.last_reported_at, station.created_at)
        else coalesce(station.last_pickup_at, station.created_at) end`.as('since'),
    ])
    .where('station.city_code', '=', cityCode)
    .where(status, 'in', ['FULL', 'STALE'])
    .orderBy('since')
    .orderBy(sql`station.code collate "C"`)
    .limit(limit)
    .execute();
}

export function setStationStatus(db: Db, id: number, status: StoredStatus) {
  return db
    .updateTable('station')
    .set({ status, updated_at: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface StationFields {
  code: string;
  city_code: string;
  district: string;
  name: string;
  address: string;
  lat: number;
  lng: number;
  bin_capacity: number;
}

export function insertStation(db: Db, s: StationFields) {
  return db.insertInto('station').values(s).returningAll().executeTakeFirstOrThrow();
}

export function updateStationFields(db: Db, id: number, patch: Partial<Omit<StationFields, 'code' | 'city_code'>>) {
  return db
    .updateTable('station')
    .set({ ...patch, updated_at: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

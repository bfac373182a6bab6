// Station reads and writes. One function, one query; SQL rules mirror domain/status.ts.
import { sql, type Expression, type SqlBool } from 'kysely';
import type { Db } from './db.ts';
import type { StationLabel } from '../domain/report-refresh.ts';
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

/**
 * What a station-first carbon report shows of its stations besides their codes, and their ids, by
 * code: these stations, or (none named) every station, in any city. Example: ['SH-00001'] → Map {
 * 'SH-00001' → { station_id: 1, station_name: '上海…', city_code: 'SH', city_name_zh: '上海',
 * city_name_en: 'Shanghai' } }.
 */
export async function stationLabels(db: Db, stationCodes: readonly string[]): Promise<Map<string, StationLabel>> {
  const rows = await db
    .selectFrom('station as s')
    .innerJoin('city as c', 'c.code', 's.city_code')
    .select([
      's.code',
      's.id as station_id',
      's.name as station_name',
      's.city_code',
      'c.name_zh as city_name_zh',
      'c.name_en as city_name_en',
    ])
    .$if(stationCodes.length > 0, (q) => q.where('s.code', 'in', stationCodes))
    .execute();
  return new Map(rows.map(({ code, ...label }) => [code, label]));
}

export interface StationFilter {
  cityCode?: string | null;
  statuses?: readonly EffectiveStatus[] | null;
  search?: string | null;
  staleBefore: Date;
  /** false (default): stations in service; true: decommissioned ones only. */
  decommissioned?: boolean | null;
}

/** Sortable columns of the station list (the code breaks ties, so every order is total). */
export const STATION_SORT_COLUMNS = {
  CODE: 'code',
  NAME: 'name',
  CITY: 'city_code',
  DISTRICT: 'district',
  CAPACITY: 'bin_capacity',
  STATUS: 'status',
  UPDATED_AT: 'updated_at',
} as const;
export type StationSortField = keyof typeof STATION_SORT_COLUMNS;
export interface StationSort {
  field: StationSortField;
  descending: boolean;
}
/** Where a page starts: the sort value and code of the last row of the previous page. */
export interface StationKey {
  value: string | number;
  code: string;
}

/** A station in service: not decommissioned (the map, the lists, the counts). */
const inService = sql<SqlBool>`station.decommissioned_at is null`;

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function filtered(db: Db, f: StationFilter) {
  return db.selectFrom('station').where((eb) => {
    const conds: Expression<SqlBool>[] = [
      f.decommissioned ? sql<SqlBool>`station.decommissioned_at is not null` : inService,
    ];
    if (f.cityCode) conds.push(eb('station.city_code', '=', f.cityCode));
    if (f.statuses?.length) conds.push(eb(effectiveStatusSql(f.staleBefore), 'in', [...f.statuses]));
    if (f.search) {
      const like = `%${escapeLike(f.search)}%`;
      conds.push(eb.or([eb('station.code', 'ilike', like), eb('station.name', 'ilike', like)]));
    }
    return eb.and(conds);
  });
}

/** A page in the given order (default: by code); `after`/`before` are decoded cursors. */
export function listStations(
  db: Db,
  f: StationFilter,
  page: { after?: StationKey; before?: StationKey; limit: number; inverted: boolean; sort?: StationSort },
) {
  const sort = page.sort ?? { field: 'CODE', descending: false };
  const col = sql.ref(`station.${STATION_SORT_COLUMNS[sort.field]}`);
  const cast = sort.field === 'CAPACITY' ? sql`::int` : sort.field === 'UPDATED_AT' ? sql`::timestamptz` : sql``;
  // Row comparison follows the sort: (value, code) after the key, in the sort's direction.
  const past = (k: StationKey, forward: boolean) =>
    sql<SqlBool>`(${col}, station.code) ${sql.raw(forward !== sort.descending ? '>' : '<')} (${k.value}${cast}, ${k.code})`;
  let q = filtered(db, f).selectAll();
  if (page.after) q = q.where(past(page.after, true));
  if (page.before) q = q.where(past(page.before, false));
  const dir = sort.descending !== page.inverted ? 'desc' : 'asc';
  return q.orderBy(col, dir).orderBy('station.code', dir).limit(page.limit).execute();
}

export async function countStations(db: Db, f: StationFilter): Promise<number> {
  const row = await filtered(db, f)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function stationStatusCounts(db: Db, cityCode: string | null, staleBefore: Date) {
  return db
    .selectFrom('station')
    .select((eb) => [effectiveStatusSql(staleBefore).as('status'), eb.fn.countAll<number>().as('n')])
    .where(inService)
    .$if(cityCode !== null, (q) => q.where('city_code', '=', cityCode!))
    .groupBy(sql`1`)
    .execute();
}

/** Everything the map needs for every station of a city (or the network); one scan of station. */
export function mapStations(db: Db, cityCode: string | null, today: string, staleBefore: Date) {
  return (
    db
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
      .where(inService)
      .$if(cityCode !== null, (q) => q.where('station.city_code', '=', cityCode!))
      // Codes are ASCII: byte order is the same order, and 5x cheaper to sort than a locale's.
      .orderBy(sql`station.code collate "C"`)
      .execute()
  );
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
    .where(inService)
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

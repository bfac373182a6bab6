// The one query behind carbon reports and their CSV export, over the daily rollups (never raw
// drop-offs). Rows come per group and material/outcome, ordered by the group keys, so a caller can
// either execute() it or stream() it and group on the fly (domain/carbon-report.ts).
//
// Sums are taken first on the rollup's own keys and station and city names joined to the (much
// smaller) result; the result is summed again only when the report's groups are coarser (e.g.
// DAY from station rollups). Grouping 500 k rollup rows by names, or twice, cost 1.5-4x more.
import { sql, type CompiledQuery, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import type { ReportPart, ReportQuery } from '../domain/carbon-report.ts';
import { mondayOf } from '../domain/period.ts';
import type { Db } from './db.ts';
import { ROLLUP_SUMS, stationPeriodSums } from './totals.ts';

/** What both shapes of the query offer: run it, stream it, or show its SQL (the benchmark does). */
export interface ReportPartsQuery {
  /** All the parts; with `limit`, at most that many (a caller that refuses past a size reads one more). */
  execute(limit?: number): Promise<ReportPart[]>;
  /** The same, with the snapshot they were read in (to refresh them later: changedStationParts). */
  executeMarked(limit?: number): Promise<MarkedParts>;
  stream(chunkSize?: number): AsyncIterableIterator<ReportPart>;
  compile(): CompiledQuery<ReportPart>;
}

/** Parts and the database snapshot they were read in (pg_current_snapshot() as text). */
export interface MarkedParts {
  parts: ReportPart[];
  snapshot: string;
}

const keyed = (on: boolean, column: string): RawBuilder<string | null> => (on ? sql.ref(column) : sql`null`);

/**
 * Runs `read` in one snapshot (repeatable read), with this query's settings, and returns what it
 * read with that snapshot. The station report groups ~375,000 week and day rollup rows into 88,000
 * sums. At the default 4 MB work_mem its sorts spill to temporary files; given 64 MB, the planner
 * picks one hash aggregate of ~90 MB of numeric sums instead, which ran 1.3-1.4 s where sorting in
 * memory and summing in order ran 0.7-0.8 s (EXPLAIN ANALYZE, 10,000 stations, PostgreSQL 15), so
 * hash aggregation is off. PostgreSQL's JIT spent 0.1-0.5 s compiling a query that runs once.
 * No parallel workers: on 2 cores the plan with 2 workers ran as fast as one process when the
 * machine was idle (median 662 vs 652 ms) and slower with one core busy (798 vs 662 ms; under a
 * test run 1.15-1.24 s vs 0.75-0.85 s): merging the workers' numeric sums costs what they save, and
 * they take the cores the API and the counters' writes need (2026-12-04, 10 runs each).
 */
function inReportSnapshot<T>(db: Db, read: (trx: Db) => Promise<T>): Promise<T & { snapshot: string }> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      // one round trip: the settings (local to this transaction) and the snapshot every statement sees
      const { rows } = await sql<{ snapshot: string }>`select set_config('work_mem', '64MB', true),
        set_config('enable_hashagg', 'off', true), set_config('jit', 'off', true),
        set_config('max_parallel_workers_per_gather', '0', true),
        pg_current_snapshot()::text as snapshot`.execute(trx);
      // (no row only from the SQL printer's database, snapshots.ts)
      return { ...(await read(trx)), snapshot: rows[0]?.snapshot ?? '' };
    });
}

/**
 * Sums per group and material/outcome. Example (CITY x DAY, SH, Nov 11): one row per
 * (city, day, material, outcome) with entries, quantity, mass_kg and its weighed part summed,
 * ordered by city then day.
 * Stations grouped or filtered: station rollups; otherwise the 20-cities-a-day city rollups.
 */
export function carbonReportParts(db: Db, q: ReportQuery): ReportPartsQuery {
  const query = reportQuery(db, q);
  const executeMarked = (limit?: number) =>
    inReportSnapshot(db, async (trx) => {
      const parts = reportQuery(trx, q);
      return { parts: await (limit === undefined ? parts : parts.limit(limit)).execute() };
    });
  return {
    execute: (limit) => executeMarked(limit).then((r) => r.parts),
    executeMarked,
    // A cursor reads 2,000 rows at a time and plans for the first rows; no settings needed.
    stream: (chunkSize) => query.stream(chunkSize),
    compile: () => query.compile(),
  };
}

/** What changed in a station report since a snapshot: those stations' parts, read again. */
export interface ChangedStations extends MarkedParts {
  /** Every station of the report whose drop-offs changed (some may have no part in the period). */
  stationCodes: string[];
}

/**
 * The stations of a report whose drop-offs in its weeks were written or voided by a transaction
 * that snapshot `since` does not see, and their parts, read again in one new snapshot (returned,
 * for the next refresh). Null when more than `maxStations` changed: reading all is cheaper then.
 * Each batch and void marks its station and week rows with its transaction (drop-off.ts; migration
 * 2026-12-03T10-00): the station rows are the cheap first pass, the week rows say whether the
 * change falls in the report's weeks. Example: a report read at snapshot S, then one drop-off at
 * SH-00007 in the period → { stationCodes: ['SH-00007'], parts: SH-00007's parts, snapshot: S' }.
 * `candidates` (station ids) are read too when they have drop-offs in the report's weeks, written
 * whenever: stations that moved into the report's cities (services/finished-report.ts relabelled).
 */
export async function changedStationParts(
  db: Db,
  q: ReportQuery,
  since: string,
  maxStations: number,
  candidates: readonly number[] = [],
): Promise<ChangedStations | null> {
  const unseen = (column: string) =>
    sql<boolean>`not pg_visible_in_snapshot(${sql.ref(column)}, ${since}::pg_snapshot)`;
  // (no candidates, the usual case: the statement without them, planned as before)
  const orCandidate = (changed: RawBuilder<boolean>) =>
    candidates.length ? sql<boolean>`(${changed} or ${sql.ref('s.id')} = any(${candidates}::int[]))` : changed;
  const r = await inReportSnapshot(db, async (trx) => {
    const changed = await trx
      .selectFrom('station as s')
      .select(['s.id', 's.code'])
      .where(orCandidate(unseen('s.written_xact')))
      .$if(q.cityCodes.length > 0, (qb) => qb.where('s.city_code', 'in', q.cityCodes))
      .$if(q.stationCodes.length > 0, (qb) => qb.where('s.code', 'in', q.stationCodes))
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('station_week_total as w')
            .select(sql`1`.as('one'))
            .whereRef('w.station_id', '=', 's.id')
            .where('w.week', '>=', mondayOf(q.from))
            .where('w.week', '<=', mondayOf(q.to))
            .where(orCandidate(unseen('w.written_xact'))),
        ),
      )
      .orderBy('s.id')
      .limit(maxStations + 1)
      .execute();
    if (changed.length > maxStations) return { changed: null, parts: [] };
    // (none may have changed: a report naming stations has every city's data version; ~1 ms then)
    return {
      changed,
      parts: await reportQuery(
        trx,
        q,
        changed.map((c) => c.id),
      ).execute(),
    };
  });
  return r.changed && { stationCodes: r.changed.map((c) => c.code), parts: r.parts, snapshot: r.snapshot };
}

/**
 * For each of `codes`, how many of `among` sort before it in the database's collation: where a
 * station new to a report goes among its stations (its order is `order by s.code`, and station.code
 * has the database's default collation, as text here does). Example: codes ['SH-10000'], among
 * ['BJ-10001', 'SH-10001', 'SH-10002'] → Map { 'SH-10000' → 1 }.
 */
export async function stationRanks(
  db: Db,
  codes: readonly string[],
  among: readonly string[],
): Promise<Map<string, number>> {
  const { rows } = await sql<{ code: string; rank: number }>`
    select x as code, (select count(*)::int from unnest(${among}::text[]) c where c < x) as rank
    from unnest(${codes}::text[]) x`.execute(db);
  return new Map(rows.map((r) => [r.code, r.rank]));
}

/** The query; `stationIds` narrows a station report to those stations (changedStationParts). */
function reportQuery(db: Db, q: ReportQuery, stationIds?: readonly number[]) {
  const dims = new Set(q.groupBy);
  const byStation = dims.has('STATION') || q.stationCodes.length > 0 || stationIds !== undefined;
  const withCity = dims.has('CITY') || dims.has('STATION');
  const withDay = dims.has('DAY');
  const order = [
    ...q.groupBy.flatMap(
      (d) =>
        ({
          NETWORK: [],
          CITY: ['c.code'],
          STATION: ['s.code'],
          DAY: ['a.day'],
          MATERIAL: ['a.material_code'],
          OUTCOME: ['a.outcome'],
        })[d],
    ),
    'a.material_code',
    'a.outcome',
  ];
  const groups = [
    ...(withCity ? ['c.code'] : []),
    ...(dims.has('STATION') ? ['s.id'] : []),
    ...(withDay ? ['a.day'] : []),
    'a.material_code',
    'a.outcome',
  ];
  // The inner sums already have the report's keys when they are keyed by the report's station or city.
  const regroup = !dims.has(byStation ? 'STATION' : 'CITY');
  const sum = (column: string) => (regroup ? sql<number>`sum(${sql.ref(column)})` : sql.ref<number>(column));
  const outerSelect = [
    keyed(withCity, 'c.code').as('city_code'),
    keyed(withCity, 'c.name_zh').as('city_name_zh'),
    keyed(withCity, 'c.name_en').as('city_name_en'),
    keyed(dims.has('STATION'), 's.code').as('station_code'),
    keyed(dims.has('STATION'), 's.name').as('station_name'),
    keyed(withDay, 'a.day').as('day'),
    sql.ref<string>('a.material_code').as('material_code'),
    sql.ref<string>('a.outcome').as('outcome'),
    sum('a.entries').as('entries'),
    sum('a.quantity').as('quantity'),
    sum('a.mass_kg').as('mass_kg'),
    sum('a.mass_kg_weighed').as('mass_kg_weighed'),
  ];

  if (byStation) {
    // Both give (station_id, material_code, outcome, sums), the day rows a day too (read only when
    // grouped by day); only their builders' types differ.
    const inner = withDay
      ? stationDays(db, q, stationIds)
      : (stationSums(db, q, stationIds) as unknown as ReturnType<typeof stationDays>);
    return db
      .selectFrom(inner.as('a'))
      .innerJoin('station as s', 's.id', 'a.station_id')
      .innerJoin('city as c', 'c.code', 's.city_code')
      .select(outerSelect)
      .$if(regroup, (qb) => qb.groupBy(groups.map((g) => sql.ref(g))))
      .$call((qb) => order.reduce((acc, o) => acc.orderBy(sql.ref(o)), qb))
      .$castTo<ReportPart>();
  }
  // city_day_total is sharded (several rows per key): always summed, by day too when grouped by day.
  const inner = db
    .selectFrom('city_day_total')
    .select([
      'city_code',
      'material_code',
      'outcome',
      keyed(withDay, 'day').as('day'),
      sql<number>`sum(entries)`.as('entries'),
      sql<number>`sum(quantity)`.as('quantity'),
      sql<number>`sum(mass_kg)`.as('mass_kg'),
      sql<number>`sum(mass_kg_weighed)`.as('mass_kg_weighed'),
    ])
    .where('day', '>=', q.from)
    .where('day', '<=', q.to)
    .$if(q.cityCodes.length > 0, (qb) => qb.where('city_code', 'in', q.cityCodes))
    .groupBy(['city_code', 'material_code', 'outcome'])
    .$if(withDay, (qb) => qb.groupBy('day'));
  return db
    .selectFrom(inner.as('a'))
    .innerJoin('city as c', 'c.code', 'a.city_code')
    .select(outerSelect)
    .$if(regroup, (qb) => qb.groupBy(groups.map((g) => sql.ref(g))))
    .$call((qb) => order.reduce((acc, o) => acc.orderBy(sql.ref(o)), qb))
    .$castTo<ReportPart>();
}

/**
 * The rollup rows of the report's stations: of its cities or named ones (a subquery on station), or
 * the stations given by id (already of its scope: changedStationParts), matched on the rollup's own
 * key so its primary key index serves them (through the subquery the planner read every edge-day row
 * of the network and joined: 360 ms for 200 stations where the index takes 80). Null: all stations.
 */
function stationScope(db: Db, q: ReportQuery, ids?: readonly number[]): Expression<SqlBool> | null {
  if (ids !== undefined) return sql<SqlBool>`${sql.ref('station_id')} = any(${ids}::int[])`;
  if (q.cityCodes.length === 0 && q.stationCodes.length === 0) return null;
  const stations = db
    .selectFrom('station')
    .select('id')
    .$if(q.cityCodes.length > 0, (s) => s.where('city_code', 'in', q.cityCodes))
    .$if(q.stationCodes.length > 0, (s) => s.where('code', 'in', q.stationCodes));
  return sql<SqlBool>`${sql.ref('station_id')} in (${stations})`;
}

/** Station x day: the day rollup's rows are the sums already (its primary key is the group). */
function stationDays(db: Db, q: ReportQuery, ids?: readonly number[]) {
  const scope = stationScope(db, q, ids);
  return db
    .selectFrom('station_day_total')
    .select(['station_id', 'material_code', 'outcome', 'day', ...ROLLUP_SUMS])
    .where('day', '>=', q.from)
    .where('day', '<=', q.to)
    .$if(scope !== null, (qb) => qb.where(scope!));
}

/** Per station over the whole period: whole weeks and edge days (totals.ts), summed. */
function stationSums(db: Db, q: ReportQuery, ids?: readonly number[]) {
  return stationPeriodSums(db, q.from, q.to, stationScope(db, q, ids));
}

/**
 * How many rows a report will have (its groups), for the CSV download's progress bar: a count of
 * the distinct group keys in the same rollup the report reads. Example: STATION x DAY over the
 * campaign → the number of (station, day) pairs with any entry.
 */
export async function countReportGroups(db: Db, q: ReportQuery): Promise<number> {
  const dims = new Set(q.groupBy);
  const byStation = dims.has('STATION') || q.stationCodes.length > 0;
  const keys = [
    ...(dims.has('CITY') ? [byStation ? 's.city_code' : 'a.city_code'] : []),
    ...(dims.has('STATION') ? ['a.station_id'] : []),
    ...(dims.has('DAY') ? ['a.day'] : []),
    ...(dims.has('MATERIAL') ? ['a.material_code'] : []),
    ...(dims.has('OUTCOME') ? ['a.outcome'] : []),
  ];
  const select = keys.length ? sql.join(keys.map((k) => sql.ref(k))) : sql`1`;
  const rows = byStation
    ? sql`select distinct ${select} from station_day_total a join station s on s.id = a.station_id
        where a.day >= ${q.from} and a.day <= ${q.to}
        ${q.cityCodes.length ? sql`and s.city_code in (${sql.join(q.cityCodes)})` : sql``}
        ${q.stationCodes.length ? sql`and s.code in (${sql.join(q.stationCodes)})` : sql``}`
    : sql`select distinct ${select} from city_day_total a
        where a.day >= ${q.from} and a.day <= ${q.to}
        ${q.cityCodes.length ? sql`and a.city_code in (${sql.join(q.cityCodes)})` : sql``}`;
  const r = await sql<{ n: number }>`select count(*)::int as n from (${rows}) g`.execute(db);
  return r.rows[0]?.n ?? 0;
}

/**
 * The data version of a report (report-cache.ts): the writes counted on the city rollup rows of its
 * period (and cities, when it names any). Every batch and void adds 1 to the row of its city and
 * local day (migration 2026-12-01T14-21), so the figure grows exactly when a drop-off in scope is
 * written or voided. A report naming stations takes every city's rows: coarser, still exact.
 */
export async function reportDataVersion(db: Db, q: ReportQuery): Promise<number> {
  const r = await db
    .selectFrom('city_day_total')
    .select(sql<number>`coalesce(sum(writes), 0)`.as('writes'))
    .where('day', '>=', q.from)
    .where('day', '<=', q.to)
    .$if(q.cityCodes.length > 0, (qb) => qb.where('city_code', 'in', q.cityCodes))
    .executeTakeFirstOrThrow();
  return Number(r.writes);
}

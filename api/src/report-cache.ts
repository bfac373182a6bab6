// Finished carbon reports (their grouped rows and total), kept per API process so that asking again
// for a report whose data has not changed costs one small query instead of summing ~100,000 rollup
// rows and computing CO2e for 10,000 stations (the station report over a campaign).
// A finished report's key holds everything its figures depend on:
//   - its period, dimensions and cities/stations;
//   - the factor sets as computed with (displacement rate and every factor), so a changed set or
//     scenario is a different key;
//   - its data version (repositories/carbon-report.ts reportDataVersion), which grows whenever a
//     drop-off of its period is written or voided, read from the database on every request, so
//     a write through any process is seen by the next request of every process.
// Station and city names appear in the rows: a rename or a station's move notifies the
// 'station-names' or 'cities' topic (migration 2026-12-03T13-00) and every process drops its
// reports by key and marks the newest parts and rows below as labelled under older names
// (labelEpoch): the next request puts the names and cities as they are now into them
// (services/finished-report.ts relabelled; no sums read, but a report of some cities reads the
// stations moved into them), unless a station is gone or recoded: that is read whole. A
// station added does not notify: it is in no report before its first drop-off, which moves the
// data version like any other. A factor set changed notifies nothing here: finished reports are
// keyed by every factor. A version read before the report's own query can only be older than the
// data the report saw, so an entry is never staler than its key says.
// Two levels, each a few entries per database, least recently used dropped first:
//   - the report's parts, its rollup rows summed by SQL (the station report's ~88,000), keyed by
//     the query and data version only: another factor set or displacement scenario for the same
//     period (an analyst comparing them) regroups these in memory instead of asking PostgreSQL
//     again (the query is ~1 s of the station report's ~1.2 s);
//   - the finished report, keyed also by the factor sets as computed with.
// Beside them, for each station-first report, the newest parts read (with the database snapshot
// they were read in) and the newest finished report under each set of factors: when its data
// version moves, the stations whose drop-offs changed since that snapshot are read again, and
// their parts and rows swapped in (services/finished-report.ts), instead of the whole report.
import type { Kysely } from 'kysely';
import type { Database } from '@recycle/db';
import { onInvalidate } from './cache-invalidation.ts';
import type { FactorSetForCalc } from './domain/carbon.ts';
import type { ReportPart, ReportQuery, ReportRow } from './domain/carbon-report.ts';
import type { StationLabel } from './domain/report-refresh.ts';
import type { MarkedParts } from './repositories/carbon-report.ts';

type Db = Kysely<Database>;

export interface GroupedReport {
  rows: ReportRow[];
  total: ReportRow;
  /** The generation of the parts it was grouped from (storeNewestParts), when they were stored. */
  partsGeneration?: number;
}

/**
 * A report's parts as read: whole, or refreshed from the parts of generation `baseGeneration` by
 * reading the `changed` stations again. Generations, not the arrays, so no older list is kept alive.
 */
export interface PartsRead {
  parts: ReportPart[];
  generation?: number;
  refresh?: {
    baseGeneration: number;
    changed: string[];
    fresh: ReportPart[];
    /** Where stations new to the report go (domain/report-refresh.ts replaceStationParts). */
    ranks: ReadonlyMap<string, number>;
    relabelled?: Relabelled;
  };
}

/** Parts relabelled after a rename (services/finished-report.ts) from those of generation `from`, with these names. */
export interface Relabelled {
  from: number;
  labels: ReadonlyMap<string, StationLabel>;
}

/** A few reports per database: a 10,000-row station report holds ~20 MB of row objects. */
export const REPORT_CACHE_ENTRIES = 8;
/** Fewer part lists: the station report's 88,000 parts are ~15 MB. */
export const PARTS_CACHE_ENTRIES = 4;

/** Promises by key, per database handle; a rejected one is forgotten, so a failure is not kept. */
class PromiseLru<T> {
  private readonly byDb = new WeakMap<Db, Map<string, Promise<T>>>();
  readonly stats = { hits: 0, misses: 0 };
  constructor(private readonly size: number) {}

  get(db: Db, key: string, build: () => Promise<T>): Promise<T> {
    let map = this.byDb.get(db);
    if (!map) this.byDb.set(db, (map = new Map()));
    const hit = map.get(key);
    if (hit) {
      this.stats.hits++;
      // most recently used last, so eviction drops the least recently used
      map.delete(key);
      map.set(key, hit);
      return hit;
    }
    this.stats.misses++;
    const value = build();
    map.set(key, value);
    value.catch(() => map.delete(key));
    while (map.size > this.size) map.delete(map.keys().next().value!);
    return value;
  }

  forget(db: Db): void {
    this.byDb.delete(db);
  }
}

/** The newest value stored per key (of any data version), per database handle; the oldest dropped. */
class Newest<T> {
  private readonly byDb = new WeakMap<Db, Map<string, T>>();
  constructor(private readonly size: number) {}

  get(db: Db, key: string): T | undefined {
    return this.byDb.get(db)?.get(key);
  }

  /** Which of two concurrent builds is stored last does not matter: each is complete for its data. */
  set(db: Db, key: string, value: T): void {
    let map = this.byDb.get(db);
    if (!map) this.byDb.set(db, (map = new Map()));
    map.delete(key);
    map.set(key, value);
    while (map.size > this.size) map.delete(map.keys().next().value!);
  }

  forget(db: Db): void {
    this.byDb.delete(db);
  }
}

const reports = new PromiseLru<GroupedReport>(REPORT_CACHE_ENTRIES);
const parts = new PromiseLru<PartsRead>(PARTS_CACHE_ENTRIES);
/** The newest parts of a query, numbered: a finished report says which generation it grouped. */
export interface NewestParts extends MarkedParts {
  generation: number;
  /** The labelEpoch whose names the parts carry. */
  labels: number;
}
let generations = 0;

const newestParts = new Newest<NewestParts>(PARTS_CACHE_ENTRIES);
const newestReports = new Newest<GroupedReport>(REPORT_CACHE_ENTRIES);
/** Per database, how many station or city renames this process has been told of. */
const labelEpochs = new WeakMap<Db, number>();
for (const topic of ['station-names', 'cities'] as const)
  onInvalidate(topic, (db) => {
    // reports by key would come back with the old names; the newest parts are relabelled instead
    for (const cache of [reports, parts]) cache.forget(db);
    labelEpochs.set(db, labelEpoch(db) + 1);
  });

/** The names now: parts stored under an older epoch carry names that may have changed since. */
export function labelEpoch(db: Db): number {
  return labelEpochs.get(db) ?? 0;
}

/** How often each level answered, for tests and the benchmark. */
export const reportCacheStats = reports.stats;
export const partsCacheStats = parts.stats;
/**
 * Station reports brought up to date by reading only changed stations (refreshes), how many stations
 * that read, how many finished reports were grouped again for those stations alone (regroups), how
 * often parts were given new names instead of read again (relabels), and whole reads of
 * station-first reports (wholeReads).
 */
export const partsRefreshStats = { refreshes: 0, stations: 0, regroups: 0, relabels: 0, wholeReads: 0 };

/** A report's query as one string (its period, dimensions, cities and stations): every key here starts with it. */
export const queryKey = (q: ReportQuery) => JSON.stringify([q.from, q.to, q.groupBy, q.cityCodes, q.stationCodes]);
// How the sets compute: each one's displacement rate and every factor.
const calcKey = (sets: readonly FactorSetForCalc[]) =>
  JSON.stringify(sets.map((s) => ({ d: s.displacement_rate, f: s.factors })));

export function partsCacheKey(q: ReportQuery, dataVersion: number): string {
  return `${queryKey(q)}@${dataVersion}`;
}

/** The parts' key (query and data version) plus how the sets compute. */
export function reportCacheKey(q: ReportQuery, sets: readonly FactorSetForCalc[], dataVersion: number): string {
  return `${partsCacheKey(q, dataVersion)}|${calcKey(sets)}`;
}

/**
 * The cached report under `key`, or `build()`'s (kept when it succeeds). Concurrent requests for
 * the same key share one build.
 */
export function cachedReport(db: Db, key: string, build: () => Promise<GroupedReport>): Promise<GroupedReport> {
  return reports.get(db, key, build);
}

/** The cached parts under `key` (partsCacheKey), or `build()`'s; the grouper only reads them. */
export function cachedParts(db: Db, key: string, build: () => Promise<PartsRead>): Promise<PartsRead> {
  return parts.get(db, key, build);
}

/** A generation no parts have had: stored ones, or parts built on the way to them (relabelled). */
export function newPartsGeneration(): number {
  return ++generations;
}

/** The newest parts stored for this query and the snapshot they were read in, if any. */
export function newestPartsOf(db: Db, q: ReportQuery): NewestParts | undefined {
  return newestParts.get(db, queryKey(q));
}

/**
 * Stores parts as the newest for this query (a refresh from an older snapshot finds more changed),
 * carrying the names of epoch `labels` (read before the names were), and returns their generation.
 */
export function storeNewestParts(db: Db, q: ReportQuery, marked: MarkedParts, labels: number): number {
  const generation = newPartsGeneration();
  newestParts.set(db, queryKey(q), { parts: marked.parts, snapshot: marked.snapshot, generation, labels });
  return generation;
}

/** The newest finished report for this query under these sets, of any data version. */
export function newestReportOf(db: Db, q: ReportQuery, sets: readonly FactorSetForCalc[]): GroupedReport | undefined {
  return newestReports.get(db, `${queryKey(q)}|${calcKey(sets)}`);
}

export function storeNewestReport(db: Db, q: ReportQuery, sets: readonly FactorSetForCalc[], r: GroupedReport): void {
  newestReports.set(db, `${queryKey(q)}|${calcKey(sets)}`, r);
}

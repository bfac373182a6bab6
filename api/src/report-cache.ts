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
// Station and city names appear in the rows: a rename notifies the 'stations' topic (migration
// 2026-12-01T14-21) and every process drops its reports (cache-invalidation.ts), as for the other
// reference caches. A version read before the report's own query can only be older than the data
// the report saw, so an entry is never staler than its key says.
// Two levels, each a few entries per database, least recently used dropped first:
//   - the report's parts, its rollup rows summed by SQL (the station report's ~88,000), keyed by
//     the query and data version only: another factor set or displacement scenario for the same
//     period (an analyst comparing them) regroups these in memory instead of asking PostgreSQL
//     again (the query is ~1 s of the station report's ~1.2 s);
//   - the finished report, keyed also by the factor sets as computed with.
import type { Kysely } from 'kysely';
import type { Database } from '@recycle/db';
import { onInvalidate } from './cache-invalidation.ts';
import type { FactorSetForCalc } from './domain/carbon.ts';
import type { ReportPart, ReportQuery, ReportRow } from './domain/carbon-report.ts';

type Db = Kysely<Database>;

export interface GroupedReport {
  rows: ReportRow[];
  total: ReportRow;
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

const reports = new PromiseLru<GroupedReport>(REPORT_CACHE_ENTRIES);
const parts = new PromiseLru<ReportPart[]>(PARTS_CACHE_ENTRIES);
for (const topic of ['stations', 'cities', 'factor-sets'] as const)
  onInvalidate(topic, (db) => {
    reports.forget(db);
    parts.forget(db);
  });

/** How often each level answered, for tests and the benchmark. */
export const reportCacheStats = reports.stats;
export const partsCacheStats = parts.stats;

export function partsCacheKey(q: ReportQuery, dataVersion: number): string {
  return JSON.stringify([q.from, q.to, q.groupBy, q.cityCodes, q.stationCodes, dataVersion]);
}

export function reportCacheKey(q: ReportQuery, sets: readonly FactorSetForCalc[], dataVersion: number): string {
  // The parts' key (query and data version) plus how the sets compute.
  const calc = sets.map((s) => ({ d: s.displacement_rate, f: s.factors }));
  return JSON.stringify([partsCacheKey(q, dataVersion), calc]);
}

/**
 * The cached report under `key`, or `build()`'s (kept when it succeeds). Concurrent requests for
 * the same key share one build.
 */
export function cachedReport(db: Db, key: string, build: () => Promise<GroupedReport>): Promise<GroupedReport> {
  return reports.get(db, key, build);
}

/** The cached parts under `key` (partsCacheKey), or `build()`'s; the grouper only reads them. */
export function cachedParts(db: Db, key: string, build: () => Promise<ReportPart[]>): Promise<ReportPart[]> {
  return parts.get(db, key, build);
}

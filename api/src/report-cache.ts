// Finished carbon reports (their grouped rows and total), kept per API process so that asking again
// for a report whose data has not changed costs one small query instead of summing ~100,000 rollup
// rows and computing CO2e for 10,000 stations (the station report over a campaign).
// The key holds everything a report's figures depend on:
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
import type { Kysely } from 'kysely';
import type { Database } from '@recycle/db';
import { onInvalidate } from './cache-invalidation.ts';
import type { FactorSetForCalc } from './domain/carbon.ts';
import type { ReportQuery, ReportRow } from './domain/carbon-report.ts';

type Db = Kysely<Database>;

export interface GroupedReport {
  rows: ReportRow[];
  total: ReportRow;
}

/** A few reports per database: a 10,000-row station report holds ~20 MB of row objects. */
export const REPORT_CACHE_ENTRIES = 8;

const entries = new WeakMap<Db, Map<string, Promise<GroupedReport>>>();
const forget = (db: Db) => entries.delete(db);
for (const topic of ['stations', 'cities', 'factor-sets'] as const) onInvalidate(topic, forget);

/** How often the cache answered, for tests and the benchmark. */
export const reportCacheStats = { hits: 0, misses: 0 };

export function reportCacheKey(q: ReportQuery, sets: readonly FactorSetForCalc[], dataVersion: number): string {
  const calc = sets.map((s) => ({ d: s.displacement_rate, f: s.factors }));
  return JSON.stringify([q.from, q.to, q.groupBy, q.cityCodes, q.stationCodes, calc, dataVersion]);
}

/**
 * The cached report under `key`, or `build()`'s (kept when it succeeds). Concurrent requests for
 * the same key share one build. The oldest entry is dropped beyond REPORT_CACHE_ENTRIES.
 */
export function cachedReport(db: Db, key: string, build: () => Promise<GroupedReport>): Promise<GroupedReport> {
  let map = entries.get(db);
  if (!map) entries.set(db, (map = new Map()));
  const hit = map.get(key);
  if (hit) {
    reportCacheStats.hits++;
    // most recently used last, so eviction drops the least recently used
    map.delete(key);
    map.set(key, hit);
    return hit;
  }
  reportCacheStats.misses++;
  const value = build();
  map.set(key, value);
  value.catch(() => map.delete(key));
  while (map.size > REPORT_CACHE_ENTRIES) map.delete(map.keys().next().value!);
  return value;
}

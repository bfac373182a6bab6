// Per-request loaders: DataLoaders that batch lookups made while one request resolves (N station
// totals → one query per period), and the process-wide reference caches seen through the request.
import DataLoader from 'dataloader';
import type { Kysely } from 'kysely';
import type { Database } from '@recycle/db';
import { stationsByCodes, type StationRow } from './repositories/station.ts';
import { stationPeriodTotals } from './repositories/totals.ts';
import {
  cachedFactorSets,
  cityCache,
  materialCache,
  stationIdentity,
  type FactorSetWithFactors,
} from './reference-cache.ts';

export type TotalsRow = Awaited<ReturnType<typeof stationPeriodTotals>>[number];

function byKey<K, V>(keys: readonly K[], rows: V[], key: (row: V) => K): (V | null)[] {
  const map = new Map(rows.map((r) => [key(r), r]));
  return keys.map((k) => map.get(k) ?? null);
}

/** `db` answers the queries; `referenceDb` keys the process-wide reference caches (the primary). */
export function createLoaders(db: Kysely<Database>, referenceDb: Kysely<Database> = db) {
  const totalsByRange = new Map<string, DataLoader<number, TotalsRow[]>>();
  return {
    stationByCode: new DataLoader<string, StationRow | null>(async (codes) =>
      byKey(codes, await stationsByCodes(db, codes), (s) => s.code),
    ),
    /** Totals of many stations over one period, fetched in one query per period. */
    stationTotals(from: string, to: string): DataLoader<number, TotalsRow[]> {
      const k = `${from}/${to}`;
      let loader = totalsByRange.get(k);
      if (!loader) {
        loader = new DataLoader(async (ids) => {
          const byStation = new Map<number, TotalsRow[]>();
          for (const r of await stationPeriodTotals(db, ids, from, to)) {
            const list = byStation.get(r.station_id);
            if (list) list.push(r);
            else byStation.set(r.station_id, [r]);
          }
          return ids.map((id) => byStation.get(id) ?? []);
        });
        totalsByRange.set(k, loader);
      }
      return loader;
    },
    materials: () => materialCache.get(referenceDb),
    cities: () => cityCache.get(referenceDb),
    stationIdentity: (code: string) => stationIdentity(referenceDb, code),
    /** A factor set with its factors; version null → the default set. */
    async factorSet(version: string | null): Promise<FactorSetWithFactors | null> {
      const sets = await cachedFactorSets(referenceDb);
      return sets.find((x) => (version ? x.version === version : x.is_default)) ?? null;
    },
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

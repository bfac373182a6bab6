// Per-request context: the database, who is asking, the request id, the clock and the loaders.
import DataLoader from 'dataloader';
import type { Kysely } from 'kysely';
import type { Database } from '@recycle/db';
import type { Logger } from './logger.ts';
import type { TokenKeys } from './auth/token.ts';
import type { Viewer } from './domain/viewer.ts';
import { stationsByCodes, type StationRow } from './repositories/station.ts';
import { stationPeriodTotals } from './repositories/totals.ts';
import { listMaterials } from './repositories/material.ts';
import { listCities } from './repositories/city.ts';
import { listFactorSets, factorsOfSets } from './repositories/factor.ts';
import { cachedPerDatabase } from './cache.ts';

export interface AppDeps {
  db: Kysely<Database>;
  logger: Logger;
  tokenKeys: TokenKeys;
  /** Injectable clock: tests pin "now" to check 24 h and 30-day rules. */
  clock: () => Date;
}

export type TotalsRow = Awaited<ReturnType<typeof stationPeriodTotals>>[number];
type FactorSetRow = Awaited<ReturnType<typeof listFactorSets>>[number];
export type FactorSetWithFactors = FactorSetRow & { factors: Awaited<ReturnType<typeof factorsOfSets>> };

export interface Context extends AppDeps {
  viewer: Viewer | null;
  requestId: string;
  now: Date;
  loaders: ReturnType<typeof createLoaders>;
}

/** Package materials: reference data read by every batch; a new one shows up within a minute. */
const materialCache = cachedPerDatabase(60_000, listMaterials);
/** Cities: reference data every city filter is checked against (an unknown code is NotFound). */
const cityCache = cachedPerDatabase(60_000, listCities);

async function loadFactorSets(db: Kysely<Database>): Promise<FactorSetWithFactors[]> {
  const sets = await listFactorSets(db);
  if (sets.length === 0) return [];
  const factors = await factorsOfSets(db, sets.map((x) => x.id));
  return sets.map((x) => ({ ...x, factors: factors.filter((f) => f.factor_set_id === x.id) }));
}

/**
 * Every factor set with its factors: a published set never changes and sets are few, so
 * summaries and pages need no factor query. A new set or default shows up within a minute; the
 * process that publishes can call forgetFactorSets to show it at once.
 */
const factorSetCache = cachedPerDatabase(60_000, loadFactorSets);
export const cachedFactorSets = (db: Kysely<Database>) => factorSetCache.get(db);
export const forgetFactorSets = (db: Kysely<Database>) => factorSetCache.forget(db);

/** The parts of a station that never change once it exists (code and city cannot be edited). */
export interface StationIdentity {
  id: number;
  code: string;
  city_code: string;
}

/**
 * Station identities, cached per database for the life of the process: the hot write path
 * (logDropOffs at peak) then needs no lookup query. Unknown codes are not cached.
 */
const identities = new WeakMap<Kysely<Database>, Map<string, StationIdentity>>();

async function stationIdentity(db: Kysely<Database>, code: string): Promise<StationIdentity | null> {
  let cache = identities.get(db);
  if (!cache) identities.set(db, (cache = new Map()));
  const hit = cache.get(code);
  if (hit) return hit;
  const row = (await stationsByCodes(db, [code]))[0];
  if (!row) return null;
  const identity = { id: row.id, code: row.code, city_code: row.city_code };
  cache.set(code, identity);
  return identity;
}

function byKey<K, V>(keys: readonly K[], rows: V[], key: (row: V) => K): (V | null)[] {
  const map = new Map(rows.map((r) => [key(r), r]));
  return keys.map((k) => map.get(k) ?? null);
}

export function createLoaders(db: Kysely<Database>) {
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
    materials: () => materialCache.get(db),
    cities: () => cityCache.get(db),
    stationIdentity: (code: string) => stationIdentity(db, code),
    /** A factor set with its factors; version null → the default set. */
    async factorSet(version: string | null): Promise<FactorSetWithFactors | null> {
      const sets = await cachedFactorSets(db);
      return sets.find((x) => (version ? x.version === version : x.is_default)) ?? null;
    },
  };
}

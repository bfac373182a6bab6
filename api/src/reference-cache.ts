// Process-wide caches of reference data, one entry per database handle (tests open many):
// package materials, cities, emission factor sets and station identities. Read through the request's
// loaders (loaders.ts). Each belongs to an invalidation topic: a change to its data, by any process,
// drops it in every process (cache-invalidation.ts); the lifetime is only the fallback.
import type { Kysely } from 'kysely';
import type { Database } from '@recycle/db';
import { listMaterials } from './repositories/material.ts';
import { listCities } from './repositories/city.ts';
import { factorsOfSets, listFactorSets } from './repositories/factor.ts';
import { stationsByCodes } from './repositories/station.ts';
import { invalidate, onInvalidate, type CacheTopic } from './cache-invalidation.ts';

type Db = Kysely<Database>;

/**
 * `load(db)` at most once per `ttlMs` per database; a failed load is not kept; dropped at once when
 * its topic is invalidated.
 * Example: const materials = cachedPerDatabase('materials', 60_000, listMaterials); await materials.get(db)
 */
export function cachedPerDatabase<T>(topic: CacheTopic, ttlMs: number, load: (db: Db) => Promise<T>) {
  const entries = new WeakMap<Db, { at: number; value: Promise<T> }>();
  const cache = {
    get(db: Db): Promise<T> {
      const hit = entries.get(db);
      if (hit && performance.now() - hit.at < ttlMs) return hit.value;
      const value = load(db);
      entries.set(db, { at: performance.now(), value });
      value.catch(() => entries.delete(db));
      return value;
    },
    forget(db: Db): void {
      entries.delete(db);
    },
  };
  onInvalidate(topic, cache.forget);
  return cache;
}

/** Package materials: reference data read by every batch; a new one shows up within a minute. */
export const materialCache = cachedPerDatabase('materials', 60_000, listMaterials);
export type MaterialRow = Awaited<ReturnType<typeof listMaterials>>[number];

/** Cities: reference data every city filter is checked against (an unknown code is NotFound). */
export const cityCache = cachedPerDatabase('cities', 60_000, listCities);

type FactorSetRow = Awaited<ReturnType<typeof listFactorSets>>[number];
export type FactorSetWithFactors = FactorSetRow & { factors: Awaited<ReturnType<typeof factorsOfSets>> };

async function loadFactorSets(db: Db): Promise<FactorSetWithFactors[]> {
  const sets = await listFactorSets(db);
  if (sets.length === 0) return [];
  const factors = await factorsOfSets(
    db,
    sets.map((x) => x.id),
  );
  return sets.map((x) => ({ ...x, factors: factors.filter((f) => f.factor_set_id === x.id) }));
}

/**
 * Every factor set with its factors: a published set never changes and sets are few, so
 * summaries and pages need no factor query. Every process drops it when a set changes (NOTIFY);
 * the process that publishes calls forgetFactorSets to show it at once, before its own
 * notification comes back.
 */
const factorSetCache = cachedPerDatabase('factor-sets', 60_000, loadFactorSets);
export const cachedFactorSets = (db: Db) => factorSetCache.get(db);
export const forgetFactorSets = (db: Db) => invalidate(db, 'factor-sets');

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
const identities = new WeakMap<Db, Map<string, StationIdentity>>();
// Code and city never change, but a station deleted and re-made by hand would: drop on any change.
onInvalidate('stations', (db) => identities.delete(db));

export async function stationIdentity(db: Db, code: string): Promise<StationIdentity | null> {
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

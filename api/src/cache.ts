// Process-wide caches of reference data, one entry per database handle (tests open many).
import type { Kysely } from 'kysely';
import type { Database } from '@recycle/db';

type Db = Kysely<Database>;

/**
 * `load(db)` at most once per `ttlMs` per database; a failed load is not kept.
 * Example: const materials = cachedPerDatabase(60_000, listMaterials); await materials.get(db)
 */
export function cachedPerDatabase<T>(ttlMs: number, load: (db: Db) => Promise<T>) {
  const entries = new WeakMap<Db, { at: number; value: Promise<T> }>();
  return {
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
}

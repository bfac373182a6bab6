// Cache invalidation across API processes. Each process-wide cache (reference-cache.ts) belongs to
// a topic; a change to its data sends NOTIFY recycle_cache '<topic>' from the database (triggers,
// migration T14-00, so every code path and a hand edit in psql are covered), and every process
// listening on that database (startCacheInvalidation, started by start-server.ts) drops the
// topic's entries. So several API processes agree within a round trip, not within a cache's
// lifetime.
import type { Kysely } from 'kysely';
import { listen, type Database, type DbHandle } from '@recycle/db';
import type { Logger } from './logger.ts';

type Db = Kysely<Database>;

// 'stations': a station added, removed, or its code, city or name changed; 'station-names': the
// same without additions (a new station is in no carbon report until its first drop-off).
export type CacheTopic = 'factor-sets' | 'materials' | 'stations' | 'station-names' | 'cities';
const TOPICS: readonly CacheTopic[] = ['factor-sets', 'materials', 'stations', 'station-names', 'cities'];

const forgetters = new Map<CacheTopic, ((db: Db) => void)[]>();

/** Registers how to drop a topic's entries for one database (caches call it once, at module load). */
export function onInvalidate(topic: CacheTopic, forget: (db: Db) => void): void {
  forgetters.set(topic, [...(forgetters.get(topic) ?? []), forget]);
}

/** Drops this process's cached entries of a topic for a database. */
export function invalidate(db: Db, topic: CacheTopic): void {
  for (const forget of forgetters.get(topic) ?? []) forget(db);
}

/**
 * Listens for the database's cache notifications (PostgreSQL: a dedicated connection; PGlite: in
 * process) and invalidates this process's caches; after a lost connection, everything (messages
 * may have been missed). Resolves with a function that stops listening.
 */
export function startCacheInvalidation(handle: DbHandle, logger?: Logger): Promise<() => Promise<void>> {
  return listen(
    handle,
    'recycle_cache',
    (payload) => {
      if ((TOPICS as readonly string[]).includes(payload)) invalidate(handle.db, payload as CacheTopic);
    },
    {
      onReconnect: () => TOPICS.forEach((t) => invalidate(handle.db, t)),
      onError: (err) => logger?.warn({ err }, 'cache invalidation listener lost its connection; retrying'),
    },
  );
}

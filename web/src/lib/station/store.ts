// Where queued entries live on the device: IndexedDB through `idb`. Every write is a "strict"
// durability transaction, so when `add` resolves the entry is on disk and survives a tab close, a
// browser restart or a power cut (the browser's default "relaxed" durability may lose the last
// writes to a crash).
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { EntryState, QueuedEntry } from './types.ts';

interface StationDb extends DBSchema {
  entries: {
    key: string;
    value: QueuedEntry;
    indexes: {
      'by-state-seq': [EntryState, number];
      'by-station-seq': [string, number];
      'by-station-state-seq': [string, EntryState, number];
    };
  };
  meta: { key: string; value: unknown };
}

/** What the sync queue needs from storage (tests run it against fake-indexeddb). */
export interface QueueStore {
  /** Stores a new entry; false (and nothing written) when its id is already there. */
  add(entry: QueuedEntry): Promise<boolean>;
  get(id: string): Promise<QueuedEntry | undefined>;
  /** Pending entries, oldest first; of one station when given. */
  pending(limit: number, stationCode?: string): Promise<QueuedEntry[]>;
  /** Entries in a state; of one station when given. */
  countByState(state: EntryState, stationCode?: string): Promise<number>;
  /** Every entry of a station, oldest first. */
  forStation(stationCode: string): Promise<QueuedEntry[]>;
  /** Entries whose void waits to be sent, oldest first; of one station when given. The store
   *  keeps about two days of entries, so a scan is cheap (no index, no schema upgrade). */
  voidsPending(stationCode?: string): Promise<QueuedEntry[]>;
  put(entries: QueuedEntry[]): Promise<void>;
  remove(id: string): Promise<void>;
  /** Deletes synced entries confirmed before `beforeMs` (the server has them); returns how many. */
  pruneSynced(beforeMs: number): Promise<number>;
  getMeta<T>(key: string): Promise<T | undefined>;
  setMeta(key: string, value: unknown): Promise<void>;
  close(): void;
}

export const DB_NAME = 'recycle-station';

export async function openStore(name: string = DB_NAME): Promise<QueueStore> {
  const db: IDBPDatabase<StationDb> = await openDB<StationDb>(name, 1, {
    upgrade(d) {
      const entries = d.createObjectStore('entries', { keyPath: 'id' });
      entries.createIndex('by-state-seq', ['state', 'seq']);
      entries.createIndex('by-station-seq', ['stationCode', 'seq']);
      entries.createIndex('by-station-state-seq', ['stationCode', 'state', 'seq']);
      d.createObjectStore('meta');
    },
  });
  const strict = { durability: 'strict' } as const;

  return {
    async add(entry) {
      const tx = db.transaction('entries', 'readwrite', strict);
      // One transaction: the existence check and the write cannot interleave with another tab's.
      const exists = (await tx.store.count(entry.id)) > 0;
      if (!exists) await tx.store.add(entry);
      await tx.done;
      return !exists;
    },
    get: (id) => db.get('entries', id),
    async pending(limit, stationCode) {
      if (stationCode === undefined) {
        return db.getAllFromIndex(
          'entries',
          'by-state-seq',
          IDBKeyRange.bound(['pending', -Infinity], ['pending', Infinity]),
          limit,
        );
      }
      const range = IDBKeyRange.bound([stationCode, 'pending', -Infinity], [stationCode, 'pending', Infinity]);
      return db.getAllFromIndex('entries', 'by-station-state-seq', range, limit);
    },
    countByState: (state, stationCode) =>
      stationCode === undefined
        ? db.countFromIndex('entries', 'by-state-seq', IDBKeyRange.bound([state, -Infinity], [state, Infinity]))
        : db.countFromIndex(
            'entries',
            'by-station-state-seq',
            IDBKeyRange.bound([stationCode, state, -Infinity], [stationCode, state, Infinity]),
          ),
    forStation: (code) =>
      db.getAllFromIndex('entries', 'by-station-seq', IDBKeyRange.bound([code, -Infinity], [code, Infinity])),
    async voidsPending(code) {
      const all =
        code === undefined
          ? await db.getAll('entries')
          : await db.getAllFromIndex(
              'entries',
              'by-station-seq',
              IDBKeyRange.bound([code, -Infinity], [code, Infinity]),
            );
      return all.filter((e) => e.voidState === 'pending').sort((a, b) => a.seq - b.seq);
    },
    async put(list) {
      const tx = db.transaction('entries', 'readwrite', strict);
      await Promise.all([...list.map((e) => tx.store.put(e)), tx.done]);
    },
    async remove(id) {
      const tx = db.transaction('entries', 'readwrite', strict);
      await Promise.all([tx.store.delete(id), tx.done]);
    },
    async pruneSynced(beforeMs) {
      const tx = db.transaction('entries', 'readwrite', strict);
      let removed = 0;
      for await (const cursor of tx.store
        .index('by-state-seq')
        .iterate(IDBKeyRange.bound(['synced', -Infinity], ['synced', Infinity]))) {
        if ((cursor.value.syncedAt ?? 0) < beforeMs) {
          await cursor.delete();
          removed++;
        }
      }
      await tx.done;
      return removed;
    },
    getMeta: async <T>(key: string) => (await db.get('meta', key)) as T | undefined,
    async setMeta(key, value) {
      await db.put('meta', value, key);
    },
    close: () => db.close(),
  };
}

// createDb(): one Kysely handle over either a real PostgreSQL server (DATABASE_URL) or an
// embedded, in-process PGlite persisted to a directory. Both return the same JS types for the
// same SQL: int8 and numeric come back as numbers, date as 'YYYY-MM-DD', timestamptz as Date.
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, type KyselyConfig } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import Cursor from 'pg-cursor';
import { mkdirSync } from 'node:fs';
import type { Database } from './types.ts';

export type DbKind = 'postgres' | 'pglite';

export interface DbHandle {
  db: Kysely<Database>;
  kind: DbKind;
  /** Present on the embedded database: used for COPY, dumps and in-process events. */
  pglite?: PGlite;
  /** Present on the server database: used for COPY and LISTEN. */
  pool?: pg.Pool;
  close(): Promise<void>;
}

export interface CreateDbOptions {
  /** postgres://... ; when absent the embedded database is used. */
  databaseUrl?: string;
  /** Directory of the embedded database; 'memory://' for a throwaway one. Default `.data/pglite`. */
  dataDir?: string;
  /** A tarball from `dumpDataDir()` to start the embedded database from (tests use this). */
  loadDataDir?: Blob;
  /** Pool size for the server database. */
  poolSize?: number;
  /** Kysely's query log hook (tests count statements with it). */
  log?: KyselyConfig['log'];
}

const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;

const toNumber = (v: string) => Number(v);
const asIs = (v: string) => v;

/** Parsers shared by both drivers so the two databases are indistinguishable to the app. */
const parsers: Record<number, (v: string) => unknown> = { [INT8]: toNumber, [NUMERIC]: toNumber, [DATE]: asIs };

export function defaultDataDir(): string {
  return process.env.PGLITE_DATA_DIR ?? '.data/pglite';
}

export async function createDb(options: CreateDbOptions = {}): Promise<DbHandle> {
  const databaseUrl = options.databaseUrl ?? process.env.DATABASE_URL;
  if (databaseUrl) return createServerDb(databaseUrl, options.poolSize ?? 10, options.log);
  return createEmbeddedDb(options.dataDir ?? defaultDataDir(), options.loadDataDir, options.log);
}

function createServerDb(connectionString: string, max: number, log?: KyselyConfig['log']): DbHandle {
  const pool = new pg.Pool({
    connectionString,
    max,
    types: {
      getTypeParser: ((oid: number, format?: string) =>
        parsers[oid] ?? pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  // cursor: Kysely's .stream() reads big results (CSV exports) in chunks instead of all at once.
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool, cursor: Cursor }), ...(log ? { log } : {}) });
  return { db, kind: 'postgres', pool, close: () => db.destroy() };
}

async function createEmbeddedDb(dataDir: string, loadDataDir?: Blob, log?: KyselyConfig['log']): Promise<DbHandle> {
  const inMemory = dataDir.startsWith('memory://');
  if (!inMemory) mkdirSync(dataDir, { recursive: true });
  const pglite = await PGlite.create(inMemory ? undefined : dataDir, {
    parsers,
    ...(loadDataDir ? { loadDataDir } : {}),
  });
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite), ...(log ? { log } : {}) });
  return {
    db,
    kind: 'pglite',
    pglite,
    close: async () => {
      await db.destroy();
      if (!pglite.closed) await pglite.close();
    },
  };
}

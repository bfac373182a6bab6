// createDb(): one Kysely handle over either a real PostgreSQL server (DATABASE_URL) or an
// embedded, in-process PGlite persisted to a directory. Both return the same JS types for the
// same SQL: int8 and numeric come back as numbers, date as 'YYYY-MM-DD', timestamptz as Date.
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, type KyselyConfig } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import { mkdirSync } from 'node:fs';
import type { Database } from './types.ts';
import { DatabaseUnavailableError } from './errors.ts';
import { ClosingCursor } from './cursor.ts';

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
  /** Server database: how long opening a connection may take before it fails as unavailable (ms). */
  connectTimeoutMs?: number;
  /** Server database: how long a request waits for a free pooled connection (all busy) before it fails as unavailable (ms). */
  poolWaitMs?: number;
  /** Server database: statement_timeout of every connection (ms; 0 = none). */
  statementTimeoutMs?: number;
  /**
   * A connection failed outside any query (idle in the pool, or checked out between queries).
   * The pool drops it and the next query opens a new one; this is for the log.
   */
  onConnectionError?: (err: Error, where: 'idle' | 'checked-out') => void;
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
  if (databaseUrl) return createServerDb(databaseUrl, options);
  return createEmbeddedDb(options.dataDir ?? defaultDataDir(), options.loadDataDir, options.log);
}

function createServerDb(connectionString: string, options: CreateDbOptions): DbHandle {
  const connectTimeoutMs = options.connectTimeoutMs ?? 5_000;
  // Opening a connection to an unreachable server fails after connectTimeoutMs (each client's own
  // timeout); waiting for a free connection while all are busy may take longer (the pool's
  // timeout). Either way the request then fails as unavailable (503, retryable) instead of hanging.
  class Client extends pg.Client {
    constructor(config?: pg.ClientConfig) {
      super({ ...config, connectionTimeoutMillis: connectTimeoutMs });
    }
  }
  const pool = new pg.Pool({
    connectionString,
    max: options.poolSize ?? 10,
    Client,
    connectionTimeoutMillis: Math.max(options.poolWaitMs ?? 30_000, connectTimeoutMs),
    // TCP keepalive notices a peer that vanished without closing the connection.
    keepAlive: true,
    ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
    types: {
      getTypeParser: ((oid: number, format?: string) =>
        parsers[oid] ?? pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
    },
  });
  const report = options.onConnectionError ?? (() => {});
  // A connection lost while idle in the pool (server restart, pg_terminate_backend, network):
  // the pool has already dropped it. Without a listener this 'error' would end the process.
  pool.on('error', (err) => report(err, 'idle'));
  // A checked-out client emits 'error' too (pg-pool only listens while it is idle): without this
  // listener a connection lost during a request ended the process. The query in flight fails with
  // the same error, and Kysely's release then drops the broken client from the pool.
  pool.on('connect', (client) => client.on('error', (err) => report(err, 'checked-out')));
  // Any failure to get a connection is "unavailable" whatever its message (refused, timeout,
  // server starting up, database not accepting connections): tag it once, here.
  const tagged = {
    connect: () =>
      pool.connect().catch((err: unknown) => {
        throw new DatabaseUnavailableError(err);
      }),
    end: () => pool.end(),
  };
  // cursor: Kysely's .stream() reads big results (CSV exports) in chunks instead of all at once.
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: tagged, cursor: ClosingCursor }),
    ...(options.log ? { log: options.log } : {}),
  });
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

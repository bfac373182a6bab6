// Throwaway databases for tests and benchmarks: an embedded PGlite in memory (empty, or loaded from
// a dump), or a PostgreSQL database created next to DATABASE_URL's (empty, or copied from a
// template database) and dropped afterwards.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDb, type CreateDbOptions, type DbHandle } from '@recycle/db';

/** The database name of a postgres:// URL. */
export function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.slice(1)) || 'postgres';
}

/** `url` pointing at another database on the same server. */
export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Runs `fn` on a short-lived client of `url`'s own database (to create and drop others). */
export async function withAdmin<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

export interface PgDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

export interface PgDatabaseOptions {
  /** Default: `<base>_<tag><random hex>`. */
  name?: string;
  /** Short tag in the generated name (t: test copy, e: empty, e2e: a server's). */
  tag?: string;
  /** Copy this database (CREATE DATABASE ... TEMPLATE); default: an empty one. */
  template?: string;
  /** Drop a database of that name first (for a run's template, named after the base). */
  replace?: boolean;
}

/** A new database on `baseUrl`'s server. Example: const d = await createPgDatabase(url, { template: 'x_tpl' }); ...; await d.drop(); */
export async function createPgDatabase(baseUrl: string, options: PgDatabaseOptions = {}): Promise<PgDatabase> {
  const name =
    options.name ??
    `${databaseName(baseUrl).replace(/\W/g, '_')}_${options.tag ?? 't'}${randomBytes(4).toString('hex')}`;
  if (options.replace) await withAdmin(baseUrl, (c) => c.query(`drop database if exists ${name} with (force)`));
  const create = `create database ${name}${options.template ? ` template ${options.template}` : ''}`;
  // CREATE DATABASE ... TEMPLATE fails while another copy is being made from it: retry briefly.
  for (let attempt = 0; ; attempt++) {
    try {
      await withAdmin(baseUrl, (c) => c.query(create));
      break;
    } catch (err) {
      if (attempt >= 20 || !/being accessed by other users/.test(String(err))) throw err;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
  return {
    name,
    url: withDatabase(baseUrl, name),
    drop: () =>
      withAdmin(baseUrl, (c) => c.query(`drop database if exists ${name} with (force)`)).then(() => undefined),
  };
}

export interface ThrowawayDb extends DbHandle {
  /** Closes the handle and drops the database. */
  dispose(): Promise<void>;
}

export interface ThrowawayDbOptions extends Pick<CreateDbOptions, 'log'> {
  /** PostgreSQL server to make the database on; default DATABASE_URL; none → embedded PGlite. */
  baseUrl?: string;
  /** PostgreSQL: a template database to copy. */
  template?: string;
  /** PGlite: a dump (dumpDataDir) to start from. */
  dump?: Blob;
  poolSize?: number;
}

/** An open throwaway database: a copy of a template (or dump) when given, else empty (no migrations). */
export async function openThrowawayDb(options: ThrowawayDbOptions = {}): Promise<ThrowawayDb> {
  const baseUrl = options.baseUrl ?? process.env.DATABASE_URL;
  if (!baseUrl) {
    const handle = await createDb({
      databaseUrl: '',
      dataDir: 'memory://',
      ...(options.dump ? { loadDataDir: options.dump } : {}),
      log: options.log,
    });
    return { ...handle, dispose: () => handle.close() };
  }
  const database = await createPgDatabase(baseUrl, { template: options.template, tag: options.template ? 't' : 'e' });
  const handle = await createDb({ databaseUrl: database.url, poolSize: options.poolSize ?? 10, log: options.log });
  return {
    ...handle,
    dispose: async () => {
      await handle.close();
      await database.drop();
    },
  };
}

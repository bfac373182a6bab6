// A brand-new, empty database (no migrations): PGlite in memory, or a throwaway PostgreSQL
// database next to DATABASE_URL's. For tests of migrations and seeding themselves.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDb, type DbHandle } from '@recycle/db';
import { baseName } from './pg-names.ts';

export interface EmptyDb {
  handle: DbHandle;
  dispose(): Promise<void>;
}

async function admin(query: string) {
  const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await c.connect();
  try {
    await c.query(query);
  } finally {
    await c.end();
  }
}

export async function createEmptyDb(): Promise<EmptyDb> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const handle = await createDb({ databaseUrl: '', dataDir: 'memory://' });
    return { handle, dispose: () => handle.close() };
  }
  const name = `${baseName(url).replace(/\W/g, '_')}_e${randomBytes(4).toString('hex')}`;
  await admin(`create database ${name}`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  const handle = await createDb({ databaseUrl: target.toString(), poolSize: 4 });
  return {
    handle,
    dispose: async () => {
      await handle.close();
      await admin(`drop database if exists ${name} with (force)`);
    },
  };
}

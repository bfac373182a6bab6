// A private database per test file, copied from the run's template (see global-setup.ts).
import { inject } from 'vitest';
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { createDb, type CreateDbOptions, type DbHandle } from '@recycle/db';
import { baseName } from './pg-names.ts';
import { withAdmin } from './pg-admin.ts';

export interface TestDb extends DbHandle {
  /** Closes the handle and drops the copy. */
  dispose(): Promise<void>;
}

export async function createTestDb(options: Pick<CreateDbOptions, 'log'> = {}): Promise<TestDb> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const blob = new Blob([readFileSync(inject('pgliteTemplate'))]);
    const handle = await createDb({ dataDir: 'memory://', loadDataDir: blob, ...options });
    return { ...handle, dispose: () => handle.close() };
  }
  const tpl = inject('pgTemplate');
  const name = `${baseName(url).replace(/\W/g, '_')}_t${randomBytes(4).toString('hex')}`;
  // CREATE DATABASE ... TEMPLATE fails while another copy is being made from it: retry briefly.
  for (let attempt = 0; ; attempt++) {
    try {
      await withAdmin((c) => c.query(`create database ${name} template ${tpl}`));
      break;
    } catch (err) {
      if (attempt >= 20 || !/being accessed by other users/.test(String(err))) throw err;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
  const target = new URL(url);
  target.pathname = `/${name}`;
  const handle = await createDb({ ...options, databaseUrl: target.toString(), poolSize: 10 });
  return {
    ...handle,
    dispose: async () => {
      await handle.close();
      await withAdmin((c) => c.query(`drop database if exists ${name} with (force)`));
    },
  };
}

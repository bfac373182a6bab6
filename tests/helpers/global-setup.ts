// Builds one migrated database with the reference data (cities, materials, factor sets) per run;
// every test file then starts from a copy of it (a PGlite dump, or a PostgreSQL template database).
import type { TestProject } from 'vitest/node';
import { mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDb, migrateToLatest } from '@recycle/db';
import { seedReference } from '@recycle/seeds';
import { createPgDatabase, databaseName } from '@recycle/testing';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    pgTemplate: string;
  }
}

export default async function setup(project: TestProject) {
  const url = process.env.DATABASE_URL;
  if (url) {
    const template = await createPgDatabase(url, {
      name: `${databaseName(url).replace(/\W/g, '_')}_tpl`,
      replace: true,
    });
    const handle = await createDb({ databaseUrl: template.url, poolSize: 1 });
    await migrateToLatest(handle.db);
    await seedReference(handle);
    await handle.close();
    project.provide('pgTemplate', template.name);
    project.provide('pgliteTemplate', '');
    return () => template.drop();
  }
  const handle = await createDb({ dataDir: 'memory://' });
  await migrateToLatest(handle.db);
  await seedReference(handle);
  const dump = await handle.pglite!.dumpDataDir('gzip');
  await handle.close();
  const dir = path.join(tmpdir(), `recycle-tests-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'template.tar.gz');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('pgliteTemplate', file);
  project.provide('pgTemplate', '');
  return () => rmSync(dir, { recursive: true, force: true });
}

// db/src/types.ts is generated from the migrations; this fails when the two drift apart.
// Always a fresh in-memory PGlite (schema only), even when DATABASE_URL is set, so no other
// test's data is touched.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type DbHandle } from '../../db/src/client.ts';
import { renderTypes, typesFile } from '../../db/src/gen-types.ts';
import { migrateToLatest } from '../../db/src/migrate.ts';

describe('db/src/types.ts', () => {
  let handle: DbHandle;

  beforeAll(async () => {
    // databaseUrl '' (not undefined) keeps createDb from falling back to DATABASE_URL.
    handle = await createDb({ databaseUrl: '', dataDir: 'memory://' });
    await migrateToLatest(handle.db);
  });

  afterAll(async () => {
    await handle?.close();
  });

  it('matches the migrated schema', async () => {
    const generated = await renderTypes(handle.db);
    const committed = readFileSync(typesFile, 'utf8');
    expect(committed, 'db/src/types.ts is out of date with db/migrations: run `pnpm db:types`').toBe(generated);
  });
});

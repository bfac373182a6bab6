// A private database per test file, copied from the run's template (see global-setup.ts).
import { inject } from 'vitest';
import { readFileSync } from 'node:fs';
import { openThrowawayDb, type ThrowawayDb, type ThrowawayDbOptions } from '@recycle/testing';

export type TestDb = ThrowawayDb;

/** A migrated database holding the reference data (cities, materials, factor sets), for this file alone. */
export function createTestDb(options: Pick<ThrowawayDbOptions, 'log'> = {}): Promise<TestDb> {
  if (process.env.DATABASE_URL) return openThrowawayDb({ ...options, template: inject('pgTemplate') });
  return openThrowawayDb({ ...options, dump: new Blob([readFileSync(inject('pgliteTemplate'))]) });
}

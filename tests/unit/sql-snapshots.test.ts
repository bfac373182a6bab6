// The SQL of the hardest repository queries is committed in api/src/repositories/sql/*.sql: a
// change to a query must come with its new SQL in the diff (`pnpm sql:print`), or this fails.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { snapshotPath, sqlSnapshots, SNAPSHOTS } from '../../api/src/repositories/sql/snapshots.ts';

describe('SQL snapshots', async () => {
  const current = await sqlSnapshots();

  it.each(Object.keys(SNAPSHOTS))(
    'api/src/repositories/sql/%s.sql matches the code (run `pnpm sql:print` after an intended change)',
    (file) => {
      expect(existsSync(snapshotPath(file)), `${file}.sql is missing: run pnpm sql:print`).toBe(true);
      expect(current[file]).toBe(readFileSync(snapshotPath(file), 'utf8'));
    },
  );

  it('records every snapshotted call, each statement with its parameters', () => {
    // A call may send more than one statement (the report parts set their settings and read the snapshot first).
    for (const [file, cases] of Object.entries(SNAPSHOTS)) {
      for (const c of cases) expect(current[file], c.name).toContain(`-- ${c.name}\n-- parameters: `);
    }
    // the batch insert binds each column as one array, of batches ($1-$9) and of their items ($10-):
    // the statement does not grow with the batches or the items
    expect(current['drop-off']).toMatch(/unnest\(\s*\$1::int\[\],\s*\$2::text\[\],\s*\$3::smallint\[\]/);
    expect(current['drop-off']).toMatch(/unnest\(\s*\$10::int\[\],\s*\$11::text\[\],\s*\$12::timestamptz\[\]/);
  });
});

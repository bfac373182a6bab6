// `pnpm db:seed` as a person runs it (on a throwaway embedded database): seeds an empty database
// with a summary, refuses to touch one that holds data, and --reset seeds it again.
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const dir = mkdtempSync(path.join(tmpdir(), 'recycle-seed-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function seed(...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, PGLITE_DATA_DIR: path.join(dir, 'pglite') };
  delete env.DATABASE_URL;
  const r = spawnSync(process.execPath, ['--import', 'tsx/esm', 'seeds/src/cli.ts', ...args], {
    env,
    encoding: 'utf8',
    timeout: 600_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

// Each test runs the CLI in a new process (seconds here; minutes on a loaded shared machine).
describe('pnpm db:seed', { timeout: 700_000 }, () => {
  it('seeds an empty database and prints the rows per table', () => {
    const r = seed('--stations', '25', '--now', '2026-11-25T04:00:00Z');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/seeded pglite database: seed 42, now 2026-11-25T04:00:00.000Z/);
    expect(r.out).toMatch(/^\s+station\s+25$/m);
    expect(r.out).toMatch(/^\s+city\s+20$/m);
    expect(r.out).toMatch(/^\s+package_material\s+6$/m);
  });

  it('refuses a database that holds data, changing nothing', () => {
    const r = seed('--stations', '30');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/already holds data .*nothing was changed/s);
    expect(r.err).toMatch(/pnpm db:seed --reset/);
  });

  it('--reset deletes everything and seeds again', () => {
    const r = seed('--stations', '30', '--reset', '--now', '2026-11-25T04:00:00Z');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^\s+station\s+30$/m);
  });

  it('rejects a bad flag value with a clear message', () => {
    const r = seed('--stations', 'many');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/--stations must be a positive integer, got "many"/);
  });
});

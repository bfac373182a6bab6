// The real `pnpm start` path as a child process: first start migrates and seeds the embedded
// database, serves the API, stops cleanly on SIGTERM; the second start reuses the data.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnServer, type ServerProcess } from '@recycle/testing';
import { postGql as gql } from '../helpers/e2e-api.ts';
import { graphql } from '../../web/src/lib/graphql.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'recycle-start-'));
let token = '';

/** Every process a test started: stopped after the file even when a test fails half-way. */
const started: ServerProcess[] = [];
afterAll(async () => {
  await Promise.all(started.map((s) => s.kill()));
  rmSync(dir, { recursive: true, force: true });
});

async function spawn(
  entry: 'start' | 'server',
  options: { stations?: number; dataDir?: string },
): Promise<ServerProcess> {
  const s = await spawnServer({ entry, env: env(options) });
  started.push(s);
  return s;
}

/** `pnpm start`'s script on the embedded database in `dataDir`, ready (/readyz answers 200). */
async function start(options: { stations?: number; dataDir?: string } = {}): Promise<ServerProcess> {
  const s = await spawn('start', options);
  await s.ready(540_000);
  return s;
}

function env(options: { stations?: number; dataDir?: string }): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = {
    ...process.env,
    PGLITE_DATA_DIR: options.dataDir ?? path.join(dir, 'pglite'),
    SEED_STATIONS: String(options.stations ?? 40),
    LOG_LEVEL: 'warn',
    WEB_DIST: 'web/dist',
  };
  delete e.DATABASE_URL;
  delete e.JWT_SECRET;
  return e;
}

const TOTAL = graphql('{ stations(first: 1) { totalCount } }');

// Each test starts a server (PGlite: seconds; minutes on a loaded shared machine): generous time limits.
describe('pnpm start on the embedded database', { timeout: 900_000 }, () => {
  it('seeds on first start, serves, signs in the demo admin, and stops on SIGTERM', async () => {
    const s = await start();
    expect(s.output()).toMatch(/seeding 40 stations/);
    // The banner follows the listen: it may still be in the pipe when /readyz answers.
    await expect.poll(() => s.output()).toMatch(/admin@demo\.recycle\.cn \/ demo-admin/);
    expect((await fetch(`${s.url}/readyz`)).status).toBe(200);
    const signIn = await gql(
      s.url,
      graphql('mutation { signIn(email: "admin@demo.recycle.cn", password: "demo-admin") { token user { role } } }'),
    );
    expect(signIn.data?.signIn.user.role).toBe('ADMIN');
    token = signIn.data!.signIn.token;
    const summary = await gql(s.url, graphql('{ summary { stationsByStatus { total } } }'), {}, token);
    expect(summary.data?.summary.stationsByStatus.total).toBe(40);
    expect(await s.stop()).toBe(0);
  });

  it('reuses the data on the next start (no second seeding) and the old token still works', async () => {
    const s = await start();
    expect(s.output()).not.toMatch(/seeding/);
    const r = await gql(s.url, TOTAL);
    expect(r.data?.stations.totalCount).toBe(40);
    // the signing secret is kept beside the data, so tokens survive a restart
    const viewer = await gql(s.url, graphql('{ viewer { email } }'), {}, token);
    expect(viewer.data?.viewer?.email).toBe('admin@demo.recycle.cn');
    expect(await s.stop()).toBe(0);
  });

  it('starts over when an earlier first start was killed while seeding', async () => {
    const dataDir = path.join(dir, 'interrupted');
    const first = await spawn('start', { stations: 3000, dataDir });
    await expect.poll(() => first.output(), { timeout: 540_000, interval: 50 }).toMatch(/seed: drop-offs \d+%/);
    await first.kill(); // a power cut half-way through the seed
    const second = await start({ stations: 60, dataDir });
    expect(second.output()).toMatch(/interrupted while seeding; starting over/);
    const r = await gql(second.url, TOTAL);
    expect(r.data?.stations.totalCount).toBe(60);
    expect(await second.stop()).toBe(0);
  });

  it('the production entry (api/src/server.ts) migrates an empty database but never seeds it', async () => {
    const s = await spawn('server', { dataDir: path.join(dir, 'production') });
    await s.ready(540_000);
    const r = await gql(s.url, graphql('{ stations(first: 1) { totalCount } cities { code } }'));
    expect(r.data).toEqual({ stations: { totalCount: 0 }, cities: [] });
    expect(s.output()).not.toMatch(/seeding/i);
    expect(await s.stop()).toBe(0);
  });
});

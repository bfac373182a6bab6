// The real `pnpm start` path as a child process: first start migrates and seeds the embedded
// database, serves the API, stops cleanly on SIGTERM; the second start reuses the data.
import { afterAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const dir = mkdtempSync(path.join(tmpdir(), 'recycle-start-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let token = '';

interface Started {
  child: ChildProcess;
  url: string;
  output: () => string;
}

function start(options: { stations?: number; dataDir?: string; until?: RegExp } = {}): Promise<Started> {
  const env: NodeJS.ProcessEnv = { ...process.env, PGLITE_DATA_DIR: options.dataDir ?? path.join(dir, 'pglite'), SEED_STATIONS: String(options.stations ?? 40), PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', WEB_DIST: 'web/dist' };
  delete env.DATABASE_URL;
  delete env.JWT_SECRET;
  const child = spawn(process.execPath, ['--import', 'tsx/esm', 'api/src/server.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 90 s:\n${out}`)), 90_000);
    const onData = (b: Buffer) => {
      out += b.toString();
      const m = /Ready: (http:\/\/localhost:\d+)/.exec(out);
      // the demo sign-ins are the last lines printed
      if ((options.until && options.until.test(out)) || (m && /STATION_STAFF.*demo-staff/.test(out))) {
        clearTimeout(timer);
        resolve({ child, url: m?.[1] ?? '', output: () => out });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${out}`)));
  });
}

function stop(s: Started): Promise<number | null> {
  return new Promise((resolve) => {
    s.child.removeAllListeners('exit');
    s.child.on('exit', (code) => resolve(code));
    s.child.kill('SIGTERM');
  });
}

async function gql(url: string, query: string, variables: object = {}, token?: string) {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: any; errors?: any[] };
}

describe('pnpm start on the embedded database', () => {
  it('seeds on first start, serves, signs in the demo admin, and stops on SIGTERM', async () => {
    const s = await start();
    expect(s.output()).toMatch(/seeding 40 stations/);
    expect(s.output()).toMatch(/admin@demo\.recycle\.cn \/ demo-admin/);
    expect((await fetch(`${s.url}/readyz`)).status).toBe(200);
    const signIn = await gql(s.url, 'mutation { signIn(email: "admin@demo.recycle.cn", password: "demo-admin") { token user { role } } }');
    expect(signIn.data.signIn.user.role).toBe('ADMIN');
    token = signIn.data.signIn.token;
    const summary = await gql(s.url, '{ summary { stationsByStatus { total } } }', {}, signIn.data.signIn.token);
    expect(summary.data.summary.stationsByStatus.total).toBe(40);
    expect(await stop(s)).toBe(0);
  });

  it('reuses the data on the next start (no second seeding) and the old token still works', async () => {
    const s = await start();
    expect(s.output()).not.toMatch(/seeding/);
    const r = await gql(s.url, '{ stations(first: 1) { totalCount } }');
    expect(r.data.stations.totalCount).toBe(40);
    // the signing secret is kept beside the data, so tokens survive a restart
    const viewer = await gql(s.url, '{ viewer { email } }', {}, token);
    expect(viewer.data.viewer.email).toBe('admin@demo.recycle.cn');
    expect(await stop(s)).toBe(0);
  });

  it('starts over when an earlier first start was killed while seeding', async () => {
    const dataDir = path.join(dir, 'interrupted');
    const first = await start({ stations: 3000, dataDir, until: /seed: drop-offs \d+%/ });
    first.child.removeAllListeners('exit');
    await new Promise((resolve) => {
      first.child.once('exit', resolve);
      first.child.kill('SIGKILL'); // a power cut half-way through the seed
    });
    const second = await start({ stations: 60, dataDir });
    expect(second.output()).toMatch(/interrupted while seeding; starting over/);
    const r = await gql(second.url, '{ stations(first: 1) { totalCount } }');
    expect(r.data.stations.totalCount).toBe(60);
    expect(await stop(second)).toBe(0);
  });
});

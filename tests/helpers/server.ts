// The real server (`api/src/server.ts`, as `pnpm start` runs it) in a child process for browser
// tests: a fresh embedded database seeded on first start, or, when DATABASE_URL is set, a fresh
// throwaway PostgreSQL database made next to it. Serves the built web app (built here if needed).
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { baseName } from './pg-names.ts';
import { withAdmin } from './pg-admin.ts';

export interface RunningServer {
  url: string;
  output: () => string;
  /** The throwaway PostgreSQL database it runs on (unset on the embedded database). */
  databaseUrl?: string;
  /** True while the server process has not exited. */
  alive: () => boolean;
  /** SIGTERM, wait for exit, and remove the database. */
  stop: () => Promise<void>;
}

let webBuilt = false;
/** Builds web/dist when its sources changed (the same check `pnpm start` makes). */
export function buildWeb(): void {
  if (webBuilt) return;
  execFileSync(process.execPath, ['scripts/build-web.mjs'], { stdio: 'inherit' });
  webBuilt = true;
}

export async function startServer(options: { stations?: number; env?: Record<string, string> } = {}): Promise<RunningServer> {
  buildWeb();
  const dir = mkdtempSync(path.join(tmpdir(), 'recycle-e2e-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PGLITE_DATA_DIR: path.join(dir, 'pglite'),
    SEED_STATIONS: String(options.stations ?? 10_000),
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    WEB_DIST: 'web/dist',
    ...options.env,
  };
  let dropDb = async () => {};
  const base = process.env.DATABASE_URL;
  if (base) {
    const name = `${baseName(base).replace(/\W/g, '_')}_e2e_${randomBytes(4).toString('hex')}`;
    await withAdmin((c) => c.query(`create database ${name}`));
    const u = new URL(base);
    u.pathname = `/${name}`;
    env.DATABASE_URL = u.toString();
    env.JWT_SECRET = 'e2e-secret-e2e-secret-e2e-secret-e2e!';
    dropDb = () => withAdmin((c) => c.query(`drop database if exists ${name} with (force)`)).then(() => undefined);
  } else {
    delete env.DATABASE_URL;
    delete env.JWT_SECRET;
  }

  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx/esm', 'api/src/server.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const cleanup = async () => {
    await dropDb();
    rmSync(dir, { recursive: true, force: true });
  };
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 240 s:\n${out}`)), 240_000);
    const onData = (b: Buffer) => {
      out += b.toString();
      const m = /Ready: (http:\/\/localhost:\d+)/.exec(out);
      if (m && /STATION_STAFF.*demo-staff/.test(out)) {
        clearTimeout(timer);
        resolve(m[1]!.replace('localhost', '127.0.0.1'));
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${out}`));
    });
  }).catch(async (e) => {
    child.kill('SIGKILL');
    await cleanup();
    throw e;
  });

  return {
    url,
    output: () => out,
    databaseUrl: env.DATABASE_URL,
    alive: () => child.exitCode === null && child.signalCode === null,
    stop: async () => {
      child.removeAllListeners('exit');
      if (child.exitCode === null) {
        await new Promise<void>((resolve) => {
          child.on('exit', () => resolve());
          child.kill('SIGTERM');
          setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
        });
      }
      await cleanup();
    },
  };
}

// The whole system as `pnpm start` runs it, in a child process, on a fresh database seeded on its
// first start: for browser tests and the station benchmark. The database is a throwaway PostgreSQL
// database next to DATABASE_URL's, or an embedded one in a temporary directory; both are removed
// by stop().
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createPgDatabase } from './databases.ts';
import { launchServer, REPO_ROOT } from './server-process.ts';

export interface DemoServer {
  url: string;
  /** The throwaway PostgreSQL database it serves (unset on the embedded database). */
  databaseUrl?: string;
  output(): string;
  /** True until the server process exits. */
  alive(): boolean;
  /** SIGTERM, wait for the exit, and remove the database. */
  stop(): Promise<void>;
}

let webBuilt = false;
/** Builds web/dist when its sources changed (the same check `pnpm start` makes). */
export function buildWeb(): void {
  if (webBuilt) return;
  execFileSync(process.execPath, ['scripts/build-web.mjs'], { cwd: REPO_ROOT, stdio: 'inherit' });
  webBuilt = true;
}

export async function startDemoServer(
  options: { stations?: number; env?: Record<string, string> } = {},
): Promise<DemoServer> {
  buildWeb();
  const dir = mkdtempSync(path.join(tmpdir(), 'recycle-e2e-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PGLITE_DATA_DIR: path.join(dir, 'pglite'),
    SEED_STATIONS: String(options.stations ?? 10_000),
    LOG_LEVEL: 'warn',
    WEB_DIST: 'web/dist',
    ...options.env,
  };
  const base = process.env.DATABASE_URL;
  const database = base ? await createPgDatabase(base, { tag: 'e2e_' }) : null;
  if (database) {
    env.DATABASE_URL = database.url;
    env.JWT_SECRET = 'e2e-secret-e2e-secret-e2e-secret-e2e!';
  } else {
    delete env.DATABASE_URL;
    delete env.JWT_SECRET;
  }
  const cleanup = async () => {
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const server = await launchServer({ entry: 'start', env });
    return {
      url: server.url,
      databaseUrl: database?.url,
      output: server.output,
      alive: server.alive,
      stop: async () => {
        await server.stop();
        await cleanup();
      },
    };
  } catch (err) {
    await cleanup();
    throw err;
  }
}

// The API as a separate process for the benchmarks (as deployed: its own event loop, not shared
// with the load generator): the production entry, api/src/server.ts, in NODE_ENV=production.
import { launchServer } from '@recycle/testing';

export interface ApiProcess {
  url: string;
  /** The child's pid: the carbon benchmark samples its memory (/proc/<pid>/status). */
  pid: number;
  stop(): Promise<void>;
}

export async function startApiProcess(databaseUrl: string, jwtSecret: string): Promise<ApiProcess> {
  const server = await launchServer({
    entry: 'server',
    env: { ...process.env, DATABASE_URL: databaseUrl, JWT_SECRET: jwtSecret, NODE_ENV: 'production', LOG_LEVEL: 'silent', DB_POOL_SIZE: '20', WEB_DIST: '' },
    nodeArgs: process.env.BENCH_API_NODE_ARGS?.split(' ').filter(Boolean),
    timeoutMs: 60_000,
  });
  return { url: server.url, pid: server.pid, stop: async () => void (await server.stop()) };
}

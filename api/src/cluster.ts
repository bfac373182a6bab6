// Serving from several API processes on one port (node:cluster), or from this one. With
// API_WORKERS > 1 this process prepares the database once (migrations; `pnpm start` also seeds),
// then forks that many workers that share the listening socket (the primary hands out connections
// round-robin) and supervises them: a worker that dies is replaced (at most one a second, so a
// crash loop does not spin); SIGTERM/SIGINT are passed on and this process exits when every
// worker has finished its requests. Caches stay per process and agree through NOTIFY
// (cache-invalidation.ts). Needs DATABASE_URL: the embedded database lives inside one process.
import cluster, { type Worker } from 'node:cluster';
import { createDb, migrateToLatest } from '@recycle/db';
import type { Config } from './config.ts';
import { createLogger, type Logger } from './logger.ts';
import { startServer, stopOnSignals, type ServerConfig } from './start-server.ts';

export interface ServeOptions {
  /** Runs once, in this process, before anything serves (scripts/start.ts seeds here). */
  prepare?: () => Promise<void>;
  /** Called once with the URL when every process is serving. */
  onReady: (url: string) => void;
}

/** Example: await serveInProcesses(loadConfig(), { onReady: (url) => console.log(`Ready: ${url}`) }); */
export async function serveInProcesses(
  config: ServerConfig & Pick<Config, 'workers'>,
  options: ServeOptions,
): Promise<void> {
  if (cluster.isWorker) {
    // The primary has migrated (and seeded); a worker only serves.
    stopOnSignals(await startServer(config, { migrate: false }));
    return;
  }
  await options.prepare?.();
  if (config.workers <= 1) {
    const server = await startServer(config);
    options.onReady(server.url);
    stopOnSignals(server);
    return;
  }
  const handle = await createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 1 });
  try {
    await migrateToLatest(handle.db);
  } finally {
    await handle.close();
  }
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  supervise(config.workers, createLogger(config.logLevel), (port) => options.onReady(`http://${host}:${port}`));
}

function supervise(workers: number, logger: Logger, onReady: (port: number) => void): void {
  let stopping = false;
  let nextFork = 0;
  const replace = () => {
    const wait = Math.max(0, nextFork - Date.now());
    nextFork = Date.now() + wait + 1000;
    setTimeout(() => {
      if (!stopping) cluster.fork();
    }, wait);
  };
  cluster.on('exit', (worker: Worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    logger.error({ pid: worker.process.pid, code, signal }, 'API worker died; starting another');
    replace();
  });
  let listening = 0;
  cluster.on('listening', (_worker, address) => {
    if (++listening !== workers) return;
    console.log(`${workers} API processes are serving (node:cluster; process ${process.pid} supervises)`);
    onReady(address.port);
  });
  for (let i = 0; i < workers; i++) cluster.fork();
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping API workers');
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill(signal);
    setTimeout(() => process.exit(1), 15_000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

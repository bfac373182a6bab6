// Several API processes on one port (node:cluster): the primary prepares the database once
// (migrate, seed when empty), then forks API_WORKERS workers that share the listening socket
// (the primary hands out connections round-robin). A worker that dies is replaced (at most
// once per second, so a crash loop does not spin); SIGTERM/SIGINT are passed on and the primary
// exits when every worker has finished its requests. Caches stay per process and agree through
// NOTIFY (cache.ts). Needs DATABASE_URL: the embedded database lives inside one process.
import cluster, { type Worker } from 'node:cluster';
import type { Logger } from './logger.ts';

export function runPrimary(workers: number, logger: Logger, onReady: (port: number) => void): void {
  let stopping = false;
  let lastFork = 0;
  const fork = () => {
    const wait = Math.max(0, lastFork + 1000 - Date.now());
    lastFork = Date.now() + wait;
    setTimeout(() => {
      if (!stopping) cluster.fork({ API_WORKER: '1' });
    }, wait);
  };
  cluster.on('exit', (worker: Worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    logger.error({ pid: worker.process.pid, code, signal }, 'API worker died; starting another');
    fork();
  });
  let ready = 0;
  cluster.on('listening', (_worker, address) => {
    if (++ready !== workers) return;
    console.log(`${workers} API processes are serving (node:cluster; process ${process.pid} supervises)`);
    onReady(address.port);
  });
  for (let i = 0; i < workers; i++) cluster.fork({ API_WORKER: '1' });
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

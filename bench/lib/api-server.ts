// The API as a separate process for the benchmark (as deployed: its own event loop, not shared
// with the load generator). Prints "listening <port>" when ready; stops on SIGTERM.
// BENCH_API_WORKERS > 1: that many processes on one port (node:cluster), as API_WORKERS does.
import './production-env.ts';
import cluster from 'node:cluster';
import { createDb } from '../../db/src/index.ts';
import { buildApp } from '../../api/src/app.ts';
import { startCacheInvalidation } from '../../api/src/cache.ts';
import { createLogger } from '../../api/src/logger.ts';

const workers = Number(process.env.BENCH_API_WORKERS ?? 1);
if (workers > 1 && cluster.isPrimary) {
  let ready = 0;
  cluster.on('listening', (_w, address) => {
    if (++ready === workers) console.log(`listening ${address.port}`);
  });
  for (let i = 0; i < workers; i++) cluster.fork();
  process.on('SIGTERM', () => {
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
    cluster.on('exit', () => Object.keys(cluster.workers ?? {}).length === 0 && process.exit(0));
  });
} else {
  const handle = await createDb({ databaseUrl: process.env.DATABASE_URL!, poolSize: Number(process.env.BENCH_API_POOL ?? 20) });
  const stopListening = await startCacheInvalidation(handle);
  const tokenKeys = { secret: new TextEncoder().encode(process.env.BENCH_JWT_SECRET!), ttlSeconds: 3600 };
  const { app } = buildApp({ db: handle.db, logger: createLogger('silent'), tokenKeys, clock: () => new Date() });
  const server = app.listen(0, '127.0.0.1', () => {
    const address = server.address();
    if (cluster.isPrimary) console.log(`listening ${typeof address === 'object' && address ? address.port : 0}`);
  });
  process.on('SIGTERM', () => server.close(() => void stopListening().then(() => handle.close()).then(() => process.exit(0))));
}

// The API as a separate process for the benchmark (as deployed: its own event loop, not shared
// with the load generator). Prints "listening <port>" when ready; stops on SIGTERM.
import './production-env.ts';
import { createDb } from '../../db/src/index.ts';
import { buildApp } from '../../api/src/app.ts';
import { createLogger } from '../../api/src/logger.ts';

const handle = await createDb({ databaseUrl: process.env.DATABASE_URL!, poolSize: Number(process.env.BENCH_API_POOL ?? 20) });
const tokenKeys = { secret: new TextEncoder().encode(process.env.BENCH_JWT_SECRET!), ttlSeconds: 3600 };
const { app } = buildApp({ db: handle.db, logger: createLogger('silent'), tokenKeys, clock: () => new Date() });
const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address();
  console.log(`listening ${typeof address === 'object' && address ? address.port : 0}`);
});
process.on('SIGTERM', () => server.close(() => void handle.close().then(() => process.exit(0))));

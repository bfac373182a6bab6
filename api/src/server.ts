// Starts the whole system on one port: migrates, seeds an empty database (with progress), serves
// the API and the web app, and shuts down gracefully on SIGTERM/SIGINT. With API_WORKERS > 1 this
// process prepares the database and supervises that many API processes (cluster.ts).
import cluster from 'node:cluster';
import { rmSync } from 'node:fs';
import { createDb, migrateToLatest, type DbHandle } from '@recycle/db';
import { createProgressDisplay, DEMO_ACCOUNTS, seedDatabase, seedState } from '@recycle/seeds';
import { buildApp } from './app.ts';
import { startCacheInvalidation } from './cache.ts';
import { runPrimary } from './cluster.ts';
import { loadConfig } from './config.ts';
import { createLogger } from './logger.ts';

const config = loadConfig();
const logger = createLogger(config.logLevel);

/** Opens and migrates the configured database; seeds it when empty (first start). */
async function openDatabase(): Promise<DbHandle> {
  const handle = await createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const where = handle.kind === 'pglite' ? `embedded PostgreSQL (PGlite) in ${config.dataDir}` : 'PostgreSQL server (DATABASE_URL)';
  console.log(`Database: ${where}`);
  const applied = await migrateToLatest(handle.db);
  if (applied.length) console.log(`Migrations applied: ${applied.join(', ')}`);
  const state = await seedState(handle.db);
  if (state === 'interrupted') {
    await handle.close();
    if (handle.kind !== 'pglite') {
      throw new Error('An earlier first start was interrupted while seeding this database, so it is incomplete. ' +
        'Drop and create the database again (or point DATABASE_URL at an empty one), then start.');
    }
    console.log(`An earlier first start was interrupted while seeding; starting over with a new ${config.dataDir}.`);
    rmSync(config.dataDir, { recursive: true, force: true });
    return openDatabase();
  }
  if (state === 'empty') {
    console.log(`Empty database: seeding ${config.seedStations.toLocaleString('en')} stations with demo history (first start only)...`);
    const started = Date.now();
    const display = createProgressDisplay();
    await seedDatabase(handle, { stations: config.seedStations, onProgress: display.onProgress });
    display.finish();
    console.log(`Seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  return handle;
}

const isWorker = cluster.isWorker;
if (config.workers > 1 && cluster.isPrimary) {
  await (await openDatabase()).close();
  runPrimary(config.workers, logger, printReady);
} else {
  await serve();
}

function printReady(port: number) {
  const url = `http://localhost:${port}`;
  console.log(`\nReady: ${url}   (GraphQL: ${url}/graphql)`);
  console.log('Demo sign-ins (email / password):');
  for (const a of DEMO_ACCOUNTS) console.log(`  ${a.role.padEnd(22)} ${a.email} / ${a.password}`);
}

/** One API process: this one alone, or a cluster worker (the primary prepared the database). */
async function serve() {
  const handle = isWorker ? await createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }) : await openDatabase();
  const replica = config.databaseReadUrl ? await createDb({ databaseUrl: config.databaseReadUrl }) : null;
  if (replica && !isWorker) console.log('Dashboard and report reads: the replica (DATABASE_READ_URL)');
  const stopListening = await startCacheInvalidation(handle, logger);

  const { app } = buildApp({
    db: handle.db,
    readDb: replica?.db,
    logger,
    tokenKeys: { secret: config.jwtSecret, ttlSeconds: config.tokenTtlSeconds },
    clock: () => new Date(),
    webDist: config.webDist,
  });

  const server = app.listen(config.port, config.host, () => {
    const address = server.address();
    if (!isWorker) printReady(typeof address === 'object' && address ? address.port : config.port);
  });

  let stopping = false;
  async function shutdown(signal: string) {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing requests in flight');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    server.close(async () => {
      await stopListening();
      await replica?.close();
      await handle.close();
      logger.info('stopped');
      process.exit(0);
    });
    server.closeIdleConnections();
  }
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

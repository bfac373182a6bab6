// Starts the whole system on one port: migrates, seeds an empty database (with progress), serves
// the API and the web app, and shuts down gracefully on SIGTERM/SIGINT.
import { rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { createDb, migrateToLatest, type DbHandle } from '@recycle/db';
import { createProgressDisplay, DEMO_ACCOUNTS, seedDatabase, seedState } from '@recycle/seeds';
import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { installProcessHandlers } from './process-handlers.ts';

const config = loadConfig();
const logger = createLogger(config.logLevel);
// Set once listening; shutdown() may run before (an uncaught exception while seeding).
let server: Server | undefined;
let stopping = false;
installProcessHandlers({ logger, exit: (code, reason) => void shutdown(reason, code) });

/** Opens and migrates the configured database; seeds it when empty (first start). */
async function openDatabase(): Promise<DbHandle> {
  const handle = await createDb({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.dbPoolSize,
    connectTimeoutMs: config.dbConnectTimeoutMs,
    // A connection lost outside a query: the pool replaces it; the log says so (no crash).
    onConnectionError: (err, where) => logger.warn({ err, where }, 'database connection lost; the pool opens a new one on the next query'),
  });
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

const handle = await openDatabase().catch((err: unknown) => {
  // Unreachable database, failed migration...: exit non-zero; a supervisor starts it again.
  logger.fatal({ err }, 'start-up failed');
  process.exit(1);
});

const { app } = buildApp({
  db: handle.db,
  logger,
  tokenKeys: { secret: config.jwtSecret, ttlSeconds: config.tokenTtlSeconds },
  clock: () => new Date(),
  webDist: config.webDist,
});

server = app.listen(config.port, config.host, () => {
  const address = server!.address();
  const url = `http://localhost:${typeof address === 'object' && address ? address.port : config.port}`;
  console.log(`\nReady: ${url}   (GraphQL: ${url}/graphql)`);
  console.log('Demo sign-ins (email / password):');
  for (const a of DEMO_ACCOUNTS) console.log(`  ${a.role.padEnd(22)} ${a.email} / ${a.password}`);
});

/** Stops taking requests, lets those in flight finish (10 s at most), closes the database, exits. */
async function shutdown(signal: string, code = 0) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down: finishing requests in flight');
  const force = setTimeout(() => process.exit(code || 1), 10_000);
  force.unref();
  if (!server) process.exit(code);
  server.close(async () => {
    await handle.close().catch((err) => logger.warn({ err }, 'closing the database failed'));
    logger.info('stopped');
    process.exit(code);
  });
  server.closeIdleConnections();
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));

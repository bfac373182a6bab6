// Starts the whole system on one port: migrates, seeds an empty database (with progress), serves
// the API and the web app, and shuts down gracefully on SIGTERM/SIGINT.
import { createDb, migrateToLatest } from '@recycle/db';
import { createProgressDisplay, DEMO_ACCOUNTS, isSeeded, seedDatabase } from '@recycle/seeds';
import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';
import { createLogger } from './logger.ts';

const config = loadConfig();
const logger = createLogger(config.logLevel);
const handle = await createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
const where = handle.kind === 'pglite' ? `embedded PostgreSQL (PGlite) in ${config.dataDir}` : 'PostgreSQL server (DATABASE_URL)';
console.log(`Database: ${where}`);

const applied = await migrateToLatest(handle.db);
if (applied.length) console.log(`Migrations applied: ${applied.join(', ')}`);
if (!(await isSeeded(handle.db))) {
  console.log(`Empty database: seeding ${config.seedStations.toLocaleString('en')} stations with demo history (first start only)...`);
  const started = Date.now();
  const display = createProgressDisplay();
  await seedDatabase(handle, { stations: config.seedStations, onProgress: display.onProgress });
  display.finish();
  console.log(`Seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

const { app } = buildApp({
  db: handle.db,
  logger,
  tokenKeys: { secret: config.jwtSecret, ttlSeconds: config.tokenTtlSeconds },
  clock: () => new Date(),
  webDist: config.webDist,
});

const server = app.listen(config.port, config.host, () => {
  const address = server.address();
  const url = `http://localhost:${typeof address === 'object' && address ? address.port : config.port}`;
  console.log(`\nReady: ${url}   (GraphQL: ${url}/graphql)`);
  console.log('Demo sign-ins (email / password):');
  for (const a of DEMO_ACCOUNTS) console.log(`  ${a.role.padEnd(22)} ${a.email} / ${a.password}`);
});

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down: finishing requests in flight');
  const force = setTimeout(() => process.exit(1), 10_000);
  force.unref();
  server.close(async () => {
    await handle.close();
    logger.info('stopped');
    process.exit(0);
  });
  server.closeIdleConnections();
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));

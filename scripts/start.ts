// `pnpm start` (and `pnpm dev`): the whole system on one port. Migrates the configured database and
// seeds it on the first start (with progress), or brings its reference factor sets up to date on
// later starts, then serves the API and the web app. Seeding lives
// here, not in the api package: the production server (api/src/server.ts) never loads the demo
// data generator.
import { rmSync } from 'node:fs';
import { loadConfig, serveInProcesses, type Config } from '@recycle/api';
import { createDb, migrateToLatest } from '@recycle/db';
import { createProgressDisplay, DEMO_ACCOUNTS, seedDatabase, seedState, syncReferenceFactorSets } from '@recycle/seeds';

function seedStations(): number {
  const n = Number(process.env.SEED_STATIONS ?? 10_000);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`SEED_STATIONS must be a positive integer, got "${process.env.SEED_STATIONS}"`);
  return n;
}

/** Migrates the configured database and seeds it when empty; starts over after an interrupted seed (embedded only). */
async function prepareDatabase(config: Config, stations: number): Promise<void> {
  const handle = await createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 });
  let state: Awaited<ReturnType<typeof seedState>>;
  try {
    const where =
      handle.kind === 'pglite'
        ? `embedded PostgreSQL (PGlite) in ${config.dataDir}`
        : 'PostgreSQL server (DATABASE_URL)';
    console.log(`Database: ${where}`);
    const applied = await migrateToLatest(handle.db);
    if (applied.length) console.log(`Migrations applied: ${applied.join(', ')}`);
    state = await seedState(handle.db);
    if (state === 'empty') {
      console.log(
        `Empty database: seeding ${stations.toLocaleString('en')} stations with demo history (first start only)...`,
      );
      const started = Date.now();
      const display = createProgressDisplay();
      await seedDatabase(handle, { stations, onProgress: display.onProgress });
      display.finish();
      console.log(`Seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    } else if (state !== 'interrupted') {
      // An existing database gets the reference factor sets published since it was seeded (frozen,
      // audited; the default moves to a new reference default unless an admin chose another).
      const added = await syncReferenceFactorSets(handle);
      if (added.length) console.log(`Reference factor sets added: ${added.join(', ')}`);
    }
  } finally {
    await handle.close();
  }
  if (state !== 'interrupted') return;
  // A seed suspends indexes for its bulk load: a half-seeded database is not repaired in place.
  if (handle.kind !== 'pglite') {
    throw new Error(
      'An earlier first start was interrupted while seeding this database, so it is incomplete. ' +
        'Drop and create the database again (or point DATABASE_URL at an empty one), then start.',
    );
  }
  console.log(`An earlier first start was interrupted while seeding; starting over with a new ${config.dataDir}.`);
  rmSync(config.dataDir, { recursive: true, force: true });
  return prepareDatabase(config, stations);
}

const config = loadConfig();
// API_WORKERS > 1: this process seeds, then supervises that many API processes (api/src/cluster.ts).
await serveInProcesses(config, {
  prepare: () => prepareDatabase(config, seedStations()),
  onReady: (url) => {
    console.log(`\nReady: ${url}   (GraphQL: ${url}/graphql)`);
    console.log('Demo sign-ins (email / password):');
    for (const a of DEMO_ACCOUNTS) console.log(`  ${a.role.padEnd(22)} ${a.email} / ${a.password}`);
  },
});

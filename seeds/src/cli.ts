// `pnpm db:seed [--stations N] [--seed N] [--now ISO] [--days N] [--reset]`
// Seeds the configured database (DATABASE_URL, or the embedded one in .data/pglite): migrates it,
// refuses to touch existing data unless --reset, then prints the row count of every table.
import { createDb, defaultDataDir, migrateToLatest, type DbHandle } from '@recycle/db';
import { parseArgs } from 'node:util';
import { exec } from './bulk-load.ts';
import { seedDatabase, seedState } from './load.ts';
import { createProgressDisplay } from './progress.ts';

const USAGE = `usage: pnpm db:seed [--stations N] [--seed N] [--now ISO] [--days N] [--reset]
  --stations N  stations to generate (default 10000)
  --seed N      random seed (default 42); same seed and --now give the same data
  --now ISO     the seed's "now" (default: the current time); no row is later than it
  --days N      history length in days (default: back to Oct 20 of the 11.11 season, at least 35)
  --reset       delete all data first (truncate ... restart identity), then seed`;

function positiveInt(name: string, value: string | undefined, fallback?: number): number | undefined {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got "${value}"`);
  return n;
}

function parseOptions() {
  const { values } = parseArgs({
    options: {
      stations: { type: 'string' },
      seed: { type: 'string' },
      now: { type: 'string' },
      days: { type: 'string' },
      reset: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const now = values.now === undefined ? new Date() : new Date(values.now);
  if (Number.isNaN(now.getTime())) throw new Error(`--now must be an ISO date, got "${values.now}"`);
  return {
    help: values.help,
    reset: values.reset,
    now,
    stations: positiveInt('stations', values.stations, 10_000)!,
    seed: values.seed === undefined ? 42 : Number(values.seed),
    days: positiveInt('days', values.days),
  };
}

/** The app's tables (everything but the migrator's bookkeeping), from the catalog. */
async function appTables(handle: DbHandle): Promise<string[]> {
  const tables = await handle.db.introspection.getTables();
  return tables
    .filter((t) => !t.isView && !t.name.startsWith('kysely_migration'))
    .map((t) => t.name)
    .sort();
}

async function rowCounts(handle: DbHandle, tables: string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const table of tables) {
    const row = await handle.db
      .selectFrom(table as 'city')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    counts.set(table, Number(row.n));
  }
  return counts;
}

async function main(): Promise<number> {
  const options = parseOptions();
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  const started = performance.now();
  const handle = await createDb();
  try {
    await migrateToLatest(handle.db);
    if ((await seedState(handle.db)) === 'interrupted') {
      // Its bulk-loaded tables may have lost their indexes: --reset would keep that damage.
      console.error(
        'An earlier seed of this database was interrupted, so it is incomplete; nothing was changed.\n' +
          (handle.kind === 'pglite'
            ? `Delete ${defaultDataDir()} and run again.`
            : 'Drop and create the database, then run again.'),
      );
      return 1;
    }
    const tables = await appTables(handle);
    const before = await rowCounts(handle, tables);
    const nonEmpty = [...before].filter(([, n]) => n > 0).map(([t]) => t);
    if (nonEmpty.length > 0 && !options.reset) {
      console.error(
        `The database already holds data (${nonEmpty.join(', ')}); nothing was changed.\n` +
          'Run `pnpm db:seed --reset` to delete ALL of it and seed again.',
      );
      return 1;
    }
    if (nonEmpty.length > 0) await exec(handle, `truncate table ${tables.join(', ')} restart identity cascade`);

    const display = createProgressDisplay();
    const summary = await seedDatabase(handle, { ...options, onProgress: display.onProgress });
    display.finish();

    const after = await rowCounts(handle, tables);
    const width = Math.max(...tables.map((t) => t.length));
    console.log(
      `seeded ${handle.kind} database: seed ${options.seed}, now ${options.now.toISOString()}, ` +
        `${summary.days} days`,
    );
    for (const [table, n] of after) console.log(`  ${table.padEnd(width)}  ${n.toLocaleString('en').padStart(12)}`);
    console.log(
      `seed ${(summary.ms / 1000).toFixed(1)} s, total with database start and migration ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    return 0;
  } finally {
    await handle.close();
  }
}

try {
  process.exitCode = await main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}

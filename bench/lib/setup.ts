// Database for the benchmark: a real PostgreSQL named by DATABASE_URL, migrated and seeded with the
// 10,000-station network grown to at least 1 M drop-offs (reused as is when already that big).
import os from 'node:os';
import { createDb, migrateToLatest, type DbHandle } from '../../db/src/index.ts';
import { seedDatabase } from '../../seeds/src/index.ts';

export const STATIONS = 10_000;
export const MIN_DROP_OFFS = 1_000_000;
/** History lengths tried in turn when a seed comes out below MIN_DROP_OFFS. */
const SEED_DAYS = [undefined, 60, 90] as const;

export function requireDatabaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url || !/^postgres(ql)?:\/\//.test(url)) {
    console.error(
      'pnpm bench needs a real PostgreSQL: set DATABASE_URL, e.g.\n' +
        '  pg_ctlcluster 15 main start && su postgres -c "createdb -O app recycle_bench"\n' +
        '  DATABASE_URL=postgres://app:app@localhost:5432/recycle_bench pnpm bench\n' +
        'The database is seeded on first use (10,000 stations, >= 1 M drop-offs, about a minute) and reused after.',
    );
    process.exit(2);
  }
  return url;
}

export async function countDropOffs(handle: DbHandle): Promise<number> {
  return Number((await handle.pool!.query('select count(*) as n from drop_off')).rows[0].n);
}

async function wipe(handle: DbHandle): Promise<void> {
  await handle.pool!
    .query(`truncate audit_entry, bin_pickup, station_day_total, city_day_total, drop_off, drop_off_key, app_user,
    station, emission_factor, emission_factor_set, package_material, city restart identity cascade`);
}

/** Migrates, and seeds when the database holds fewer than MIN_DROP_OFFS drop-offs. */
export async function prepareDatabase(
  databaseUrl: string,
  log: (s: string) => void,
): Promise<{ handle: DbHandle; seededMs: number | null }> {
  const handle = await createDb({ databaseUrl, poolSize: 20 });
  await migrateToLatest(handle.db);
  let count = await countDropOffs(handle);
  if (count >= MIN_DROP_OFFS) {
    log(`Reusing the seeded database: ${count.toLocaleString('en')} drop-offs`);
    return { handle, seededMs: null };
  }
  const stations = Number((await handle.pool!.query('select count(*) as n from station')).rows[0].n);
  if (stations > 0 && process.env.BENCH_RESEED !== '1') {
    await handle.close();
    throw new Error(
      `the database holds ${stations} stations but only ${count} drop-offs (< ${MIN_DROP_OFFS}): ` +
        'point DATABASE_URL at an empty database (createdb), or set BENCH_RESEED=1 to wipe this one and reseed it',
    );
  }
  const started = performance.now();
  for (const days of SEED_DAYS) {
    log(
      `Seeding ${STATIONS.toLocaleString('en')} stations, history ${days ? `${days} days` : 'default (11.11 season)'}...`,
    );
    if (stations > 0 || days !== SEED_DAYS[0]) await wipe(handle);
    let lastPrint = 0;
    const summary = await seedDatabase(handle, {
      stations: STATIONS,
      seed: 42,
      ...(days ? { days } : {}),
      onProgress: (phase, done, total) => {
        const now = performance.now();
        if (now - lastPrint < 3000 && done < total) return;
        lastPrint = now;
        log(
          `  ${phase.padEnd(10)} ${done.toLocaleString('en')}/${total.toLocaleString('en')}  ${((now - started) / 1000).toFixed(0)} s`,
        );
      },
    });
    count = summary.dropOffs;
    log(`  ${count.toLocaleString('en')} drop-offs over ${summary.days} days in ${(summary.ms / 1000).toFixed(1)} s`);
    if (count >= MIN_DROP_OFFS) break;
  }
  if (count < MIN_DROP_OFFS) throw new Error(`seed produced only ${count} drop-offs`);
  return { handle, seededMs: performance.now() - started };
}

export interface MachineInfo {
  cores: number;
  cpu: string;
  memoryGb: number;
  node: string;
  postgres: string;
  dropOffs: number;
  stations: number;
  date: string;
  /** 1-minute load average when the run started: other work on the machine skews every figure. */
  loadAverage: number;
}

export async function machineInfo(handle: DbHandle): Promise<MachineInfo> {
  const q = (text: string) => handle.pool!.query(text).then((r) => r.rows[0]);
  return {
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    postgres: (await q(`select current_setting('server_version') as v`)).v,
    dropOffs: await countDropOffs(handle),
    stations: Number((await q('select count(*) as n from station')).n),
    date: new Date().toISOString(),
    loadAverage: Math.round(os.loadavg()[0]! * 10) / 10,
  };
}

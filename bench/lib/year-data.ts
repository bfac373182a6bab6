// The database for `pnpm bench:year`: 100,000 stations (the seeder, over the 11.11 season) and then
// a year of history behind it. Seeding a year at season density through the generator would take
// about an hour of COPY here, so the seeded season is copied back in SQL, block after block, each
// shifted by a whole number of weeks (so a copied week rollup row is still a Monday's) and by at
// least the season's length (so no copy lands on another's days). Raw rows and every rollup are
// copied with the same shift, so the rollups still equal the raw rows (checked at the end).
import type { DbHandle } from '../../db/src/index.ts';
import { createDb, ensureDropOffPartitions, migrateToLatest } from '../../db/src/index.ts';
import { seedDatabase } from '../../seeds/src/index.ts';
import { withBulkLoad } from '../../seeds/src/bulk-load.ts';

const DAY_MS = 86_400_000;

export interface YearDatabase {
  handle: DbHandle;
  stations: number;
  dropOffs: number;
  /** First and last local day of the raw rows. */
  firstDay: string;
  lastDay: string;
  /** Whether the history already reached a year back when the run began. */
  wasExtended: boolean;
}

const q1 = async (h: DbHandle, text: string, params: unknown[] = []) => (await h.pool!.query(text, params)).rows[0];

async function describe(handle: DbHandle, wasExtended: boolean): Promise<YearDatabase> {
  const r = await q1(
    handle,
    `select (select count(*) from station) as stations, (select count(*) from drop_off) as drop_offs,
       (select min(local_day)::text from drop_off) as first_day, (select max(local_day)::text from drop_off) as last_day`,
  );
  return {
    handle,
    stations: Number(r.stations),
    dropOffs: Number(r.drop_offs),
    firstDay: r.first_day,
    lastDay: r.last_day,
    wasExtended,
  };
}

/** Migrates and seeds `stations` over the season when the database is empty; reuses it otherwise. */
export async function prepareSeasonDatabase(
  url: string,
  stations: number,
  log: (s: string) => void,
): Promise<YearDatabase> {
  const handle = await createDb({ databaseUrl: url, poolSize: 10 });
  await migrateToLatest(handle.db);
  const have = Number((await q1(handle, 'select count(*) as n from station')).n);
  if (have === 0) {
    const started = performance.now();
    let lastPrint = 0;
    log(`Seeding ${stations.toLocaleString('en')} stations over the 11.11 season...`);
    const s = await seedDatabase(handle, {
      stations,
      seed: 42,
      onProgress: (phase, done, total) => {
        const now = performance.now();
        if (now - lastPrint < 10_000 && done < total) return;
        lastPrint = now;
        log(`  ${phase.padEnd(10)} ${done.toLocaleString('en')}/${total.toLocaleString('en')}`);
      },
    });
    log(`  ${s.dropOffs.toLocaleString('en')} drop-offs in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  } else if (have !== stations) {
    await handle.close();
    throw new Error(`BENCH_YEAR_DATABASE_URL holds ${have} stations, not ${stations}: point it at an empty database`);
  }
  const d = await describe(handle, false);
  return { ...d, wasExtended: reachesBack(d.firstDay, d.lastDay) };
}

/** A year back from the last day, at most a week short (blocks are whole weeks). */
function reachesBack(firstDay: string, lastDay: string): boolean {
  return Date.parse(lastDay) - Date.parse(firstDay) >= 358 * DAY_MS;
}

/**
 * Copies the seeded season back until the history covers a year. Resumable: a block whose days
 * already hold rows is not copied again (each block is one transaction).
 */
export async function extendToYear(db: YearDatabase, log: (s: string) => void): Promise<YearDatabase> {
  const h = db.handle;
  // The seeded season is remembered in the bench database itself before the first copy, so a run
  // that stopped half-way copies the same season again, not an older copy of it.
  await h.pool!.query(`create table if not exists bench_year_season (first date not null, last date not null)`);
  await h.pool!.query(`insert into bench_year_season select min(local_day), max(local_day) from drop_off
    where not exists (select 1 from bench_year_season)`);
  const season: Season = await q1(
    h,
    `select first::text, last::text, date_trunc('week', first)::date::text as first_week,
            date_trunc('week', last)::date::text as last_week from bench_year_season`,
  );
  const seasonDays = (Date.parse(season.last) - Date.parse(season.first)) / DAY_MS + 1;
  // Whole weeks, and every week the season touches: a copy's last week comes before the season's first.
  const shiftDays = (Date.parse(season.last_week) - Date.parse(season.first_week)) / DAY_MS + 7;
  const blocks = Math.ceil((365 - seasonDays) / shiftDays);
  log(
    `Extending to a year: the season ${season.first}..${season.last} (${seasonDays} days) copied ${blocks}× back, ` +
      `${shiftDays} days apart`,
  );
  // As the seeder loads: foreign keys and secondary indexes off for the copies, rebuilt once after
  // (row by row they made a copy ~30,000 rows/s here).
  await withBulkLoad(
    h,
    ['drop_off', 'station_day_total', 'station_week_total', 'city_day_total'],
    () => copyBlocks(h, season, shiftDays, blocks, log),
    () => log('  rebuilding indexes and foreign keys...'),
  );
  log('  analyze...');
  await h.pool!.query('analyze');
  return describe(h, db.wasExtended);
}

interface Season {
  first: string;
  last: string;
  first_week: string;
  last_week: string;
}

async function copyBlocks(h: DbHandle, season: Season, shiftDays: number, blocks: number, log: (s: string) => void) {
  for (let k = 1; k <= blocks; k++) {
    const shift = k * shiftDays;
    const iv = `interval '${shift} days'`;
    const from = new Date(Date.parse(season.first) - shift * DAY_MS).toISOString().slice(0, 10);
    const to = new Date(Date.parse(season.last) - shift * DAY_MS).toISOString().slice(0, 10);
    const present = await q1(h, `select exists (select 1 from city_day_total where day between $1 and $2) as yes`, [
      from,
      to,
    ]);
    if (present.yes) {
      log(`  block ${k}/${blocks} (${from}..${to}) already there`);
      continue;
    }
    const started = performance.now();
    await ensureDropOffPartitions(h.db, new Date(Date.parse(from) - 2 * DAY_MS), new Date(Date.parse(to) + 2 * DAY_MS));
    const client = await h.pool!.connect();
    try {
      await client.query('begin');
      await client.query(`set local synchronous_commit = off`);
      const n = await client.query(
        `insert into drop_off (station_id, occurred_at, local_day, material_code, quantity, mass_kg, mass_weighed,
           outcome, idempotency_key, created_at, voided_at, void_reason)
         select station_id, occurred_at - ${iv}, local_day - ${shift}, material_code, quantity, mass_kg, mass_weighed,
           outcome, idempotency_key || '-y${k}', created_at - ${iv}, voided_at - ${iv}, void_reason
           from drop_off where local_day between $1 and $2`,
        [season.first, season.last],
      );
      for (const [table, period] of [
        ['station_day_total', 'day'],
        ['station_week_total', 'week'],
        ['city_day_total', 'day'],
      ] as const) {
        const key = table === 'city_day_total' ? 'city_code, shard' : 'station_id';
        const extra = table === 'city_day_total' ? ', writes' : '';
        await client.query(
          `insert into ${table} (${key}, ${period}, material_code, outcome, entries, quantity, mass_kg, mass_kg_weighed${extra})
           select ${key}, ${period} - ${shift}, material_code, outcome, entries, quantity, mass_kg, mass_kg_weighed${extra}
             from ${table} where ${period} between $1 and $2`,
          period === 'week' ? [season.first_week, season.last_week] : [season.first, season.last],
        );
      }
      await client.query('commit');
      log(
        `  block ${k}/${blocks} (${from}..${to}): ${n.rowCount!.toLocaleString('en')} drop-offs in ${((performance.now() - started) / 1000).toFixed(0)} s`,
      );
    } catch (err) {
      await client.query('rollback').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }
}

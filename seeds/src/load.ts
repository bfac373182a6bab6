// Loads a generated network into a migrated, empty database: reference data, stations, demo users,
// drop-offs, pickups and day totals through COPY (streamed station by station, so memory stays
// bounded at 100,000 stations), then each station's bin level and last report set-based in SQL.
import { cityRollupShard, copyRows, ensureDropOffPartitions, type DbHandle } from '@recycle/db';
import { exec, withBulkLoad } from './bulk-load.ts';
import { historyDays, localDayStart } from './calendar.ts';
import { seedDemoAccounts } from './demo-accounts.ts';
import { seedPointsCampaign } from './points.ts';
import { generateStationHistory, VOID_REASON, type StationHistory } from './history.ts';
import { generateStations, type StationSeed } from './network.ts';
import { CityDayTotals, gramsToKg, stationDayTotals, stationWeekTotals } from './rollups.ts';
import { CITIES, seedReference } from './reference.ts';

export interface SeedOptions {
  seed?: number;
  stations?: number;
  now?: Date;
  /** History length in local days; default: the 11.11 season or 35 days, whichever is longer. */
  days?: number;
  /** `rows` is the number of rows written so far in the phase, for a rows/s display. */
  onProgress?: (phase: string, done: number, total: number, rows?: number) => void;
}

export interface SeedSummary {
  stations: number;
  dropOffs: number;
  pickups: number;
  users: number;
  days: number;
  ms: number;
}

const CHUNK_ROWS = 50_000;
const BULK_TABLES = ['drop_off', 'bin_pickup', 'station_day_total', 'station_week_total', 'city_day_total'];

const DROP_OFF_COLUMNS = [
  'station_id',
  'occurred_at',
  'local_day',
  'material_code',
  'quantity',
  'mass_kg',
  'mass_weighed',
  'outcome',
  'idempotency_key',
  'created_at',
  'voided_at',
  'void_reason',
];
const STATION_COLUMNS = [
  'code',
  'city_code',
  'district',
  'name',
  'address',
  'lat',
  'lng',
  'bin_capacity',
  'status',
  'created_at',
  'updated_at',
];
const PICKUP_COLUMNS = ['station_id', 'picked_up_at', 'kg', 'items_cleared'];
const DAY_TOTAL_COLUMNS = [
  'station_id',
  'day',
  'material_code',
  'outcome',
  'entries',
  'quantity',
  'mass_kg',
  'mass_kg_weighed',
];

const WEEK_TOTAL_COLUMNS = ['station_id', 'week', ...DAY_TOTAL_COLUMNS.slice(2)];

type Cell = string | number | boolean | Date | null;

const SEED_STARTED = 'seed:started';
const SEED_COMPLETE = 'seed:complete';

async function mark(handle: DbHandle, action: string, after: Record<string, unknown>): Promise<void> {
  await handle.db
    .insertInto('audit_entry')
    .values({ action, entity: 'database', entity_id: 'seed', after: JSON.stringify(after) })
    .execute();
}

/**
 * empty: nothing yet; complete: seeded; interrupted: a seed started and never finished (its tables
 * may lack indexes: start from a new database); other: data that did not come from the seeder.
 */
export async function seedState(db: DbHandle['db']): Promise<'empty' | 'complete' | 'interrupted' | 'other'> {
  const marks = await db
    .selectFrom('audit_entry')
    .select('action')
    .where('action', 'in', [SEED_STARTED, SEED_COMPLETE])
    .where('entity', '=', 'database')
    .execute();
  if (marks.some((m) => m.action === SEED_COMPLETE)) return 'complete';
  if (marks.length > 0) return 'interrupted';
  return (await isSeeded(db)) ? 'other' : 'empty';
}

/** True when the database already holds a network (any station). */
export async function isSeeded(db: DbHandle['db']): Promise<boolean> {
  return (await db.selectFrom('station').select('id').limit(1).executeTakeFirst()) !== undefined;
}

async function loadStations(handle: DbHandle, stations: StationSeed[], createdAt: Date, now: Date) {
  const rows: Cell[][] = stations.map((s) => [
    s.code,
    s.cityCode,
    s.district,
    s.name,
    s.address,
    s.lat,
    s.lng,
    s.binCapacity,
    s.plan === 'STALE' ? 'OPEN' : s.plan,
    createdAt,
    now,
  ]);
  for (let i = 0; i < rows.length; i += CHUNK_ROWS) {
    await copyRows(handle, 'station', STATION_COLUMNS, rows.slice(i, i + CHUNK_ROWS));
  }
  const ids = await handle.db.selectFrom('station').select(['id', 'code']).execute();
  return new Map(ids.map((r) => [r.code, r.id]));
}

function dropOffCells(stationId: number, h: StationHistory, out: Cell[][]): void {
  for (const r of h.dropOffs) {
    const at = new Date(r.occurredAt).toISOString();
    out.push([
      stationId,
      at,
      r.localDay,
      r.materialCode,
      r.quantity,
      r.massKg,
      r.massWeighed,
      r.outcome,
      r.idempotencyKey,
      at,
      r.voidedAt === null ? null : new Date(r.voidedAt),
      r.voidedAt === null ? null : VOID_REASON,
    ]);
  }
}

/** Rows for one table, COPYed whenever CHUNK_ROWS have accumulated. */
class CopyBuffer {
  private rows: Cell[][] = [];
  written = 0;
  constructor(
    private readonly handle: DbHandle,
    private readonly table: string,
    private readonly columns: string[],
  ) {}

  get pending(): Cell[][] {
    return this.rows;
  }

  async flush(force = false): Promise<void> {
    if (this.rows.length === 0 || (!force && this.rows.length < CHUNK_ROWS)) return;
    await copyRows(this.handle, this.table, this.columns, this.rows);
    this.written += this.rows.length;
    this.rows = [];
  }
}

/** Generate and COPY every station's history and day totals; returns the row counts. */
async function loadHistory(
  handle: DbHandle,
  stations: StationSeed[],
  ids: Map<string, number>,
  options: { seed: number; now: Date; days: string[]; onProgress?: SeedOptions['onProgress'] },
) {
  const dropOffs = new CopyBuffer(handle, 'drop_off', DROP_OFF_COLUMNS);
  const pickups = new CopyBuffer(handle, 'bin_pickup', PICKUP_COLUMNS);
  const dayTotals = new CopyBuffer(handle, 'station_day_total', DAY_TOTAL_COLUMNS);
  const weekTotals = new CopyBuffer(handle, 'station_week_total', WEEK_TOTAL_COLUMNS);
  const cityTotals = new CityDayTotals();
  for (let i = 0; i < stations.length; i++) {
    const station = stations[i]!;
    const id = ids.get(station.code)!;
    const history = generateStationHistory(station, options);
    dropOffCells(id, history, dropOffs.pending);
    for (const p of history.pickups) pickups.pending.push([id, new Date(p.pickedUpAt), p.kg, p.itemsCleared]);
    const totals = stationDayTotals(history.dropOffs);
    for (const t of totals) {
      dayTotals.pending.push([
        id,
        t.day,
        t.materialCode,
        t.outcome,
        t.entries,
        t.quantity,
        gramsToKg(t.massGrams),
        gramsToKg(t.weighedGrams),
      ]);
    }
    for (const t of stationWeekTotals(totals)) {
      weekTotals.pending.push([
        id,
        t.day,
        t.materialCode,
        t.outcome,
        t.entries,
        t.quantity,
        gramsToKg(t.massGrams),
        gramsToKg(t.weighedGrams),
      ]);
    }
    cityTotals.add(station.cityCode, cityRollupShard(id), totals);
    const last = i === stations.length - 1;
    if (dropOffs.pending.length >= CHUNK_ROWS || last) {
      await dropOffs.flush(true);
      options.onProgress?.('drop-offs', i + 1, stations.length, dropOffs.written);
    }
    await pickups.flush(last);
    await dayTotals.flush(last);
    await weekTotals.flush(last);
  }
  const cityRows: Cell[][] = cityTotals
    .rows()
    .map((t) => [
      t.cityCode,
      t.day,
      t.materialCode,
      t.outcome,
      t.shard,
      t.entries,
      t.quantity,
      gramsToKg(t.massGrams),
      gramsToKg(t.weighedGrams),
    ]);
  await copyRows(
    handle,
    'city_day_total',
    ['city_code', 'day', 'material_code', 'outcome', 'shard', ...DAY_TOTAL_COLUMNS.slice(4)],
    cityRows,
  );
  return { dropOffs: dropOffs.written, pickups: pickups.written };
}

// Station state after the load, set-based from the rows just written. Day totals were COPYed with
// the rows (rollups.ts).
const FINISH_SQL = [
  // Fresh statistics first: without them the planner takes the 1 M-row drop_off for an empty table.
  'analyze drop_off, bin_pickup, station',
  // Bin level = RECYCLED items logged after the last pickup (reused boxes left over the counter).
  // A FULL plan whose short history could not fill the bin is shown as OPEN rather than lie.
  // items_day/items_on_day (the map's "today"): the latest local day with any entry, voided ones
  // included, and its non-voided items, as the API keeps them on each batch and void.
  `update station s set
     bin_items = x.bin_items,
     last_reported_at = x.last_reported_at,
     last_pickup_at = x.last_pickup_at,
     items_day = x.items_day,
     items_on_day = x.items_on_day,
     status = case when s.status = 'FULL' and x.bin_items < s.bin_capacity then 'OPEN' else s.status end
   from (
     select st.id, r.last_reported_at, p.last_pickup_at, coalesce(b.items, 0) as bin_items, r.items_day,
       coalesce((select sum(t.quantity) from station_day_total t
         where t.station_id = st.id and t.day = r.items_day), 0) as items_on_day
     from station st
     left join (select station_id, max(occurred_at) as last_reported_at, max(local_day) as items_day
       from drop_off group by station_id) r
       on r.station_id = st.id
     left join (select station_id, max(picked_up_at) as last_pickup_at from bin_pickup group by station_id) p
       on p.station_id = st.id
     left join (
       select d.station_id, sum(d.quantity) as items
       from drop_off d
       left join (select station_id, max(picked_up_at) as at from bin_pickup group by station_id) lp
         on lp.station_id = d.station_id
       where d.voided_at is null and d.outcome = 'RECYCLED' and (lp.at is null or d.occurred_at > lp.at)
       group by d.station_id
     ) b on b.station_id = st.id
   ) x
   where x.id = s.id`,
  'analyze station, station_day_total, station_week_total, city_day_total',
];

/**
 * Seed a migrated, empty database. Deterministic for a given (seed, stations, now, days).
 * Example: await seedDatabase(handle, { stations: 200, now: new Date('2026-11-25T04:00:00Z') })
 */
export async function seedDatabase(handle: DbHandle, options: SeedOptions = {}): Promise<SeedSummary> {
  const started = performance.now();
  const seed = options.seed ?? 42;
  const now = options.now ?? new Date();
  const days = historyDays(now, options.days);
  const progress = options.onProgress;

  // Markers around the whole seed: a first start killed half-way is recognised (seedState) rather
  // than taken for a seeded database.
  await mark(handle, SEED_STARTED, { seed, stations: options.stations ?? 10_000, now: now.toISOString() });
  progress?.('reference', 0, 1);
  await seedReference(handle);
  progress?.('reference', 1, 1);

  const stations = generateStations({ seed, stations: options.stations ?? 10_000 });
  progress?.('stations', 0, stations.length);
  const ids = await loadStations(handle, stations, new Date(localDayStart(days[0]!)), now);
  progress?.('stations', stations.length, stations.length, stations.length);

  const users = await seedDemoAccounts(handle, ids, new Set(CITIES.map((c) => c.code)));
  progress?.('users', users, users);
  await seedPointsCampaign(handle, now);

  // drop_off is partitioned by month: the history's months must exist before the COPY
  await ensureDropOffPartitions(handle.db, new Date(localDayStart(days[0]!)), now);
  const counts = await withBulkLoad(
    handle,
    BULK_TABLES,
    async () => {
      progress?.('drop-offs', 0, stations.length, 0);
      const loaded = await loadHistory(handle, stations, ids, { seed, now, days, onProgress: progress });
      for (let i = 0; i < FINISH_SQL.length; i++) {
        progress?.('station state', i, FINISH_SQL.length);
        await exec(handle, FINISH_SQL[i]!);
      }
      return loaded;
    },
    () => progress?.('indexes', 0, 1),
  );
  progress?.('indexes', 1, 1);
  await mark(handle, SEED_COMPLETE, { dropOffs: counts.dropOffs });

  return { stations: stations.length, ...counts, users, days: days.length, ms: performance.now() - started };
}

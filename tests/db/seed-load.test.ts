// Loads a 200-station network and checks what the app relies on: day totals that equal the rows
// they summarize, reference data, demo logins, and station states as planned. Runs on embedded
// PGlite, or on the PostgreSQL server in DATABASE_URL (in a throwaway database).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, verifyPassword, type DbHandle } from '@recycle/db';
import { DEMO_ACCOUNTS, generateStations, seedDatabase, seedState, type SeedSummary } from '@recycle/seeds';
import { openThrowawayDb } from '@recycle/testing';

const NOW = new Date('2026-11-25T04:00:00Z');
const STATIONS = 200;
const DAY_AGO = new Date(NOW.getTime() - 24 * 3_600_000);

async function query<T = Record<string, unknown>>(
  handle: DbHandle,
  text: string,
  params: unknown[] = [],
): Promise<T[]> {
  if (handle.pglite) return (await handle.pglite.query<T>(text, params)).rows;
  return (await handle.pool!.query(text, params)).rows as T[];
}

describe('seedDatabase (200 stations, now 2026-11-25T04:00Z)', () => {
  let handle: DbHandle;
  let cleanup: () => Promise<void>;
  let summary: SeedSummary;
  const plan = new Map(generateStations({ seed: 42, stations: STATIONS }).map((s) => [s.code, s.plan]));

  beforeAll(async () => {
    const empty = await openThrowawayDb();
    handle = empty;
    cleanup = empty.dispose;
    await migrateToLatest(handle.db);
    summary = await seedDatabase(handle, { stations: STATIONS, now: NOW, seed: 42 });
  });
  afterAll(async () => cleanup?.());

  it('marks the database as completely seeded (a killed first start would read "interrupted")', async () => {
    expect(await seedState(handle.db)).toBe('complete');
  });

  it('reports the rows it wrote', async () => {
    const [counts] = await query<{ stations: number; drop_offs: number; pickups: number }>(
      handle,
      `
      select (select count(*) from station) as stations, (select count(*) from drop_off) as drop_offs,
        (select count(*) from bin_pickup) as pickups`,
    );
    expect(counts).toEqual({ stations: STATIONS, drop_offs: summary.dropOffs, pickups: summary.pickups });
    // ~100 rows per station over 37 days (1.1 M for 10,000 stations)
    expect(summary.dropOffs).toBeGreaterThan(STATIONS * 70);
    expect(summary.dropOffs).toBeLessThan(STATIONS * 130);
    expect(summary.days).toBe(37);
  });

  it('keeps station_day_total equal to a direct SUM over non-voided drop-offs', async () => {
    const [diff] = await query<{ n: number }>(
      handle,
      `
      with direct as (
        select station_id, local_day as day, material_code, outcome,
          count(*) as entries, sum(quantity) as quantity, sum(mass_kg) as mass_kg,
          coalesce(sum(mass_kg) filter (where mass_weighed), 0) as mass_kg_weighed
        from drop_off where voided_at is null group by 1, 2, 3, 4
      ), rollup as (
        select station_id, day, material_code, outcome, entries::bigint, quantity, mass_kg, mass_kg_weighed from station_day_total
      )
      select count(*) as n from ((select * from direct except select * from rollup)
        union all (select * from rollup except select * from direct)) d`,
    );
    expect(diff!.n).toBe(0);
    const [totals] = await query<{ rollup: number; direct: number }>(
      handle,
      `
      select (select sum(quantity) from station_day_total) as rollup,
        (select sum(quantity) from drop_off where voided_at is null) as direct`,
    );
    expect(totals!.rollup).toBe(totals!.direct);
    expect(totals!.rollup).toBeGreaterThan(0);
  });

  it('keeps station_week_total equal to a direct SUM over non-voided drop-offs by ISO week', async () => {
    const [diff] = await query<{ n: number; weeks: number }>(
      handle,
      `
      with direct as (
        select station_id, date_trunc('week', local_day::timestamp)::date as week, material_code, outcome,
          count(*) as entries, sum(quantity) as quantity, sum(mass_kg) as mass_kg,
          coalesce(sum(mass_kg) filter (where mass_weighed), 0) as mass_kg_weighed
        from drop_off where voided_at is null group by 1, 2, 3, 4
      ), rollup as (
        select station_id, week, material_code, outcome, entries::bigint, quantity, mass_kg, mass_kg_weighed from station_week_total
      )
      select (select count(*) from ((select * from direct except select * from rollup)
        union all (select * from rollup except select * from direct)) d)::int as n,
        (select count(distinct week) from station_week_total)::int as weeks`,
    );
    expect(diff!.n).toBe(0);
    expect(diff!.weeks).toBeGreaterThanOrEqual(6);
  });

  it('keeps city_day_total equal to a direct SUM per city and rollup shard (station id % 16)', async () => {
    const [diff] = await query<{ n: number }>(
      handle,
      `
      with direct as (
        select s.city_code, d.local_day as day, d.material_code, d.outcome, (s.id % 16)::smallint as shard,
          count(*) as entries, sum(d.quantity) as quantity, sum(d.mass_kg) as mass_kg,
          coalesce(sum(d.mass_kg) filter (where d.mass_weighed), 0) as mass_kg_weighed
        from drop_off d join station s on s.id = d.station_id
        where d.voided_at is null group by 1, 2, 3, 4, 5
      ), rollup as (
        select city_code, day, material_code, outcome, shard, entries, quantity, mass_kg, mass_kg_weighed from city_day_total
      )
      select count(*) as n from ((select * from direct except select * from rollup)
        union all (select * from rollup except select * from direct)) d`,
    );
    expect(diff!.n).toBe(0);
    const cities = await query<{ city_code: string }>(handle, 'select distinct city_code from city_day_total');
    expect(cities).toHaveLength(20);
  });

  it('excludes the ~0.3% voided rows, which carry a reason', async () => {
    const [v] = await query<{ voided: number; total: number; bad: number }>(
      handle,
      `
      select count(*) filter (where voided_at is not null) as voided, count(*) as total,
        count(*) filter (where voided_at is not null and (void_reason <> 'seed: wrong material'
          or voided_by is not null or voided_at < occurred_at or voided_at > $1)) as bad
      from drop_off`,
      [NOW],
    );
    expect(v!.voided / v!.total).toBeGreaterThan(0.001);
    expect(v!.voided / v!.total).toBeLessThan(0.006);
    expect(v!.bad).toBe(0);
  });

  it('writes nothing after now', async () => {
    const [late] = await query<{ drop_offs: number; pickups: number }>(
      handle,
      `
      select (select count(*) from drop_off where occurred_at > $1) as drop_offs,
        (select count(*) from bin_pickup where picked_up_at > $1) as pickups`,
      [NOW],
    );
    expect(late).toEqual({ drop_offs: 0, pickups: 0 });
  });

  it('loads the reference data: 20 cities, 6 materials, 6 factor sets with one default (CN-2026)', async () => {
    const [r] = await query<{
      cities: number;
      materials: number;
      sets: number;
      defaults: string;
      factors: number;
      out_of_range: number;
    }>(
      handle,
      `
      select (select count(*) from city) as cities, (select count(*) from package_material) as materials,
        (select count(*) from emission_factor_set) as sets,
        (select string_agg(version, ',') from emission_factor_set where is_default) as defaults,
        (select count(*) from emission_factor) as factors,
        (select count(*) from emission_factor where not (low <= value and value <= high)) as out_of_range`,
    );
    expect(r).toEqual({ cities: 20, materials: 6, sets: 6, defaults: 'CN-2026', factors: 72, out_of_range: 0 });
    const [box] = await query<{ value: number; unit: string }>(
      handle,
      `
      select f.value, f.unit from emission_factor f join emission_factor_set s on s.id = f.factor_set_id
      where s.version = 'CAINIAO-CEUCC-2021' and f.material_code = 'BOX_M' and f.outcome = 'REUSED'`,
    );
    expect(box).toEqual({ value: 0.037, unit: 'PER_ITEM' });
  });

  it('creates the four demo accounts; the staff one works at an open, reporting SH-00001', async () => {
    const users = await query<{
      email: string;
      role: string;
      password_hash: string;
      station_code: string | null;
      city_code: string | null;
    }>(
      handle,
      `
      select u.email, u.role, u.password_hash, s.code as station_code, u.city_code
      from app_user u left join station s on s.id = u.station_id order by u.id`,
    );
    expect(users.map((u) => [u.email, u.role, u.station_code, u.city_code])).toEqual([
      ['admin@demo.recycle.cn', 'ADMIN', null, null],
      ['analyst@demo.recycle.cn', 'SUSTAINABILITY_ANALYST', null, null],
      ['manager.sh@demo.recycle.cn', 'CITY_MANAGER', null, 'SH'],
      ['staff.sh00001@demo.recycle.cn', 'STATION_STAFF', 'SH-00001', null],
    ]);
    const staff = DEMO_ACCOUNTS.find((a) => a.role === 'STATION_STAFF')!;
    expect(await verifyPassword(staff.password, users[3]!.password_hash)).toBe(true);
    expect(await verifyPassword('wrong', users[3]!.password_hash)).toBe(false);
    const [sh1] = await query<{ status: string; last_reported_at: Date }>(
      handle,
      `select status, last_reported_at from station where code = 'SH-00001'`,
    );
    expect(sh1!.status).toBe('OPEN');
    expect(sh1!.last_reported_at.getTime()).toBeGreaterThan(DAY_AGO.getTime());
  });

  it('leaves station statuses as planned (~86% open, 4% full, 3% closed, 2% maintenance, 5% stale)', async () => {
    const rows = await query<{ code: string; status: string; last_reported_at: Date | null }>(
      handle,
      'select code, status, last_reported_at from station',
    );
    const expected = { OPEN: 0, FULL: 0, CLOSED: 0, MAINTENANCE: 0 } as Record<string, number>;
    for (const p of plan.values()) expected[p === 'STALE' ? 'OPEN' : p]! += 1;
    const actual = { OPEN: 0, FULL: 0, CLOSED: 0, MAINTENANCE: 0 } as Record<string, number>;
    for (const r of rows) actual[r.status]! += 1;
    expect(actual).toEqual(expected);
    const stale = [...plan.values()].filter((p) => p === 'STALE').length;
    expect(actual.OPEN! / STATIONS).toBeGreaterThan(0.8);
    expect(actual.FULL).toBeGreaterThan(0);
    expect(stale).toBeGreaterThan(0);

    for (const r of rows) {
      const p = plan.get(r.code)!;
      const reported = r.last_reported_at!.getTime();
      // STALE = nothing for 24 h; CLOSED and MAINTENANCE went quiet 1-5 days ago; the rest report daily
      if (p === 'STALE' || p === 'CLOSED' || p === 'MAINTENANCE') expect(reported).toBeLessThan(DAY_AGO.getTime());
      else expect(reported).toBeGreaterThanOrEqual(DAY_AGO.getTime());
      expect(reported).toBeLessThanOrEqual(NOW.getTime());
    }
  });

  it('fills bins consistently: FULL at or over capacity, pickups plus bin = recycled items', async () => {
    const rows = await query<{
      code: string;
      status: string;
      bin_items: number;
      bin_capacity: number;
      recycled: number;
      cleared: number;
      after_last_pickup: number;
      last_pickup_ok: boolean;
    }>(
      handle,
      `
      select s.code, s.status, s.bin_items, s.bin_capacity,
        coalesce((select sum(quantity) from drop_off d where d.station_id = s.id and d.voided_at is null
          and d.outcome = 'RECYCLED'), 0) as recycled,
        coalesce((select sum(items_cleared) from bin_pickup p where p.station_id = s.id), 0) as cleared,
        coalesce((select sum(quantity) from drop_off d where d.station_id = s.id and d.voided_at is null
          and d.outcome = 'RECYCLED' and d.occurred_at > coalesce(s.last_pickup_at, '-infinity')), 0) as after_last_pickup,
        s.last_pickup_at is not distinct from (select max(picked_up_at) from bin_pickup p where p.station_id = s.id)
          as last_pickup_ok
      from station s`,
    );
    for (const r of rows) {
      expect(r.cleared + r.bin_items, r.code).toBe(r.recycled);
      expect(r.bin_items, r.code).toBe(r.after_last_pickup);
      expect(r.last_pickup_ok, r.code).toBe(true);
      if (r.status === 'FULL') expect(r.bin_items, r.code).toBeGreaterThanOrEqual(r.bin_capacity);
      else expect(r.bin_items, r.code).toBeLessThan(r.bin_capacity);
    }
    const [p] = await query<{ n: number; bad: number }>(
      handle,
      'select count(*) as n, count(*) filter (where kg <= 0 or items_cleared <= 0) as bad from bin_pickup',
    );
    expect(p!.n).toBeGreaterThan(STATIONS);
    expect(p!.bad).toBe(0);
  });

  it("keeps each station's latest local day and its items for the map", async () => {
    const [r] = await query<{ n: number; bad: number; today: number }>(
      handle,
      `
      select count(*) as n, count(*) filter (where s.items_day is distinct from m.day or s.items_on_day <> coalesce(
          (select sum(d.quantity) from drop_off d
           where d.station_id = s.id and d.voided_at is null and d.local_day = m.day), 0)) as bad,
        count(*) filter (where s.items_day = '2026-11-25') as today
      from station s, lateral (select max(local_day) as day from drop_off where station_id = s.id) m`,
    );
    expect(r!.n).toBe(STATIONS);
    expect(r!.bad).toBe(0);
    // At noon in Shanghai, stations open since 08:00 and logging ~3 batches a day: some have.
    expect(r!.today).toBeGreaterThan(STATIONS / 4);
  });

  it('restores the indexes and session settings it suspends during the bulk load', async () => {
    const indexes = await query<{ indexname: string }>(
      handle,
      `
      select indexname from pg_indexes
      where tablename in ('drop_off', 'bin_pickup', 'station_day_total', 'city_day_total') order by indexname`,
    );
    expect(indexes.map((i) => i.indexname)).toEqual([
      'bin_pickup_pk',
      'bin_pickup_station_idx',
      'city_day_total_day_idx',
      'city_day_total_pk',
      'drop_off_idempotency_key',
      'drop_off_pk',
      'drop_off_station_time_idx',
      'station_day_total_day_idx',
      'station_day_total_pk',
    ]);
    const [c] = await query<{ contype: string }>(
      handle,
      `select contype from pg_constraint where conname = 'drop_off_idempotency_key'`,
    );
    expect(c!.contype).toBe('u');
    const [role] = await query<{ session_replication_role: string }>(handle, 'show session_replication_role');
    expect(role!.session_replication_role).toBe('origin');
  });
});

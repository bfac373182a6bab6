// The definitions every derived counter must equal, written as direct queries over raw rows:
// - station_day_total / city_day_total: sums over the non-voided drop-offs by local day;
// - station_week_total: the same by ISO week (the Monday of the local day's week);
// - station.bin_items: non-voided RECYCLED items that occurred strictly after the station's last
//   pickup (last_pickup_at = the latest picked_up_at of its pickups);
// - station.items_day / items_on_day: the latest local day with any entry (voided ones too) and
//   its non-voided items;
// - station.last_reported_at: the latest occurred_at of any entry, or the earlier value if later.
import { sql } from 'kysely';
import { expect } from 'vitest';
import type { TestApp } from './app.ts';

/** Rollup rows as "key → entries/quantity/mass" strings; all-zero rollup rows count as absent. */
export async function expectRollupsMatchRawRows(t: TestApp): Promise<number> {
  const q = async (query: ReturnType<typeof sql<{ k: string; v: string }>>) =>
    Object.fromEntries((await query.execute(t.db.db)).rows.map((r) => [r.k, r.v]));
  const stationRollup = await q(sql`select concat_ws('/', station_id, day, material_code, outcome) as k,
      concat_ws('/', entries, quantity, mass_kg::numeric(16, 3), mass_kg_weighed::numeric(16, 3)) as v
    from station_day_total where entries <> 0 or quantity <> 0 or mass_kg <> 0`);
  const stationRaw = await q(sql`select concat_ws('/', station_id, local_day, material_code, outcome) as k,
      concat_ws('/', count(*), sum(quantity), sum(mass_kg)::numeric(16, 3),
        coalesce(sum(mass_kg) filter (where mass_weighed), 0)::numeric(16, 3)) as v
    from drop_off where voided_at is null group by station_id, local_day, material_code, outcome`);
  expect(stationRollup).toEqual(stationRaw);
  // station_week_total: the same sums per ISO week (its Monday).
  const weekRollup = await q(sql`select concat_ws('/', station_id, week, material_code, outcome) as k,
      concat_ws('/', entries, quantity, mass_kg::numeric(16, 3), mass_kg_weighed::numeric(16, 3)) as v
    from station_week_total where entries <> 0 or quantity <> 0 or mass_kg <> 0`);
  const weekRaw =
    await q(sql`select concat_ws('/', station_id, date_trunc('week', local_day::timestamp)::date, material_code, outcome) as k,
      concat_ws('/', count(*), sum(quantity), sum(mass_kg)::numeric(16, 3),
        coalesce(sum(mass_kg) filter (where mass_weighed), 0)::numeric(16, 3)) as v
    from drop_off where voided_at is null group by 1`);
  expect(weekRollup).toEqual(weekRaw);
  // city_day_total is sharded (a station writes shard station_id % 16): its sums over shards are exact.
  const cityRollup = await q(sql`select concat_ws('/', city_code, day, material_code, outcome) as k,
      concat_ws('/', sum(entries), sum(quantity), sum(mass_kg)::numeric(16, 3), sum(mass_kg_weighed)::numeric(16, 3)) as v
    from city_day_total group by city_code, day, material_code, outcome
    having sum(entries) <> 0 or sum(quantity) <> 0 or sum(mass_kg) <> 0`);
  // How many keys are split over several shard rows (the property checks the runs exercised them).
  const split = await sql<{ n: number }>`select count(*)::int as n from (select 1 from city_day_total
    group by city_code, day, material_code, outcome having count(*) > 1) x`.execute(t.db.db);
  const cityRaw = await q(sql`select concat_ws('/', s.city_code, d.local_day, d.material_code, d.outcome) as k,
      concat_ws('/', count(*), sum(d.quantity), sum(d.mass_kg)::numeric(16, 3),
        coalesce(sum(d.mass_kg) filter (where d.mass_weighed), 0)::numeric(16, 3)) as v
    from drop_off d join station s on s.id = d.station_id
    where d.voided_at is null group by s.city_code, d.local_day, d.material_code, d.outcome`);
  expect(cityRollup).toEqual(cityRaw);
  return split.rows[0]!.n;
}

/**
 * Every station counter against its definition. `reportedBefore` maps a station id to the
 * last_reported_at it had before the run (the factory sets one).
 */
export async function expectStationCountersMatchRawRows(
  t: TestApp,
  stationIds: number[],
  reportedBefore: Map<number, Date | null> = new Map(),
) {
  const bins = await sql<{ id: number; got: string; expected: string }>`
    select s.id, concat_ws('/', s.bin_items, s.last_pickup_at) as got,
      concat_ws('/', (select coalesce(sum(d.quantity), 0)::int from drop_off d
        where d.station_id = s.id and d.voided_at is null and d.outcome = 'RECYCLED'
          and d.occurred_at > coalesce(p.last, '-infinity'::timestamptz)), p.last) as expected
    from station s, lateral (select max(picked_up_at) as last from bin_pickup where station_id = s.id) p
    where s.id in (${sql.join(stationIds)}) order by s.id`.execute(t.db.db);
  expect(bins.rows.map((x) => x.got)).toEqual(bins.rows.map((x) => x.expected));
  // The map's counter: items of the station's latest local day with any entry (voided ones too).
  const d = await sql<{ got: string; expected: string }>`
    select concat_ws('/', s.items_day, s.items_on_day) as got,
      concat_ws('/', m.day, (select coalesce(sum(d.quantity), 0)::int from drop_off d
        where d.station_id = s.id and d.voided_at is null and d.local_day = m.day)) as expected
    from station s, lateral (select max(local_day) as day from drop_off where station_id = s.id) m
    where s.id in (${sql.join(stationIds)}) and m.day is not null order by s.id`.execute(t.db.db);
  expect(d.rows.map((x) => x.got)).toEqual(d.rows.map((x) => x.expected));
  const reported = await sql<{ id: number; last_reported_at: Date | null; latest: Date | null }>`
    select s.id, s.last_reported_at, (select max(occurred_at) from drop_off where station_id = s.id) as latest
    from station s where s.id in (${sql.join(stationIds)}) order by s.id`.execute(t.db.db);
  for (const r of reported.rows) {
    const candidates = [reportedBefore.get(r.id) ?? null, r.latest]
      .filter((x): x is Date => x !== null)
      .map((x) => x.getTime());
    expect(r.last_reported_at?.getTime() ?? null).toBe(candidates.length ? Math.max(...candidates) : null);
  }
}

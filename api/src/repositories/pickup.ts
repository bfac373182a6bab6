import { sql } from 'kysely';
import type { Db } from './db.ts';

/**
 * Records a pickup at `at` (the app clock, like drop-offs' occurred_at) and recomputes the bin from
 * the raw rows. The rule (docs/operations.md "Derived counters"): the bin holds the non-voided
 * RECYCLED items that occurred strictly after the station's latest pickup time; a pickup at t
 * clears what occurred up to t, never an item at t + 1 ms, whatever the commit order.
 *
 * Run it in a transaction. It first locks the station row, which every batch, void and pickup
 * updates, so they are serialised per station; then, in a new statement (READ COMMITTED: a fresh
 * snapshot that sees every write committed before the lock was granted), it counts the bin from
 * the drop-offs. A batch still waiting for the lock adds its own items afterwards against the new
 * pickup time, so no interleaving loses or double-counts one. A FULL station reopens when the bin
 * is below capacity afterwards.
 */
export async function recordBinPickup(db: Db, stationId: number, kg: number, by: number | null, at: Date) {
  await sql`select id from station where id = ${stationId} for update`.execute(db);
  const result = await sql<{ id: number; picked_up_at: Date; kg: number; items_cleared: number; station_id: number }>`
    with s as (
      select id, last_pickup_at as previous, greatest(last_pickup_at, ${at.toISOString()}::timestamptz) as latest
      from station where id = ${stationId}
    ),
    bin as (
      select
        coalesce(sum(d.quantity) filter (where d.occurred_at > coalesce(s.previous, '-infinity'::timestamptz)
          and d.occurred_at <= ${at.toISOString()}::timestamptz), 0)::int as cleared,
        coalesce(sum(d.quantity) filter (where d.occurred_at > s.latest), 0)::int as remaining
      -- Only entries since the previous pickup count either way: bounding the join by it lets the
      -- (station, occurred_at) index and partition pruning skip the station's older history.
      from s left join drop_off d on d.station_id = s.id and d.outcome = 'RECYCLED' and d.voided_at is null
        and d.occurred_at > coalesce(s.previous, '-infinity'::timestamptz)
    ),
    p as (
      insert into bin_pickup (station_id, picked_up_at, kg, items_cleared, recorded_by)
      select s.id, ${at.toISOString()}::timestamptz, ${kg}, bin.cleared, ${by}::int from s, bin
      returning id, station_id, picked_up_at, kg, items_cleared
    ),
    u as (
      update station set bin_items = bin.remaining, last_pickup_at = s.latest,
        status = case when station.status = 'FULL' and bin.remaining < station.bin_capacity then 'OPEN' else station.status end,
        updated_at = now()
      from s, bin where station.id = s.id
    )
    select * from p
  `.execute(db);
  return result.rows[0]!;
}

export function pickupsOfStation(db: Db, stationId: number, limit: number) {
  return db
    .selectFrom('bin_pickup')
    .selectAll()
    .where('station_id', '=', stationId)
    .orderBy('picked_up_at', 'desc')
    .limit(limit)
    .execute();
}

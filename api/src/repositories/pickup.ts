import { sql } from 'kysely';
import type { Db } from './db.ts';

/**
 * Records a pickup at `at` (the app clock, like drop-offs' occurred_at: the bin counts items that
 * occurred after it) and empties the bin; a FULL station becomes OPEN again.
 */
export async function recordBinPickup(db: Db, stationId: number, kg: number, by: number | null, at: Date) {
  const result = await sql<{ id: number; picked_up_at: Date; kg: number; items_cleared: number; station_id: number }>`
    with s as (select id, bin_items from station where id = ${stationId} for update),
    p as (
      insert into bin_pickup (station_id, picked_up_at, kg, items_cleared, recorded_by)
      select id, ${at.toISOString()}::timestamptz, ${kg}, bin_items, ${by}::int from s
      returning id, station_id, picked_up_at, kg, items_cleared
    ),
    u as (
      update station set bin_items = 0, last_pickup_at = p.picked_up_at,
        status = case when station.status = 'FULL' then 'OPEN' else station.status end, updated_at = now()
      from p where station.id = p.station_id
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

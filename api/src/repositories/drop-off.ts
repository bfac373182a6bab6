// Drop-off writes keep the rollups in step in the same statement (data-modifying CTEs):
// set-based, one statement per batch, no row-level trigger (those deadlock under concurrent COPY).
import { sql } from 'kysely';
import { CITY_ROLLUP_SHARDS, cityRollupShard } from '@recycle/db';
import type { Db } from './db.ts';
import type { ValidDropOff } from '../domain/drop-off-rules.ts';

export type DropOffRow = Awaited<ReturnType<typeof dropOffsByIds>>[number];

// city_day_total is kept in shards (see @recycle/db's rollup.ts); readers sum over the shards.
export { CITY_ROLLUP_SHARDS };
const shardOf = cityRollupShard;

export interface BatchTarget {
  stationId: number;
  cityCode: string;
  loggedBy: number | null;
  /** The paired counter device that sent the batch, if any. */
  deviceId: number | null;
  /** The app clock's "now": the staff void window is measured from it, so it must not be the database's now(). */
  loggedAt: Date;
  /** For the batch's audit entry, written in the same statement. */
  stationCode: string;
  requestId: string | null;
  replayedCount: number;
  /** The city rollup shard; default station_id % 16. bench:peak passes 0 to measure one unsharded row. */
  cityShard?: number;
}

/**
 * Inserts new items, skips keys the station already has, and adds the inserted rows to the
 * station day and week totals, the city day totals and the bin counter, and audits the batch: all
 * in one statement, so a batch needs no explicit transaction. Returns only the rows inserted now.
 * Rows are inserted in idempotency-key order, and rollup rows written in key order, so concurrent
 * batches that share keys (a retry racing its original, in another order) wait on each other
 * instead of deadlocking.
 */
export async function insertDropOffBatch(db: Db, t: BatchTarget, items: readonly ValidDropOff[]) {
  const col = <K extends keyof ValidDropOff>(k: K) => items.map((i) => i[k]);
  const result = await sql<DropOffRow>`
    with input as (
      select * from unnest(
        ${col('idempotencyKey')}::text[], ${col('occurredAt').map((d) => d.toISOString())}::timestamptz[],
        ${col('materialCode')}::text[], ${col('quantity')}::int[], ${col('massKg')}::numeric[],
        ${col('outcome')}::text[], ${col('massWeighed')}::boolean[], ${col('fingerprint')}::text[]
      ) as i(idempotency_key, occurred_at, material_code, quantity, mass_kg, outcome, mass_weighed, payload_fingerprint)
    ),
    -- the station's claim on each key, across drop_off's monthly partitions (whose own unique key
    -- must include occurred_at): a key claimed before, in any month, is not inserted again
    claimed as (
      insert into drop_off_key (station_id, idempotency_key, occurred_at)
      select ${t.stationId}, idempotency_key, occurred_at from input order by idempotency_key
      on conflict on constraint drop_off_key_pk do nothing
      returning idempotency_key
    ),
    ins as (
      insert into drop_off (station_id, occurred_at, local_day, material_code, quantity, mass_kg, mass_weighed, outcome,
        logged_by, device_id, idempotency_key, created_at, payload_fingerprint)
      select ${t.stationId}, occurred_at,
        (occurred_at at time zone (select timezone from city where code = ${t.cityCode}))::date, material_code,
        quantity, mass_kg, mass_weighed, outcome, ${t.loggedBy}::int, ${t.deviceId}::int, idempotency_key, ${t.loggedAt.toISOString()}::timestamptz,
        payload_fingerprint
      from input where idempotency_key in (select idempotency_key from claimed) order by idempotency_key
      -- rows bulk-loaded without a claim (the seeder): their exact resend is still caught here
      on conflict on constraint drop_off_idempotency_key do nothing
      returning *
    ),
    day_sum as (
      select local_day as day, material_code, outcome, count(*)::int as entries,
        sum(quantity)::bigint as quantity, sum(mass_kg) as mass_kg,
        coalesce(sum(mass_kg) filter (where mass_weighed), 0) as mass_kg_weighed
      from ins group by local_day, material_code, outcome
    ),
    station_roll as (
      insert into station_day_total as t (station_id, day, material_code, outcome, entries, quantity, mass_kg, mass_kg_weighed)
      select ${t.stationId}, day, material_code, outcome, entries, quantity, mass_kg, mass_kg_weighed
      from day_sum order by day, material_code, outcome
      on conflict on constraint station_day_total_pk do update set
        entries = t.entries + excluded.entries, quantity = t.quantity + excluded.quantity,
        mass_kg = t.mass_kg + excluded.mass_kg, mass_kg_weighed = t.mass_kg_weighed + excluded.mass_kg_weighed
    ),
    -- the same sums per ISO week (the Monday of the local day's week), for reports over long periods
    station_week_roll as (
      insert into station_week_total as t (station_id, week, material_code, outcome, entries, quantity, mass_kg, mass_kg_weighed)
      select ${t.stationId}, day - (extract(isodow from day)::int - 1), material_code, outcome, sum(entries), sum(quantity),
        sum(mass_kg), sum(mass_kg_weighed)
      from day_sum group by 2, 3, 4 order by 2, 3, 4
      on conflict on constraint station_week_total_pk do update set
        entries = t.entries + excluded.entries, quantity = t.quantity + excluded.quantity,
        mass_kg = t.mass_kg + excluded.mass_kg, mass_kg_weighed = t.mass_kg_weighed + excluded.mass_kg_weighed,
        -- which transaction changed it (a new row takes it by default): report-cache.ts refreshes by it
        written_xact = pg_current_xact_id()
    ),
    city_roll as (
      -- writes: +1 per batch on each row it adds to, the reports' data version (report-cache.ts)
      insert into city_day_total as t (city_code, day, material_code, outcome, shard, entries, quantity, mass_kg, mass_kg_weighed, writes)
      select ${t.cityCode}, day, material_code, outcome, ${t.cityShard ?? shardOf(t.stationId)}::smallint, entries, quantity, mass_kg, mass_kg_weighed, 1
      from day_sum order by day, material_code, outcome
      on conflict on constraint city_day_total_pk do update set
        entries = t.entries + excluded.entries, quantity = t.quantity + excluded.quantity,
        mass_kg = t.mass_kg + excluded.mass_kg, mass_kg_weighed = t.mass_kg_weighed + excluded.mass_kg_weighed,
        writes = t.writes + 1
    ),
    latest as (select max(local_day) as day from ins),
    station_update as (
      -- items_day/items_on_day: items of the station's latest active local day (the map's "today")
      update station s set
        items_day = greatest(s.items_day, latest.day),
        items_on_day = case
          when s.items_day is null or latest.day > s.items_day
            then (select coalesce(sum(quantity), 0) from ins where local_day = latest.day)::int
          else s.items_on_day + (select coalesce(sum(quantity), 0) from ins where local_day = s.items_day)::int end,
        bin_items = s.bin_items + (select coalesce(sum(quantity), 0)::int from ins
          where outcome = 'RECYCLED' and occurred_at > coalesce(s.last_pickup_at, '-infinity'::timestamptz)),
        last_reported_at = greatest(s.last_reported_at, (select max(occurred_at) from ins)),
        status = case when s.status = 'OPEN' and s.bin_items + (select coalesce(sum(quantity), 0) from ins
          where outcome = 'RECYCLED' and occurred_at > coalesce(s.last_pickup_at, '-infinity'::timestamptz))
          >= s.bin_capacity then 'FULL' else s.status end,
        updated_at = now(), written_xact = pg_current_xact_id()
      from latest
      where s.id = ${t.stationId} and exists (select 1 from ins)
    ),
    audit as (
      insert into audit_entry (actor_id, device_id, city_code, action, entity, entity_id, after, request_id, at)
      select ${t.loggedBy}::int, ${t.deviceId}::int, ${t.cityCode}, 'logDropOffs', 'station', ${t.stationCode},
        jsonb_build_object('inserted', count(*), 'replayed', ${t.replayedCount}::int + ${items.length}::int - count(*),
          'firstId', min(id), 'keys', jsonb_agg(idempotency_key order by idempotency_key)),
        ${t.requestId}, ${t.loggedAt.toISOString()}::timestamptz
      from ins having count(*) > 0
    )
    select * from ins
  `.execute(db);
  return result.rows;
}

export function dropOffsByKeys(db: Db, stationId: number, keys: readonly string[]) {
  return db
    .selectFrom('drop_off')
    .selectAll()
    .where('station_id', '=', stationId)
    .where('idempotency_key', 'in', keys)
    .execute();
}

export function dropOffsByIds(db: Db, ids: readonly number[]) {
  return db.selectFrom('drop_off').selectAll().where('id', 'in', ids).execute();
}

/**
 * Newest first; `after`/`before` are drop-off ids (decoded cursors). `since` bounds occurred_at, so
 * PostgreSQL plans only the monthly partitions from its month on (without it: every month).
 */
export function listStationDropOffs(
  db: Db,
  stationId: number,
  page: { after?: number; before?: number; since?: Date; limit: number; inverted: boolean },
) {
  let q = db.selectFrom('drop_off').selectAll().where('station_id', '=', stationId);
  if (page.since !== undefined) q = q.where('occurred_at', '>=', page.since);
  if (page.after !== undefined) q = q.where('id', '<', page.after);
  if (page.before !== undefined) q = q.where('id', '>', page.before);
  return q
    .orderBy('id', page.inverted ? 'asc' : 'desc')
    .limit(page.limit)
    .execute();
}

/**
 * Voids one drop-off and takes it out of every rollup in the same statement. Returns the voided
 * row, or undefined when it was already void (the caller reports that).
 */
export async function voidDropOff(db: Db, id: number, by: number | null, reason: string, at: Date) {
  const result = await sql<DropOffRow>`
    with v as (
      update drop_off set voided_at = ${at}, voided_by = ${by}::int, void_reason = ${reason}
      where id = ${id} and voided_at is null
      returning *
    ),
    station_roll as (
      update station_day_total t set entries = t.entries - 1, quantity = t.quantity - v.quantity,
        mass_kg = t.mass_kg - v.mass_kg, mass_kg_weighed = t.mass_kg_weighed - case when v.mass_weighed then v.mass_kg else 0 end
      from v
      where t.station_id = v.station_id and t.day = v.local_day and t.material_code = v.material_code
        and t.outcome = v.outcome
    ),
    station_week_roll as (
      update station_week_total t set entries = t.entries - 1, quantity = t.quantity - v.quantity,
        mass_kg = t.mass_kg - v.mass_kg, mass_kg_weighed = t.mass_kg_weighed - case when v.mass_weighed then v.mass_kg else 0 end,
        written_xact = pg_current_xact_id()
      from v
      where t.station_id = v.station_id and t.week = v.local_day - (extract(isodow from v.local_day)::int - 1)
        and t.material_code = v.material_code and t.outcome = v.outcome
    ),
    city_roll as (
      -- subtracted in the station's own shard, which holds the entry (API writes and the seed's
      -- COPY both place a station's rows there); an update, as the rows' checks hold at every step
      update city_day_total t set entries = t.entries - 1, quantity = t.quantity - v.quantity,
        mass_kg = t.mass_kg - v.mass_kg, mass_kg_weighed = t.mass_kg_weighed - case when v.mass_weighed then v.mass_kg else 0 end,
        writes = t.writes + 1
      from v join station s on s.id = v.station_id
      where t.city_code = s.city_code and t.day = v.local_day and t.material_code = v.material_code
        and t.outcome = v.outcome and t.shard = (v.station_id % ${CITY_ROLLUP_SHARDS})::smallint
    ),
    station_update as (
      -- one update of the station row (a statement may not update a row twice)
      update station s set
        bin_items = case when v.outcome = 'RECYCLED' and v.occurred_at > coalesce(s.last_pickup_at, '-infinity'::timestamptz)
          then greatest(0, s.bin_items - v.quantity) else s.bin_items end,
        items_on_day = case when v.local_day = s.items_day then greatest(0, s.items_on_day - v.quantity) else s.items_on_day end,
        updated_at = now(), written_xact = pg_current_xact_id()
      from v
      where s.id = v.station_id
    )
    select * from v
  `.execute(db);
  return result.rows[0];
}

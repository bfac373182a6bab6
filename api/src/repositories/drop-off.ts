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

/** One request's batch: its station, who sent it, and its checked, de-duplicated items. */
export interface StationBatch {
  target: BatchTarget;
  items: readonly ValidDropOff[];
}

/** One batch in one statement (insertDropOffBatches). Returns only the rows inserted now. */
export function insertDropOffBatch(db: Db, t: BatchTarget, items: readonly ValidDropOff[]) {
  return insertDropOffBatches(db, [{ target: t, items }]);
}

/**
 * Inserts new items of one or more batches (each of another station), skips keys a station
 * already has, and adds the inserted rows to the station day and week totals, the city day totals
 * and the bin counter, and audits each batch: all in one statement, so it needs no explicit
 * transaction, and several stations' batches cost one round trip and one commit
 * (services/ingest-queue.ts). Every sum is what separate statements would have written, `writes`
 * included (+1 per batch on each city row it adds to). Returns only the rows inserted now.
 * Rows are inserted in (station, idempotency key) order, and rollup rows written in key order, so
 * concurrent statements that share keys (a retry racing its original, in another order) wait on
 * each other instead of deadlocking.
 */
export async function insertDropOffBatches(db: Db, batches: readonly StationBatch[]) {
  const stations = new Set(batches.map((b) => b.target.stationId));
  if (stations.size !== batches.length) throw new Error('insertDropOffBatches: one batch per station');
  const items = batches.flatMap((b) => b.items.map((i) => ({ ...i, stationId: b.target.stationId })));
  const col = <K extends keyof (typeof items)[number]>(k: K) => items.map((i) => i[k]);
  const bcol = <T>(f: (b: StationBatch) => T) => batches.map(f);
  const result = await sql<DropOffRow>`
    with batch as (
      select * from unnest(
        ${bcol((b) => b.target.stationId)}::int[], ${bcol((b) => b.target.cityCode)}::text[],
        ${bcol((b) => b.target.cityShard ?? shardOf(b.target.stationId))}::smallint[],
        ${bcol((b) => b.target.loggedBy)}::int[], ${bcol((b) => b.target.deviceId)}::int[],
        ${bcol((b) => b.target.loggedAt.toISOString())}::timestamptz[], ${bcol((b) => b.target.stationCode)}::text[],
        ${bcol((b) => b.target.requestId)}::text[], ${bcol((b) => b.target.replayedCount + b.items.length)}::int[]
      ) as b(station_id, city_code, shard, logged_by, device_id, logged_at, station_code, request_id, sent)
    ),
    input as (
      select * from unnest(
        ${col('stationId')}::int[], ${col('idempotencyKey')}::text[], ${col('occurredAt').map((d) => d.toISOString())}::timestamptz[],
        ${col('materialCode')}::text[], ${col('quantity')}::int[], ${col('massKg')}::numeric[],
        ${col('outcome')}::text[], ${col('massWeighed')}::boolean[], ${col('fingerprint')}::text[]
      ) as i(station_id, idempotency_key, occurred_at, material_code, quantity, mass_kg, outcome, mass_weighed, payload_fingerprint)
    ),
    -- the station's claim on each key, across drop_off's monthly partitions (whose own unique key
    -- must include occurred_at): a key claimed before, in any month, is not inserted again
    claimed as (
      insert into drop_off_key (station_id, idempotency_key, occurred_at)
      select station_id, idempotency_key, occurred_at from input order by station_id, idempotency_key
      on conflict on constraint drop_off_key_pk do nothing
      returning station_id, idempotency_key
    ),
    ins as (
      insert into drop_off (station_id, occurred_at, local_day, material_code, quantity, mass_kg, mass_weighed, outcome,
        logged_by, device_id, idempotency_key, created_at, payload_fingerprint)
      select i.station_id, i.occurred_at, (i.occurred_at at time zone c.timezone)::date, i.material_code,
        i.quantity, i.mass_kg, i.mass_weighed, i.outcome, b.logged_by, b.device_id, i.idempotency_key, b.logged_at,
        i.payload_fingerprint
      from input i join batch b on b.station_id = i.station_id left join city c on c.code = b.city_code
      where (i.station_id, i.idempotency_key) in (select station_id, idempotency_key from claimed)
      order by i.station_id, i.idempotency_key
      -- rows bulk-loaded without a claim (the seeder): their exact resend is still caught here
      on conflict on constraint drop_off_idempotency_key do nothing
      returning *
    ),
    day_sum as (
      select ins.station_id, b.city_code, b.shard, local_day as day, material_code, outcome, count(*)::int as entries,
        sum(quantity)::bigint as quantity, sum(mass_kg) as mass_kg,
        coalesce(sum(mass_kg) filter (where mass_weighed), 0) as mass_kg_weighed
      from ins join batch b on b.station_id = ins.station_id
      group by ins.station_id, b.city_code, b.shard, local_day, material_code, outcome
    ),
    station_roll as (
      insert into station_day_total as t (station_id, day, material_code, outcome, entries, quantity, mass_kg, mass_kg_weighed)
      select station_id, day, material_code, outcome, entries, quantity, mass_kg, mass_kg_weighed
      from day_sum order by station_id, day, material_code, outcome
      on conflict on constraint station_day_total_pk do update set
        entries = t.entries + excluded.entries, quantity = t.quantity + excluded.quantity,
        mass_kg = t.mass_kg + excluded.mass_kg, mass_kg_weighed = t.mass_kg_weighed + excluded.mass_kg_weighed
    ),
    -- the same sums per ISO week (the Monday of the local day's week), for reports over long periods
    station_week_roll as (
      insert into station_week_total as t (station_id, week, material_code, outcome, entries, quantity, mass_kg, mass_kg_weighed)
      select station_id, day - (extract(isodow from day)::int - 1), material_code, outcome, sum(entries), sum(quantity),
        sum(mass_kg), sum(mass_kg_weighed)
      from day_sum group by 1, 2, 3, 4 order by 1, 2, 3, 4
      on conflict on constraint station_week_total_pk do update set
        entries = t.entries + excluded.entries, quantity = t.quantity + excluded.quantity,
        mass_kg = t.mass_kg + excluded.mass_kg, mass_kg_weighed = t.mass_kg_weighed + excluded.mass_kg_weighed,
        -- which transaction changed it (a new row takes it by default): report-cache.ts refreshes by it
        written_xact = pg_current_xact_id()
    ),
    city_roll as (
      -- writes: +1 per batch on each row it adds to, the reports' data version (report-cache.ts)
      insert into city_day_total as t (city_code, day, material_code, outcome, shard, entries, quantity, mass_kg, mass_kg_weighed, writes)
      select city_code, day, material_code, outcome, shard, sum(entries), sum(quantity), sum(mass_kg), sum(mass_kg_weighed),
        count(*)
      from day_sum group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5
      on conflict on constraint city_day_total_pk do update set
        entries = t.entries + excluded.entries, quantity = t.quantity + excluded.quantity,
        mass_kg = t.mass_kg + excluded.mass_kg, mass_kg_weighed = t.mass_kg_weighed + excluded.mass_kg_weighed,
        writes = t.writes + excluded.writes
    ),
    latest as (select station_id, max(local_day) as day, max(occurred_at) as occurred_at from ins group by station_id),
    -- the stations' rows locked in id order: two statements sharing stations (a station's second
    -- batch in the next statement) then wait on each other instead of deadlocking in the update's join
    locked as (select id from station where id in (select station_id from latest) order by id for no key update),
    station_update as (
      -- items_day/items_on_day: items of the station's latest active local day (the map's "today")
      update station s set
        items_day = greatest(s.items_day, latest.day),
        items_on_day = case
          when s.items_day is null or latest.day > s.items_day
            then (select coalesce(sum(quantity), 0) from ins where ins.station_id = s.id and local_day = latest.day)::int
          else s.items_on_day + (select coalesce(sum(quantity), 0) from ins
            where ins.station_id = s.id and local_day = s.items_day)::int end,
        bin_items = s.bin_items + (select coalesce(sum(quantity), 0)::int from ins where ins.station_id = s.id
          and outcome = 'RECYCLED' and occurred_at > coalesce(s.last_pickup_at, '-infinity'::timestamptz)),
        last_reported_at = greatest(s.last_reported_at, latest.occurred_at),
        status = case when s.status = 'OPEN' and s.bin_items + (select coalesce(sum(quantity), 0) from ins
          where ins.station_id = s.id and outcome = 'RECYCLED'
            and occurred_at > coalesce(s.last_pickup_at, '-infinity'::timestamptz))
          >= s.bin_capacity then 'FULL' else s.status end,
        updated_at = now(), written_xact = pg_current_xact_id()
      from latest join locked on locked.id = latest.station_id
      where s.id = latest.station_id
    ),
    audit as (
      insert into audit_entry (actor_id, device_id, city_code, action, entity, entity_id, after, request_id, at)
      select b.logged_by, b.device_id, b.city_code, 'logDropOffs', 'station', b.station_code,
        jsonb_build_object('inserted', count(*), 'replayed', b.sent - count(*),
          'firstId', min(ins.id), 'keys', jsonb_agg(ins.idempotency_key order by ins.idempotency_key)),
        b.request_id, b.logged_at
      from ins join batch b on b.station_id = ins.station_id
      group by b.station_id, b.logged_by, b.device_id, b.city_code, b.station_code, b.sent, b.request_id, b.logged_at
      order by b.station_id
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
      -- Subtracted in the station's own shard, which holds the entry (API writes and the seed's
      -- COPY both place a station's rows there), or in shard 0 once the day's shards were folded
      -- into it (@recycle/db foldCityRollup; a fold waits for this statement, or this statement
      -- for the fold and then sees its rows). After a fold, a late entry of that day makes a new
      -- shard row that need not hold this one: the shard taken is one that can give the entry up
      -- (the station's first, else shard 0, which then holds it). Sums are exact either way; an
      -- update, as the rows' checks hold at every step.
      update city_day_total t set entries = t.entries - 1, quantity = t.quantity - v.quantity,
        mass_kg = t.mass_kg - v.mass_kg, mass_kg_weighed = t.mass_kg_weighed - v.weighed,
        writes = t.writes + 1
      from (select *, case when mass_weighed then mass_kg else 0 end as weighed from v) v
        join station s on s.id = v.station_id
      where t.city_code = s.city_code and t.day = v.local_day and t.material_code = v.material_code
        and t.outcome = v.outcome and t.shard = (
          select max(x.shard) from city_day_total x
          where x.city_code = s.city_code and x.day = v.local_day and x.material_code = v.material_code
            and x.outcome = v.outcome and x.shard in (0, (v.station_id % ${CITY_ROLLUP_SHARDS})::smallint)
            and x.entries >= 1 and x.quantity >= v.quantity and x.mass_kg >= v.mass_kg
            and x.mass_kg_weighed >= v.weighed and x.mass_kg - v.mass_kg >= x.mass_kg_weighed - v.weighed)
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

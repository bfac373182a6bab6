import { sql, type Kysely } from 'kysely';
import type { Database } from './types.ts';

/**
 * city_day_total is kept in shards (migration 2026-12-01T14-01): a station adds to shard
 * station_id % 16, so a city's stations do not queue on the same few rows at peak. Readers sum over
 * the shards. The API's writes and the seed loader's COPY both place rows with cityRollupShard.
 */
export const CITY_ROLLUP_SHARDS = 16;
export const cityRollupShard = (stationId: number) => stationId % CITY_ROLLUP_SHARDS;

/**
 * station_week_total's week (migration 2026-12-01T14-20): the Monday of a local day's ISO week, as
 * the SQL `day - (extract(isodow from day)::int - 1)`. Example: weekOf('2026-11-11') → '2026-11-09'.
 */
export function weekOf(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}

/**
 * Days more than this many days behind today (UTC) are folded: every city's local day has long
 * ended, so the counter peak that the shards exist for is over; a late write or void still lands
 * exactly. Example: on 2026-11-11 the days up to 2026-11-08 are folded.
 */
export const FOLD_AFTER_DAYS = 2;
/** The advisory lock key of the fold (any constant no other code uses). */
const FOLD_LOCK = 7_311_001;

/**
 * Folds the city rollup's shards of past days into shard 0: "shard hot rows, fold cold days". A
 * day's 16 rows per city, material and outcome become one, so reads over past days (the city
 * summary, the network summary, reports by city, a report's data version) sum 16x fewer rows. Sums
 * are unchanged (writes too: cached reports keep their data version). One day per transaction,
 * oldest first, each under a table lock that waits for the batch and void statements running and
 * holds new ones for the few milliseconds it takes (lock_timeout: a busy moment is skipped, the next
 * run folds it); a later statement sees the folded rows: a batch adds a new shard row, a void
 * subtracts from shard 0 when its station's shard row is gone or cannot give the entry up
 * (api/src/repositories/drop-off.ts). Safe to run from several processes at once (one holds the
 * advisory lock and folds, the others stop at once). Returns the days
 * folded and the shard rows removed. Example: day 2026-11-10 with 16 shards x 9 pairs in each of 20
 * cities → 2,880 rows become 180.
 */
export async function foldCityRollup(
  db: Kysely<Database>,
  now = new Date(),
  lockTimeoutMs = 1_000,
): Promise<{ days: number; rows: number }> {
  const before = new Date(now.getTime() - FOLD_AFTER_DAYS * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
  let days = 0;
  let rows = 0;
  for (;;) {
    const folded = await db.transaction().execute(async (trx) => {
      // one process folds at a time; the others find the lock taken and leave it to it
      const mine = await sql<{ mine: boolean }>`select pg_try_advisory_xact_lock(${FOLD_LOCK}) as mine,
        set_config('lock_timeout', ${`${lockTimeoutMs}ms`}, true)`.execute(trx);
      if (!mine.rows[0]!.mine) return 0;
      await sql`lock table city_day_total in share row exclusive mode`.execute(trx);
      const r = await sql<{ n: number }>`
        with day as (select min(day) as day from city_day_total where shard <> 0 and day < ${before}::date),
        gone as (
          delete from city_day_total t using day where t.day = day.day and t.shard <> 0
          returning t.city_code, t.day, t.material_code, t.outcome, t.entries, t.quantity, t.mass_kg,
            t.mass_kg_weighed, t.writes
        ),
        kept as (
          insert into city_day_total as t (city_code, day, material_code, outcome, shard, entries, quantity, mass_kg,
            mass_kg_weighed, writes)
          select city_code, day, material_code, outcome, 0, sum(entries), sum(quantity), sum(mass_kg),
            sum(mass_kg_weighed), sum(writes)
          from gone group by 1, 2, 3, 4 order by 1, 2, 3, 4
          on conflict on constraint city_day_total_pk do update set
            entries = t.entries + excluded.entries, quantity = t.quantity + excluded.quantity,
            mass_kg = t.mass_kg + excluded.mass_kg, mass_kg_weighed = t.mass_kg_weighed + excluded.mass_kg_weighed,
            writes = t.writes + excluded.writes
        )
        select count(*)::int as n from gone`.execute(trx);
      return r.rows[0]!.n;
    });
    if (folded === 0) return { days, rows };
    days += 1;
    rows += folded;
  }
}

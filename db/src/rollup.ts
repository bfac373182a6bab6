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

/**
 * city_day_total is kept in shards (migration 2026-12-01T14-01): a station adds to shard
 * station_id % 16, so a city's stations do not queue on the same few rows at peak. Readers sum over
 * the shards. The API's writes and the seed loader's COPY both place rows with cityRollupShard.
 */
export const CITY_ROLLUP_SHARDS = 16;
export const cityRollupShard = (stationId: number) => stationId % CITY_ROLLUP_SHARDS;

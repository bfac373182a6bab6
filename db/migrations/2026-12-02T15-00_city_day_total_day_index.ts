// Frozen migration. The network summary (no city) reads city_day_total by day range alone, which
// its primary key (city_code, day, ...) cannot serve: it read the whole table, which grows with
// every day of history (bench:year: 4× slower with a year behind the season). The station
// rollups already have their (day, station_id) / (week, station_id) indexes.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index city_day_total_day_idx on city_day_total (day, city_code)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index city_day_total_day_idx`.execute(db);
}

// Frozen migration. Finished carbon reports are cached per API process (api/src/report-cache.ts),
// keyed by a data version that must change whenever a drop-off in the report's period is written
// or voided. city_day_total.writes counts the writes each row has taken (+1 per batch that adds to
// it, +1 per void that subtracts from it): it only grows, and every write and void touches the
// row of its city and local day, so the sum over a period's rows changes exactly when its data does.
// Station names appear in reports: renaming a station now notifies the 'stations' cache topic too.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table city_day_total add column writes bigint not null default 0`.execute(db);
  // Existing rows: one write per entry they hold (any positive start works; the sum only has to grow).
  await sql`update city_day_total set writes = entries where entries > 0`.execute(db);
  await sql`drop trigger station_cache_notify on station`.execute(db);
  await sql`create trigger station_cache_notify after insert or delete or update of code, city_code, name on station
    for each statement execute function recycle_cache_notify('stations')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger station_cache_notify on station`.execute(db);
  await sql`create trigger station_cache_notify after insert or delete or update of code, city_code on station
    for each statement execute function recycle_cache_notify('stations')`.execute(db);
  await sql`alter table city_day_total drop column writes`.execute(db);
}

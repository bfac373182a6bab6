// Frozen migration. Carbon reports cached in each API process (api/src/report-cache.ts) show
// station codes, names and cities, so they were dropped on every 'stations' notification, which
// also fires on inserts: each statement of a bulk onboarding made every process read its next
// station report whole (~1.5 s) though a station with no drop-off is in no report, and its first
// drop-off is picked up by the report refresh like any other. 'station-names' fires only when a
// station a report may show changes: a code, city or name updated, or a row deleted.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create trigger station_names_notify after delete or update of code, city_code, name on station
    for each statement execute function recycle_cache_notify('station-names')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger station_names_notify on station`.execute(db);
}

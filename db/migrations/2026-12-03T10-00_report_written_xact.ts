// Frozen migration. A cached station report is brought up to date by reading again only the
// stations whose drop-offs changed since it was read (api/src/report-cache.ts), found by the
// transaction that last wrote them: `written_xact` holds pg_current_xact_id() of the last batch or
// void that changed the row, and a report keeps the snapshot (pg_current_snapshot()) it read under.
// A row changed since then is one whose written_xact that snapshot does not see
// (pg_visible_in_snapshot). On the station row (one per station, a cheap first pass) and on the
// week rollup rows (which weeks changed, so a late entry in December does not mark October's report).
// Null: not written since this migration, so older than any snapshot a running process holds.
// The top-level transaction id, not the system column xmin: a savepoint's subtransaction id does
// not appear in a snapshot's in-progress list and would read as already visible.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table station add column written_xact xid8`.execute(db);
  await sql`alter table station_week_total add column written_xact xid8`.execute(db);
  // new week rows take the inserting transaction; existing rows stay null (no table rewrite)
  await sql`alter table station_week_total alter column written_xact set default pg_current_xact_id()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table station_week_total drop column written_xact`.execute(db);
  await sql`alter table station drop column written_xact`.execute(db);
}

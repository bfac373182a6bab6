// Frozen migration. "Needs action" becomes a work queue: whoever handles a FULL or STALE station
// can acknowledge it with a note ("truck booked for 15:00"), so the next person sees it is in
// hand. Acknowledgements are kept as history (never updated or deleted); the queue shows the
// latest one made since the station started waiting.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table station_acknowledgement (
    id bigint generated always as identity constraint station_acknowledgement_pk primary key,
    station_id integer not null constraint station_acknowledgement_station_fk references station (id),
    note text not null,
    acknowledged_by integer not null constraint station_acknowledgement_user_fk references app_user (id),
    acknowledged_at timestamptz not null default now(),
    constraint station_acknowledgement_note_length check (char_length(note) between 1 and 500)
  )`.execute(db);
  await sql`create index station_acknowledgement_station_idx
    on station_acknowledgement (station_id, acknowledged_at desc)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table station_acknowledgement`.execute(db);
}

// Frozen migration. Members' sessions can be ended too: a member token carries the consumer's
// session version when it was signed, and signing out (e.g. after losing the phone) bumps it,
// so every earlier member token is refused on its next request, as for staff.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table consumer add column session_version integer not null default 0`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table consumer drop column session_version`.execute(db);
}

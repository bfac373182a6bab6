// Frozen migration. Ending a person's sessions at once: every token carries the account's session
// version when it was signed; bumping the version (deactivation, password change or reset, a new
// role or station) makes every earlier token invalid on its next request.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table app_user add column session_version integer not null default 0`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table app_user drop column session_version`.execute(db);
}

// Frozen migration. Member sign-in is throttled like person sign-in (per code, per address and per
// pair, counted in the audit log): the same small partial index over its failures per address.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index audit_entry_member_sign_in_failure_address_idx on audit_entry ((after->>'address'), at desc) where action = 'memberSignIn:failed'`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index audit_entry_member_sign_in_failure_address_idx`.execute(db);
}

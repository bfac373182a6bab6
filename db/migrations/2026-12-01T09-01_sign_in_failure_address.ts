// Frozen migration. Sign-in throttling counts failed sign-ins per client address over all emails
// (api/src/repositories/sign-in-failure.ts): a small partial index over those audit entries only.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index audit_entry_sign_in_failure_address_idx on audit_entry ((after->>'address'), at desc) where action = 'signIn:failed'`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index audit_entry_sign_in_failure_address_idx`.execute(db);
}

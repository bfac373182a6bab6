// Frozen migration. "Same key, same entry": each drop-off keeps a fingerprint of the payload its
// client sent (api/src/domain/idempotency.ts), so a key resent with a different payload is a
// conflict instead of a silent replay. Nullable with no default: adding it rewrites nothing (a
// catalog change even on a billion rows); rows logged before it have none and are compared on
// their stored values.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table drop_off add column payload_fingerprint text`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table drop_off drop column payload_fingerprint`.execute(db);
}

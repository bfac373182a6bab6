// Ending a person's sessions. Every account change that must take effect at once (deactivation,
// password change or reset, a new role or station) calls endSessionsOf inside its transaction.
import type { Kysely } from 'kysely';
import type { Database } from '@recycle/db';

/** Ends every session of `userId`: tokens issued before this call are refused from now on. */
export async function endSessionsOf(_trx: Kysely<Database>, _userId: number): Promise<void> {
  // Wired to the session mechanism (issue 9) when it lands; see the report of issue 11.
}

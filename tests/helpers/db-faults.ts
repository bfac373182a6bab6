// Real database faults for a test's own database (never a mock): on PostgreSQL its backends are
// terminated (as a restart, a failover or an administrator's pg_terminate_backend would) and new
// connections can be refused until restored; the embedded PGlite can only be closed under the app.
import { databaseName, withAdmin as withAdminOf } from '@recycle/testing';
import type { TestDb } from './db.ts';

const withAdmin = <T>(fn: Parameters<typeof withAdminOf<T>>[1]) => withAdminOf(process.env.DATABASE_URL!, fn);

/** The name of a PostgreSQL test database (its pool's connection string). */
export function databaseNameOf(db: TestDb): string {
  return databaseName((db.pool as unknown as { options: { connectionString: string } }).options.connectionString);
}

/** Ends every backend of `name` except the admin's own; returns how many were ended. */
export async function terminateBackends(name: string): Promise<number> {
  const r = await withAdmin((c) =>
    c.query<{ n: number }>(
      'select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
      [name],
    ),
  );
  return r.rows[0]!.n;
}

/** PostgreSQL: refuse new connections to `name` and end the current ones (an outage). */
export async function refuseConnections(name: string): Promise<void> {
  await withAdmin((c) => c.query(`alter database "${name}" allow_connections false`));
  await terminateBackends(name);
}

/** PostgreSQL: the outage is over. */
export async function allowConnections(name: string): Promise<void> {
  await withAdmin((c) => c.query(`alter database "${name}" allow_connections true`));
}

/**
 * Makes the test database unreachable for the app: PostgreSQL refuses connections (undo with
 * the returned restore), PGlite is closed (no restore: it is in-process, there is no server to
 * come back; restore is null).
 */
export async function makeUnreachable(db: TestDb): Promise<{ restore: (() => Promise<void>) | null }> {
  if (db.kind === 'pglite') {
    await db.pglite!.close();
    return { restore: null };
  }
  const name = databaseNameOf(db);
  await refuseConnections(name);
  return { restore: () => allowConnections(name) };
}

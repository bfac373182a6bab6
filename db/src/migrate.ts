// Runs the dated migrations in db/migrations. Migrations take Kysely<any> and import no app code.
import { FileMigrationProvider, Migrator, sql, type Kysely } from 'kysely';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureCurrentPartitions } from './partitions.ts';

const migrationFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'migrations');

export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: new FileMigrationProvider({ fs, path, migrationFolder }),
    migrationTableName: 'kysely_migration',
    migrationLockTableName: 'kysely_migration_lock',
    // Migrations are named by date and issue (2026-12-01T<issue>-<n>_...), so one landing from a
    // lower-numbered issue can sort before migrations a database already ran; each runs once either way.
    allowUnorderedMigrations: true,
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  // Every migrate (and so every start) makes sure drop_off has this month's and the next two
  // months' partitions (db/src/partitions.ts).
  const fn = await sql<{ f: string | null }>`select to_regproc('drop_off_ensure_partitions')::text as f`.execute(db);
  if (fn.rows[0]?.f) await ensureCurrentPartitions(db);
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

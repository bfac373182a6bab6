// Session and index settings for loading a million rows quickly. Both are undone before returning,
// also when the load fails, so the handle and schema the app gets back are the migrated ones.
import type { DbHandle } from '@recycle/db';

/** One statement (or a ;-separated script) of plain SQL on either driver. */
export async function exec(handle: DbHandle, statement: string): Promise<void> {
  if (handle.pglite) await handle.pglite.exec(statement);
  else await handle.pool!.query(statement);
}

async function rows<T>(handle: DbHandle, query: string): Promise<T[]> {
  if (handle.pglite) return (await handle.pglite.query<T>(query)).rows;
  return (await handle.pool!.query(query)).rows as T[];
}

interface SecondaryIndex {
  table: string;
  name: string;
  /** Set when the index backs a unique constraint: it is dropped and re-added as a constraint. */
  constraintDef: string | null;
  indexDef: string;
}

/**
 * The non-primary-key indexes of `tables`, read from the catalog rather than copied from the
 * migration so they cannot drift from it. Primary keys stay: other tables' foreign keys use them.
 */
async function secondaryIndexes(handle: DbHandle, tables: readonly string[]): Promise<SecondaryIndex[]> {
  const list = tables.map((t) => `'${t}'`).join(', ');
  return rows<SecondaryIndex>(handle, `
    select t.relname as "table", ix.relname as name, pg_get_indexdef(i.indexrelid) as "indexDef",
      case when c.oid is null then null else pg_get_constraintdef(c.oid) end as "constraintDef"
    from pg_index i
    join pg_class ix on ix.oid = i.indexrelid
    join pg_class t on t.oid = i.indrelid
    join pg_namespace n on n.oid = t.relnamespace and n.nspname = current_schema()
    left join pg_constraint c on c.conindid = i.indexrelid and c.conrelid = i.indrelid
    where t.relname in (${list}) and not i.indisprimary
    order by t.relname, ix.relname`);
}

const dropSql = (ix: SecondaryIndex) => ix.constraintDef
  ? `alter table ${ix.table} drop constraint ${ix.name}`
  : `drop index ${ix.name}`;

const createSql = (ix: SecondaryIndex) => ix.constraintDef
  ? `alter table ${ix.table} add constraint ${ix.name} ${ix.constraintDef}`
  : ix.indexDef;

/**
 * Run `load` with the secondary indexes of `tables` dropped, then rebuild them: one sorted build is
 * several times faster than a million random btree inserts (40 s -> 13 s for 450 k drop-offs on
 * PGlite). On the embedded database the per-row foreign-key triggers are skipped as well (more
 * than half of the COPY time in WASM); the generator only emits ids it has just inserted and the
 * load test checks the result. A server keeps its checks: they are cheap there and the setting
 * needs superuser.
 */
export async function withBulkLoad<T>(handle: DbHandle, tables: readonly string[], load: () => Promise<T>,
  onRebuild?: () => void): Promise<T> {
  const indexes = await secondaryIndexes(handle, tables);
  for (const ix of indexes) await exec(handle, dropSql(ix));
  if (handle.pglite) await exec(handle, "set session_replication_role = replica; set work_mem = '64MB'");
  let result: T;
  try {
    result = await load();
  } catch (error) {
    // Best effort: the original error matters more than a failed rebuild on half-loaded data.
    await restore(handle, indexes).catch(() => {});
    throw error;
  }
  onRebuild?.();
  await restore(handle, indexes);
  return result;
}

async function restore(handle: DbHandle, indexes: SecondaryIndex[]): Promise<void> {
  if (handle.pglite) await exec(handle, 'reset session_replication_role; reset work_mem');
  // Sort a million keys in memory rather than in temporary files. Set and reset within one
  // script, so that on a server it applies to the pooled connection that builds the index.
  for (const ix of indexes) {
    await exec(handle, `set maintenance_work_mem = '256MB'; ${createSql(ix)}; reset maintenance_work_mem`);
  }
}

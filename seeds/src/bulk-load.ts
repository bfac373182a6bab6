// Loading a million rows quickly: the bulk tables' secondary indexes and foreign keys are dropped
// for the load and re-created after it, also when the load fails, so the schema the app gets back
// is the migrated one. Definitions are read from the catalog, not copied from the migration, so
// they cannot drift from it.
import type { DbHandle } from '@recycle/db';

/** One statement (or a ;-separated script without parameters) of plain SQL on either driver. */
export async function exec(handle: DbHandle, statement: string): Promise<void> {
  if (handle.pglite) await handle.pglite.exec(statement);
  else await handle.pool!.query(statement);
}

async function rows<T>(handle: DbHandle, query: string): Promise<T[]> {
  if (handle.pglite) return (await handle.pglite.query<T>(query)).rows;
  return (await handle.pool!.query(query)).rows as T[];
}

interface Suspended {
  table: string;
  name: string;
  /** 'index' for a plain index; else a constraint (unique or foreign key) re-added by definition. */
  kind: 'index' | 'constraint';
  definition: string;
}

/**
 * Foreign keys and non-primary-key indexes of `tables`. Primary keys stay: foreign keys elsewhere
 * depend on them, and identity columns fill them in order, which btrees handle well.
 */
async function suspendable(handle: DbHandle, tables: readonly string[]): Promise<Suspended[]> {
  const list = tables.map((t) => `'${t}'`).join(', ');
  const scope = `join pg_namespace n on n.oid = t.relnamespace and n.nspname = current_schema()
    where t.relname in (${list})`;
  const foreignKeys = await rows<Suspended>(
    handle,
    `
    select t.relname as "table", c.conname as name, 'constraint' as kind, pg_get_constraintdef(c.oid) as definition
    from pg_constraint c join pg_class t on t.oid = c.conrelid ${scope} and c.contype = 'f'
    order by 1, 2`,
  );
  const indexes = await rows<Suspended>(
    handle,
    `
    select t.relname as "table", ix.relname as name,
      case when c.oid is null then 'index' else 'constraint' end as kind,
      case when c.oid is null then pg_get_indexdef(i.indexrelid) else pg_get_constraintdef(c.oid) end as definition
    from pg_index i
    join pg_class ix on ix.oid = i.indexrelid
    join pg_class t on t.oid = i.indrelid
    left join pg_constraint c on c.conindid = i.indexrelid and c.conrelid = i.indrelid
    ${scope} and not i.indisprimary
    order by 1, 2`,
  );
  // Drop order: foreign keys first; re-create in reverse, so the keys are validated last.
  return [...foreignKeys, ...indexes];
}

const dropSql = (s: Suspended) =>
  s.kind === 'constraint' ? `alter table ${s.table} drop constraint ${s.name}` : `drop index ${s.name}`;

// A partitioned table's index is printed `ON ONLY` (the parent alone); re-created, it must cover
// every partition again.
const createSql = (s: Suspended) =>
  s.kind === 'constraint'
    ? `alter table ${s.table} add constraint ${s.name} ${s.definition}`
    : s.definition.replace(' ON ONLY ', ' ON ');

async function restore(handle: DbHandle, suspended: readonly Suspended[]): Promise<void> {
  // Sort the keys in memory rather than in temporary files. Set and reset within one script, so
  // that on a server it applies to the pooled connection that runs the statement.
  for (const s of [...suspended].reverse()) {
    await exec(handle, `set maintenance_work_mem = '256MB'; ${createSql(s)}; reset maintenance_work_mem`);
  }
}

/**
 * Run `load` with the foreign keys and secondary indexes of `tables` dropped, then re-create them.
 * Per-row foreign-key triggers and random btree inserts are most of a COPY's cost (PGlite: 40 s
 * -> 13 s for 450 k drop-offs; PostgreSQL: 31 k -> 74 k rows/s); one sorted index build and one
 * validating join per key are far cheaper, and the foreign keys are still checked, all at once.
 */
export async function withBulkLoad<T>(
  handle: DbHandle,
  tables: readonly string[],
  load: () => Promise<T>,
  onRebuild?: () => void,
): Promise<T> {
  const suspended = await suspendable(handle, tables);
  for (const s of suspended) await exec(handle, dropSql(s));
  let result: T;
  try {
    result = await load();
  } catch (error) {
    // Best effort: the original error matters more than a failed rebuild on half-loaded data.
    await restore(handle, suspended).catch(() => {});
    throw error;
  }
  onRebuild?.();
  await restore(handle, suspended);
  return result;
}

// The schema is kept ready to be distributed with Citus by station (docs/scaling.md): this test
// reads the migrated schema's catalog and checks the rules Citus imposes, so a new table or
// constraint that would block distribution fails here, not on the day of the move.
//   - distributed tables (by station): every primary key and unique constraint includes the
//     distribution column; foreign keys between them join on it;
//   - reference tables (copied to every node): may be referenced by anything, and reference only
//     each other;
//   - every table is classified: a new table must be placed in one of the lists.
// The known exceptions are listed with the step that removes them at the move (docs/scaling.md).
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/db.ts';

/** Distributed by station: table → its distribution column. */
export const DISTRIBUTED: Record<string, string> = {
  station: 'id',
  drop_off: 'station_id',
  // the idempotency key claims that span drop_off's monthly partitions (one per drop-off in the retry window)
  drop_off_key: 'station_id',
  station_day_total: 'station_id',
  station_week_total: 'station_id',
  bin_pickup: 'station_id',
  station_acknowledgement: 'station_id',
};
/** Replicated to every node: small, rarely written. */
export const REFERENCE = ['city', 'package_material', 'emission_factor_set', 'emission_factor', 'app_user'];
/**
 * Stay on the coordinator: city-keyed rollups, the audit trail, the shoppers' points ledger (keyed by
 * member, not station: members drop off at many stations) and the migrator's own tables.
 */
export const LOCAL = [
  'city_day_total',
  'audit_entry',
  'kysely_migration',
  'kysely_migration_lock',
  'consumer',
  'points_campaign',
  'points_rate',
  'points_entry',
  'voucher',
  // accounts' devices, pairing codes and import jobs: few rows, written by admins and at pairing
  'counter_device',
  'device_pairing',
  'import_job',
  // the station reports asked lately, read by each API process as it starts: a few rows
  'report_demand',
];
/** Known exceptions, each removed by a documented step at the move (docs/scaling.md, "Citus"). */
const EXCEPTIONS = [
  'unique station_code_key (code) on distributed station lacks id',
  'primary key bin_pickup_pk (id) on distributed bin_pickup lacks station_id',
  'primary key station_acknowledgement_pk (id) on distributed station_acknowledgement lacks station_id',
  'foreign key app_user_station_fk: reference app_user → distributed station',
  // the ledger records where points were earned and vouchers redeemed: plain columns at the move
  'foreign key points_entry_station_fk: local points_entry → distributed station',
  'foreign key voucher_redeemed_station_fk: local voucher → distributed station',
  // counter devices: their station and the drop-offs' device become plain columns at the move
  'foreign key counter_device_station_fk: local counter_device → distributed station',
  'foreign key device_pairing_station_fk: local device_pairing → distributed station',
  'foreign key drop_off_device_fk: distributed drop_off → local counter_device',
];

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(() => db.dispose());

interface Constraint {
  table: string;
  name: string;
  type: 'p' | 'u' | 'f';
  columns: string[];
  ref_table: string | null;
  ref_columns: string[] | null;
}

async function constraints(): Promise<Constraint[]> {
  const r = await sql<Constraint>`
    select t.relname as "table", c.conname as name, c.contype as type,
      array(select a.attname::text from unnest(c.conkey) k join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k) as columns,
      r.relname as ref_table,
      case when c.contype = 'f' then array(select a.attname::text from unnest(c.confkey) k join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k) end as ref_columns
    from pg_constraint c join pg_class t on t.oid = c.conrelid
    join pg_namespace n on n.oid = t.relnamespace and n.nspname = current_schema()
    left join pg_class r on r.oid = c.confrelid
    -- a partition's constraints are its parent's, cloned (checked on the parent)
    where c.contype in ('p', 'u', 'f') and not t.relispartition order by 1, 2`.execute(db.db);
  return r.rows;
}

/** Every rule break, in words. */
function violations(all: Constraint[]): string[] {
  const kind = (t: string) => (t in DISTRIBUTED ? 'distributed' : REFERENCE.includes(t) ? 'reference' : 'local');
  const out: string[] = [];
  for (const c of all) {
    if ((c.type === 'p' || c.type === 'u') && c.table in DISTRIBUTED && !c.columns.includes(DISTRIBUTED[c.table]!)) {
      out.push(
        `${c.type === 'p' ? 'primary key' : 'unique'} ${c.name} (${c.columns.join(', ')}) on distributed ${c.table} lacks ${DISTRIBUTED[c.table]}`,
      );
    }
    if (c.type !== 'f') continue;
    const from = kind(c.table);
    const to = kind(c.ref_table!);
    // Allowed: anything → reference (local tables join Citus metadata for it), local → local, and
    // distributed → distributed when both sides' columns include the distribution column in the same place.
    const ok =
      to === 'reference' ||
      (to === 'local' && from === 'local') ||
      (to === 'distributed' &&
        from === 'distributed' &&
        c.columns.indexOf(DISTRIBUTED[c.table]!) >= 0 &&
        c.columns.indexOf(DISTRIBUTED[c.table]!) === c.ref_columns!.indexOf(DISTRIBUTED[c.ref_table!]!));
    if (!ok) out.push(`foreign key ${c.name}: ${from} ${c.table} → ${to} ${c.ref_table}`);
  }
  return out;
}

describe('Citus-ready schema (distribution column: station)', () => {
  it('classifies every table as distributed, reference or local', async () => {
    const r = await sql<{
      t: string;
    }>`select relname as t from pg_class c join pg_namespace n on n.oid = c.relnamespace and n.nspname = current_schema()
      where c.relkind in ('r', 'p') and not c.relispartition order by 1`.execute(db.db);
    const classified = new Set([...Object.keys(DISTRIBUTED), ...REFERENCE, ...LOCAL]);
    expect(
      r.rows.map((x) => x.t).filter((t) => !classified.has(t)),
      'new tables must be placed in DISTRIBUTED, REFERENCE or LOCAL',
    ).toEqual([]);
  });

  it('every distributed table has its distribution column, and the rollups key on it', async () => {
    const all = await constraints();
    for (const [table, column] of Object.entries(DISTRIBUTED)) {
      const r = await sql<{ n: number }>`select count(*)::int as n from information_schema.columns
        where table_schema = current_schema() and table_name = ${table} and column_name = ${column}`.execute(db.db);
      expect(r.rows[0]!.n, `${table}.${column}`).toBe(1);
    }
    expect(all.find((c) => c.name === 'station_day_total_pk')!.columns).toContain('station_id');
    expect(all.find((c) => c.name === 'drop_off_idempotency_key')!.columns).toContain('station_id');
  });

  it('unique constraints and foreign keys follow the rules, but for the listed exceptions', async () => {
    expect(violations(await constraints()).sort()).toEqual([...EXCEPTIONS].sort());
  });

  it('the check itself finds a break (a new unique constraint without the distribution column)', async () => {
    const all = await constraints();
    const broken: Constraint = {
      table: 'drop_off',
      name: 'drop_off_key_only',
      type: 'u',
      columns: ['idempotency_key'],
      ref_table: null,
      ref_columns: null,
    };
    expect(violations([...all, broken])).toContain(
      'unique drop_off_key_only (idempotency_key) on distributed drop_off lacks station_id',
    );
  });

  it('partitions only distributed tables, by month, and their keys carry the partition key', async () => {
    // Citus distributes a partitioned table with its partitions (co-located by station)
    const r = await sql<{ child: string; parent: string }>`select c.relname as child, p.relname as parent
      from pg_inherits i join pg_class c on c.oid = i.inhrelid join pg_class p on p.oid = i.inhparent
      join pg_namespace n on n.oid = p.relnamespace and n.nspname = current_schema()
      where p.relkind = 'p' order by 1`.execute(db.db);
    expect(r.rows.length).toBeGreaterThan(0);
    for (const row of r.rows) {
      expect(row.parent).toBe('drop_off');
      expect(row.child).toMatch(/^drop_off_y\d{4}m\d{2}$/);
    }
    const keys = (await constraints()).filter((c) => c.table === 'drop_off' && c.type !== 'f');
    // (as sets: the catalog join above does not keep the key's column order)
    expect(keys.map((c) => [c.name, [...c.columns].sort()]).sort()).toEqual([
      ['drop_off_idempotency_key', ['idempotency_key', 'occurred_at', 'station_id']],
      ['drop_off_pk', ['id', 'occurred_at', 'station_id']],
    ]);
  });

  it('reference tables are small: a few hundred rows at most on the seeded reference data', async () => {
    for (const table of REFERENCE) {
      const r = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(db.db);
      expect(r.rows[0]!.n, table).toBeLessThan(1000);
    }
  });
});

// Migrations on an empty database: every table and hand-named constraint appears, a second run is
// a no-op, and down() leaves nothing behind. Always a fresh throwaway database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, Migrator, FileMigrationProvider, NO_MIGRATIONS } from 'kysely';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { migrateToLatest } from '@recycle/db';
import { openThrowawayDb, type ThrowawayDb } from '@recycle/testing';

let e: ThrowawayDb;
beforeAll(async () => {
  e = await openThrowawayDb(); // empty: no migrations
});
afterAll(() => e.dispose());

const TABLES = [
  'app_user',
  'audit_entry',
  'bin_pickup',
  'city',
  'city_day_total',
  'consumer',
  'counter_device',
  'device_pairing',
  'drop_off',
  'drop_off_key',
  'emission_factor',
  'emission_factor_set',
  'import_job',
  'package_material',
  'points_campaign',
  'points_entry',
  'points_rate',
  'report_demand',
  'station',
  'station_acknowledgement',
  'station_day_total',
  'station_week_total',
  'voucher',
];

async function tables() {
  const r = await sql<{ table_name: string }>`select table_name from information_schema.tables
    where table_schema = 'public' and table_name not like 'kysely%'
      and table_name not like 'drop\\_off\\_y%' order by table_name`.execute(e.db);
  return r.rows.map((x) => x.table_name);
}

describe('migrations on an empty database', () => {
  it('creates the singular tables', async () => {
    expect(await tables()).toEqual([]);
    const files = (await fs.readdir(path.resolve('db/migrations')))
      .filter((f) => f.endsWith('.ts'))
      .map((f) => f.replace(/\.ts$/, ''))
      .sort();
    const applied = await migrateToLatest(e.db);
    // every file, in name order (each issue's migrations sort by its hour)
    expect(applied).toEqual(files);
    expect(applied.slice(0, 3)).toEqual([
      '2026-11-01T00-00_core',
      '2026-11-25T00-00_station_day_items',
      '2026-11-26T00-00_factor_set_frozen',
    ]);
    expect(applied).toEqual(
      expect.arrayContaining([
        '2026-12-01T09-00_drop_off_payload_fingerprint',
        '2026-12-01T09-01_sign_in_failure_address',
        '2026-12-01T11-00_accounts_devices_imports',
        '2026-12-01T11-01_session_version',
        '2026-12-01T13-01_mass_weighed',
        '2026-12-01T13-02_factor_sources',
        '2026-12-01T14-00_cache_notify',
        '2026-12-01T14-01_city_day_total_shards',
        '2026-12-01T15-00_green_points',
        '2026-12-01T12-00_station_acknowledgement',
      ]),
    );
    expect(await tables()).toEqual(TABLES);
  });

  it('names constraints by hand (no machine-made *_fkey / *_check names)', async () => {
    const r = await sql<{
      conname: string;
    }>`select conname from pg_constraint c join pg_namespace n on n.oid = c.connamespace
      where n.nspname = 'public' and conrelid::regclass::text not like 'kysely%' and contype in ('p', 'f', 'u', 'c')
        -- a partition's copies of its parent's keys are named by PostgreSQL (drop_off_y2026m11_pkey)
        and not (select relispartition from pg_class where oid = c.conrelid)`.execute(e.db);
    const names = r.rows.map((x) => x.conname);
    expect(names).toContain('drop_off_idempotency_key');
    expect(names).toContain('station_day_total_pk');
    expect(names.filter((n) => /_(fkey|pkey|check\d*|key\d+)$/.test(n) && !n.endsWith('_check'))).toEqual([]);
    // NOT NULL is not a named constraint in PG 15; the rest are ours:
    expect(names.every((n) => TABLES.some((t) => n.startsWith(t.split('_')[0]!)))).toBe(true);
  });

  it('enforces the rules in the schema too (a drop-off of quantity 0 is refused by the database)', async () => {
    await expect(
      sql`insert into drop_off (station_id, occurred_at, local_day, material_code, quantity, mass_kg, outcome, idempotency_key)
        values (1, now(), current_date, 'BOX_S', 0, 0.1, 'REUSED', 'k')`.execute(e.db),
    ).rejects.toThrow(/drop_off_quantity_positive|drop_off_station_fk/);
  });

  it('is a no-op the second time', async () => {
    expect(await migrateToLatest(e.db)).toEqual([]);
  });

  it('rolls back to an empty schema with every down()', async () => {
    const migrator = new Migrator({
      db: e.db,
      provider: new FileMigrationProvider({ fs, path, migrationFolder: path.resolve('db/migrations') }),
      migrationTableName: 'kysely_migration',
      migrationLockTableName: 'kysely_migration_lock',
    });
    const { error } = await migrator.migrateTo(NO_MIGRATIONS);
    expect(error).toBeUndefined();
    expect(await tables()).toEqual([]);
  });
});

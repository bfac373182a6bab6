// 2026-12-01T14-30 drop_off_partitions on a database that already holds drop-offs: every row moves
// into its month's partition with its id and values, the keys are claimed, ids continue after the
// largest, and down() puts the rows back into a plain table.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql, Migrator, FileMigrationProvider } from 'kysely';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { migrateToLatest } from '@recycle/db';
import { openThrowawayDb, type ThrowawayDb } from '@recycle/testing';

let e: ThrowawayDb;
beforeAll(async () => {
  e = await openThrowawayDb(); // empty: no migrations
});
afterAll(() => e.dispose());

const BEFORE = '2026-12-01T14-21_report_data_version';
const rowsNow = async () =>
  (
    await sql<{ id: number; key: string; quantity: number; voided: boolean; part: string }>`
      select id::int as id, idempotency_key as key, quantity, voided_at is not null as voided, tableoid::regclass::text as part
      from drop_off order by id`.execute(e.db)
  ).rows;

it('moves existing drop-offs into monthly partitions, keeping ids and totals', async () => {
  const db = e.db;
  const migrator = new Migrator({
    db,
    provider: new FileMigrationProvider({ fs, path, migrationFolder: path.resolve('db/migrations') }),
    migrationTableName: 'kysely_migration',
    migrationLockTableName: 'kysely_migration_lock',
    allowUnorderedMigrations: true,
  });
  expect((await migrator.migrateTo(BEFORE)).error).toBeUndefined();
  await sql`insert into city (code, name_zh, name_en, center_lat, center_lng) values ('SH', '上海', 'Shanghai', 31.23, 121.47)`.execute(
    db,
  );
  await sql`insert into package_material (code, name_zh, name_en, factor_material, typical_mass_kg, reusable, sort_order)
    values ('BOX_M', '中号纸箱', 'Box M', 'board', 0.25, true, 1)`.execute(db);
  await sql`insert into station (code, city_code, district, name, address, lat, lng, bin_capacity)
    values ('SH-00001', 'SH', 'd', 'n', 'a', 31.23, 121.47, 100), ('SH-00002', 'SH', 'd', 'n', 'a', 31.24, 121.47, 100)`.execute(
    db,
  );
  // September (older than the first campaign: its month is made too), October, November, one voided.
  await sql`insert into drop_off (station_id, occurred_at, local_day, material_code, quantity, mass_kg, outcome, idempotency_key, voided_at, void_reason)
    values (1, '2026-09-15T02:00Z', '2026-09-15', 'BOX_M', 3, 0.75, 'RECYCLED', 'a', null, null),
           (1, '2026-10-31T20:00Z', '2026-11-01', 'BOX_M', 4, 1.0, 'RECYCLED', 'b', null, null),
           (2, '2026-11-11T03:00Z', '2026-11-11', 'BOX_M', 5, 1.25, 'REUSED', 'a', now(), 'wrong')`.execute(db);
  await migrateToLatest(db);

  expect(await rowsNow()).toEqual([
    { id: 1, key: 'a', quantity: 3, voided: false, part: 'drop_off_y2026m09' },
    { id: 2, key: 'b', quantity: 4, voided: false, part: 'drop_off_y2026m10' },
    { id: 3, key: 'a', quantity: 5, voided: true, part: 'drop_off_y2026m11' },
  ]);
  const keys = await sql<{
    s: number;
    k: string;
  }>`select station_id as s, idempotency_key as k from drop_off_key order by 1, 2`.execute(db);
  expect(keys.rows).toEqual([
    { s: 1, k: 'a' },
    { s: 1, k: 'b' },
    { s: 2, k: 'a' },
  ]);
  // ids continue after the moved rows
  const next = await sql<{
    id: number;
  }>`insert into drop_off (station_id, occurred_at, local_day, material_code, quantity, mass_kg, outcome, idempotency_key)
    values (2, '2026-11-12T03:00Z', '2026-11-12', 'BOX_M', 1, 0.25, 'RECYCLED', 'c') returning id::int as id`.execute(
    db,
  );
  expect(next.rows[0]!.id).toBe(4);

  // down(): the rows go back into one plain table, ids kept
  expect((await migrator.migrateTo(BEFORE)).error).toBeUndefined();
  const plain = await rowsNow();
  expect(plain.map((r) => [r.id, r.key, r.part])).toEqual([
    [1, 'a', 'drop_off'],
    [2, 'b', 'drop_off'],
    [3, 'a', 'drop_off'],
    [4, 'c', 'drop_off'],
  ]);
});

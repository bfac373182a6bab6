// 2026-11-25 station_day_items on a database that already holds drop-offs: the backfill gives each
// station its latest local day with any entry and that day's non-voided items.
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

it('backfills items_day / items_on_day from existing drop-offs', async () => {
  const db = e.db;
  const migrator = new Migrator({
    db,
    provider: new FileMigrationProvider({ fs, path, migrationFolder: path.resolve('db/migrations') }),
    migrationTableName: 'kysely_migration',
    migrationLockTableName: 'kysely_migration_lock',
  });
  expect((await migrator.migrateTo('2026-11-01T00-00_core')).error).toBeUndefined();
  await sql`insert into city (code, name_zh, name_en, center_lat, center_lng) values ('SH', '上海', 'Shanghai', 31.23, 121.47)`.execute(
    db,
  );
  await sql`insert into package_material (code, name_zh, name_en, factor_material, typical_mass_kg, reusable, sort_order)
    values ('BOX_M', '中号纸箱', 'Box M', 'board', 0.25, true, 1)`.execute(db);
  await sql`insert into station (code, city_code, district, name, address, lat, lng, bin_capacity)
    values ('SH-00001', 'SH', 'd', 'n', 'a', 31.23, 121.47, 100), ('SH-00002', 'SH', 'd', 'n', 'a', 31.24, 121.47, 100),
           ('SH-00003', 'SH', 'd', 'n', 'a', 31.25, 121.47, 100)`.execute(db);
  // Station 1: 3 items on Nov 10, then 4 + 5 (voided) on Nov 11 → Nov 11, 4 items.
  // Station 2: only a voided entry on its latest day (Nov 9) → Nov 9, 0 items. Station 3: nothing.
  await sql`insert into drop_off (station_id, occurred_at, local_day, material_code, quantity, mass_kg, outcome, idempotency_key, voided_at, void_reason)
    values (1, '2026-11-10T02:00Z', '2026-11-10', 'BOX_M', 3, 0.75, 'RECYCLED', 'a', null, null),
           (1, '2026-11-11T02:00Z', '2026-11-11', 'BOX_M', 4, 1.0, 'RECYCLED', 'b', null, null),
           (1, '2026-11-11T03:00Z', '2026-11-11', 'BOX_M', 5, 1.25, 'REUSED', 'c', now(), 'wrong'),
           (2, '2026-11-08T03:00Z', '2026-11-08', 'BOX_M', 2, 0.5, 'REUSED', 'd', null, null),
           (2, '2026-11-09T03:00Z', '2026-11-09', 'BOX_M', 6, 1.5, 'REUSED', 'e', now(), 'wrong')`.execute(db);
  // Every migration after core runs, in file order; later migrations must not break this backfill.
  const later = (await fs.readdir(path.resolve('db/migrations')))
    .filter((f) => f.endsWith('.ts') && !f.startsWith('2026-11-01T00-00_core'))
    .map((f) => f.replace(/\.ts$/, ''))
    .sort();
  const applied = await migrateToLatest(db);
  expect(applied.slice(0, 2)).toEqual(['2026-11-25T00-00_station_day_items', '2026-11-26T00-00_factor_set_frozen']);
  expect(applied).toEqual(later);
  const rows = await sql<{ code: string; items_day: string | null; items_on_day: number }>`
    select code, items_day, items_on_day from station order by code`.execute(db);
  expect(rows.rows).toEqual([
    { code: 'SH-00001', items_day: '2026-11-11', items_on_day: 4 },
    { code: 'SH-00002', items_day: '2026-11-09', items_on_day: 0 },
    { code: 'SH-00003', items_day: null, items_on_day: 0 },
  ]);
});

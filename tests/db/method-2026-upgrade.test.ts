// A database made before method 2026.1 (first-edition factor sets, DESNZ-2025 the default, no
// weighed flag) upgraded as `pnpm start` upgrades it: the migrations mark the drop-offs whose mass
// was typed in as weighed and fill the rollups' weighed kg; the reference sync adds the new sets,
// frozen, and moves the default to CN-2026 unless an admin had chosen another one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, Migrator, FileMigrationProvider } from 'kysely';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { migrateToLatest } from '@recycle/db';
import { FACTOR_SETS, syncReferenceFactorSets } from '@recycle/seeds';
import { openThrowawayDb, type ThrowawayDb } from '@recycle/testing';

const FIRST_EDITIONS = FACTOR_SETS.filter((s) =>
  ['DESNZ-2025', 'DESNZ-2023', 'CAINIAO-CEUCC-2021'].includes(s.version),
);

/** The schema and reference data as they were before method 2026.1; `defaultSet` is the default then. */
// Typed as today's handle, but only raw SQL runs on it: the schema is as it was then.
async function oldDatabase(db: ThrowawayDb['db'], defaultSet: string) {
  const migrator = new Migrator({
    db,
    provider: new FileMigrationProvider({ fs, path, migrationFolder: path.resolve('db/migrations') }),
    migrationTableName: 'kysely_migration',
    migrationLockTableName: 'kysely_migration_lock',
  });
  expect((await migrator.migrateTo('2026-11-26T00-00_factor_set_frozen')).error).toBeUndefined();
  await sql`insert into city (code, name_zh, name_en, center_lat, center_lng) values ('SH', '上海', 'Shanghai', 31.23, 121.47)`.execute(
    db,
  );
  await sql`insert into package_material (code, name_zh, name_en, factor_material, typical_mass_kg, reusable, sort_order) values
    ('BOX_S', 's', 's', 'board', 0.15, true, 1), ('BOX_M', 'm', 'm', 'board', 0.25, true, 2), ('BOX_L', 'l', 'l', 'board', 0.45, true, 3),
    ('MAILER_BAG', 'b', 'b', 'plastic_film', 0.03, false, 4), ('FOAM_FILL', 'f', 'f', 'polystyrene', 0.02, false, 5),
    ('PAPER_FILL', 'p', 'p', 'paper', 0.05, false, 6)`.execute(db);
  for (const set of FIRST_EDITIONS) {
    const {
      rows: [row],
    } = await sql<{ id: number }>`insert into emission_factor_set (version, name, is_default, displacement_rate, notes)
      values (${set.version}, ${set.name}, ${set.version === defaultSet}, ${set.displacementRate}, ${set.notes}) returning id`.execute(
      db,
    );
    for (const f of set.factors) {
      await sql`insert into emission_factor (factor_set_id, material_code, outcome, unit, value, low, high, source, source_year)
        values (${row!.id}, ${f.materialCode}, ${f.outcome}, ${f.unit}, ${f.value}, ${f.low}, ${f.high}, ${f.source}, ${f.sourceYear})`.execute(
        db,
      );
    }
    await sql`update emission_factor_set set published_at = ${set.publishedAt} where id = ${row!.id}`.execute(db);
  }
}

describe('a database from before method 2026.1, default left as shipped', () => {
  let e: ThrowawayDb;
  beforeAll(async () => {
    e = await openThrowawayDb();
    await oldDatabase(e.db, 'DESNZ-2025');
  });
  afterAll(() => e.dispose());

  it('marks typed-in masses weighed and fills the weighed kg of the rollups', async () => {
    const db = e.db;
    await sql`insert into station (code, city_code, district, name, address, lat, lng, bin_capacity) values ('SH-00001', 'SH', 'd', 'n', 'a', 31.2, 121.4, 100)`.execute(
      db,
    );
    // BOX_M x4: 1.0 kg is exactly 4 x 0.25 (estimated); 1.1 kg was typed (weighed); MAILER_BAG 0.09 = 3 x 0.03 (estimated);
    // a voided weighed row stays out of the rollups.
    await sql`insert into drop_off (station_id, occurred_at, local_day, material_code, quantity, mass_kg, outcome, idempotency_key, voided_at, void_reason) values
      (1, '2026-11-11T02:00Z', '2026-11-11', 'BOX_M', 4, 1.0, 'RECYCLED', 'a', null, null),
      (1, '2026-11-11T03:00Z', '2026-11-11', 'BOX_M', 4, 1.1, 'RECYCLED', 'b', null, null),
      (1, '2026-11-11T04:00Z', '2026-11-11', 'MAILER_BAG', 3, 0.09, 'RECYCLED', 'c', null, null),
      (1, '2026-11-11T05:00Z', '2026-11-11', 'BOX_M', 2, 0.7, 'RECYCLED', 'd', now(), 'wrong')`.execute(db);
    await sql`insert into station_day_total (station_id, day, material_code, outcome, entries, quantity, mass_kg) values
      (1, '2026-11-11', 'BOX_M', 'RECYCLED', 2, 8, 2.1), (1, '2026-11-11', 'MAILER_BAG', 'RECYCLED', 1, 3, 0.09)`.execute(
      db,
    );
    await sql`insert into city_day_total (city_code, day, material_code, outcome, entries, quantity, mass_kg) values
      ('SH', '2026-11-11', 'BOX_M', 'RECYCLED', 2, 8, 2.1), ('SH', '2026-11-11', 'MAILER_BAG', 'RECYCLED', 1, 3, 0.09)`.execute(
      db,
    );

    const applied = await migrateToLatest(db);
    expect(applied.filter((m) => m.startsWith('2026-12-01T13'))).toEqual([
      '2026-12-01T13-01_mass_weighed',
      '2026-12-01T13-02_factor_sources',
    ]);
    const rows = await sql<{
      k: string;
      w: boolean;
    }>`select idempotency_key as k, mass_weighed as w from drop_off order by k`.execute(db);
    expect(rows.rows).toEqual([
      { k: 'a', w: false },
      { k: 'b', w: true },
      { k: 'c', w: false },
      { k: 'd', w: true },
    ]);
    const rollups = await sql<{ t: string; m: string; w: number }>`
      select 'station' as t, material_code as m, mass_kg_weighed::float8 as w from station_day_total
      union all select 'city', material_code, mass_kg_weighed::float8 from city_day_total order by 1, 2`.execute(db);
    expect(rollups.rows).toEqual([
      { t: 'city', m: 'BOX_M', w: 1.1 },
      { t: 'city', m: 'MAILER_BAG', w: 0 },
      { t: 'station', m: 'BOX_M', w: 1.1 },
      { t: 'station', m: 'MAILER_BAG', w: 0 },
    ]);
  });

  it('keeps the first editions as published and frozen (the new columns stay empty)', async () => {
    const db = e.db;
    const f = await sql<{ n: number; zh: number; urls: number }>`select count(*)::int as n, count(source_zh)::int as zh,
      count(*) filter (where cardinality(source_urls) > 0)::int as urls from emission_factor`.execute(db);
    expect(f.rows[0]).toEqual({ n: 36, zh: 0, urls: 0 });
    await expect(
      sql`update emission_factor_set set notes_zh = 'x' where version = 'DESNZ-2025'`.execute(db),
    ).rejects.toThrow(/is published/);
  });

  it('gets the method 2026.1 sets on start and CN-2026 as the default, once, audited', async () => {
    const added = await syncReferenceFactorSets(e);
    expect(added).toEqual(['CN-2026', 'DESNZ-2025-R2', 'DESNZ-2023-R2']);
    const sets = await sql<{ version: string; is_default: boolean; published: boolean }>`
      select version, is_default, published_at is not null as published from emission_factor_set order by id`.execute(
      e.db,
    );
    expect(sets.rows.map((s) => [s.version, s.is_default, s.published])).toEqual([
      ['DESNZ-2025', false, true],
      ['DESNZ-2023', false, true],
      ['CAINIAO-CEUCC-2021', false, true],
      ['CN-2026', true, true],
      ['DESNZ-2025-R2', false, true],
      ['DESNZ-2023-R2', false, true],
    ]);
    const audit = await sql<{ action: string; entity_id: string; after: unknown }>`
      select action, entity_id, after from audit_entry order by id`.execute(e.db);
    expect(audit.rows.map((a) => [a.action, a.entity_id])).toEqual([
      ['reference:setDefaultFactorSet', 'CN-2026'],
      ['reference:publishFactorSet', 'CN-2026'],
      ['reference:publishFactorSet', 'DESNZ-2025-R2'],
      ['reference:publishFactorSet', 'DESNZ-2023-R2'],
    ]);
    // the CN-2026 factors arrive with their Chinese sources, links and evidence, and are frozen
    const box = await sql<{ value: number; zh: string; urls: string[]; evidence: string }>`
      select f.value, f.source_zh as zh, f.source_urls as urls, f.evidence from emission_factor f join emission_factor_set s on s.id = f.factor_set_id
      where s.version = 'CN-2026' and f.material_code = 'BOX_M' and f.outcome = 'RECYCLED'`.execute(e.db);
    expect(box.rows[0]).toMatchObject({ value: 0.0065, evidence: 'DERIVED' });
    expect(box.rows[0]!.urls[0]).toBe('docs/carbon-method.md');
    await expect(
      sql`update emission_factor set value = 1 where source_zh = ${box.rows[0]!.zh}`.execute(e.db),
    ).rejects.toThrow(/is published/);
    // a second start adds nothing
    expect(await syncReferenceFactorSets(e)).toEqual([]);
  });
});

describe('a database from before method 2026.1 whose admin had chosen DESNZ-2023', () => {
  let e: ThrowawayDb;
  beforeAll(async () => {
    e = await openThrowawayDb();
    await oldDatabase(e.db, 'DESNZ-2023');
    await migrateToLatest(e.db);
  });
  afterAll(() => e.dispose());

  it("adds the new sets and keeps the admin's default", async () => {
    expect(await syncReferenceFactorSets(e)).toEqual(['CN-2026', 'DESNZ-2025-R2', 'DESNZ-2023-R2']);
    const d = await sql<{ version: string }>`select version from emission_factor_set where is_default`.execute(e.db);
    expect(d.rows).toEqual([{ version: 'DESNZ-2023' }]);
  });
});

// Reference data every environment needs (cities, materials, emission factor sets) and the
// functions that insert it into an empty, migrated database or bring an existing one up to date.
import type { DbHandle } from '@recycle/db';
import { CITIES } from './cities.ts';
import { FACTOR_SETS, type FactorSetSeed } from './factors/index.ts';

type Db = DbHandle['db'];

export { CITIES, type CitySeed } from './cities.ts';
export { FACTOR_SETS, type FactorSeed, type FactorSetSeed, type FactorUnit, type Outcome } from './factors/index.ts';

export interface MaterialSeed {
  code: string;
  nameZh: string;
  nameEn: string;
  /** The material class emission factors are published for. */
  factorMaterial: string;
  typicalMassKg: number;
  reusable: boolean;
  sortOrder: number;
}

export const MATERIALS: readonly MaterialSeed[] = [
  {
    code: 'BOX_S',
    nameZh: '小号纸箱',
    nameEn: 'Corrugated box S',
    factorMaterial: 'board',
    typicalMassKg: 0.15,
    reusable: true,
    sortOrder: 1,
  },
  {
    code: 'BOX_M',
    nameZh: '中号纸箱',
    nameEn: 'Corrugated box M',
    factorMaterial: 'board',
    typicalMassKg: 0.25,
    reusable: true,
    sortOrder: 2,
  },
  {
    code: 'BOX_L',
    nameZh: '大号纸箱',
    nameEn: 'Corrugated box L',
    factorMaterial: 'board',
    typicalMassKg: 0.45,
    reusable: true,
    sortOrder: 3,
  },
  {
    code: 'MAILER_BAG',
    nameZh: '快递袋',
    nameEn: 'Plastic mailer bag',
    factorMaterial: 'plastic_film',
    typicalMassKg: 0.03,
    reusable: false,
    sortOrder: 4,
  },
  {
    code: 'FOAM_FILL',
    nameZh: '泡沫填充',
    nameEn: 'Foam fill',
    factorMaterial: 'polystyrene',
    typicalMassKg: 0.02,
    reusable: false,
    sortOrder: 5,
  },
  {
    code: 'PAPER_FILL',
    nameZh: '纸质填充',
    nameEn: 'Paper fill',
    factorMaterial: 'paper',
    typicalMassKg: 0.05,
    reusable: false,
    sortOrder: 6,
  },
];

/** Insert cities, materials and factor sets. Runs once, on an empty database. */
export async function seedReference(handle: DbHandle): Promise<void> {
  const { db } = handle;
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('city')
      .values(
        CITIES.map((c) => ({
          code: c.code,
          name_zh: c.nameZh,
          name_en: c.nameEn,
          center_lat: c.lat,
          center_lng: c.lng,
          timezone: c.timezone,
          population_weight: c.populationWeight,
        })),
      )
      .execute();
    await trx
      .insertInto('package_material')
      .values(
        MATERIALS.map((m) => ({
          code: m.code,
          name_zh: m.nameZh,
          name_en: m.nameEn,
          factor_material: m.factorMaterial,
          typical_mass_kg: m.typicalMassKg,
          reusable: m.reusable,
          sort_order: m.sortOrder,
        })),
      )
      .execute();
    for (const set of FACTOR_SETS) await insertFactorSet(trx, set);
  });
}

/** Inserts one reference set with its factors, then publishes it (the database then freezes it). */
async function insertFactorSet(trx: Db, set: FactorSetSeed): Promise<void> {
  const { id } = await trx
    .insertInto('emission_factor_set')
    .values({
      version: set.version,
      name: set.name,
      is_default: set.isDefault,
      displacement_rate: set.displacementRate,
      notes: set.notes,
      notes_zh: set.notesZh,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('emission_factor')
    .values(
      set.factors.map((f) => ({
        factor_set_id: id,
        material_code: f.materialCode,
        outcome: f.outcome,
        unit: f.unit,
        value: f.value,
        low: f.low,
        high: f.high,
        source: f.source,
        source_year: f.sourceYear,
        source_zh: f.sourceZh,
        source_urls: [...f.sourceUrls],
        evidence: f.evidence,
      })),
    )
    .execute();
  // Published last: the database refuses factors for a set once it is published.
  await trx.updateTable('emission_factor_set').set({ published_at: set.publishedAt }).where('id', '=', id).execute();
}

/**
 * Brings an existing database's reference factor sets up to date (runs on every start): inserts
 * the reference sets it lacks, frozen like the others (a set already there is never touched), and,
 * when a new set replaces the reference default the database still uses, moves the default to
 * it. An admin's own choice of default is kept. Audited; returns the versions added.
 * Example: await syncReferenceFactorSets(handle) // ['CN-2026', 'DESNZ-2025-R2', ...] once, then []
 */
export async function syncReferenceFactorSets(handle: DbHandle): Promise<string[]> {
  return handle.db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('emission_factor_set').select(['version', 'is_default']).execute();
    const have = new Set(existing.map((s) => s.version));
    const missing = FACTOR_SETS.filter((s) => !have.has(s.version));
    let currentDefault = existing.find((s) => s.is_default)?.version ?? null;
    for (const set of missing) {
      const takesOver =
        set.isDefault && (currentDefault === null || (set.replacesDefaults ?? []).includes(currentDefault));
      await insertFactorSet(trx, { ...set, isDefault: false });
      if (takesOver) {
        await trx
          .updateTable('emission_factor_set')
          .set({ is_default: false })
          .where('is_default', '=', true)
          .execute();
        await trx
          .updateTable('emission_factor_set')
          .set({ is_default: true })
          .where('version', '=', set.version)
          .execute();
        await audit(
          trx,
          'reference:setDefaultFactorSet',
          set.version,
          { default: currentDefault },
          { default: set.version },
        );
        currentDefault = set.version;
      }
      await audit(trx, 'reference:publishFactorSet', set.version, null, {
        version: set.version,
        factors: set.factors.length,
      });
    }
    return missing.map((s) => s.version);
  });
}

function audit(trx: Db, action: string, entityId: string, before: unknown, after: unknown) {
  return trx
    .insertInto('audit_entry')
    .values({
      action,
      entity: 'emission_factor_set',
      entity_id: entityId,
      before: before === null ? null : JSON.stringify(before),
      after: JSON.stringify(after),
    })
    .execute();
}

// Reference data every environment needs (cities, materials, emission factor sets) and the
// function that inserts it into an empty, migrated database.
import type { DbHandle } from '@recycle/db';
import { CITIES } from './cities.ts';
import { FACTOR_SETS } from './factors.ts';

export { CITIES, type CitySeed } from './cities.ts';
export { FACTOR_SETS, type FactorSeed, type FactorSetSeed, type FactorUnit, type Outcome } from './factors.ts';

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
  { code: 'BOX_S', nameZh: '小号纸箱', nameEn: 'Corrugated box S', factorMaterial: 'board', typicalMassKg: 0.15, reusable: true, sortOrder: 1 },
  { code: 'BOX_M', nameZh: '中号纸箱', nameEn: 'Corrugated box M', factorMaterial: 'board', typicalMassKg: 0.25, reusable: true, sortOrder: 2 },
  { code: 'BOX_L', nameZh: '大号纸箱', nameEn: 'Corrugated box L', factorMaterial: 'board', typicalMassKg: 0.45, reusable: true, sortOrder: 3 },
  { code: 'MAILER_BAG', nameZh: '快递袋', nameEn: 'Plastic mailer bag', factorMaterial: 'plastic_film', typicalMassKg: 0.03, reusable: false, sortOrder: 4 },
  { code: 'FOAM_FILL', nameZh: '泡沫填充', nameEn: 'Foam fill', factorMaterial: 'polystyrene', typicalMassKg: 0.02, reusable: false, sortOrder: 5 },
  { code: 'PAPER_FILL', nameZh: '纸质填充', nameEn: 'Paper fill', factorMaterial: 'paper', typicalMassKg: 0.05, reusable: false, sortOrder: 6 },
];

/** Insert cities, materials and factor sets. Runs once, on an empty database. */
export async function seedReference(handle: DbHandle): Promise<void> {
  const { db } = handle;
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('city').values(CITIES.map((c) => ({
      code: c.code, name_zh: c.nameZh, name_en: c.nameEn, center_lat: c.lat, center_lng: c.lng,
      timezone: c.timezone, population_weight: c.populationWeight,
    }))).execute();
    await trx.insertInto('package_material').values(MATERIALS.map((m) => ({
      code: m.code, name_zh: m.nameZh, name_en: m.nameEn, factor_material: m.factorMaterial,
      typical_mass_kg: m.typicalMassKg, reusable: m.reusable, sort_order: m.sortOrder,
    }))).execute();
    for (const set of FACTOR_SETS) {
      const { id } = await trx.insertInto('emission_factor_set').values({
        version: set.version, name: set.name, is_default: set.isDefault,
        displacement_rate: set.displacementRate, notes: set.notes,
      }).returning('id').executeTakeFirstOrThrow();
      await trx.insertInto('emission_factor').values(set.factors.map((f) => ({
        factor_set_id: id, material_code: f.materialCode, outcome: f.outcome, unit: f.unit,
        value: f.value, low: f.low, high: f.high, source: f.source, source_year: f.sourceYear,
      }))).execute();
      // Published last: the database refuses factors for a set once it is published.
      await trx.updateTable('emission_factor_set').set({ published_at: set.publishedAt }).where('id', '=', id).execute();
    }
  });
}

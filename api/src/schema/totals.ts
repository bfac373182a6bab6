// Totals over a period (from the rollups), with CO2e avoided computed under a chosen factor set.
import { co2eBreakdown, quantityTotals, roundKg, type Co2e } from '../domain/carbon.ts';
import { massQuality } from '../domain/data-quality.ts';
import type { Context } from '../context.ts';
import type { FactorSetWithFactors } from '../reference-cache.ts';
import { factorSetOrThrow } from '../services/carbon-report.ts';
import { builder } from './builder.ts';
import { FactorSetRef } from './factor-set.ts';

export interface TotalsRowLike {
  material_code: string;
  outcome: string;
  entries: number;
  quantity: number;
  mass_kg: number;
  mass_kg_weighed: number;
}

export interface TotalsShape {
  from: string;
  to: string;
  rows: TotalsRowLike[];
}

export const Co2eRef = builder.objectRef<Co2e>('Co2e').implement({
  description: 'kg CO2e avoided: a central estimate and the range the published sources span.',
  fields: (t) => ({
    central: t.exposeFloat('central'),
    low: t.exposeFloat('low'),
    high: t.exposeFloat('high'),
  }),
});

const MaterialTotalRef = builder.objectRef<TotalsRowLike>('MaterialTotal').implement({
  fields: (t) => ({
    materialCode: t.exposeString('material_code'),
    outcome: t.exposeString('outcome'),
    entries: t.exposeInt('entries'),
    items: t.exposeInt('quantity'),
    kg: t.float({ resolve: (r) => roundKg(r.mass_kg) }),
    kgWeighed: t.float({
      description: 'The part of kg weighed at the counter (the rest estimated from typical masses).',
      resolve: (r) => roundKg(r.mass_kg_weighed),
    }),
  }),
});

interface CarbonShape {
  breakdown: ReturnType<typeof co2eBreakdown>;
  factorSet: FactorSetWithFactors;
}

export const CarbonRef = builder.objectRef<CarbonShape>('CarbonEstimate').implement({
  description:
    'Avoided emissions: reported separately from, and never subtracted from, a GHG inventory (GHG Protocol Scope 3, category 5).',
  fields: (t) => ({
    total: t.field({ type: Co2eRef, resolve: (c) => c.breakdown.total }),
    reuse: t.field({ type: Co2eRef, resolve: (c) => c.breakdown.reuse }),
    recycle: t.field({ type: Co2eRef, resolve: (c) => c.breakdown.recycle }),
    uncovered: t.stringList({
      description: 'material/outcome pairs with items but no factor in the set (counted as zero).',
      resolve: (c) => c.breakdown.uncovered,
    }),
    factorSet: t.field({ type: FactorSetRef, resolve: (c) => c.factorSet }),
  }),
});

/** Loads a factor set by version (null: the default) and applies it; unknown version → NotFound. */
export async function carbonOf(
  rows: TotalsRowLike[],
  version: string | null | undefined,
  ctx: Context,
): Promise<CarbonShape> {
  const set = await factorSetOrThrow(ctx.loaders, version);
  return { breakdown: co2eBreakdown(rows, set), factorSet: set };
}

export const TotalsRef = builder.objectRef<TotalsShape>('Totals').implement({
  description: 'Physical quantities over a period, from the daily rollups. Voided entries are excluded.',
  fields: (t) => {
    const q = (s: TotalsShape) => quantityTotals(s.rows);
    return {
      from: t.field({ type: 'Date', resolve: (s) => s.from }),
      to: t.field({ type: 'Date', resolve: (s) => s.to }),
      dropOffs: t.int({
        description: 'Logged entries (one entry may hold several items).',
        resolve: (s) => q(s).entries,
      }),
      items: t.int({ resolve: (s) => q(s).items }),
      itemsReused: t.int({ resolve: (s) => q(s).itemsReused }),
      itemsRecycled: t.int({ resolve: (s) => q(s).itemsRecycled }),
      kgReused: t.float({ resolve: (s) => q(s).kgReused }),
      kgRecycled: t.float({ resolve: (s) => q(s).kgRecycled }),
      kgWeighed: t.float({
        description: 'kg weighed at the counter.',
        resolve: (s) => massQuality(q(s).grams, q(s).weighedGrams).kgWeighed,
      }),
      kgEstimated: t.float({
        description: 'kg estimated from typical masses.',
        resolve: (s) => massQuality(q(s).grams, q(s).weighedGrams).kgEstimated,
      }),
      weighedShare: t.float({
        nullable: true,
        description: 'kgWeighed / kg, 0..1; null when there is no mass.',
        resolve: (s) => massQuality(q(s).grams, q(s).weighedGrams).weighedShare,
      }),
      byMaterial: t.field({ type: [MaterialTotalRef], resolve: (s) => s.rows }),
      co2eAvoided: t.field({
        type: CarbonRef,
        args: { factorSet: t.arg.string({ required: false, validate: { maxLength: 64 } }) },
        resolve: (s, args, ctx) => carbonOf(s.rows, args.factorSet, ctx),
      }),
    };
  },
});

// Emission factor sets: versioned, sourced, never edited once published.
import { cachedFactorSets, type FactorSetWithFactors } from '../reference-cache.ts';
import { factorsOfSets } from '../repositories/factor.ts';
import { builder } from './builder.ts';

type FactorRow = FactorSetWithFactors['factors'][number];
type SetRow = Omit<FactorSetWithFactors, 'factors'> & { factors?: FactorRow[] };

export const FactorUnit = builder.enumType('FactorUnit', {
  values: { PER_KG: { description: 'kg CO2e per kg of material' }, PER_ITEM: { description: 'kg CO2e per item' } },
});

export const EvidenceEnum = builder.enumType('FactorEvidence', {
  description:
    "What a factor rests on (docs/carbon-method.md): the publisher's own table, a figure quoted by another source, a value derived from several sources, or a stated assumption.",
  values: ['PRIMARY', 'SECONDARY', 'DERIVED', 'ASSUMPTION'] as const,
});

const FactorRef = builder.objectRef<FactorRow>('EmissionFactor').implement({
  description:
    'kg CO2e avoided per kg or per item. value is the central (best) estimate; low <= value <= high is its stated uncertainty.',
  fields: (t) => ({
    materialCode: t.exposeString('material_code'),
    outcome: t.exposeString('outcome'),
    unit: t.field({ type: FactorUnit, resolve: (f) => f.unit as 'PER_KG' | 'PER_ITEM' }),
    value: t.exposeFloat('value'),
    low: t.exposeFloat('low'),
    high: t.exposeFloat('high'),
    source: t.exposeString('source'),
    sourceZh: t.exposeString('source_zh', {
      nullable: true,
      description: 'The citation in Chinese (null: editions published before method 2026.1).',
    }),
    sourceUrls: t.exposeStringList('source_urls', {
      description: 'Where the sources can be read; a docs/ path is the method in this repository.',
    }),
    evidence: t.field({
      type: EvidenceEnum,
      nullable: true,
      description: 'Null for editions published before method 2026.1.',
      resolve: (f) => f.evidence as 'PRIMARY' | 'SECONDARY' | 'DERIVED' | 'ASSUMPTION' | null,
    }),
    year: t.exposeInt('source_year'),
  }),
});

export const FactorSetRef = builder.objectRef<SetRow>('EmissionFactorSet').implement({
  fields: (t) => ({
    version: t.exposeString('version'),
    name: t.exposeString('name'),
    publishedAt: t.field({ type: 'DateTime', nullable: true, resolve: (s) => s.published_at }),
    isDefault: t.exposeBoolean('is_default'),
    displacementRate: t.exposeFloat('displacement_rate', {
      description: 'Share of reused boxes that really replace a new box.',
    }),
    notes: t.exposeString('notes'),
    notesZh: t.exposeString('notes_zh', {
      nullable: true,
      description: 'The notes in Chinese (null: editions published before method 2026.1).',
    }),
    factors: t.field({
      type: [FactorRef],
      resolve: async (s, _args, ctx) => s.factors ?? (await factorsOfSets(ctx.db, [s.id])),
    }),
  }),
});

builder.queryField('emissionFactorSets', (t) =>
  t.field({
    type: [FactorSetRef],
    authScopes: { signedIn: true },
    resolve: (_root, _args, ctx) => cachedFactorSets(ctx.db),
  }),
);

// ADMIN publishes a new factor set and chooses the default set. Thin: checks, transaction, audit
// and cache invalidation are in services/factor-sets.ts.
import { ConflictError, InputError, NotFoundError } from '../domain/errors.ts';
import { matches } from '../domain/formats.ts';
import { publishFactorSet, setDefaultFactorSet } from '../services/factor-sets.ts';
import { builder } from './builder.ts';
import { OutcomeEnum } from './drop-off.ts';
import { EvidenceEnum, FactorSetRef, FactorUnit } from './factor-set.ts';

const FactorInput = builder.inputType('EmissionFactorInput', {
  fields: (t) => ({
    materialCode: t.string({ required: true, validate: { minLength: 1, maxLength: 32 } }),
    outcome: t.field({ type: OutcomeEnum, required: true }),
    unit: t.field({ type: FactorUnit, required: true }),
    value: t.float({
      required: true,
      validate: { min: -100, max: 1000 },
      description:
        'Central value, the best estimate: kg CO2e avoided per kg or per item (negative: the outcome emits more than what it replaces).',
    }),
    low: t.float({
      required: true,
      validate: { min: -100, max: 1000 },
      description: 'Low end of the stated uncertainty; must not exceed value.',
    }),
    high: t.float({
      required: true,
      validate: { min: -100, max: 1000 },
      description: 'High end of the stated uncertainty; must not be below value.',
    }),
    source: t.string({
      required: true,
      validate: { minLength: 3, maxLength: 500 },
      description: 'Citation: publisher, edition, table, how the value was derived.',
    }),
    sourceZh: t.string({
      required: false,
      validate: { maxLength: 500 },
      description: 'The citation in Chinese, for the Chinese method page.',
    }),
    sourceUrls: t.stringList({
      required: false,
      validate: { maxLength: 10, items: { maxLength: 500, regex: matches('sourceUrl') } },
      description: 'Where the source can be read (http(s) links or a docs/ path).',
    }),
    evidence: t.field({ type: EvidenceEnum, required: false }),
    year: t.int({ required: true, validate: { min: 1990, max: 2100 }, description: 'Publication year of the source.' }),
  }),
});

const PublishInput = builder.inputType('PublishFactorSetInput', {
  fields: (t) => ({
    version: t.string({
      required: true,
      validate: { regex: matches('factorSetVersion') },
    }),
    name: t.string({ required: true, validate: { minLength: 3, maxLength: 200 } }),
    displacementRate: t.float({
      required: true,
      validate: { min: 0, max: 1 },
      description: 'Share of reused boxes that really replace a new box.',
    }),
    notes: t.string({
      required: true,
      validate: { maxLength: 4000 },
      description: 'Assumptions and scope, shown on the method page; say what the ranges mean.',
    }),
    notesZh: t.string({ required: false, validate: { maxLength: 4000 }, description: 'The notes in Chinese.' }),
    factors: t.field({ type: [FactorInput], required: true, validate: { minLength: 1, maxLength: 100 } }),
  }),
});

builder.mutationFields((t) => ({
  publishFactorSet: t.field({
    type: FactorSetRef,
    description:
      'ADMIN: publishes a new, immutable factor set. It does not become the default: use setDefaultFactorSet.',
    errors: { types: [InputError, NotFoundError, ConflictError], directResult: true },
    args: { input: t.arg({ type: PublishInput, required: true }) },
    authScopes: { admin: true },
    resolve: (_r, { input }, ctx) => publishFactorSet(ctx, input),
  }),
  setDefaultFactorSet: t.field({
    type: FactorSetRef,
    description: 'ADMIN: the set reports use when they name none. Reports made before keep naming the set they used.',
    errors: { types: [NotFoundError], directResult: true },
    args: { version: t.arg.string({ required: true, validate: { minLength: 1, maxLength: 64 } }) },
    authScopes: { admin: true },
    resolve: (_r, { version }, ctx) => setDefaultFactorSet(ctx, version),
  }),
}));

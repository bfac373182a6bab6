// ADMIN publishes a new factor set (a new edition, never an edit) and chooses the default set
// explicitly. Both are audited; the factor-set cache of this process is dropped so the change
// shows at once (other processes see it within a minute).
import { forgetFactorSets } from '../context.ts';
import { checkNewFactors } from '../domain/factor-set.ts';
import { ConflictError, InputError, NotFoundError } from '../domain/errors.ts';
import { writeAudit } from '../repositories/audit.ts';
import { clearDefaultFactorSet, insertFactors, insertFactorSet, listFactorSets, markDefaultFactorSet, publishFactorSet } from '../repositories/factor.ts';
import { builder } from './builder.ts';
import { OutcomeEnum } from './drop-off.ts';
import { FactorSetRef, FactorUnit } from './factor-set.ts';

const FactorInput = builder.inputType('EmissionFactorInput', {
  fields: (t) => ({
    materialCode: t.string({ required: true, validate: { minLength: 1, maxLength: 32 } }),
    outcome: t.field({ type: OutcomeEnum, required: true }),
    unit: t.field({ type: FactorUnit, required: true }),
    value: t.float({ required: true, validate: { min: 0, max: 1000 }, description: 'kg CO2e per kg or per item' }),
    low: t.float({ required: true, validate: { min: 0, max: 1000 } }),
    high: t.float({ required: true, validate: { min: 0, max: 1000 } }),
    source: t.string({ required: true, validate: { minLength: 3, maxLength: 500 }, description: 'Citation: publisher, edition, table, how the value was derived.' }),
    year: t.int({ required: true, validate: { min: 1990, max: 2100 }, description: 'Publication year of the source.' }),
  }),
});

const PublishInput = builder.inputType('PublishFactorSetInput', {
  fields: (t) => ({
    version: t.string({ required: true, validate: { regex: [/^[A-Z0-9][A-Z0-9._-]{1,63}$/, { message: 'must be 2-64 characters of A-Z, 0-9, ".", "_", "-", e.g. DESNZ-2026' }] } }),
    name: t.string({ required: true, validate: { minLength: 3, maxLength: 200 } }),
    displacementRate: t.float({ required: true, validate: { min: 0, max: 1 }, description: 'Share of reused boxes that really replace a new box.' }),
    notes: t.string({ required: true, validate: { maxLength: 4000 }, description: 'Assumptions and scope, shown on the method page.' }),
    factors: t.field({ type: [FactorInput], required: true, validate: { minLength: 1, maxLength: 100 } }),
  }),
});

builder.mutationFields((t) => ({
  publishFactorSet: t.field({
    type: FactorSetRef,
    description: 'ADMIN: publishes a new, immutable factor set. It does not become the default: use setDefaultFactorSet.',
    errors: { types: [InputError, NotFoundError, ConflictError], directResult: true },
    args: { input: t.arg({ type: PublishInput, required: true }) },
    authScopes: { admin: true },
    resolve: async (_r, { input }, ctx) => {
      const materials = new Set((await ctx.loaders.materials()).map((m) => m.code));
      const factors = checkNewFactors(input.factors, materials, 'input.factors');
      const sets = await listFactorSets(ctx.db);
      if (sets.some((s) => s.version === input.version)) {
        throw new ConflictError(`Emission factor set ${input.version} already exists and cannot be changed; publish a new version`, 'input.version');
      }
      const published = await ctx.db.transaction().execute(async (trx) => {
        const draft = await insertFactorSet(trx, { version: input.version, name: input.name, displacement_rate: input.displacementRate, notes: input.notes });
        await insertFactors(trx, draft.id, factors);
        const set = await publishFactorSet(trx, draft.id, ctx.now);
        await writeAudit(trx, { actorId: ctx.viewer!.userId, action: 'publishFactorSet', entity: 'emission_factor_set', entityId: set.version, after: { ...set, factors }, requestId: ctx.requestId });
        return set;
      });
      forgetFactorSets(ctx.db);
      return published;
    },
  }),
  setDefaultFactorSet: t.field({
    type: FactorSetRef,
    description: 'ADMIN: the set reports use when they name none. Reports made before keep naming the set they used.',
    errors: { types: [NotFoundError], directResult: true },
    args: { version: t.arg.string({ required: true, validate: { minLength: 1, maxLength: 64 } }) },
    authScopes: { admin: true },
    resolve: async (_r, { version }, ctx) => {
      const sets = await listFactorSets(ctx.db);
      const target = sets.find((s) => s.version === version && s.published_at !== null);
      if (!target) throw new NotFoundError('Published emission factor set', version, 'version');
      const before = sets.find((s) => s.is_default)?.version ?? null;
      const set = await ctx.db.transaction().execute(async (trx) => {
        await clearDefaultFactorSet(trx);
        const after = await markDefaultFactorSet(trx, target.id);
        await writeAudit(trx, { actorId: ctx.viewer!.userId, action: 'setDefaultFactorSet', entity: 'emission_factor_set', entityId: version, before: { default: before }, after: { default: version }, requestId: ctx.requestId });
        return after;
      });
      forgetFactorSets(ctx.db);
      return set;
    },
  }),
}));

// ADMIN publishes a new factor set (a new edition, never an edit) and chooses the default set
// explicitly. Both are audited in their transaction; this process's factor-set cache is dropped
// so the change shows at once (other processes see it within a minute).
import type { Context } from '../context.ts';
import { ConflictError, NotFoundError } from '../domain/errors.ts';
import { checkNewFactors, type FactorInput } from '../domain/factor-set.ts';
import { forgetFactorSets } from '../reference-cache.ts';
import { writeAudit } from '../repositories/audit.ts';
import {
  clearDefaultFactorSet,
  insertFactors,
  insertFactorSet,
  listFactorSets,
  markDefaultFactorSet,
  publishFactorSet as markPublished,
} from '../repositories/factor.ts';
import { msg } from '../domain/messages.ts';

export interface NewFactorSetInput {
  version: string;
  name: string;
  displacementRate: number;
  notes: string;
  notesZh?: string | null;
  factors: readonly FactorInput[];
}

export async function publishFactorSet(ctx: Context, input: NewFactorSetInput) {
  const materials = new Set((await ctx.loaders.materials()).map((m) => m.code));
  const factors = checkNewFactors(input.factors, materials, 'input.factors');
  const sets = await listFactorSets(ctx.db);
  if (sets.some((s) => s.version === input.version)) {
    throw new ConflictError(msg('factorSet.exists', { version: input.version }), 'input.version');
  }
  const published = await ctx.db.transaction().execute(async (trx) => {
    const draft = await insertFactorSet(trx, {
      version: input.version,
      name: input.name,
      displacement_rate: input.displacementRate,
      notes: input.notes,
      notes_zh: input.notesZh ?? null,
    });
    await insertFactors(trx, draft.id, factors);
    const set = await markPublished(trx, draft.id, ctx.now);
    await writeAudit(trx, {
      actorId: ctx.viewer!.userId,
      action: 'publishFactorSet',
      entity: 'emission_factor_set',
      entityId: set.version,
      after: { ...set, factors },
      requestId: ctx.requestId,
    });
    return set;
  });
  forgetFactorSets(ctx.db);
  return published;
}

export async function setDefaultFactorSet(ctx: Context, version: string) {
  const sets = await listFactorSets(ctx.db);
  const target = sets.find((s) => s.version === version && s.published_at !== null);
  if (!target) throw new NotFoundError('Published emission factor set', version, 'version');
  const before = sets.find((s) => s.is_default)?.version ?? null;
  const set = await ctx.db.transaction().execute(async (trx) => {
    await clearDefaultFactorSet(trx);
    const after = await markDefaultFactorSet(trx, target.id);
    await writeAudit(trx, {
      actorId: ctx.viewer!.userId,
      action: 'setDefaultFactorSet',
      entity: 'emission_factor_set',
      entityId: version,
      before: { default: before },
      after: { default: version },
      requestId: ctx.requestId,
    });
    return after;
  });
  forgetFactorSets(ctx.db);
  return set;
}

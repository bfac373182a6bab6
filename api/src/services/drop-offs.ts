// The two drop-off writes, orchestrating rules (domain/), queries (repositories/) and the audit.
import { decodeGlobalID } from '@pothos/plugin-relay';
import type { Context } from '../context.ts';
import { ConflictError, ForbiddenError, InputError, NotFoundError } from '../domain/errors.ts';
import { validateDropOffBatch, type DropOffItemInput, type ValidDropOff } from '../domain/drop-off-rules.ts';
import { canOperateStation } from '../domain/viewer.ts';
import { writeAudit } from '../repositories/audit.ts';
import { dropOffsByIds, dropOffsByKeys, insertDropOffBatch, voidDropOff, type DropOffRow } from '../repositories/drop-off.ts';
import { stationsByIds } from '../repositories/station.ts';
import type { ConsumerRow } from '../repositories/points.ts';
import { resolveMemberCodes, reverseDropOffCredit, writeWithCredits } from './points.ts';

export const STAFF_VOID_WINDOW_MS = 24 * 60 * 60 * 1000;

/** One row per key; a key repeated with different content in one batch is an input error. */
function dedupe(items: ValidDropOff[]): ValidDropOff[] {
  const seen = new Map<string, { item: ValidDropOff; index: number }>();
  items.forEach((item, index) => {
    const prior = seen.get(item.idempotencyKey);
    if (!prior) return void seen.set(item.idempotencyKey, { item, index });
    const same = prior.item.materialCode === item.materialCode && prior.item.outcome === item.outcome && prior.item.quantity === item.quantity;
    if (!same) {
      throw InputError.of(`input.items.${index}.idempotencyKey`, `repeats the key of item ${prior.index} with different content`);
    }
  });
  return [...seen.values()].map((v) => v.item);
}

export async function logDropOffs(ctx: Context, input: { stationCode: string; items: (DropOffItemInput & { memberCode?: string | null })[] }) {
  const station = await ctx.loaders.stationIdentity(input.stationCode);
  if (!station) throw new NotFoundError('Station', input.stationCode, 'input.stationCode');
  const materials = new Map((await ctx.loaders.materials()).map((m) => [m.code, m]));
  const valid = validateDropOffBatch(input.items, ctx.now, materials);
  const unique = dedupe(valid);
  // Green points: the members named by items (unknown codes refused here, before any write).
  const members = await resolveMemberCodes(ctx.db, input.items);
  const membersByKey = new Map<string, ConsumerRow>();
  for (const [i, m] of members) if (!membersByKey.has(valid[i]!.idempotencyKey)) membersByKey.set(valid[i]!.idempotencyKey, m);
  const target = {
    stationId: station.id, cityCode: station.city_code, stationCode: station.code, loggedBy: ctx.viewer?.userId ?? null,
    loggedAt: ctx.now, requestId: ctx.requestId, replayedCount: valid.length - unique.length,
  };
  // One statement: drop-offs, rollups, bin, audit (see insertDropOffBatch). With member codes it
  // runs in one transaction with their points credits (services/points.ts).
  const { inserted, points } = await writeWithCredits(ctx, station.id, membersByKey, (db) => insertDropOffBatch(db, target, unique));
  // Replayed keys: an earlier request (maybe one racing this one, now committed) logged them.
  const insertedKeys = new Set(inserted.map((r) => r.idempotency_key));
  const replayedKeys = unique.map((i) => i.idempotencyKey).filter((k) => !insertedKeys.has(k));
  const rows = replayedKeys.length ? [...inserted, ...(await dropOffsByKeys(ctx.db, station.id, replayedKeys))] : inserted;
  const insertedIds = new Set(inserted.map((r) => r.id));
  const byKey = new Map(rows.map((r) => [r.idempotency_key, r]));
  return {
    stationId: station.id,
    // A key repeated inside the batch was inserted once: only its first occurrence counts as accepted.
    results: valid.map((item) => {
      const dropOff = byKey.get(item.idempotencyKey)!;
      const isNew = insertedIds.delete(dropOff.id);
      return { key: item.idempotencyKey, dropOff, replayed: !isNew, points: points.get(item.idempotencyKey) ?? null };
    }),
  };
}

function parseDropOffId(globalId: string): number {
  let decoded: { typename: string; id: string };
  try {
    decoded = decodeGlobalID(globalId);
  } catch {
    throw InputError.of('id', 'is not a valid id');
  }
  const n = Number(decoded.id);
  if (decoded.typename !== 'DropOff' || !Number.isSafeInteger(n) || n <= 0) throw InputError.of('id', 'is not a DropOff id');
  return n;
}

export async function voidOne(ctx: Context, globalId: string, reason: string): Promise<DropOffRow> {
  const id = parseDropOffId(globalId);
  const row = (await dropOffsByIds(ctx.db, [id]))[0];
  if (!row) throw new NotFoundError('Drop-off', globalId, 'id');
  const station = (await stationsByIds(ctx.db, [row.station_id]))[0]!;
  const viewer = ctx.viewer!;
  if (!canOperateStation(viewer, station)) throw new ForbiddenError('You can void entries only at your own station or city');
  if (viewer.role === 'STATION_STAFF' && ctx.now.getTime() - row.created_at.getTime() > STAFF_VOID_WINDOW_MS) {
    throw new ForbiddenError('Station staff can void entries only within 24 hours of logging them; ask your city manager');
  }
  if (row.voided_at) throw new ConflictError(`This drop-off was already voided (${row.void_reason})`, 'id');
  return ctx.db.transaction().execute(async (trx) => {
    const voided = await voidDropOff(trx, id, viewer.userId, reason, ctx.now);
    if (!voided) throw new ConflictError('This drop-off was voided by someone else just now', 'id');
    await reverseDropOffCredit(trx, ctx, voided);
    await writeAudit(trx, { actorId: viewer.userId, action: 'voidDropOff', entity: 'drop_off', entityId: String(id), before: { voided: false }, after: { voided: true, reason }, requestId: ctx.requestId });
    return voided;
  });
}

// The two drop-off writes, orchestrating rules (domain/), queries (repositories/) and the audit.
import { decodeGlobalID } from '@pothos/plugin-relay';
import type { Context } from '../context.ts';
import { ConflictError, ForbiddenError, InputError, NotFoundError } from '../domain/errors.ts';
import { validateDropOffBatch, type DropOffItemInput, type ValidDropOff } from '../domain/drop-off-rules.ts';
import { differencesFromStored, payloadDifferences, type PayloadField } from '../domain/idempotency.ts';
import { canOperateStation } from '../domain/viewer.ts';
import { writeAudit } from '../repositories/audit.ts';
import { dropOffsByIds, dropOffsByKeys, insertDropOffBatch, voidDropOff, type DropOffRow } from '../repositories/drop-off.ts';
import { stationsByIds } from '../repositories/station.ts';

export const STAFF_VOID_WINDOW_MS = 24 * 60 * 60 * 1000;

/** One row per key; a key repeated in one batch with any differing field is an input error. */
function dedupe(items: ValidDropOff[]): ValidDropOff[] {
  const seen = new Map<string, { item: ValidDropOff; index: number }>();
  items.forEach((item, index) => {
    const prior = seen.get(item.idempotencyKey);
    if (!prior) return void seen.set(item.idempotencyKey, { item, index });
    const differs = payloadDifferences(prior.item.sent, item.sent);
    if (differs.length > 0) {
      throw InputError.of(`input.items.${index}.${differs[0]}`, `repeats the key of item ${prior.index} ("${item.idempotencyKey}") with a different ${differs.join(', ')}`);
    }
  });
  return [...seen.values()].map((v) => v.item);
}

export type ItemStatus = 'ACCEPTED' | 'REPLAYED' | 'CONFLICT';

/** A key already stored with a different payload: nothing was written for this item. */
export interface IdempotencyConflict {
  name: 'IdempotencyConflict';
  message: string;
  index: number;
  key: string;
  fields: PayloadField[];
}

function conflictOf(index: number, key: string, fields: PayloadField[]): IdempotencyConflict {
  const message = `Key "${key}" was already logged with a different ${fields.join(', ')}: this item was not stored`;
  return { name: 'IdempotencyConflict', message, index, key, fields };
}

export interface ItemResult {
  key: string;
  /** The entry stored under the key: new, the original of a replay, or the original a conflict differs from. */
  dropOff: DropOffRow;
  status: ItemStatus;
  conflict: IdempotencyConflict | null;
}

export async function logDropOffs(ctx: Context, input: { stationCode: string; items: DropOffItemInput[] }) {
  const station = await ctx.loaders.stationIdentity(input.stationCode);
  if (!station) throw new NotFoundError('Station', input.stationCode, 'input.stationCode');
  const materials = new Map((await ctx.loaders.materials()).map((m) => [m.code, m]));
  const valid = validateDropOffBatch(input.items, ctx.now, materials);
  const unique = dedupe(valid);
  const target = {
    stationId: station.id, cityCode: station.city_code, stationCode: station.code, loggedBy: ctx.viewer?.userId ?? null,
    loggedAt: ctx.now, requestId: ctx.requestId, replayedCount: valid.length - unique.length,
  };
  // One statement: drop-offs, rollups, bin, audit (see insertDropOffBatch).
  const inserted = await insertDropOffBatch(ctx.db, target, unique);
  // Keys already stored: an earlier request (maybe one racing this one, now committed) logged
  // them. Its row is what the key stands for: the same payload is a replay, another a conflict.
  const insertedKeys = new Set(inserted.map((r) => r.idempotency_key));
  const storedKeys = unique.map((i) => i.idempotencyKey).filter((k) => !insertedKeys.has(k));
  const rows = storedKeys.length ? [...inserted, ...(await dropOffsByKeys(ctx.db, station.id, storedKeys))] : inserted;
  const insertedIds = new Set(inserted.map((r) => r.id));
  const byKey = new Map(rows.map((r) => [r.idempotency_key, r]));
  const results = valid.map((item, index): ItemResult => {
    const dropOff = byKey.get(item.idempotencyKey)!;
    if (insertedIds.delete(dropOff.id)) return { key: item.idempotencyKey, dropOff, status: 'ACCEPTED', conflict: null };
    // A repeat inside this batch of an item stored now has its payload (dedupe checked it).
    const fields = insertedKeys.has(item.idempotencyKey) ? [] : differencesFromStored(item.sent, dropOff);
    return fields.length === 0
      ? { key: item.idempotencyKey, dropOff, status: 'REPLAYED', conflict: null }
      : { key: item.idempotencyKey, dropOff, status: 'CONFLICT', conflict: conflictOf(index, item.idempotencyKey, fields) };
  });
  const conflicts = results.flatMap((r) => (r.conflict ? [r.conflict] : []));
  if (conflicts.length > 0) {
    // A client resending a key with another payload is a bug or tampering: leave a trace.
    await writeAudit(ctx.db, { actorId: ctx.viewer?.userId ?? null, action: 'logDropOffs:conflict', entity: 'station', entityId: station.code, after: { conflicts: conflicts.map((c) => ({ key: c.key, fields: c.fields })) }, requestId: ctx.requestId });
  }
  return { stationId: station.id, results };
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
    await writeAudit(trx, { actorId: viewer.userId, action: 'voidDropOff', entity: 'drop_off', entityId: String(id), before: { voided: false }, after: { voided: true, reason }, requestId: ctx.requestId });
    return voided;
  });
}

// The two drop-off writes, orchestrating rules (domain/), queries (repositories/) and the audit.
import type { Context } from '../context.ts';
import { ConflictError, NotFoundError } from '../domain/errors.ts';
import { checkVoid, dedupeBatch, validateDropOffBatch, type DropOffItemInput } from '../domain/drop-off-rules.ts';
import { differencesFromStored, type PayloadField } from '../domain/idempotency.ts';
import { writeAudit } from '../repositories/audit.ts';
import {
  dropOffsByIds,
  dropOffsByKeys,
  insertDropOffBatch,
  voidDropOff as markVoided,
  type DropOffRow,
} from '../repositories/drop-off.ts';
import { ensurePartitionsFor } from '../repositories/drop-off-partitions.ts';
import { stationsByIds } from '../repositories/station.ts';
import type { ConsumerRow } from '../repositories/points.ts';
import { resolveMemberCodes, reverseDropOffCredit, writeWithCredits, type PointsCredit } from './points.ts';
import { msg } from '../domain/messages.ts';

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

export interface DropOffResult {
  key: string;
  /** The entry stored under the key: new, the original of a replay, or the original a conflict differs from. */
  dropOff: DropOffRow;
  status: ItemStatus;
  conflict: IdempotencyConflict | null;
  /** Green points the drop-off earned its member, when it named one (services/points.ts). */
  points: PointsCredit | null;
}

/**
 * Logs a batch: every item is checked first (one InputError names all faults), then new keys are
 * inserted and the rollups, bin and audit updated in ONE statement (insertDropOffBatches, maybe
 * beside other stations' batches), which is its own transaction. Keys the station already has
 * are answered with the original rows: REPLAYED when the payload is the same, CONFLICT (nothing
 * written for that item) when not.
 */
export async function logDropOffs(
  ctx: Context,
  input: { stationCode: string; items: readonly (DropOffItemInput & { memberCode?: string | null })[] },
) {
  const station = await ctx.loaders.stationIdentity(input.stationCode);
  if (!station) throw new NotFoundError('Station', input.stationCode, 'input.stationCode');
  const materials = new Map((await ctx.loaders.materials()).map((m) => [m.code, m]));
  const valid = validateDropOffBatch(input.items, ctx.now, materials);
  const unique = dedupeBatch(valid);
  // Green points: the members named by items (unknown codes refused here, before any write).
  const members = await resolveMemberCodes(ctx.db, input.items);
  const membersByKey = new Map<string, ConsumerRow>();
  for (const [i, m] of members)
    if (!membersByKey.has(valid[i]!.idempotencyKey)) membersByKey.set(valid[i]!.idempotencyKey, m);
  const target = {
    stationId: station.id,
    cityCode: station.city_code,
    stationCode: station.code,
    loggedBy: ctx.viewer?.userId ?? null,
    // The device is recorded where it is paired (staff signed in on a device of another station: not).
    deviceId: ctx.viewer?.device?.stationId === station.id ? ctx.viewer.device.id : null,
    loggedAt: ctx.now,
    requestId: ctx.requestId,
    replayedCount: valid.length - unique.length,
  };
  await ensurePartitionsFor(
    ctx.db,
    unique.map((i) => i.occurredAt),
  );
  // With member codes the insert runs in one transaction with their credits (services/points.ts);
  // without, through the group commit (ingest-queue.ts), beside other stations' batches.
  const { inserted, points } = await writeWithCredits(ctx, station.id, membersByKey, {
    alone: () => ctx.ingest.insert({ target, items: unique }),
    inTransaction: (trx) => insertDropOffBatch(trx, target, unique),
  });
  // Keys already stored: an earlier request (maybe one racing this one, now committed) logged
  // them. Its row is what the key stands for: the same payload is a replay, another a conflict.
  const insertedKeys = new Set(inserted.map((r) => r.idempotency_key));
  const storedKeys = unique.map((i) => i.idempotencyKey).filter((k) => !insertedKeys.has(k));
  const rows = storedKeys.length ? [...inserted, ...(await dropOffsByKeys(ctx.db, station.id, storedKeys))] : inserted;
  const insertedIds = new Set(inserted.map((r) => r.id));
  const byKey = new Map(rows.map((r) => [r.idempotency_key, r]));
  const results = valid.map((item, index): DropOffResult => {
    const dropOff = byKey.get(item.idempotencyKey)!;
    const credit = points.get(item.idempotencyKey) ?? null;
    if (insertedIds.delete(dropOff.id))
      return { key: item.idempotencyKey, dropOff, status: 'ACCEPTED', conflict: null, points: credit };
    // A repeat inside this batch of an item stored now has its payload (dedupeBatch checked it).
    const fields = insertedKeys.has(item.idempotencyKey) ? [] : differencesFromStored(item.sent, dropOff);
    return fields.length === 0
      ? { key: item.idempotencyKey, dropOff, status: 'REPLAYED', conflict: null, points: credit }
      : {
          key: item.idempotencyKey,
          dropOff,
          status: 'CONFLICT',
          conflict: conflictOf(index, item.idempotencyKey, fields),
          points: null,
        };
  });
  const conflicts = results.flatMap((r) => (r.conflict ? [r.conflict] : []));
  if (conflicts.length > 0) {
    // A client resending a key with another payload is a bug or tampering: leave a trace.
    await writeAudit(ctx.db, {
      actorId: ctx.viewer?.userId ?? null,
      action: 'logDropOffs:conflict',
      entity: 'station',
      entityId: station.code,
      after: { conflicts: conflicts.map((c) => ({ key: c.key, fields: c.fields })) },
      requestId: ctx.requestId,
    });
  }
  return { stationId: station.id, results };
}

/** Voids one entry (never deletes it) and takes it out of every rollup; audited in the same transaction. */
export async function voidDropOff(ctx: Context, id: number, reason: string): Promise<DropOffRow> {
  const row = (await dropOffsByIds(ctx.db, [id]))[0];
  if (!row) throw new NotFoundError('Drop-off', String(id), 'id');
  const station = (await stationsByIds(ctx.db, [row.station_id]))[0]!;
  const viewer = ctx.viewer!;
  checkVoid(viewer, station, row, ctx.now);
  return ctx.db.transaction().execute(async (trx) => {
    const voided = await markVoided(trx, id, viewer.userId, reason, ctx.now);
    if (!voided) throw new ConflictError(msg('void.justNow'), 'id');
    await reverseDropOffCredit(trx, ctx, voided);
    await writeAudit(trx, {
      actorId: viewer.userId,
      deviceId: viewer.device?.id,
      cityCode: station.city_code,
      action: 'voidDropOff',
      entity: 'drop_off',
      entityId: String(id),
      before: { voided: false },
      after: { voided: true, reason },
      requestId: ctx.requestId,
    });
    return voided;
  });
}

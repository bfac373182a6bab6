// The two drop-off writes, orchestrating rules (domain/), queries (repositories/) and the audit.
import type { Context } from '../context.ts';
import { ConflictError, NotFoundError } from '../domain/errors.ts';
import { checkVoid, dedupeBatch, validateDropOffBatch, type DropOffItemInput } from '../domain/drop-off-rules.ts';
import { writeAudit } from '../repositories/audit.ts';
import { dropOffsByIds, dropOffsByKeys, insertDropOffBatch, voidDropOff as markVoided, type DropOffRow } from '../repositories/drop-off.ts';
import { stationsByIds } from '../repositories/station.ts';
import type { ConsumerRow } from '../repositories/points.ts';
import { resolveMemberCodes, reverseDropOffCredit, writeWithCredits, type PointsCredit } from './points.ts';

export interface DropOffResult {
  key: string;
  dropOff: DropOffRow;
  replayed: boolean;
  /** Green points the drop-off earned its member, when it named one (services/points.ts). */
  points: PointsCredit | null;
}

/**
 * Logs a batch: every item is checked first (one InputError names all faults), then new keys are
 * inserted and the rollups, bin and audit updated in ONE statement (insertDropOffBatch), which
 * is its own transaction. Keys the station already has are answered with the original rows.
 */
export async function logDropOffs(ctx: Context, input: { stationCode: string; items: readonly (DropOffItemInput & { memberCode?: string | null })[] }) {
  const station = await ctx.loaders.stationIdentity(input.stationCode);
  if (!station) throw new NotFoundError('Station', input.stationCode, 'input.stationCode');
  const materials = new Map((await ctx.loaders.materials()).map((m) => [m.code, m]));
  const valid = validateDropOffBatch(input.items, ctx.now, materials);
  const unique = dedupeBatch(valid);
  // Green points: the members named by items (unknown codes refused here, before any write).
  const members = await resolveMemberCodes(ctx.db, input.items);
  const membersByKey = new Map<string, ConsumerRow>();
  for (const [i, m] of members) if (!membersByKey.has(valid[i]!.idempotencyKey)) membersByKey.set(valid[i]!.idempotencyKey, m);
  const target = {
    stationId: station.id, cityCode: station.city_code, stationCode: station.code, loggedBy: ctx.viewer?.userId ?? null,
    // The device is recorded where it is paired (staff signed in on a device of another station: not).
    deviceId: ctx.viewer?.device?.stationId === station.id ? ctx.viewer.device.id : null,
    loggedAt: ctx.now, requestId: ctx.requestId, replayedCount: valid.length - unique.length,
  };
  // With member codes the insert runs in one transaction with their credits (services/points.ts).
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
    results: valid.map((item): DropOffResult => {
      const dropOff = byKey.get(item.idempotencyKey)!;
      const isNew = insertedIds.delete(dropOff.id);
      return { key: item.idempotencyKey, dropOff, replayed: !isNew, points: points.get(item.idempotencyKey) ?? null };
    }),
  };
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
    if (!voided) throw new ConflictError('This drop-off was voided by someone else just now', 'id');
    await reverseDropOffCredit(trx, ctx, voided);
    await writeAudit(trx, {
      actorId: viewer.userId, deviceId: viewer.device?.id, cityCode: station.city_code, action: 'voidDropOff', entity: 'drop_off', entityId: String(id),
      before: { voided: false }, after: { voided: true, reason }, requestId: ctx.requestId,
    });
    return voided;
  });
}

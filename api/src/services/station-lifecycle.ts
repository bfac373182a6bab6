// Taking a station out of service and back. A decommissioned station leaves the map, the station
// lists and the counts; its drop-offs and rollups stay, so reports keep its history.
import { ConflictError, ForbiddenError, NotFoundError } from '../domain/errors.ts';
import { canManageCity } from '../domain/viewer.ts';
import { writeAudit } from '../repositories/audit.ts';
import { stationsByCodes } from '../repositories/station.ts';
import { decommissionStation, recommissionStation } from '../repositories/station-registry.ts';
import type { ServiceContext } from './imports.ts';
import { msg } from '../domain/messages.ts';

async function stationToManage(ctx: ServiceContext, code: string) {
  const station = (await stationsByCodes(ctx.db, [code]))[0];
  if (!station) throw new NotFoundError('Station', code, 'code');
  if (!canManageCity(ctx.viewer, station.city_code)) throw new ForbiddenError(msg('station.manageForbidden'));
  return station;
}

export async function decommission(ctx: ServiceContext, code: string, reason: string) {
  const before = await stationToManage(ctx, code);
  if (before.decommissioned_at) throw new ConflictError(msg('station.alreadyDecommissioned', { code }), 'code');
  return ctx.db.transaction().execute(async (trx) => {
    const after = await decommissionStation(trx, before.id, reason, ctx.now);
    if (!after) throw new ConflictError(msg('station.decommissionedJustNow', { code }), 'code');
    await writeAudit(trx, {
      actorId: ctx.viewer!.userId,
      action: 'decommissionStation',
      entity: 'station',
      entityId: code,
      cityCode: after.city_code,
      before: { decommissionedAt: null },
      after: { decommissionedAt: after.decommissioned_at, reason },
      requestId: ctx.requestId,
    });
    return after;
  });
}

export async function recommission(ctx: ServiceContext, code: string) {
  const before = await stationToManage(ctx, code);
  if (!before.decommissioned_at) throw new ConflictError(msg('station.inService', { code }), 'code');
  return ctx.db.transaction().execute(async (trx) => {
    const after = await recommissionStation(trx, before.id, ctx.now);
    if (!after) throw new ConflictError(msg('station.recommissionedJustNow', { code }), 'code');
    await writeAudit(trx, {
      actorId: ctx.viewer!.userId,
      action: 'recommissionStation',
      entity: 'station',
      entityId: code,
      cityCode: after.city_code,
      before: { decommissionedAt: before.decommissioned_at, reason: before.decommission_reason },
      after: { decommissionedAt: null },
      requestId: ctx.requestId,
    });
    return after;
  });
}

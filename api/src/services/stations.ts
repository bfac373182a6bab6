// Station writes: status, bin pickups, create and edit. Each checks its rules (domain/), then
// writes and audits in one transaction. Authorization is declared on the GraphQL fields.
import type { Context } from '../context.ts';
import { ConflictError, InputError, NotFoundError } from '../domain/errors.ts';
import type { StoredStatus } from '../domain/status.ts';
import { checkPlacement, checkStationCode, stationPatch, type StationEdit } from '../domain/station-rules.ts';
import { toWgs84, type CoordSystem } from '../imports/station-format.ts';
import { writeAudit } from '../repositories/audit.ts';
import { citiesByCodes } from '../repositories/city.ts';
import { recordBinPickup as insertBinPickup } from '../repositories/pickup.ts';
import {
  insertStation,
  setStationStatus as updateStatus,
  updateStationFields,
  type StationRow,
} from '../repositories/station.ts';
import { msg } from '../domain/messages.ts';

export async function requireStation(ctx: Context, code: string, field: string): Promise<StationRow> {
  const s = await ctx.loaders.stationByCode.load(code);
  if (!s) throw new NotFoundError('Station', code, field);
  return s;
}

async function requireCity(ctx: Context, cityCode: string, field: string) {
  const city = (await citiesByCodes(ctx.db, [cityCode]))[0];
  if (!city) throw new NotFoundError('City', cityCode, field);
  return city;
}

export async function setStationStatus(ctx: Context, code: string, status: StoredStatus): Promise<StationRow> {
  const before = await requireStation(ctx, code, 'code');
  return ctx.db.transaction().execute(async (trx) => {
    const after = await updateStatus(trx, before.id, status);
    await writeAudit(trx, {
      actorId: ctx.viewer!.userId,
      deviceId: ctx.viewer!.device?.id,
      cityCode: before.city_code,
      action: 'setStationStatus',
      entity: 'station',
      entityId: before.code,
      before: { status: before.status },
      after: { status: after.status },
      requestId: ctx.requestId,
    });
    return after;
  });
}

export interface PickupResult {
  kg: number;
  itemsCleared: number;
  pickedUpAt: Date;
  stationId: number;
}

/** Empties the bin at the request's clock (items that occurred after it fill the bin again). */
export async function recordBinPickup(ctx: Context, code: string, kg: number): Promise<PickupResult> {
  const station = await requireStation(ctx, code, 'stationCode');
  return ctx.db.transaction().execute(async (trx) => {
    const p = await insertBinPickup(trx, station.id, kg, ctx.viewer!.userId, ctx.now);
    await writeAudit(trx, {
      actorId: ctx.viewer!.userId,
      deviceId: ctx.viewer!.device?.id,
      cityCode: station.city_code,
      action: 'recordBinPickup',
      entity: 'station',
      entityId: station.code,
      before: { binItems: station.bin_items, status: station.status },
      after: { pickupId: p.id, kg: p.kg, itemsCleared: p.items_cleared },
      requestId: ctx.requestId,
    });
    // The payload's station is read again through this loader: it must see the emptied bin.
    ctx.loaders.stationByCode.clear(station.code);
    return { kg: p.kg, itemsCleared: p.items_cleared, pickedUpAt: p.picked_up_at, stationId: station.id };
  });
}

export interface NewStation {
  code: string;
  cityCode: string;
  district: string;
  name: string;
  address: string;
  lat: number;
  lng: number;
  binCapacity: number;
  coordSystem?: CoordSystem | null;
}

export async function createStation(ctx: Context, given: NewStation): Promise<StationRow> {
  const [lat, lng] = toWgs84(given.lat, given.lng, given.coordSystem ?? 'WGS84');
  const input = { ...given, lat, lng };
  checkStationCode(input.code, input.cityCode, 'input.code');
  checkPlacement(await requireCity(ctx, input.cityCode, 'input.cityCode'), input.lat, input.lng, 'input');
  if (await ctx.loaders.stationByCode.load(input.code))
    throw new ConflictError(msg('station.exists', { code: input.code }), 'input.code');
  return ctx.db.transaction().execute(async (trx) => {
    const s = await insertStation(trx, {
      code: input.code,
      city_code: input.cityCode,
      district: input.district,
      name: input.name,
      address: input.address,
      lat: input.lat,
      lng: input.lng,
      bin_capacity: input.binCapacity,
    });
    // written_xact marks the last drop-off write for report refreshes: not the station's record
    const { written_xact: _mark, ...record } = s;
    await writeAudit(trx, {
      actorId: ctx.viewer!.userId,
      action: 'createStation',
      entity: 'station',
      entityId: s.code,
      cityCode: s.city_code,
      after: record,
      requestId: ctx.requestId,
    });
    return s;
  });
}

/** A GCJ-02 position converts as a pair: half of one cannot be turned into WGS-84. */
function moved(e: StationEdit & { coordSystem?: CoordSystem | null }): Pick<StationEdit, 'lat' | 'lng'> {
  if ((e.coordSystem ?? 'WGS84') === 'WGS84') return {};
  if (e.lat == null || e.lng == null)
    throw InputError.of(e.lat == null ? 'input.lat' : 'input.lng', msg('station.gcjPair'));
  const [lat, lng] = toWgs84(e.lat, e.lng, e.coordSystem!);
  return { lat, lng };
}

/** Changes the fields given; a move must stay within reach of the station's city. */
export async function updateStation(
  ctx: Context,
  code: string,
  given: StationEdit & { coordSystem?: CoordSystem | null },
): Promise<StationRow> {
  const before = await requireStation(ctx, code, 'code');
  const input = { ...given, ...moved(given) };
  const patch = stationPatch(input, 'input');
  checkPlacement(
    await requireCity(ctx, before.city_code, 'input.cityCode'),
    input.lat ?? before.lat,
    input.lng ?? before.lng,
    'input',
  );
  return ctx.db.transaction().execute(async (trx) => {
    const after = await updateStationFields(trx, before.id, patch);
    await writeAudit(trx, {
      actorId: ctx.viewer!.userId,
      action: 'updateStation',
      entity: 'station',
      entityId: after.code,
      cityCode: after.city_code,
      before,
      after,
      requestId: ctx.requestId,
    });
    return after;
  });
}

// Station writes: status, bin pickups, create and edit. Each write is audited in its transaction.
import { ConflictError, InputError, NotFoundError } from '../domain/errors.ts';
import { distanceKm, MAX_KM_FROM_CITY_CENTRE } from '../domain/geo.ts';
import type { StoredStatus } from '../domain/status.ts';
import type { Context } from '../context.ts';
import { writeAudit } from '../repositories/audit.ts';
import { citiesByCodes } from '../repositories/city.ts';
import { recordBinPickup } from '../repositories/pickup.ts';
import { insertStation, setStationStatus, updateStationFields, type StationRow } from '../repositories/station.ts';
import { builder } from './builder.ts';
import { OperatingStatusEnum, StationRef } from './station.ts';

/** Scope for a write at a station named by code; an unknown code lets writers through to a NotFoundError. */
export async function stationScope(ctx: Context, code: string, scope: 'operateStation' | 'logAtStation') {
  // Scopes read only the station's id and city, which never change: the cached identity suffices.
  const s = await ctx.loaders.stationIdentity(code);
  return s ? { [scope]: s } : { writer: true };
}

export async function requireStation(ctx: Context, code: string, field: string): Promise<StationRow> {
  const s = await ctx.loaders.stationByCode.load(code);
  if (!s) throw new NotFoundError('Station', code, field);
  return s;
}

const CODE_RULES = { minLength: 1, maxLength: 32 } as const;

interface PickupShape {
  kg: number;
  itemsCleared: number;
  pickedUpAt: Date;
  stationId: number;
}

const BinPickupPayload = builder.objectRef<PickupShape>('BinPickupPayload').implement({
  fields: (t) => ({
    kg: t.exposeFloat('kg'),
    itemsCleared: t.exposeInt('itemsCleared'),
    pickedUpAt: t.field({ type: 'DateTime', resolve: (p) => p.pickedUpAt }),
    station: t.field({ type: StationRef, description: 'The station after the pickup.', resolve: (p) => p.stationId }),
  }),
});

const StationInput = builder.inputType('StationInput', {
  fields: (t) => ({
    district: t.string({ required: false, validate: { minLength: 1, maxLength: 50 } }),
    name: t.string({ required: false, validate: { minLength: 1, maxLength: 100 } }),
    address: t.string({ required: false, validate: { minLength: 1, maxLength: 200 } }),
    lat: t.float({ required: false, validate: { min: -90, max: 90 }, description: 'WGS-84' }),
    lng: t.float({ required: false, validate: { min: -180, max: 180 }, description: 'WGS-84' }),
    binCapacity: t.int({ required: false, validate: { min: 10, max: 5000 } }),
  }),
});

const CreateStationInput = builder.inputType('CreateStationInput', {
  fields: (t) => ({
    code: t.string({ required: true, validate: { regex: [/^[A-Z]{2,4}-\d{5}$/, { message: 'must look like SH-00123' }] } }),
    cityCode: t.string({ required: true, validate: { maxLength: 8 } }),
    district: t.string({ required: true, validate: { minLength: 1, maxLength: 50 } }),
    name: t.string({ required: true, validate: { minLength: 1, maxLength: 100 } }),
    address: t.string({ required: true, validate: { minLength: 1, maxLength: 200 } }),
    lat: t.float({ required: true, validate: { min: -90, max: 90 }, description: 'WGS-84' }),
    lng: t.float({ required: true, validate: { min: -180, max: 180 }, description: 'WGS-84' }),
    binCapacity: t.int({ required: true, validate: { min: 10, max: 5000 } }),
  }),
});

async function checkPlacement(ctx: Context, cityCode: string, lat: number, lng: number, field: string) {
  const city = (await citiesByCodes(ctx.db, [cityCode]))[0];
  if (!city) throw new NotFoundError('City', cityCode, `${field}.cityCode`);
  const km = distanceKm(lat, lng, city.center_lat, city.center_lng);
  if (km > MAX_KM_FROM_CITY_CENTRE) {
    throw InputError.of(`${field}.lat`, `is ${Math.round(km)} km from the centre of ${city.name_en}; check the coordinates (WGS-84, lat/lng not swapped)`);
  }
}

builder.mutationFields((t) => ({
  setStationStatus: t.field({
    type: StationRef,
    errors: { types: [NotFoundError], directResult: true },
    args: { code: t.arg.string({ required: true, validate: CODE_RULES }), status: t.arg({ type: OperatingStatusEnum, required: true }) },
    authScopes: (_r, args, ctx) => stationScope(ctx, args.code, 'operateStation'),
    resolve: async (_r, args, ctx) => {
      const before = await requireStation(ctx, args.code, 'code');
      return ctx.db.transaction().execute(async (trx) => {
        const after = await setStationStatus(trx, before.id, args.status as StoredStatus);
        await writeAudit(trx, { actorId: ctx.viewer!.userId, action: 'setStationStatus', entity: 'station', entityId: before.code, before: { status: before.status }, after: { status: after.status }, requestId: ctx.requestId });
        return after;
      });
    },
  }),
  recordBinPickup: t.field({
    type: BinPickupPayload,
    errors: { types: [NotFoundError], directResult: true },
    args: {
      stationCode: t.arg.string({ required: true, validate: CODE_RULES }),
      kg: t.arg.float({ required: true, validate: { min: [0.001, { message: 'must be more than 0 kg' }], max: [5000, { message: 'is over 5,000 kg for one bin' }] } }),
    },
    authScopes: (_r, args, ctx) => stationScope(ctx, args.stationCode, 'operateStation'),
    resolve: async (_r, args, ctx) => {
      const station = await requireStation(ctx, args.stationCode, 'stationCode');
      return ctx.db.transaction().execute(async (trx) => {
        const p = await recordBinPickup(trx, station.id, args.kg, ctx.viewer!.userId, ctx.now);
        await writeAudit(trx, { actorId: ctx.viewer!.userId, action: 'recordBinPickup', entity: 'station', entityId: station.code, before: { binItems: station.bin_items, status: station.status }, after: { pickupId: p.id, kg: p.kg, itemsCleared: p.items_cleared }, requestId: ctx.requestId });
        ctx.loaders.stationByCode.clear(station.code);
        return { kg: p.kg, itemsCleared: p.items_cleared, pickedUpAt: p.picked_up_at, stationId: station.id };
      });
    },
  }),
  createStation: t.field({
    type: StationRef,
    errors: { types: [NotFoundError, ConflictError], directResult: true },
    args: { input: t.arg({ type: CreateStationInput, required: true }) },
    authScopes: (_r, args) => ({ manageCity: args.input.cityCode }),
    resolve: async (_r, { input }, ctx) => {
      if (!input.code.startsWith(`${input.cityCode}-`)) throw InputError.of('input.code', `must start with the city code "${input.cityCode}-"`);
      await checkPlacement(ctx, input.cityCode, input.lat, input.lng, 'input');
      if (await ctx.loaders.stationByCode.load(input.code)) throw new ConflictError(`Station ${input.code} already exists`, 'input.code');
      return ctx.db.transaction().execute(async (trx) => {
        const s = await insertStation(trx, { code: input.code, city_code: input.cityCode, district: input.district, name: input.name, address: input.address, lat: input.lat, lng: input.lng, bin_capacity: input.binCapacity });
        await writeAudit(trx, { actorId: ctx.viewer!.userId, action: 'createStation', entity: 'station', entityId: s.code, after: s, requestId: ctx.requestId });
        return s;
      });
    },
  }),
  updateStation: t.field({
    type: StationRef,
    errors: { types: [NotFoundError], directResult: true },
    args: { code: t.arg.string({ required: true, validate: CODE_RULES }), input: t.arg({ type: StationInput, required: true }) },
    authScopes: async (_r, args, ctx) => {
      const s = await ctx.loaders.stationIdentity(args.code);
      return s ? { manageCity: s.city_code } : { writer: true };
    },
    resolve: async (_r, { code: stationCode, input }, ctx) => {
      const before = await requireStation(ctx, stationCode, 'code');
      const patch = Object.fromEntries(
        Object.entries({ district: input.district, name: input.name, address: input.address, lat: input.lat, lng: input.lng, bin_capacity: input.binCapacity }).filter(([, v]) => v != null),
      );
      if (Object.keys(patch).length === 0) throw InputError.of('input', 'names no field to change');
      await checkPlacement(ctx, before.city_code, input.lat ?? before.lat, input.lng ?? before.lng, 'input');
      return ctx.db.transaction().execute(async (trx) => {
        const after = await updateStationFields(trx, before.id, patch);
        await writeAudit(trx, { actorId: ctx.viewer!.userId, action: 'updateStation', entity: 'station', entityId: after.code, before, after, requestId: ctx.requestId });
        return after;
      });
    },
  }),
}));

// Station writes: status, bin pickups, create and edit. Thin: rules, transaction and audit are in
// services/stations.ts; authorization is declared here with each field.
import type { Context } from '../context.ts';
import { ConflictError, NotFoundError } from '../domain/errors.ts';
import { matches } from '../domain/formats.ts';
import type { StoredStatus } from '../domain/status.ts';
import {
  createStation,
  recordBinPickup,
  setStationStatus,
  updateStation,
  type PickupResult,
} from '../services/stations.ts';
import { builder } from './builder.ts';
import { OperatingStatusEnum, StationRef } from './station.ts';

/** Scope for a write at a station named by code; an unknown code lets writers through to a NotFoundError. */
export async function stationScope(ctx: Context, code: string, scope: 'operateStation' | 'logAtStation') {
  // Scopes read only the station's id and city, which never change: the cached identity suffices.
  const s = await ctx.loaders.stationIdentity(code);
  return s ? { [scope]: s } : { writer: true };
}

const CODE_RULES = { minLength: 1, maxLength: 32 } as const;

// Positions may be typed as a Chinese web map (AMap, Tencent) shows them; the service converts
// them to the stored WGS-84 with the import's conversion.
const CoordSystemEnum = builder.enumType('CoordSystem', {
  values: {
    WGS84: { description: 'GPS, as stored' },
    GCJ02: { description: 'AMap/Gaode, Tencent: shifted ~100-700 m in China' },
  } as const,
});
const COORD_SYSTEM = 'The system lat/lng are given in (default WGS84); stored as WGS-84.';

const BinPickupPayload = builder.objectRef<PickupResult>('BinPickupPayload').implement({
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
    lat: t.float({
      required: false,
      validate: { min: -90, max: 90 },
      description: 'WGS-84 unless coordSystem says otherwise',
    }),
    lng: t.float({
      required: false,
      validate: { min: -180, max: 180 },
      description: 'WGS-84 unless coordSystem says otherwise',
    }),
    coordSystem: t.field({ type: CoordSystemEnum, required: false, description: COORD_SYSTEM }),
    binCapacity: t.int({ required: false, validate: { min: 10, max: 5000 } }),
  }),
});

const CreateStationInput = builder.inputType('CreateStationInput', {
  fields: (t) => ({
    code: t.string({
      required: true,
      validate: { regex: matches('stationCode') },
    }),
    cityCode: t.string({ required: true, validate: { maxLength: 8 } }),
    district: t.string({ required: true, validate: { minLength: 1, maxLength: 50 } }),
    name: t.string({ required: true, validate: { minLength: 1, maxLength: 100 } }),
    address: t.string({ required: true, validate: { minLength: 1, maxLength: 200 } }),
    lat: t.float({
      required: true,
      validate: { min: -90, max: 90 },
      description: 'WGS-84 unless coordSystem says otherwise',
    }),
    lng: t.float({
      required: true,
      validate: { min: -180, max: 180 },
      description: 'WGS-84 unless coordSystem says otherwise',
    }),
    coordSystem: t.field({ type: CoordSystemEnum, required: false, description: COORD_SYSTEM }),
    binCapacity: t.int({ required: true, validate: { min: 10, max: 5000 } }),
  }),
});

builder.mutationFields((t) => ({
  setStationStatus: t.field({
    type: StationRef,
    errors: { types: [NotFoundError], directResult: true },
    args: {
      code: t.arg.string({ required: true, validate: CODE_RULES }),
      status: t.arg({ type: OperatingStatusEnum, required: true }),
    },
    authScopes: (_r, args, ctx) => stationScope(ctx, args.code, 'operateStation'),
    resolve: (_r, args, ctx) => setStationStatus(ctx, args.code, args.status as StoredStatus),
  }),
  recordBinPickup: t.field({
    type: BinPickupPayload,
    errors: { types: [NotFoundError], directResult: true },
    args: {
      stationCode: t.arg.string({ required: true, validate: CODE_RULES }),
      kg: t.arg.float({
        required: true,
        validate: {
          min: [0.001, { message: 'must be more than 0 kg' }],
          max: [5000, { message: 'is over 5,000 kg for one bin' }],
        },
      }),
    },
    authScopes: (_r, args, ctx) => stationScope(ctx, args.stationCode, 'operateStation'),
    resolve: (_r, args, ctx) => recordBinPickup(ctx, args.stationCode, args.kg),
  }),
  createStation: t.field({
    type: StationRef,
    errors: { types: [NotFoundError, ConflictError], directResult: true },
    args: { input: t.arg({ type: CreateStationInput, required: true }) },
    authScopes: (_r, args) => ({ manageCity: args.input.cityCode }),
    resolve: (_r, { input }, ctx) => createStation(ctx, input),
  }),
  updateStation: t.field({
    type: StationRef,
    errors: { types: [NotFoundError], directResult: true },
    args: {
      code: t.arg.string({ required: true, validate: CODE_RULES }),
      input: t.arg({ type: StationInput, required: true }),
    },
    authScopes: async (_r, args, ctx) => {
      const s = await ctx.loaders.stationIdentity(args.code);
      return s ? { manageCity: s.city_code } : { writer: true };
    },
    resolve: (_r, { code, input }, ctx) => updateStation(ctx, code, input),
  }),
}));

// Counter devices: pairing codes, pairing, the list with last seen, revoking. Thin over services/devices.ts.
import { resolveCursorConnection, type ResolveCursorConnectionArgs } from '@pothos/plugin-relay';
import { ConflictError, ForbiddenError, InputError, NotFoundError } from '../domain/errors.ts';
import { canOperateStation } from '../domain/viewer.ts';
import { devicesByIds, listDevices, type DeviceRow } from '../repositories/device.ts';
import { stationsByCodes } from '../repositories/station.ts';
import { createPairingCode, pairDevice, revoke } from '../services/devices.ts';
import type { Context } from '../context.ts';
import { builder } from './builder.ts';
import { decodeCursor, encodeCursor, pageSizes } from './cursor.ts';
import { StationRef } from './station.ts';
import { UserRef } from './user.ts';
import { msg } from '../domain/messages.ts';

/** The device a request just paired (its answer shows it though nobody is signed in). */
const justPaired = new WeakMap<object, number>();

const canSee = (d: DeviceRow, ctx: Context) =>
  ctx.viewer?.device?.id === d.id ||
  justPaired.get(ctx) === d.id ||
  (ctx.viewer?.userId != null && canOperateStation(ctx.viewer, { id: d.station_id, city_code: d.city_code }));

export const DeviceRef = builder.objectRef<DeviceRow>('CounterDevice').implement({
  description: 'A counter PC or tablet paired to one station.',
  authScopes: (d, ctx) => canSee(d, ctx),
  fields: (t) => ({
    id: t.exposeInt('id'),
    name: t.exposeString('name'),
    station: t.field({ type: StationRef, resolve: (d) => d.station_id }),
    pairedAt: t.field({ type: 'DateTime', resolve: (d) => d.paired_at }),
    pairedBy: t.field({
      type: UserRef,
      nullable: true,
      description: 'Who made the pairing code.',
      resolve: (d) => d.paired_by,
    }),
    lastSeenAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'Its last request (kept to the minute).',
      resolve: (d) => d.last_seen_at,
    }),
    revokedAt: t.field({ type: 'DateTime', nullable: true, resolve: (d) => d.revoked_at }),
  }),
});

const PairingCodeRef = builder
  .objectRef<{ code: string; link: string; expiresAt: Date; stationId: number }>('PairingCode')
  .implement({
    description:
      'Eight digits to type at /station/pair on the device (or the link in a QR code), valid 10 minutes, once.',
    fields: (t) => ({
      code: t.exposeString('code'),
      link: t.exposeString('link', { description: 'Path of the pairing page with the code; prefix the site origin.' }),
      expiresAt: t.field({ type: 'DateTime', resolve: (p) => p.expiresAt }),
      station: t.field({ type: StationRef, resolve: (p) => p.stationId }),
    }),
  });

const PairedDeviceRef = builder.objectRef<{ deviceToken: string; device: DeviceRow }>('PairedDevice').implement({
  fields: (t) => ({
    deviceToken: t.exposeString('deviceToken', {
      description: 'Keep on the device; send as "X-Device-Token: <token>". Shown once.',
    }),
    device: t.field({ type: DeviceRef, resolve: (p) => p.device }),
  }),
});

builder.queryFields((t) => ({
  currentDevice: t.field({
    type: DeviceRef,
    nullable: true,
    description: 'The paired device this request came from (X-Device-Token), or null.',
    resolve: async (_r, _a, ctx) =>
      ctx.viewer?.device ? ((await devicesByIds(ctx.db, [ctx.viewer.device.id]))[0] ?? null) : null,
  }),
  devices: t.connection({
    type: DeviceRef,
    description:
      "Devices of a station (its staff, the city's manager, admins) or of a city (its manager, admins), newest first.",
    authScopes: { person: true },
    args: {
      stationCode: t.arg.string({ required: false, validate: { maxLength: 32 } }),
      cityCode: t.arg.string({ required: false, validate: { maxLength: 8 } }),
      includeRevoked: t.arg.boolean({ required: false }),
    },
    resolve: async (_r, args, ctx) => {
      const v = ctx.viewer!;
      let stationId: number | null = null;
      if (args.stationCode) {
        const s = (await stationsByCodes(ctx.db, [args.stationCode.trim().toUpperCase()]))[0];
        if (!s) throw new NotFoundError('Station', args.stationCode, 'stationCode');
        if (!canOperateStation(v, s)) throw new ForbiddenError(msg('device.listForbidden'));
        stationId = s.id;
      } else if (v.role === 'STATION_STAFF') stationId = v.stationId;
      else if (v.role === 'SUSTAINABILITY_ANALYST') throw new ForbiddenError(msg('device.analystsForbidden'));
      const cityCode = v.role === 'CITY_MANAGER' ? v.cityCode : (args.cityCode ?? null);
      const raw = decodeCursor('device', args.after, 'after');
      const after = raw === undefined ? undefined : Number(raw);
      if (after !== undefined && !Number.isSafeInteger(after)) throw InputError.of('after', msg('input.badCursor'));
      return resolveCursorConnection(
        {
          args: { first: args.first, after: args.after },
          toCursor: (d: DeviceRow) => encodeCursor('device', d.id),
          ...pageSizes(args),
        },
        ({ limit }: ResolveCursorConnectionArgs) =>
          listDevices(ctx.db, { stationId, cityCode, includeRevoked: args.includeRevoked ?? false }, { after, limit }),
      );
    },
  }),
}));

builder.mutationFields((t) => ({
  createPairingCode: t.field({
    type: PairingCodeRef,
    description: "The station's staff, the city's manager or an admin: a code to pair a counter device to the station.",
    errors: { types: [NotFoundError, ConflictError, ForbiddenError], directResult: true },
    authScopes: { person: true },
    args: { stationCode: t.arg.string({ required: true, validate: { minLength: 1, maxLength: 32 } }) },
    resolve: (_r, { stationCode }, ctx) => createPairingCode(ctx, stationCode),
  }),
  pairDevice: t.field({
    type: PairedDeviceRef,
    description: 'Anyone with a pairing code (the device itself): returns the device credential, once.',
    errors: { types: [InputError], directResult: true },
    args: {
      code: t.arg.string({ required: true, validate: { minLength: 1, maxLength: 20 } }),
      name: t.arg.string({
        required: true,
        validate: { minLength: 1, maxLength: 60 },
        description: 'How the console lists it, e.g. "Counter PC 1".',
      }),
    },
    resolve: async (_r, args, ctx) => {
      const paired = await pairDevice(ctx, args.code, args.name.trim());
      justPaired.set(ctx, paired.device.id);
      return paired;
    },
  }),
  revokeDevice: t.field({
    type: DeviceRef,
    description: "Ends the device's credential at once (its next request is refused).",
    errors: { types: [NotFoundError, ConflictError, ForbiddenError], directResult: true },
    authScopes: { person: true },
    args: { id: t.arg.int({ required: true, validate: { min: 1 } }) },
    resolve: (_r, { id }, ctx) => revoke(ctx, id),
  }),
}));

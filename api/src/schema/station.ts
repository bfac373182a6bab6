// Station: public information for everyone; bin, totals and drop-offs for those allowed to read it.
import { resolveCursorConnection, type ResolveCursorConnectionArgs } from '@pothos/plugin-relay';
import { binFill, effectiveStatus, EFFECTIVE_STATUSES, STALE_AFTER_MS, STORED_STATUSES, type StoredStatus } from '../domain/status.ts';
import { stationsByIds, listStations, countStations, type StationRow } from '../repositories/station.ts';
import { stationDailyTotals } from '../repositories/totals.ts';
import { pickupsOfStation } from '../repositories/pickup.ts';
import type { Context } from '../context.ts';
import { builder } from './builder.ts';
import { CityRef, requireKnownCity } from './city.ts';
import { TotalsRef } from './totals.ts';
import { resolvePeriod } from '../domain/period.ts';
import { serialId } from './ids.ts';
import { decodeCursor, encodeCursor, pageSizes } from './cursor.ts';

export const StationStatusEnum = builder.enumType('StationStatus', {
  description: 'As shown on the map: STALE means an OPEN or FULL station reported nothing for 24 h.',
  values: EFFECTIVE_STATUSES,
});

export const OperatingStatusEnum = builder.enumType('OperatingStatus', {
  description: 'A status someone can set. STALE is derived, never set.',
  values: STORED_STATUSES,
});

export const DailyTotalRef = builder.objectRef<{ day: string; entries: number; quantity: number; mass_kg: number }>('DailyTotal').implement({
  fields: (t) => ({
    day: t.field({ type: 'Date', resolve: (d) => d.day }),
    dropOffs: t.exposeInt('entries'),
    items: t.exposeInt('quantity'),
    kg: t.exposeFloat('mass_kg'),
  }),
});

const PickupRef = builder.objectRef<Awaited<ReturnType<typeof pickupsOfStation>>[number]>('BinPickup').implement({
  fields: (t) => ({
    pickedUpAt: t.field({ type: 'DateTime', resolve: (p) => p.picked_up_at }),
    kg: t.exposeFloat('kg'),
    itemsCleared: t.exposeInt('items_cleared'),
  }),
});

export const StationRef = builder.loadableNodeRef('Station', {
  id: { resolve: (s) => s.id, parse: serialId('station') },
  load: (ids: number[], ctx: Context) => stationsByIds(ctx.db, ids),
  sort: (s) => s.id,
});

StationRef.implement({
  fields: (t) => ({
    code: t.exposeString('code'),
    name: t.exposeString('name'),
    district: t.exposeString('district'),
    address: t.exposeString('address'),
    lat: t.exposeFloat('lat', { description: 'WGS-84 latitude.' }),
    lng: t.exposeFloat('lng', { description: 'WGS-84 longitude.' }),
    binCapacity: t.exposeInt('bin_capacity'),
    city: t.field({ type: CityRef, resolve: (s) => s.city_code }),
    status: t.field({
      type: StationStatusEnum,
      resolve: (s, _a, ctx) => effectiveStatus(s.status as StoredStatus, s.last_reported_at, ctx.now),
    }),
    operatingStatus: t.field({ type: OperatingStatusEnum, resolve: (s) => s.status as StoredStatus }),
    lastReportedAt: t.field({
      type: 'DateTime',
      nullable: true,
      authScopes: (s) => ({ readStation: s }),
      resolve: (s) => s.last_reported_at,
    }),
    binItems: t.int({ authScopes: (s) => ({ readStation: s }), resolve: (s) => s.bin_items }),
    binFill: t.float({
      description: 'Items in the bin since the last pickup over capacity (1 = full).',
      authScopes: (s) => ({ readStation: s }),
      resolve: (s) => binFill(s.bin_items, s.bin_capacity),
    }),
    lastPickupAt: t.field({
      type: 'DateTime',
      nullable: true,
      authScopes: (s) => ({ readStation: s }),
      resolve: (s) => s.last_pickup_at,
    }),
    totals: t.field({
      type: TotalsRef,
      description: 'Totals over a period (default today), from the rollups.',
      args: { from: t.arg({ type: 'Date', required: false }), to: t.arg({ type: 'Date', required: false }) },
      authScopes: (s) => ({ readStation: s }),
      resolve: async (s, args, ctx) => {
        const p = resolvePeriod(args.from, args.to, ctx.now);
        return { ...p, rows: await ctx.loaders.stationTotals(p.from, p.to).load(s.id) };
      },
    }),
    daily: t.field({
      type: [DailyTotalRef],
      args: { from: t.arg({ type: 'Date', required: false }), to: t.arg({ type: 'Date', required: false }) },
      authScopes: (s) => ({ readStation: s }),
      resolve: (s, args, ctx) => {
        const p = resolvePeriod(args.from, args.to, ctx.now);
        return stationDailyTotals(ctx.db, s.id, p.from, p.to);
      },
    }),
    pickups: t.field({
      type: [PickupRef],
      args: { last: t.arg.int({ required: false, validate: { min: 1, max: 100 } }) },
      authScopes: (s) => ({ readStation: s }),
      resolve: (s, args, ctx) => pickupsOfStation(ctx.db, s.id, args.last ?? 10),
    }),
  }),
});

builder.queryFields((t) => ({
  station: t.field({
    type: StationRef,
    nullable: true,
    args: { code: t.arg.string({ required: true, validate: { maxLength: 32 } }) },
    resolve: (_r, args, ctx) => ctx.loaders.stationByCode.load(args.code),
  }),
  stations: t.connection(
    {
      type: StationRef,
      args: {
        cityCode: t.arg.string({ required: false, validate: { maxLength: 8 } }),
        status: t.arg({ type: [StationStatusEnum], required: false }),
        search: t.arg.string({ required: false, validate: { maxLength: 64 } }),
      },
      resolve: async (_r, args, ctx) => {
        await requireKnownCity(ctx, args.cityCode, 'cityCode');
        const filter = {
          cityCode: args.cityCode,
          statuses: args.status,
          search: args.search?.trim() || null,
          staleBefore: new Date(ctx.now.getTime() - STALE_AFTER_MS),
        };
        const after = decodeCursor('station', args.after, 'after');
        const before = decodeCursor('station', args.before, 'before');
        const [connection, totalCount] = await Promise.all([
          resolveCursorConnection(
            { args, toCursor: (s: StationRow) => encodeCursor('station', s.code), ...pageSizes(args) },
            ({ limit, inverted }: ResolveCursorConnectionArgs) =>
              listStations(ctx.db, filter, { after, before, limit, inverted }),
          ),
          countStations(ctx.db, filter),
        ]);
        return { ...connection, totalCount };
      },
    },
    {
      fields: (c) => ({
        totalCount: c.int({
          description: 'Stations matching the filters, across all pages.',
          resolve: (conn) => (conn as unknown as { totalCount: number }).totalCount,
        }),
      }),
    },
  ),
}));

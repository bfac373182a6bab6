// Station: public information for everyone; bin, totals and drop-offs for those allowed to read it.
import { resolveCursorConnection, type ResolveCursorConnectionArgs } from '@pothos/plugin-relay';
import { InputError } from '../domain/errors.ts';
import {
  binFill,
  effectiveStatus,
  EFFECTIVE_STATUSES,
  STALE_AFTER_MS,
  STORED_STATUSES,
  type StoredStatus,
} from '../domain/status.ts';
import {
  stationsByIds,
  listStations,
  countStations,
  STATION_SORT_COLUMNS,
  type StationKey,
  type StationRow,
  type StationSort,
  type StationSortField,
} from '../repositories/station.ts';
import { stationDailyTotals } from '../repositories/totals.ts';
import { pickupsOfStation } from '../repositories/pickup.ts';
import type { Context } from '../context.ts';
import { builder } from './builder.ts';
import { listCost, periodCost } from './cost.ts';
import { CityRef, requireKnownCity } from './city.ts';
import { TotalsRef } from './totals.ts';
import { resolvePeriod } from '../domain/period.ts';
import { serialId } from './ids.ts';
import { decodeCursor, encodeCursor, pageSizes } from './cursor.ts';
import { msg } from '../domain/messages.ts';

export const StationStatusEnum = builder.enumType('StationStatus', {
  description: 'As shown on the map: STALE means an OPEN or FULL station reported nothing for 24 h.',
  values: EFFECTIVE_STATUSES,
});

export const OperatingStatusEnum = builder.enumType('OperatingStatus', {
  description: 'A status someone can set. STALE is derived, never set.',
  values: STORED_STATUSES,
});

export const DailyTotalRef = builder
  .objectRef<{ day: string; entries: number; quantity: number; mass_kg: number }>('DailyTotal')
  .implement({
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
    decommissionedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'Out of service since (off the map and lists; reports keep its history).',
      resolve: (s) => s.decommissioned_at,
    }),
    decommissionReason: t.exposeString('decommission_reason', { nullable: true }),
    createdAt: t.field({ type: 'DateTime', resolve: (s) => s.created_at }),
    updatedAt: t.field({ type: 'DateTime', resolve: (s) => s.updated_at }),
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
      complexity: (args, ctx) => periodCost(args, ctx.now, 1),
      authScopes: (s) => ({ readStation: s }),
      resolve: (s, args, ctx) => {
        const p = resolvePeriod(args.from, args.to, ctx.now);
        return stationDailyTotals(ctx.db, s.id, p.from, p.to);
      },
    }),
    pickups: t.field({
      type: [PickupRef],
      args: { last: t.arg.int({ required: false, validate: { min: 1, max: 100 } }) },
      complexity: (args) => listCost(args.last, 10, 100),
      authScopes: (s) => ({ readStation: s }),
      resolve: (s, args, ctx) => pickupsOfStation(ctx.db, s.id, args.last ?? 10),
    }),
  }),
});

const StationSortFieldEnum = builder.enumType('StationSortField', {
  values: Object.keys(STATION_SORT_COLUMNS) as StationSortField[],
});
const SortDirectionEnum = builder.enumType('SortDirection', { values: ['ASC', 'DESC'] as const });
const StationOrderInput = builder.inputType('StationOrder', {
  fields: (t) => ({
    field: t.field({ type: StationSortFieldEnum, required: true }),
    direction: t.field({ type: SortDirectionEnum, required: false, defaultValue: 'ASC' }),
  }),
});

/** Cursors: "station:<code>" in code order (as before sorting existed); "station.<FIELD>:[value, code]" otherwise. */
function stationCursor(sort: StationSort, s: StationRow): string {
  if (sort.field === 'CODE') return encodeCursor('station', s.code);
  const v = s[STATION_SORT_COLUMNS[sort.field]];
  return encodeCursor(`station.${sort.field}`, JSON.stringify([v instanceof Date ? v.toISOString() : v, s.code]));
}

function stationKey(sort: StationSort, cursor: string | null | undefined, field: string): StationKey | undefined {
  if (sort.field === 'CODE') {
    const code = decodeCursor('station', cursor, field);
    return code === undefined ? undefined : { value: code, code };
  }
  const raw = decodeCursor(`station.${sort.field}`, cursor, field);
  if (raw === undefined) return undefined;
  try {
    const [value, code] = JSON.parse(raw) as [unknown, unknown];
    if ((typeof value === 'string' || typeof value === 'number') && typeof code === 'string') return { value, code };
  } catch {
    // falls through to the input error
  }
  throw InputError.of(field, msg('input.badCursor'));
}

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
        orderBy: t.arg({ type: StationOrderInput, required: false, description: 'Default: by code, ascending.' }),
        decommissioned: t.arg.boolean({
          required: false,
          description: 'true: decommissioned stations only (admins; a manager with cityCode of their city).',
        }),
      },
      authScopes: (_r, args) =>
        args.decommissioned ? (args.cityCode ? { manageCity: args.cityCode } : { admin: true }) : true,
      resolve: async (_r, args, ctx) => {
        await requireKnownCity(ctx, args.cityCode, 'cityCode');
        const filter = {
          cityCode: args.cityCode,
          statuses: args.status,
          search: args.search?.trim() || null,
          staleBefore: new Date(ctx.now.getTime() - STALE_AFTER_MS),
          decommissioned: args.decommissioned ?? false,
        };
        const sort: StationSort = {
          field: (args.orderBy?.field ?? 'CODE') as StationSortField,
          descending: args.orderBy?.direction === 'DESC',
        };
        const after = stationKey(sort, args.after, 'after');
        const before = stationKey(sort, args.before, 'before');
        const [connection, totalCount] = await Promise.all([
          resolveCursorConnection(
            { args, toCursor: (s: StationRow) => stationCursor(sort, s), ...pageSizes(args) },
            ({ limit, inverted }: ResolveCursorConnectionArgs) =>
              listStations(ctx.db, filter, { after, before, limit, inverted, sort }),
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

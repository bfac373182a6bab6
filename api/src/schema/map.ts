// Every station in one compact, columnar response for the map (arrays instead of objects keep
// 10,000 stations small on the wire; responses are gzip-compressed by the server).
import { STALE_AFTER_MS } from '../domain/status.ts';
import { localDate, DEFAULT_TIMEZONE } from '../domain/time.ts';
import { mapStations } from '../repositories/station.ts';
import { builder } from './builder.ts';
import { StationStatusEnum } from './station.ts';
import { requireKnownCity } from './city.ts';

/** Full double precision is ~15 digits of noise per coordinate on the wire. */
const round6 = (v: number) => Math.round(v * 1e6) / 1e6;

type MapRow = Awaited<ReturnType<typeof mapStations>>[number];
interface MapShape {
  day: string;
  generatedAt: Date;
  rows: MapRow[];
}

const StationMapRef = builder.objectRef<MapShape>('StationMap').implement({
  description: 'Parallel arrays: index i of each list describes the same station.',
  fields: (t) => ({
    count: t.int({ resolve: (m) => m.rows.length }),
    day: t.field({ type: 'Date', description: 'The local day of todayItems.', resolve: (m) => m.day }),
    generatedAt: t.field({ type: 'DateTime', resolve: (m) => m.generatedAt }),
    codes: t.stringList({ resolve: (m) => m.rows.map((r) => r.code) }),
    lat: t.floatList({ description: 'WGS-84, 6 decimals (~0.1 m).', resolve: (m) => m.rows.map((r) => round6(r.lat)) }),
    lng: t.floatList({ description: 'WGS-84, 6 decimals (~0.1 m).', resolve: (m) => m.rows.map((r) => round6(r.lng)) }),
    status: t.field({ type: [StationStatusEnum], resolve: (m) => m.rows.map((r) => r.status) }),
    todayItems: t.intList({ resolve: (m) => m.rows.map((r) => Number(r.today_items)) }),
    binFillPercent: t.intList({
      description: 'Bin items since the last pickup as a whole percentage of capacity (100 = full; can exceed 100).',
      resolve: (m) => m.rows.map((r) => Math.round((r.bin_items / r.bin_capacity) * 100)),
    }),
  }),
});

builder.queryField('mapStations', (t) =>
  t.field({
    type: StationMapRef,
    description: 'All stations of a city, or of the network when cityCode is omitted.',
    args: { cityCode: t.arg.string({ required: false, validate: { maxLength: 8 } }) },
    complexity: 1,
    authScopes: (_r, args) => ({ readCity: args.cityCode ?? null }),
    resolve: async (_r, args, ctx) => {
      await requireKnownCity(ctx, args.cityCode, 'cityCode');
      const day = localDate(ctx.now, DEFAULT_TIMEZONE);
      const rows = await mapStations(ctx.db, args.cityCode ?? null, day, new Date(ctx.now.getTime() - STALE_AFTER_MS));
      return { day, generatedAt: ctx.now, rows };
    },
  }),
);

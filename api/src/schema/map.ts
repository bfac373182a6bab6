// Every station in one compact, columnar response for the map (arrays instead of objects keep
// 10,000 stations small on the wire; responses are gzip-compressed by the server).
import { STALE_AFTER_MS } from '../domain/status.ts';
import { localDate, DEFAULT_TIMEZONE } from '../domain/time.ts';
import { mapStations } from '../repositories/station.ts';
import { builder } from './builder.ts';
import { StationStatusEnum } from './station.ts';

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
    lat: t.floatList({ resolve: (m) => m.rows.map((r) => r.lat) }),
    lng: t.floatList({ resolve: (m) => m.rows.map((r) => r.lng) }),
    status: t.field({ type: [StationStatusEnum], resolve: (m) => m.rows.map((r) => r.status) }),
    todayItems: t.intList({ resolve: (m) => m.rows.map((r) => Number(r.today_items)) }),
    binItems: t.intList({ resolve: (m) => m.rows.map((r) => r.bin_items) }),
    binCapacity: t.intList({ resolve: (m) => m.rows.map((r) => r.bin_capacity) }),
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
      const day = localDate(ctx.now, DEFAULT_TIMEZONE);
      const rows = await mapStations(ctx.db, args.cityCode ?? null, day, new Date(ctx.now.getTime() - STALE_AFTER_MS));
      return { day, generatedAt: ctx.now, rows };
    },
  }),
);

// The headline figures for a city or the whole network over a period, from the rollups only.
import { STALE_AFTER_MS, EFFECTIVE_STATUSES, type EffectiveStatus } from '../domain/status.ts';
import { cityDailyTotals, cityPeriodTotals } from '../repositories/totals.ts';
import { addDays, localDate, DEFAULT_TIMEZONE } from '../domain/time.ts';
import { stationStatusCounts } from '../repositories/station.ts';
import { builder } from './builder.ts';
import { periodCost } from './cost.ts';
import { CarbonRef, carbonOf, TotalsRef, type TotalsShape } from './totals.ts';
import { resolvePeriod } from '../domain/period.ts';
import { DailyTotalRef } from './station.ts';
import { requireKnownCity } from './city.ts';

type StatusCounts = Record<EffectiveStatus, number> & { total: number };

const StationStatusCountsRef = builder.objectRef<StatusCounts>('StationStatusCounts').implement({
  fields: (t) => ({
    total: t.exposeInt('total'),
    open: t.exposeInt('OPEN'),
    full: t.exposeInt('FULL'),
    closed: t.exposeInt('CLOSED'),
    maintenance: t.exposeInt('MAINTENANCE'),
    stale: t.exposeInt('STALE'),
  }),
});

interface SummaryShape {
  cityCode: string | null;
  stations: StatusCounts;
  totals: TotalsShape;
  carbon: Awaited<ReturnType<typeof carbonOf>>;
}

const SummaryRef = builder.objectRef<SummaryShape>('Summary').implement({
  fields: (t) => ({
    cityCode: t.exposeString('cityCode', { nullable: true, description: 'Null for the whole network.' }),
    stationsByStatus: t.field({
      type: StationStatusCountsRef,
      description: 'Now, whatever the period.',
      resolve: (s) => s.stations,
    }),
    totals: t.field({ type: TotalsRef, resolve: (s) => s.totals }),
    co2eAvoided: t.field({ type: CarbonRef, resolve: (s) => s.carbon }),
    daily: t.field({
      type: [DailyTotalRef],
      description:
        'Per-day totals (days with nothing logged are absent); default: the 30 days ending on `to` (default today).',
      args: { from: t.arg({ type: 'Date', required: false }), to: t.arg({ type: 'Date', required: false }) },
      complexity: (args, ctx) => periodCost(args, ctx.now, 30),
      resolve: (s, args, ctx) => {
        const to = args.to ?? localDate(ctx.now, DEFAULT_TIMEZONE);
        const p = resolvePeriod(args.from ?? addDays(to, -29), to, ctx.now);
        return cityDailyTotals(ctx.db, s.cityCode, p.from, p.to);
      },
    }),
  }),
});

builder.queryField('summary', (t) =>
  t.field({
    type: SummaryRef,
    args: {
      cityCode: t.arg.string({ required: false, validate: { maxLength: 8 } }),
      from: t.arg({ type: 'Date', required: false }),
      to: t.arg({ type: 'Date', required: false }),
      factorSet: t.arg.string({
        required: false,
        description: 'Factor set version; default: the default set.',
        validate: { maxLength: 64 },
      }),
    },
    authScopes: (_r, args) => ({ readCity: args.cityCode ?? null }),
    resolve: async (_r, args, ctx) => {
      await requireKnownCity(ctx, args.cityCode, 'cityCode');
      const period = resolvePeriod(args.from, args.to, ctx.now);
      const cityCode = args.cityCode ?? null;
      const [rows, counts] = await Promise.all([
        cityPeriodTotals(ctx.db, cityCode, period.from, period.to),
        stationStatusCounts(ctx.db, cityCode, new Date(ctx.now.getTime() - STALE_AFTER_MS)),
      ]);
      const stations = Object.fromEntries(EFFECTIVE_STATUSES.map((s) => [s, 0])) as StatusCounts;
      stations.total = 0;
      for (const c of counts) {
        stations[c.status] = Number(c.n);
        stations.total += Number(c.n);
      }
      return { cityCode, stations, totals: { ...period, rows }, carbon: await carbonOf(rows, args.factorSet, ctx) };
    },
  }),
);

// Green points figures for the map's totals panel and the reports (members reached, points
// credited, vouchers against the budget), and members flagged for a city manager to look at.
import { InputError } from '../domain/errors.ts';
import { campaignsCovering } from '../repositories/points.ts';
import { flaggedMembers, pointsTotals, voucherTotals } from '../repositories/points-stats.ts';
import { builder } from './builder.ts';
import { listCost } from './cost.ts';
import { resolvePeriod } from '../domain/period.ts';
import { PointsCampaignRef } from './points.ts';
import { StationRef } from './station.ts';
import { msg } from '../domain/messages.ts';

/** The instant a China local day starts (all stations are in Asia/Shanghai, UTC+8, no DST). */
const dayStart = (day: string) => new Date(`${day}T00:00:00+08:00`);

interface PointsSummaryShape {
  cityCode: string | null;
  from: string;
  to: string;
  points: Awaited<ReturnType<typeof pointsTotals>>;
  vouchers: Awaited<ReturnType<typeof voucherTotals>>;
}

const PointsSummaryRef = builder.objectRef<PointsSummaryShape>('PointsSummary').implement({
  description:
    "Green points over a period (local days). Members and points: at the city's stations; vouchers: network-wide (a voucher belongs to no city).",
  fields: (t) => ({
    cityCode: t.exposeString('cityCode', { nullable: true }),
    from: t.field({ type: 'Date', resolve: (s) => s.from }),
    to: t.field({ type: 'Date', resolve: (s) => s.to }),
    membersReached: t.int({
      description: 'Distinct members credited at least once.',
      resolve: (s) => s.points.members,
    }),
    pointsCredited: t.int({ resolve: (s) => s.points.credited }),
    pointsReversed: t.int({ description: 'Taken back by voids.', resolve: (s) => s.points.reversed }),
    creditedDropOffs: t.int({ resolve: (s) => s.points.credits }),
    vouchersIssued: t.int({ resolve: (s) => s.vouchers.issued }),
    voucherValueIssued: t.float({ description: 'Yuan.', resolve: (s) => s.vouchers.value }),
    vouchersRedeemed: t.int({
      description: 'Of the vouchers issued in the period.',
      resolve: (s) => s.vouchers.redeemed,
    }),
    campaigns: t.field({
      type: [PointsCampaignRef],
      description: 'Campaigns overlapping the period, with their budgets.',
      resolve: (s, _a, ctx) => campaignsCovering(ctx.db, s.from, s.to),
    }),
  }),
});

type FlagRow = Awaited<ReturnType<typeof flaggedMembers>>[number];

const FlaggedMemberRef = builder.objectRef<FlagRow>('FlaggedMember').implement({
  description: 'A member credited at many stations within minutes: worth a look (shared or copied member code?).',
  fields: (t) => ({
    memberCode: t.exposeString('member_code'),
    stationCount: t.exposeInt('stations', { description: 'Different stations within the window.' }),
    firstAt: t.field({ type: 'DateTime', resolve: (f) => f.first_at }),
    lastAt: t.field({ type: 'DateTime', resolve: (f) => f.last_at }),
    stations: t.field({
      type: [StationRef],
      resolve: (f, _a, ctx) =>
        Promise.all(f.station_codes.map((c) => ctx.loaders.stationByCode.load(c))).then((l) =>
          l.filter((s) => s !== null),
        ),
    }),
    credits: t.exposeInt('credits', { description: "All the member's credits since `since`." }),
  }),
});

builder.queryFields((t) => ({
  pointsSummary: t.field({
    type: PointsSummaryRef,
    args: {
      cityCode: t.arg.string({ required: false, validate: { maxLength: 8 } }),
      from: t.arg({ type: 'Date', required: false }),
      to: t.arg({ type: 'Date', required: false }),
    },
    authScopes: (_r, args) => ({ readCity: args.cityCode ?? null }),
    resolve: async (_r, args, ctx) => {
      const cityCode = args.cityCode ?? null;
      const p = resolvePeriod(args.from, args.to, ctx.now);
      const [points, vouchers] = await Promise.all([
        pointsTotals(ctx.db, cityCode, p.from, p.to),
        voucherTotals(ctx.db, dayStart(p.from), new Date(dayStart(p.to).getTime() + 86_400_000)),
      ]);
      return { cityCode, ...p, points, vouchers };
    },
  }),
  flaggedMembers: t.field({
    type: [FlaggedMemberRef],
    description:
      'Members credited at `minStations`+ stations within `windowMinutes` since `since` (default: 7 days ago), worst first.',
    args: {
      cityCode: t.arg.string({ required: false, validate: { maxLength: 8 } }),
      since: t.arg({ type: 'DateTime', required: false }),
      windowMinutes: t.arg.int({ required: false, validate: { min: 1, max: 1440 } }),
      minStations: t.arg.int({ required: false, validate: { min: 2, max: 100 } }),
      first: t.arg.int({ required: false, validate: { min: 1, max: 200 } }),
    },
    complexity: (args) => listCost(args.first, 50, 200),
    authScopes: (_r, args) => ({ readCity: args.cityCode ?? null }),
    resolve: (_r, args, ctx) => {
      const since = args.since ?? new Date(ctx.now.getTime() - 7 * 86_400_000);
      if (since.getTime() > ctx.now.getTime()) throw InputError.of('since', msg('input.future'));
      return flaggedMembers(ctx.db, {
        cityCode: args.cityCode ?? null,
        since,
        windowMinutes: args.windowMinutes ?? 30,
        minStations: args.minStations ?? 3,
        limit: args.first ?? 50,
      });
    },
  }),
}));

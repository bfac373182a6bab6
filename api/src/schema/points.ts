// Green points read side: campaigns (public), the signed-in member's balance, ledger and vouchers,
// and the points a logged drop-off earned. Writes: points-mutations.ts; figures: points-stats.ts.
import { resolveCursorConnection, type ResolveCursorConnectionArgs } from '@pothos/plugin-relay';
import { formatVoucherCode } from '../domain/points.ts';
import {
  balanceOf,
  listCampaigns,
  listEntries,
  ratesOfCampaigns,
  type CampaignRow,
  type PointsEntryRow,
} from '../repositories/points.ts';
import { vouchersOfConsumer, type VoucherRow } from '../repositories/voucher.ts';
import type { PointsCredit } from '../services/points.ts';
import { voucherCode } from '../services/vouchers.ts';
import { builder } from './builder.ts';
import { listCost } from './cost.ts';
import { decodeCursor, encodeCursor, pageSizes } from './cursor.ts';
import { OutcomeEnum } from './drop-off.ts';

export const CreditCutEnum = builder.enumType('PointsCreditCut', {
  description: 'Why a drop-off earned fewer points than its rate gives.',
  values: {
    NO_CAMPAIGN: { description: "No campaign covers the drop-off's day." },
    NO_RATE: { description: 'The campaign gives no points for this material and outcome.' },
    CONSUMER_DAILY_CAP: { description: "The member reached the campaign's daily limit." },
    STATION_DAILY_CAP: { description: "The station reached the campaign's daily limit." },
  },
});

export const PointsCreditRef = builder.objectRef<PointsCredit>('PointsCredit').implement({
  description: 'What one drop-off earned the member named with it.',
  fields: (t) => ({
    memberCode: t.exposeString('memberCode'),
    points: t.exposeInt('points', { description: 'Points credited (0 when refused).' }),
    requested: t.exposeInt('requested', { description: 'Points the rate gives before the daily limits.' }),
    cut: t.field({ type: CreditCutEnum, nullable: true, resolve: (p) => p.cut }),
    message: t.exposeString('message', { nullable: true, description: 'Why fewer points, in words.' }),
    campaignCode: t.exposeString('campaignCode', { nullable: true }),
  }),
});

type RateRow = Awaited<ReturnType<typeof ratesOfCampaigns>>[number];

const PointsRateRef = builder.objectRef<RateRow>('PointsRate').implement({
  fields: (t) => ({
    materialCode: t.exposeString('material_code'),
    outcome: t.field({ type: OutcomeEnum, resolve: (r) => r.outcome as 'REUSED' | 'RECYCLED' }),
    pointsPerItem: t.exposeInt('points_per_item'),
  }),
});

const CampaignBudgetRef = builder.objectRef<CampaignRow>('CampaignBudget').implement({
  description: "Vouchers issued against the campaign's total budget (yuan).",
  fields: (t) => ({
    total: t.exposeFloat('voucher_budget'),
    issued: t.exposeFloat('vouchers_issued'),
    remaining: t.float({ resolve: (c) => Math.round((c.voucher_budget - c.vouchers_issued) * 100) / 100 }),
  }),
});

export const PointsCampaignRef = builder.objectRef<CampaignRow>('PointsCampaign').implement({
  fields: (t) => ({
    code: t.exposeString('code'),
    nameZh: t.exposeString('name_zh'),
    nameEn: t.exposeString('name_en'),
    startsOn: t.field({ type: 'Date', resolve: (c) => c.starts_on }),
    endsOn: t.field({ type: 'Date', description: 'Inclusive (local days).', resolve: (c) => c.ends_on }),
    memberDailyCap: t.exposeInt('consumer_daily_cap', { description: 'Points one member can earn per day.' }),
    stationDailyCap: t.exposeInt('station_daily_cap', { description: 'Points one station can credit per day.' }),
    voucherPoints: t.exposeInt('voucher_points', { description: 'Points one voucher costs.' }),
    voucherValue: t.exposeFloat('voucher_value', { description: 'Yuan.' }),
    voucherValidDays: t.exposeInt('voucher_valid_days'),
    rates: t.field({
      type: [PointsRateRef],
      resolve: async (c, _a, ctx) => await ratesOfCampaigns(ctx.db, [c.id]),
    }),
    budget: t.field({
      type: CampaignBudgetRef,
      authScopes: { signedIn: true },
      description: 'Staff, managers, analysts, admins.',
      resolve: (c) => c,
    }),
  }),
});

export const VoucherRef = builder.objectRef<VoucherRow>('Voucher').implement({
  fields: (t) => ({
    code: t.string({
      description: 'The code to redeem (only for its member).',
      nullable: true,
      resolve: (v, _a, ctx) =>
        ctx.member?.consumerId === v.consumer_id
          ? formatVoucherCode(voucherCode(ctx.tokenKeys.secret, v.code_nonce))
          : null,
    }),
    points: t.exposeInt('points'),
    value: t.exposeFloat('value', { description: 'Yuan.' }),
    issuedAt: t.field({ type: 'DateTime', resolve: (v) => v.issued_at }),
    expiresAt: t.field({ type: 'DateTime', resolve: (v) => v.expires_at }),
    redeemedAt: t.field({ type: 'DateTime', nullable: true, resolve: (v) => v.redeemed_at }),
    redeemedAtStation: t.string({
      nullable: true,
      description: 'Code of the station that redeemed it.',
      resolve: (v) => v.redeemed_station_code ?? null,
    }),
  }),
});

export const PointsEntryKindEnum = builder.enumType('PointsEntryKind', {
  values: {
    CREDIT: { description: 'Points for a drop-off.' },
    REVERSAL: { description: "A voided drop-off's points taken back." },
    VOUCHER: { description: 'Points turned into a voucher.' },
  },
});

const PointsEntryRef = builder.objectRef<PointsEntryRow>('PointsEntry').implement({
  fields: (t) => ({
    kind: t.field({ type: PointsEntryKindEnum, resolve: (e) => e.kind as 'CREDIT' | 'REVERSAL' | 'VOUCHER' }),
    points: t.exposeInt('points', { description: 'Signed: credits add, reversals and vouchers subtract.' }),
    at: t.field({ type: 'DateTime', resolve: (e) => e.created_at }),
    day: t.field({
      type: 'Date',
      nullable: true,
      description: "The drop-off's local day.",
      resolve: (e) => e.local_day,
    }),
    stationCode: t.exposeString('station_code', { nullable: true }),
    stationName: t.exposeString('station_name', { nullable: true }),
  }),
});

interface MemberShape {
  consumerId: number;
  memberCode: string;
}

const MemberRef = builder.objectRef<MemberShape>('Member').implement({
  description: 'A green-points member: a code, no personal data.',
  fields: (t) => ({
    memberCode: t.exposeString('memberCode'),
    balance: t.int({
      description: 'The sum of the ledger (can be below 0 after a void of spent points).',
      resolve: (m, _a, ctx) => balanceOf(ctx.db, m.consumerId),
    }),
    entries: t.connection({
      type: PointsEntryRef,
      description: 'The ledger, newest first.',
      resolve: (m, args, ctx) => {
        const after = decodeCursor('points', args.after, 'after');
        const before = decodeCursor('points', args.before, 'before');
        return resolveCursorConnection(
          { args, toCursor: (e: PointsEntryRow) => encodeCursor('points', e.id), ...pageSizes(args) },
          ({ limit, inverted }: ResolveCursorConnectionArgs) =>
            listEntries(ctx.db, m.consumerId, {
              after: after ? Number(after) : undefined,
              before: before ? Number(before) : undefined,
              limit,
              inverted,
            }),
        );
      },
    }),
    vouchers: t.field({
      type: [VoucherRef],
      args: { last: t.arg.int({ required: false, validate: { min: 1, max: 100 } }) },
      complexity: (args) => listCost(args.last, 50, 100),
      description: 'Newest first.',
      resolve: (m, args, ctx) => vouchersOfConsumer(ctx.db, m.consumerId, args.last ?? 50),
    }),
  }),
});

builder.queryFields((t) => ({
  pointsCampaigns: t.field({
    type: [PointsCampaignRef],
    description: 'Green-points campaigns, latest first (public: rates, limits, voucher price).',
    resolve: (_r, _a, ctx) => listCampaigns(ctx.db),
  }),
  member: t.field({
    type: MemberRef,
    nullable: true,
    description: 'The signed-in green-points member (member token), or null.',
    resolve: (_r, _a, ctx) => ctx.member,
  }),
}));

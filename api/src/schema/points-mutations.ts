// Green points writes, thin over the services: joining and signing in as a member, vouchers
// (issue, redeem), campaigns. The points a drop-off earns come with logDropOffs (drop-off.ts).
import { ConflictError, ForbiddenError, NotFoundError } from '../domain/errors.ts';
import { matches } from '../domain/formats.ts';
import type { VoucherRow } from '../repositories/voucher.ts';
import { createCampaign } from '../services/campaigns.ts';
import { joinAsMember, memberSignIn } from '../services/members.ts';
import { issueVoucher, redeemAtStation } from '../services/vouchers.ts';
import { builder } from './builder.ts';
import { DropOffResultRef, OutcomeEnum } from './drop-off.ts';
import { PointsCampaignRef, PointsCreditRef, VoucherRef } from './points.ts';
import { stationScope } from './station-mutations.ts';
import { requireStation } from '../services/stations.ts';

builder.objectField(DropOffResultRef, 'points', (t) =>
  t.field({
    type: PointsCreditRef,
    nullable: true,
    description: 'Green points the drop-off earned its member; null when it named no member.',
    resolve: (r) => r.points,
  }),
);

const MemberSessionRef = builder
  .objectRef<{ memberCode: string; token: string; expiresAt: Date; secret?: string }>('MemberSession')
  .implement({
    fields: (t) => ({
      memberCode: t.exposeString('memberCode'),
      secret: t.string({
        nullable: true,
        description: 'Only when joining: write it down to recover the member code on another phone. Never shown again.',
        resolve: (s) => s.secret ?? null,
      }),
      token: t.exposeString('token', { description: 'Send as "Authorization: Bearer <token>".' }),
      expiresAt: t.field({ type: 'DateTime', resolve: (s) => s.expiresAt }),
    }),
  });

const IssueVoucherPayload = builder
  .objectRef<{ voucher: VoucherRow; replayed: boolean }>('IssueVoucherPayload')
  .implement({
    fields: (t) => ({
      voucher: t.field({ type: VoucherRef, resolve: (p) => p.voucher }),
      replayed: t.exposeBoolean('replayed', {
        description: 'True when this key had issued the voucher already: the same voucher, nothing spent twice.',
      }),
    }),
  });

const RateInput = builder.inputType('PointsRateInput', {
  fields: (t) => ({
    materialCode: t.string({ required: true, validate: { maxLength: 32 } }),
    outcome: t.field({ type: OutcomeEnum, required: true }),
    pointsPerItem: t.int({ required: true, validate: { min: 0, max: 10_000 } }),
  }),
});

const CampaignInput = builder.inputType('PointsCampaignInput', {
  fields: (t) => ({
    code: t.string({
      required: true,
      validate: { regex: matches('campaignCode') },
    }),
    nameZh: t.string({ required: true, validate: { minLength: 1, maxLength: 100 } }),
    nameEn: t.string({ required: true, validate: { minLength: 1, maxLength: 100 } }),
    startsOn: t.field({ type: 'Date', required: true }),
    endsOn: t.field({ type: 'Date', required: true }),
    memberDailyCap: t.int({ required: true, validate: { min: 1, max: 1_000_000 } }),
    stationDailyCap: t.int({ required: true, validate: { min: 1, max: 100_000_000 } }),
    voucherPoints: t.int({ required: true, validate: { min: 1, max: 1_000_000 } }),
    voucherValue: t.float({ required: true, validate: { min: 0.01, max: 10_000 } }),
    voucherBudget: t.float({ required: true, validate: { min: 0.01, max: 1e11 } }),
    voucherValidDays: t.int({ required: false, validate: { min: 1, max: 3650 } }),
    rates: t.field({ type: [RateInput], required: true, validate: { maxLength: 100 } }),
  }),
});

builder.mutationFields((t) => ({
  joinAsMember: t.field({
    type: MemberSessionRef,
    description:
      'Anyone: a new green-points member code, its recovery secret (shown once) and a member token. No personal data.',
    resolve: (_r, _a, ctx) => joinAsMember(ctx),
  }),
  memberSignIn: t.field({
    type: MemberSessionRef,
    description:
      'Anyone: member code + recovery secret → a member token. Wrong guesses meet growing delays per code and per address (no lockout).',
    args: {
      memberCode: t.arg.string({ required: true, validate: { maxLength: 32 } }),
      secret: t.arg.string({ required: true, validate: { maxLength: 64 } }),
    },
    resolve: (_r, args, ctx) => memberSignIn(ctx, args.memberCode, args.secret),
  }),
  issueVoucher: t.field({
    type: IssueVoucherPayload,
    description:
      "The signed-in member turns points into a voucher from the campaign's budget. Replaying the key returns the same voucher.",
    errors: { types: [ConflictError, NotFoundError], directResult: true },
    args: {
      idempotencyKey: t.arg.string({ required: true, description: 'Made on the phone (a UUID), 8-100 characters.' }),
      campaignCode: t.arg.string({
        required: false,
        validate: { maxLength: 32 },
        description: 'Default: the campaign running today.',
      }),
    },
    authScopes: { member: true },
    resolve: (_r, args, ctx) => issueVoucher(ctx, args),
  }),
  redeemVoucher: t.field({
    type: VoucherRef,
    description: 'Staff of the station (or an admin) redeem a voucher there, once.',
    errors: { types: [NotFoundError, ConflictError, ForbiddenError], directResult: true },
    args: {
      code: t.arg.string({ required: true, validate: { maxLength: 40 } }),
      stationCode: t.arg.string({ required: true, validate: { minLength: 1, maxLength: 32 } }),
    },
    authScopes: (_r, args, ctx) => stationScope(ctx, args.stationCode, 'logAtStation'),
    resolve: async (_r, args, ctx) =>
      redeemAtStation(ctx, args.code, await requireStation(ctx, args.stationCode, 'stationCode')),
  }),
  createPointsCampaign: t.field({
    type: PointsCampaignRef,
    description: 'Admins: a new campaign with its rates, daily limits and voucher budget.',
    errors: { types: [ConflictError], directResult: true },
    args: { input: t.arg({ type: CampaignInput, required: true }) },
    authScopes: { admin: true },
    resolve: (_r, { input }, ctx) => createCampaign(ctx, input),
  }),
}));

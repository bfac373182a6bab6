// Green-points campaigns: an admin sets the dates, the points per material x outcome, the daily
// limits and the voucher budget. Validated whole before anything is written; audited.
import type { Context } from '../context.ts';
import { ConflictError, InputError, issue, type FieldIssue } from '../domain/errors.ts';
import { writeAudit } from '../repositories/audit.ts';
import { campaignByCode, insertCampaign, insertRates } from '../repositories/points.ts';
import { msg, type Message } from '../domain/messages.ts';

export interface CampaignInput {
  code: string;
  nameZh: string;
  nameEn: string;
  startsOn: string;
  endsOn: string;
  memberDailyCap: number;
  stationDailyCap: number;
  voucherPoints: number;
  voucherValue: number;
  voucherBudget: number;
  voucherValidDays?: number | null;
  rates: { materialCode: string; outcome: 'REUSED' | 'RECYCLED'; pointsPerItem: number }[];
}

/** Money in yuan with at most 2 decimals. */
const isYuan = (v: number) => Number.isFinite(v) && Math.abs(Math.round(v * 100) - v * 100) < 1e-6;

export async function createCampaign(ctx: Context, input: CampaignInput) {
  const issues: FieldIssue[] = [];
  const add = (field: string, m: Message) => issues.push(issue(`input.${field}`, m));
  if (input.startsOn > input.endsOn) add('endsOn', msg('campaign.endsBeforeStart', { startsOn: input.startsOn }));
  if (!isYuan(input.voucherValue) || input.voucherValue <= 0) add('voucherValue', msg('campaign.badVoucherValue'));
  if (!isYuan(input.voucherBudget) || input.voucherBudget < input.voucherValue)
    add('voucherBudget', msg('campaign.badBudget'));
  const materials = new Set((await ctx.loaders.materials()).map((m) => m.code));
  const seen = new Set<string>();
  input.rates.forEach((r, i) => {
    if (!materials.has(r.materialCode)) add(`rates.${i}.materialCode`, msg('campaign.unknownMaterial'));
    const k = `${r.materialCode}|${r.outcome}`;
    if (seen.has(k)) add(`rates.${i}`, msg('campaign.rateTwice', { material: r.materialCode, outcome: r.outcome }));
    seen.add(k);
  });
  if (issues.length) throw new InputError(issues);
  if (await campaignByCode(ctx.db, input.code))
    throw new ConflictError(msg('campaign.exists', { code: input.code }), 'input.code');
  return ctx.db.transaction().execute(async (trx) => {
    const campaign = await insertCampaign(trx, {
      code: input.code,
      name_zh: input.nameZh,
      name_en: input.nameEn,
      starts_on: input.startsOn,
      ends_on: input.endsOn,
      consumer_daily_cap: input.memberDailyCap,
      station_daily_cap: input.stationDailyCap,
      voucher_points: input.voucherPoints,
      voucher_value: input.voucherValue,
      voucher_budget: input.voucherBudget,
      voucher_valid_days: input.voucherValidDays ?? 30,
    });
    await insertRates(
      trx,
      input.rates.map((r) => ({
        campaign_id: campaign.id,
        material_code: r.materialCode,
        outcome: r.outcome,
        points_per_item: r.pointsPerItem,
      })),
    );
    await writeAudit(trx, {
      actorId: ctx.viewer!.userId,
      action: 'createPointsCampaign',
      entity: 'points_campaign',
      entityId: campaign.code,
      after: input,
      at: ctx.now,
      requestId: ctx.requestId,
    });
    return campaign;
  });
}

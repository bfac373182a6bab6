// The demo's green-points campaign (docs/points.md): the 11.11 season from Oct 20 to Dec 31 of the
// campaign year, points per item by material and outcome, daily limits, and a voucher budget of
// ¥100 M (the festival this is modelled on handed out green vouchers worth 100 M yuan).
import type { DbHandle } from '@recycle/db';
import { campaignFor } from './calendar.ts';

export const DEMO_POINTS_RATES = [
  { material_code: 'BOX_S', outcome: 'REUSED', points_per_item: 10 },
  { material_code: 'BOX_M', outcome: 'REUSED', points_per_item: 10 },
  { material_code: 'BOX_L', outcome: 'REUSED', points_per_item: 15 },
  { material_code: 'BOX_S', outcome: 'RECYCLED', points_per_item: 4 },
  { material_code: 'BOX_M', outcome: 'RECYCLED', points_per_item: 5 },
  { material_code: 'BOX_L', outcome: 'RECYCLED', points_per_item: 6 },
  { material_code: 'MAILER_BAG', outcome: 'RECYCLED', points_per_item: 2 },
  { material_code: 'FOAM_FILL', outcome: 'RECYCLED', points_per_item: 1 },
  { material_code: 'PAPER_FILL', outcome: 'RECYCLED', points_per_item: 1 },
];

export async function seedPointsCampaign(handle: DbHandle, now: Date): Promise<void> {
  const { year } = campaignFor(now);
  await handle.db.transaction().execute(async (trx) => {
    const c = await trx
      .insertInto('points_campaign')
      .values({
        code: `GREEN-${year}`,
        name_zh: `${year} 双11绿色积分`,
        name_en: `Green points 11.11 ${year}`,
        starts_on: `${year}-10-20`,
        ends_on: `${year}-12-31`,
        consumer_daily_cap: 200,
        station_daily_cap: 20_000,
        voucher_points: 100,
        voucher_value: 5,
        voucher_valid_days: 30,
        voucher_budget: 100_000_000,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('points_rate')
      .values(DEMO_POINTS_RATES.map((r) => ({ ...r, campaign_id: c.id })))
      .execute();
  });
}

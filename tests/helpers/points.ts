// Green points factories: a campaign with hand-picked rates and limits, members with tokens.
import { sql } from 'kysely';
import { signMemberToken } from '@recycle/api';
import { makeMemberCode } from '../../api/src/domain/points.ts';
import { TEST_SECRET, type TestApp } from './app.ts';

export interface CampaignOverrides {
  code?: string;
  starts_on?: string;
  ends_on?: string;
  consumer_daily_cap?: number;
  station_daily_cap?: number;
  voucher_points?: number;
  voucher_value?: number;
  voucher_budget?: number;
  voucher_valid_days?: number;
}

/** Default rates: BOX_M reused 10, BOX_M recycled 4, MAILER_BAG recycled 2 (others earn nothing). */
export const TEST_RATES = [
  { material_code: 'BOX_M', outcome: 'REUSED', points_per_item: 10 },
  { material_code: 'BOX_M', outcome: 'RECYCLED', points_per_item: 4 },
  { material_code: 'MAILER_BAG', outcome: 'RECYCLED', points_per_item: 2 },
];

let n = 0;

/** Nov 1-30 2026, member cap 100/day, station cap 300/day, a voucher = 50 points = ¥5, budget ¥20. */
export async function makeCampaign(t: TestApp, o: CampaignOverrides = {}, rates = TEST_RATES) {
  const c = await t.db.db
    .insertInto('points_campaign')
    .values({
      code: o.code ?? `TEST-${++n}`,
      name_zh: '测试活动',
      name_en: 'Test campaign',
      starts_on: o.starts_on ?? '2026-11-01',
      ends_on: o.ends_on ?? '2026-11-30',
      consumer_daily_cap: o.consumer_daily_cap ?? 100,
      station_daily_cap: o.station_daily_cap ?? 300,
      voucher_points: o.voucher_points ?? 50,
      voucher_value: o.voucher_value ?? 5,
      voucher_budget: o.voucher_budget ?? 20,
      voucher_valid_days: o.voucher_valid_days ?? 30,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  if (rates.length)
    await t.db.db
      .insertInto('points_rate')
      .values(rates.map((r) => ({ ...r, campaign_id: c.id })))
      .execute();
  return c;
}

/** A member row (secret hash unusable: sign-in tests join through the API) and its token. */
export async function makeMember(t: TestApp) {
  const bytes = new Uint8Array(6);
  crypto.getRandomValues(bytes);
  const code = makeMemberCode(bytes);
  const row = await t.db.db
    .insertInto('consumer')
    .values({ member_code: code, secret_hash: 'scrypt$1$1$1$x$x' })
    .returningAll()
    .executeTakeFirstOrThrow();
  const { token } = await signMemberToken(
    { secret: TEST_SECRET, ttlSeconds: 3600 },
    { consumerId: row.id, memberCode: code, sessionVersion: row.session_version },
    t.clock.now,
  );
  return { id: row.id, code, token };
}

/** The ledger's sum for a member, straight from SQL. */
export async function ledgerSum(t: TestApp, consumerId: number): Promise<number> {
  const r = await sql<{
    s: number;
  }>`select coalesce(sum(points), 0)::int as s from points_entry where consumer_id = ${consumerId}`.execute(t.db.db);
  return Number(r.rows[0]!.s);
}

/** A member token signed now with the member's current session version (signOut raises it). */
export async function memberTokenNow(t: TestApp, memberCode: string): Promise<string> {
  const row = await t.db.db
    .selectFrom('consumer')
    .select(['id', 'session_version'])
    .where('member_code', '=', memberCode)
    .executeTakeFirstOrThrow();
  const { token } = await signMemberToken(
    { secret: TEST_SECRET, ttlSeconds: 3600 },
    { consumerId: row.id, memberCode, sessionVersion: row.session_version },
    t.clock.now,
  );
  return token;
}

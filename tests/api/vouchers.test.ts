// Vouchers: points → a voucher from the campaign's capped budget, redeemed once at a station.
// The test campaign: a voucher costs 50 points and is worth ¥5; the budget is ¥20 (4 vouchers).
// Racing requests go through the API with Promise.all (truly concurrent on PostgreSQL; PGlite
// runs them one after another, and the same answers must come out).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestApp, ok, type TestApp, member } from '../helpers/app.ts';
import { makeStation, makeUser } from '../helpers/factories.ts';
import { ledgerSum, makeCampaign, makeMember } from '../helpers/points.ts';
import { graphql } from '../../web/src/lib/graphql.ts';

let t: TestApp;
let station: Awaited<ReturnType<typeof makeStation>>;
let staff: Awaited<ReturnType<typeof makeUser>>;
let campaign: Awaited<ReturnType<typeof makeCampaign>>;
let seq = 0;

const ISSUE = graphql(`
  mutation ($key: String!, $campaign: String) {
    issueVoucher(idempotencyKey: $key, campaignCode: $campaign) {
      __typename
      ... on IssueVoucherPayload {
        replayed
        voucher {
          code
          points
          value
          expiresAt
          redeemedAt
        }
      }
      ... on Error {
        message
      }
      ... on InputError {
        field
      }
      ... on NotFoundError {
        field
      }
    }
  }
`);
const REDEEM = graphql(`
  mutation ($code: String!, $station: String!) {
    redeemVoucher(code: $code, stationCode: $station) {
      __typename
      ... on Voucher {
        points
        value
        redeemedAt
        redeemedAtStation
        code
      }
      ... on Error {
        message
      }
      ... on InputError {
        field
      }
      ... on NotFoundError {
        field
      }
    }
  }
`);
const EARN = graphql(`
  mutation ($input: LogDropOffsInput!) {
    logDropOffs(input: $input) {
      __typename
      ... on LogDropOffsPayload {
        results {
          points {
            points
          }
        }
      }
    }
  }
`);
const BALANCE = graphql('{ member { balance vouchers { code points } } }');
const REDEEMED_AT = graphql('{ member { vouchers { redeemedAtStation } } }');
const key = () => `voucher-key-${++seq}`;

/** A member with `points` credited through the API: BOX_M reused is 10 points per item. */
async function memberWith(points: number) {
  const m = await makeMember(t);
  for (let left = points; left > 0; left -= 100) {
    const r = ok(
      await t.gql(
        EARN,
        {
          input: {
            stationCode: station.code,
            items: [
              {
                idempotencyKey: `earn-${++seq}`,
                materialCode: 'BOX_M',
                outcome: 'REUSED',
                quantity: Math.min(left, 100) / 10,
                memberCode: m.code,
              },
            ],
          },
        },
        await t.tokenFor(staff.viewer),
      ),
    );
    expect(member(r.logDropOffs, 'LogDropOffsPayload').results[0]?.points?.points).toBe(Math.min(left, 100));
    t.clock.now = new Date(t.clock.now.getTime() + 86_400_000); // the next points on the next day (100/day limit)
  }
  t.clock.now = new Date('2026-11-11T04:00:00Z');
  return m;
}
const issued = async () =>
  Number(
    (
      await t.db.db
        .selectFrom('points_campaign')
        .select('vouchers_issued')
        .where('id', '=', campaign.id)
        .executeTakeFirstOrThrow()
    ).vouchers_issued,
  );
const count = async (table: 'voucher' | 'points_entry' | 'audit_entry') =>
  Number(
    (
      await t.db.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

beforeAll(async () => {
  t = await createTestApp();
  station = await makeStation(t);
  staff = await makeUser(t, 'STATION_STAFF', { stationId: station.id });
  // Credits may fall on Nov 11-14 (memberWith moves the clock); vouchers are issued on Nov 11.
  campaign = await makeCampaign(t, { code: 'VOUCH', station_daily_cap: 100_000 });
});
afterAll(() => t.close());

describe('issue and redeem, by hand', () => {
  let code: string;
  let shopper: Awaited<ReturnType<typeof memberWith>>;

  it('120 points → a ¥5 voucher for 50 points; 70 left; the budget shows ¥5 issued', async () => {
    shopper = await memberWith(120);
    const k = key();
    const r = member(ok(await t.gql(ISSUE, { key: k }, shopper.token)).issueVoucher, 'IssueVoucherPayload');
    expect(r).toMatchObject({
      __typename: 'IssueVoucherPayload',
      replayed: false,
      voucher: { points: 50, value: 5, redeemedAt: null, expiresAt: '2026-12-11T04:00:00.000Z' },
    });
    code = r.voucher.code!; // shown once, at issue
    expect(code).toMatch(/^GV-[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}-[0-9A-HJKMNP-TV-Z]$/);
    expect(await ledgerSum(t, shopper.id)).toBe(70);
    expect(ok(await t.gql(BALANCE, {}, shopper.token)).member).toEqual({
      balance: 70,
      vouchers: [{ code, points: 50 }],
    });
    expect(await issued()).toBe(5);
    // the same key again: the same voucher, nothing spent twice
    const again = ok(await t.gql(ISSUE, { key: k }, shopper.token)).issueVoucher;
    expect(again).toMatchObject({ replayed: true, voucher: { code } });
    expect(await ledgerSum(t, shopper.id)).toBe(70);
    expect(await issued()).toBe(5);
    // only a hash of the code is stored
    const row = await t.db.db
      .selectFrom('voucher')
      .selectAll()
      .where('consumer_id', '=', shopper.id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(code.replace(/-/g, ''));
  });

  it('not enough points: a clear refusal, nothing written', async () => {
    const before = [await count('voucher'), await count('points_entry'), await issued()];
    const r = ok(await t.gql(ISSUE, { key: key() }, shopper.token)).issueVoucher;
    expect(r).toMatchObject({ __typename: 'IssueVoucherPayload' }); // 70 ≥ 50: this one still works
    const poor = ok(await t.gql(ISSUE, { key: key() }, shopper.token)).issueVoucher;
    expect(poor).toEqual({
      __typename: 'ConflictError',
      message: 'Not enough points: a voucher takes 50, the balance is 20',
    });
    expect([await count('voucher'), await count('points_entry'), await issued()]).toEqual([
      before[0]! + 1,
      before[1]! + 1,
      10,
    ]);
  });

  it('staff redeem it once at their station; a second time says where and when', async () => {
    const r = ok(
      await t.gql(
        REDEEM,
        { code: code.toLowerCase().replace(/-/g, ' '), station: station.code },
        await t.tokenFor(staff.viewer),
      ),
    ).redeemVoucher;
    expect(r).toEqual({
      __typename: 'Voucher',
      points: 50,
      value: 5,
      redeemedAt: '2026-11-11T04:00:00.000Z',
      redeemedAtStation: station.code,
      code: null,
    });
    const twice = ok(
      await t.gql(REDEEM, { code, station: station.code }, await t.tokenFor(staff.viewer)),
    ).redeemVoucher;
    expect(twice).toEqual({
      __typename: 'ConflictError',
      message: `This voucher was already redeemed at ${station.code} on 2026-11-11T04:00:00.000Z`,
    });
    expect(ok(await t.gql(REDEEMED_AT, {}, shopper.token)).member?.vouchers.at(-1)).toEqual({
      redeemedAtStation: station.code,
    });
  });

  it('bad input: malformed codes, a wrong check character, an unknown code, a short key, an unknown campaign; nothing written', async () => {
    const before = [await count('voucher'), await count('points_entry'), await count('audit_entry'), await issued()];
    const bad = async (c: string) =>
      ok(await t.gql(REDEEM, { code: c, station: station.code }, await t.tokenFor(staff.viewer))).redeemVoucher;
    expect(await bad('hello')).toMatchObject({ __typename: 'InputError', field: 'code' });
    const flipped = code.slice(0, -1) + (code.endsWith('0') ? '1' : '0');
    expect(await bad(flipped)).toMatchObject({
      __typename: 'InputError',
      message: expect.stringMatching(/check the last one/),
    });
    expect(await bad('GV00000000000000000')).toMatchObject({ __typename: 'NotFoundError', field: 'code' });
    expect(
      ok(await t.gql(REDEEM, { code, station: 'SH-99999' }, await t.tokenFor((await makeUser(t, 'ADMIN')).viewer)))
        .redeemVoucher,
    ).toMatchObject({ __typename: 'NotFoundError' });
    expect(ok(await t.gql(ISSUE, { key: 'short' }, shopper.token)).issueVoucher).toMatchObject({
      __typename: 'InputError',
      field: 'idempotencyKey',
    });
    expect(ok(await t.gql(ISSUE, { key: key(), campaign: 'NOPE' }, shopper.token)).issueVoucher).toMatchObject({
      __typename: 'NotFoundError',
    });
    expect([await count('voucher'), await count('points_entry'), await count('audit_entry'), await issued()]).toEqual(
      before,
    );
  });

  it('an expired voucher is refused with its expiry', async () => {
    const m = await memberWith(50);
    const v = member(ok(await t.gql(ISSUE, { key: key() }, m.token)).issueVoucher, 'IssueVoucherPayload').voucher;
    t.clock.now = new Date('2026-12-12T00:00:00Z');
    try {
      expect(
        ok(await t.gql(REDEEM, { code: v.code!, station: station.code }, await t.tokenFor(staff.viewer))).redeemVoucher,
      ).toEqual({ __typename: 'ConflictError', message: 'This voucher expired on 2026-12-11T04:00:00.000Z' });
    } finally {
      t.clock.now = new Date('2026-11-11T04:00:00Z');
    }
  });
});

describe('racing requests', () => {
  beforeAll(async () => {
    // room in the budget: here only the balance limits the first two races
    await sql`update points_campaign set voucher_budget = 1000 where code = 'VOUCH'`.execute(t.db.db);
  });

  it('20 concurrent issuances with one key: one voucher, 50 points spent once', async () => {
    const m = await memberWith(200);
    const k = key();
    const answers = await Promise.all(Array.from({ length: 20 }, () => t.gql(ISSUE, { key: k }, m.token)));
    const payloads = answers.map((a) => member(ok(a).issueVoucher, 'IssueVoucherPayload'));
    expect(payloads.filter((p) => p.replayed === false)).toHaveLength(1);
    expect(new Set(payloads.map((p) => p.voucher.code)).size).toBe(1);
    expect(await ledgerSum(t, m.id)).toBe(150);
  });

  it('one member, 10 concurrent issuances with different keys and points for 3: exactly 3 vouchers', async () => {
    const m = await memberWith(150);
    const answers = await Promise.all(Array.from({ length: 10 }, () => t.gql(ISSUE, { key: key() }, m.token)));
    const payloads = answers.map((a) => ok(a).issueVoucher);
    expect(payloads.filter((p) => p.__typename === 'IssueVoucherPayload')).toHaveLength(3);
    expect(payloads.flatMap((p) => (p.__typename === 'ConflictError' ? [p.message] : []))).toEqual(
      Array(7).fill('Not enough points: a voucher takes 50, the balance is 0'),
    );
    expect(await ledgerSum(t, m.id)).toBe(0);
  });

  it("many members racing for the last of the budget: issued never exceeds it, and equals the vouchers' sum", async () => {
    // a fresh campaign with room for exactly 3 vouchers, 8 members with points for one each
    await sql`update points_campaign set ends_on = '2026-11-10' where code <> 'RACE'`.execute(t.db.db);
    const race = await makeCampaign(t, { code: 'RACE', voucher_budget: 15, station_daily_cap: 100_000 });
    const members = [];
    for (let i = 0; i < 8; i++) members.push(await memberWith(50));
    const answers = await Promise.all(members.map((m) => t.gql(ISSUE, { key: key(), campaign: 'RACE' }, m.token)));
    const kinds = answers.map((a) => ok(a).issueVoucher.__typename);
    expect(kinds.filter((k) => k === 'IssueVoucherPayload')).toHaveLength(3);
    expect(answers.map((a) => ok(a).issueVoucher).filter((p) => p.__typename === 'ConflictError')).toEqual(
      Array(5).fill({ __typename: 'ConflictError', message: 'The voucher budget of campaign RACE is used up' }),
    );
    const row = await t.db.db
      .selectFrom('points_campaign')
      .select(['vouchers_issued', 'voucher_budget'])
      .where('id', '=', race.id)
      .executeTakeFirstOrThrow();
    const sum = await sql<{
      s: number;
    }>`select coalesce(sum(value), 0)::float8 as s from voucher where campaign_id = ${race.id}`.execute(t.db.db);
    expect(Number(row.vouchers_issued)).toBe(15);
    expect(Number(sum.rows[0]!.s)).toBe(15);
    // the refused members kept their points
    const balances = await Promise.all(members.map((m) => ledgerSum(t, m.id)));
    expect(balances.filter((b) => b === 0)).toHaveLength(3);
    expect(balances.filter((b) => b === 50)).toHaveLength(5);
  });

  it('10 concurrent redemptions of one voucher at two stations: exactly one succeeds', async () => {
    await sql`update points_campaign set ends_on = '2026-11-30' where code = 'VOUCH'`.execute(t.db.db);
    const m = await memberWith(50);
    const v = member(
      ok(await t.gql(ISSUE, { key: key(), campaign: 'VOUCH' }, m.token)).issueVoucher,
      'IssueVoucherPayload',
    ).voucher;
    const other = await makeStation(t);
    const otherStaff = await makeUser(t, 'STATION_STAFF', { stationId: other.id });
    const [mine, theirs] = [await t.tokenFor(staff.viewer), await t.tokenFor(otherStaff.viewer)];
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        t.gql(REDEEM, { code: v.code!, station: i % 2 ? other.code : station.code }, i % 2 ? theirs : mine),
      ),
    );
    const kinds = answers.map((a) => ok(a).redeemVoucher.__typename);
    expect(kinds.filter((k) => k === 'Voucher')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'ConflictError')).toHaveLength(9);
    const audits = await sql<{
      n: number;
    }>`select count(*)::int as n from audit_entry where action = 'redeemVoucher'`.execute(t.db.db);
    expect(audits.rows[0]!.n).toBe(2); // this one and the one redeemed by hand above
  });
});

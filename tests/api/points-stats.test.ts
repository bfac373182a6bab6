// Green points figures and flags, by hand: members reached, points credited and reversed per
// city, vouchers against the budget, members credited at many stations within minutes, and
// createPointsCampaign with its bad inputs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, ok, type TestApp, member } from '../helpers/app.ts';
import { makeStation, makeUser } from '../helpers/factories.ts';
import { makeCampaign, makeMember } from '../helpers/points.ts';
import { graphql, type VariablesOf } from '../../web/src/lib/graphql.ts';

let t: TestApp;
let admin: Awaited<ReturnType<typeof makeUser>>;
let sh: Awaited<ReturnType<typeof makeStation>>[];
let bj: Awaited<ReturnType<typeof makeStation>>;
let seq = 0;

const LOG = graphql(`
  mutation ($input: LogDropOffsInput!) {
    logDropOffs(input: $input) {
      __typename
      ... on LogDropOffsPayload {
        results {
          dropOff {
            id
          }
          points {
            points
          }
        }
      }
    }
  }
`);
const VOID = graphql('mutation($id: ID!, $reason: String!) { voidDropOff(id: $id, reason: $reason) { __typename } }');
const ISSUE = graphql(`
  mutation ($key: String!) {
    issueVoucher(idempotencyKey: $key) {
      __typename
      ... on IssueVoucherPayload {
        voucher {
          code
        }
      }
    }
  }
`);
async function credit(station: { code: string }, memberCode: string, boxes: number, occurredAt: string) {
  const r = ok(
    await t.gql(
      LOG,
      {
        input: {
          stationCode: station.code,
          items: [
            {
              idempotencyKey: `st-${++seq}`,
              materialCode: 'BOX_M',
              outcome: 'REUSED',
              quantity: boxes,
              memberCode,
              occurredAt,
            },
          ],
        },
      },
      admin.token,
    ),
  );
  return member(r.logDropOffs, 'LogDropOffsPayload').results[0];
}

const SUMMARY = graphql(`
  query ($city: String, $from: Date, $to: Date) {
    pointsSummary(cityCode: $city, from: $from, to: $to) {
      membersReached
      pointsCredited
      pointsReversed
      creditedDropOffs
      vouchersIssued
      voucherValueIssued
      vouchersRedeemed
      campaigns {
        code
        budget {
          total
          issued
          remaining
        }
      }
    }
  }
`);

beforeAll(async () => {
  t = await createTestApp();
  admin = await makeUser(t, 'ADMIN');
  sh = [await makeStation(t), await makeStation(t), await makeStation(t)];
  bj = await makeStation(t, { city_code: 'BJ' });
  await makeCampaign(t, { code: 'STATS', voucher_budget: 100 });
  const [m1, m2, m3] = [await makeMember(t), await makeMember(t), await makeMember(t)];
  // m1: three SH stations within 8 minutes (flagged); 2 + 1 + 1 boxes = 40 points
  await credit(sh[0]!, m1.code, 2, '2026-11-11T02:00:00Z');
  await credit(sh[1]!, m1.code, 1, '2026-11-11T02:05:00Z');
  await credit(sh[2]!, m1.code, 1, '2026-11-11T02:08:00Z');
  // m2: two SH stations an hour apart (not flagged): 3 + 3 boxes = 60 points, one of them voided (−30)
  await credit(sh[0]!, m2.code, 3, '2026-11-10T02:00:00Z');
  const voided = await credit(sh[1]!, m2.code, 3, '2026-11-10T03:00:00Z');
  ok(await t.gql(VOID, { id: voided?.dropOff?.id ?? '', reason: 'stats test' }, admin.token));
  // m3: BJ only, 5 boxes = 50 points, then a ¥5 voucher for 50 points
  await credit(bj, m3.code, 5, '2026-11-11T01:00:00Z');
  const v = ok(await t.gql(ISSUE, { key: 'stats-voucher-1' }, m3.token));
  expect(v.issueVoucher.__typename).toBe('IssueVoucherPayload');
});
afterAll(() => t.close());

describe('pointsSummary', () => {
  it('SH over Nov 10-11: 2 members, 100 credited, 30 reversed, 5 credited drop-offs', async () => {
    const s = ok(await t.gql(SUMMARY, { city: 'SH', from: '2026-11-10', to: '2026-11-11' }, admin.token)).pointsSummary;
    expect(s).toMatchObject({ membersReached: 2, pointsCredited: 100, pointsReversed: 30, creditedDropOffs: 5 });
  });

  it('the network on Nov 11: 2 members (m1, m3), 90 credited; 1 voucher of ¥5 against a ¥100 budget', async () => {
    const s = ok(await t.gql(SUMMARY, { city: null, from: '2026-11-11', to: '2026-11-11' }, admin.token)).pointsSummary;
    expect(s).toEqual({
      membersReached: 2,
      pointsCredited: 90,
      pointsReversed: 0,
      creditedDropOffs: 4,
      vouchersIssued: 1,
      voucherValueIssued: 5,
      vouchersRedeemed: 0,
      campaigns: [{ code: 'STATS', budget: { total: 100, issued: 5, remaining: 95 } }],
    });
  });

  it('bad period: from after to is an input error', async () => {
    const r = await t.gql(SUMMARY, { city: 'SH', from: '2026-11-12', to: '2026-11-11' }, admin.token);
    expect(r.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
  });
});

describe('flaggedMembers', () => {
  const FLAGS = graphql(`
    query ($city: String, $since: DateTime, $w: Int, $min: Int) {
      flaggedMembers(cityCode: $city, since: $since, windowMinutes: $w, minStations: $min) {
        memberCode
        stationCount
        firstAt
        lastAt
        credits
        stations {
          code
        }
      }
    }
  `);
  const since = '2026-11-09T00:00:00Z';

  it('a member at 3 stations within 8 minutes is flagged for SH, with the stations and times', async () => {
    const f = ok(await t.gql(FLAGS, { city: 'SH', since }, admin.token)).flaggedMembers;
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({
      stationCount: 3,
      firstAt: '2026-11-11T02:00:00.000Z',
      lastAt: '2026-11-11T02:08:00.000Z',
      credits: 3,
    });
    expect(f[0]?.stations.map((s) => s.code)).toEqual(sh.map((s) => s.code).sort());
  });

  it('not with a 5-minute window or in BJ; two stations an hour apart only with minStations 2 and a 60-minute window', async () => {
    expect(ok(await t.gql(FLAGS, { city: 'SH', since, w: 5 }, admin.token)).flaggedMembers).toEqual([]);
    expect(ok(await t.gql(FLAGS, { city: 'BJ', since }, admin.token)).flaggedMembers).toEqual([]);
    const wide = ok(await t.gql(FLAGS, { city: 'SH', since, w: 60, min: 2 }, admin.token)).flaggedMembers;
    expect(wide.map((f) => f.stationCount)).toEqual([3, 2]);
  });

  it('bad input: a window over a day, minStations under 2, since in the future', async () => {
    for (const vars of [{ w: 1441 }, { min: 1 }, { since: '2027-01-01T00:00:00Z' }]) {
      const r = await t.gql(FLAGS, { city: 'SH', since, ...vars }, admin.token);
      expect(r.errors?.[0]?.extensions?.code, JSON.stringify(vars)).toBe('BAD_USER_INPUT');
    }
  });
});

describe('createPointsCampaign', () => {
  const CREATE = graphql(`
    mutation ($input: PointsCampaignInput!) {
      createPointsCampaign(input: $input) {
        __typename
        ... on PointsCampaign {
          code
          startsOn
          endsOn
          memberDailyCap
          voucherValue
          rates {
            materialCode
            outcome
            pointsPerItem
          }
        }
        ... on InputError {
          issues {
            field
            message
          }
        }
        ... on ConflictError {
          message
        }
      }
    }
  `);
  type CampaignInput = VariablesOf<typeof CREATE>['input'];
  const input = (o: Partial<CampaignInput> = {}): CampaignInput => ({
    code: 'GREEN-2027',
    nameZh: '绿色积分',
    nameEn: 'Green points',
    startsOn: '2027-10-20',
    endsOn: '2027-11-30',
    memberDailyCap: 100,
    stationDailyCap: 5000,
    voucherPoints: 100,
    voucherValue: 5,
    voucherBudget: 1e8,
    rates: [{ materialCode: 'BOX_M', outcome: 'REUSED', pointsPerItem: 10 }],
    ...o,
  });

  it('creates a campaign with its rates; the same code again is a conflict', async () => {
    const r = ok(await t.gql(CREATE, { input: input() }, admin.token)).createPointsCampaign;
    expect(r).toEqual({
      __typename: 'PointsCampaign',
      code: 'GREEN-2027',
      startsOn: '2027-10-20',
      endsOn: '2027-11-30',
      memberDailyCap: 100,
      voucherValue: 5,
      rates: [{ materialCode: 'BOX_M', outcome: 'REUSED', pointsPerItem: 10 }],
    });
    expect(ok(await t.gql(CREATE, { input: input() }, admin.token)).createPointsCampaign).toEqual({
      __typename: 'ConflictError',
      message: 'A campaign GREEN-2027 exists already',
    });
  });

  it('bad input names each field and writes nothing', async () => {
    const before = (await t.db.db.selectFrom('points_campaign').select('id').execute()).length;
    const r = ok(
      await t.gql(
        CREATE,
        {
          input: input({
            code: 'NEW-1',
            endsOn: '2027-10-01',
            voucherValue: 5.001,
            voucherBudget: 4,
            rates: [
              { materialCode: 'GOLD', outcome: 'REUSED', pointsPerItem: 1 },
              { materialCode: 'BOX_M', outcome: 'REUSED', pointsPerItem: 1 },
              { materialCode: 'BOX_M', outcome: 'REUSED', pointsPerItem: 2 },
            ],
          }),
        },
        admin.token,
      ),
    ).createPointsCampaign;
    expect(member(r, 'InputError').issues.map((i) => i.field)).toEqual([
      'input.endsOn',
      'input.voucherValue',
      'input.voucherBudget',
      'input.rates.0.materialCode',
      'input.rates.2',
    ]);
    const v = await t.gql(CREATE, { input: input({ code: 'x', memberDailyCap: 0 }) }, admin.token);
    expect(JSON.stringify(v)).toMatch(/input.code/);
    expect((await t.db.db.selectFrom('points_campaign').select('id').execute()).length).toBe(before);
  });
});

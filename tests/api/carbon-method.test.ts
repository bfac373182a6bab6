// Method 2026.1 over the API: the carbon-report fixture under the default CN-2026 worked by hand,
// displacement scenarios, the sensitivity table, the share of kg weighed and the data-quality
// score, the method named on every report, and bad input (a typed error, nothing computed).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok, type TestApp, member } from '../helpers/app.ts';
import { createCarbonFixture, PERIOD, REPORT, type ReportRow } from '../helpers/carbon-fixture.ts';
import { graphql, type SchemaType } from '../../web/src/lib/graphql.ts';
import { makeStation } from '../helpers/factories.ts';

let t: TestApp;
let admin: string;
beforeAll(async () => {
  ({ t, admin } = await createCarbonFixture());
});
afterAll(() => t.close());

/** REPORT's variables (PERIOD has a default here). */
interface ReportVars {
  groupBy: SchemaType<'CarbonReportDimension'>[];
  stationCodes?: string[];
  factorSet?: string;
  displacementRate?: number;
}
/** The report's answer over PERIOD: a report or a typed error. */
const answer = async (vars: ReportVars) => ok(await t.gql(REPORT, { ...PERIOD, ...vars }, admin)).carbonReport;
/** A report (a typed error fails the test). */
const report = async (vars: ReportVars) => member(await answer(vars), 'CarbonReport');

const c = (central: number, low: number, high: number) => ({ central, low, high });

// The fixture under CN-2026 (displacement 0.5). Reused kg 2 + 1 + 0.4 + 0.6 = 4.0; recycled: boxes
// 1 + 3 = 4.0 kg, mailer bags 0.5 kg, foam 0.1 kg.
//   reuse   4.0 x 0.491 x 0.5 = 0.982; low 4.0 x 0.1217 x 0.5 = 0.2434 → 0.243; high 4.0 x 1.1997 x 0.5 = 2.3994 → 2.399
//   recycle 4.0 x 0.0065 + 0.5 x 2.0653 + 0.1 x 1.7142 = 0.026 + 1.03265 + 0.17142 = 1.23007 → 1.23
//           low 4.0 x -0.3714 + 0.5 x -0.0269 + 0.1 x 0.6987 = -1.4856 - 0.01345 + 0.06987 = -1.42918 → -1.429
//           high 4.0 x 0.4808 + 0.5 x 3.8193 + 0.1 x 2.1756 = 1.9232 + 1.90965 + 0.21756 = 4.05041 → 4.05
//   total   2.21207 → 2.212; low 0.2434 - 1.42918 = -1.18578 → -1.186; high 2.3994 + 4.05041 = 6.44981 → 6.45
const CN_NETWORK = { reuse: c(0.982, 0.243, 2.399), recycle: c(1.23, -1.429, 4.05), total: c(2.212, -1.186, 6.45) };

describe('the default set, CN-2026, worked by hand', () => {
  it('names CN-2026, its own displacement 0.5, and method 2026.1', async () => {
    const r = await report({ groupBy: ['NETWORK'] });
    expect(r).toMatchObject({
      factorSet: { version: 'CN-2026' },
      displacementRate: 0.5,
      displacementScenario: null,
      method: { version: '2026.1' },
      uncovered: [],
    });
    expect(r.total.co2e).toEqual(CN_NETWORK);
  });

  it('by city: BJ (rows 7-8) and SH (rows 1-6)', async () => {
    const r = await report({ groupBy: ['CITY'] });
    // BJ: reuse 0.6 x 0.491 x 0.5 = 0.1473; recycle 3.0 x 0.0065 = 0.0195; total 0.1668 → 0.167
    //     low 0.6 x 0.1217 x 0.5 = 0.03651 + 3.0 x -0.3714 = -1.1142 → -1.07769 → -1.078;
    //     high 0.6 x 1.1997 x 0.5 = 0.35991 + 3.0 x 0.4808 = 1.4424 → 1.80231 → 1.802
    expect(r.rows.map((x: ReportRow) => [x.cityCode, x.co2e.total])).toEqual([
      ['BJ', c(0.167, -1.078, 1.802)],
      // SH = network - BJ: central 2.21207 - 0.1668 = 2.04527 → 2.045; low -1.18578 + 1.07769 = -0.10809 → -0.108;
      //     high 6.44981 - 1.80231 = 4.6475 → 4.647 or 4.648 by binary rounding: checked to the gram below
      ['SH', expect.objectContaining({ central: 2.045, low: -0.108 })],
    ]);
    expect(r.rows[1]?.co2e.total.high).toBeCloseTo(4.6475, 3);
  });
});

describe('displacement scenarios', () => {
  it.each([
    // reuse 4.0 kg x 0.491 x rate; recycling does not depend on it
    [0.75, c(1.473, 0.365, 3.599), 2.703], // 1.473; 4 x 0.1217 x 0.75 = 0.3651; 4 x 1.1997 x 0.75 = 3.5991; total 1.473 + 1.23007
    [1, c(1.964, 0.487, 4.799), 3.194], // 1.964; 0.4868; 4.7988; total 3.19407
    [0.5, c(0.982, 0.243, 2.399), 2.212],
  ])('scenario %s: reuse scales, recycling does not; printed on the report', async (rate, reuse, total) => {
    const r = await report({ groupBy: ['NETWORK'], displacementRate: rate });
    expect(r).toMatchObject({ displacementRate: rate, displacementScenario: rate, factorSet: { version: 'CN-2026' } });
    expect(r.total.co2e.reuse).toEqual(reuse);
    expect(r.total.co2e.recycle).toEqual(CN_NETWORK.recycle);
    expect(r.total.co2e.total.central).toBe(total);
  });

  it('applies to any set: DESNZ-2025 at 0.5 halves its reuse (4.7988 → 2.3994 → 2.399)', async () => {
    const r = await report({ groupBy: ['NETWORK'], factorSet: 'DESNZ-2025', displacementRate: 0.5 });
    expect(r.total.co2e.reuse).toEqual(c(2.399, 0.37, 2.399));
    expect(r.displacementRate).toBe(0.5);
  });

  it.each([[1.5], [-0.25]])('refuses %s as an InputError on displacementRate', async (rate) => {
    expect(await answer({ groupBy: ['NETWORK'], displacementRate: rate })).toEqual({
      __typename: 'InputError',
      message: `displacementRate: must be a share between 0 and 1 (got ${rate})`,
      field: 'displacementRate',
    });
  });
});

const SENSITIVITY = graphql(`
  query ($rates: [Float!], $cityCodes: [String!]) {
    carbonSensitivity(from: "2026-11-10", to: "2026-11-11", cityCodes: $cityCodes, displacementRates: $rates) {
      __typename
      ... on CarbonSensitivity {
        displacementScenarios
        kg
        weighedShare
        rows {
          factorSet {
            version
            isDefault
            displacementRate
          }
          ownRate {
            central
          }
          scenarios {
            displacementRate
            total {
              central
              low
              high
            }
          }
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
const METHOD = graphql(
  '{ carbonMethod { version approvedBy approvedOn document defaultFactorSet displacementScenarios } }',
);
const COMPARE = graphql(`
  query ($a: String!, $r: Float) {
    compareFactorSets(
      from: "2026-11-10"
      to: "2026-11-11"
      groupBy: [NETWORK]
      a: $a
      b: "CN-2026"
      displacementRate: $r
    ) {
      __typename
      ... on FactorSetComparison {
        method {
          version
        }
        displacementScenario
        reportId
        total {
          a {
            total {
              central
            }
          }
          b {
            total {
              central
            }
          }
          difference {
            total {
              central
            }
          }
        }
      }
      ... on Error {
        message
      }
      ... on NotFoundError {
        field
      }
    }
  }
`);
const LOG = graphql(`
  mutation ($input: LogDropOffsInput!) {
    logDropOffs(input: $input) {
      __typename
      ... on LogDropOffsPayload {
        results {
          dropOff {
            massKg
            massWeighed
          }
        }
      }
    }
  }
`);
const VOID = graphql('mutation($id: ID!, $reason: String!) { voidDropOff(id: $id, reason: $reason) { __typename } }');

describe('carbonSensitivity', () => {
  it('gives the total under every published set and scenario, the default first', async () => {
    const s = member(ok(await t.gql(SENSITIVITY, {}, admin)).carbonSensitivity, 'CarbonSensitivity');
    expect(s.displacementScenarios).toEqual([0.5, 0.75, 1]);
    expect(s.kg).toBe(8.6);
    expect(s.weighedShare).toBe(1);
    // the default, then newest published first
    expect(s.rows.map((r) => r.factorSet.version)).toEqual([
      'CN-2026',
      'DESNZ-2025-R2',
      'DESNZ-2023-R2',
      'DESNZ-2025',
      'DESNZ-2023',
      'CAINIAO-CEUCC-2021',
    ]);
    const row = (v: string) => s.rows.find((r) => r.factorSet.version === v)!;
    expect(row('CN-2026').ownRate.central).toBe(2.212);
    expect(row('CN-2026').scenarios.map((x) => x.total.central)).toEqual([2.212, 2.703, 3.194]);
    // DESNZ-2025 own rate 1.0: 20.345 (carbon-report.test.ts); at 0.5: 2.3994 + 15.54645 = 17.94585 → 17.946
    expect(row('DESNZ-2025').ownRate.central).toBe(20.345);
    expect(row('DESNZ-2025').scenarios[0]?.total.central).toBe(17.946);
    // the same as the report under that set and scenario
    const r = await report({ groupBy: ['NETWORK'], factorSet: 'DESNZ-2023-R2', displacementRate: 0.75 });
    expect(row('DESNZ-2023-R2').scenarios[1]?.total).toEqual(r.total.co2e.total);
  });

  it('takes its own scenarios, and refuses a bad one naming it', async () => {
    const s = member(ok(await t.gql(SENSITIVITY, { rates: [0.25] }, admin)).carbonSensitivity, 'CarbonSensitivity');
    expect(s.rows[0]?.scenarios.map((x) => x.displacementRate)).toEqual([0.25]);
    const bad = ok(await t.gql(SENSITIVITY, { rates: [0.5, 2] }, admin)).carbonSensitivity;
    expect(bad).toEqual({
      __typename: 'InputError',
      message: 'displacementRates.1: must be a share between 0 and 1 (got 2)',
      field: 'displacementRates.1',
    });
    expect(ok(await t.gql(SENSITIVITY, { cityCodes: ['XX'] }, admin)).carbonSensitivity).toEqual({
      __typename: 'NotFoundError',
      message: 'City "XX" does not exist',
      field: 'cityCodes.0',
    });
  });
});

describe('the method named on reports', () => {
  it('carbonMethod: version, approver, date, document, default set, scenarios', async () => {
    const m = ok(await t.gql(METHOD, {}, admin)).carbonMethod;
    expect(m).toEqual({
      version: '2026.1',
      approvedBy: 'Sustainability lead, package-recycling programme (demo sign-off)',
      approvedOn: '2026-12-01',
      document: 'docs/carbon-method.md',
      defaultFactorSet: 'CN-2026',
      displacementScenarios: [0.5, 0.75, 1],
    });
  });

  it('compareFactorSets names the method and the scenario, and unknown sets are NotFoundError', async () => {
    const r = ok(await t.gql(COMPARE, { a: 'DESNZ-2025', r: 1 }, admin)).compareFactorSets;
    // both at displacement 1.0: DESNZ-2025 20.345; CN-2026 3.194; b - a = 3.19407 - 20.34525 = -17.15118 → -17.151
    expect(r).toMatchObject({
      method: { version: '2026.1' },
      displacementScenario: 1,
      total: {
        a: { total: { central: 20.345 } },
        b: { total: { central: 3.194 } },
        difference: { total: { central: -17.151 } },
      },
    });
    expect(ok(await t.gql(COMPARE, { a: 'NOPE' }, admin)).compareFactorSets).toEqual({
      __typename: 'NotFoundError',
      message: 'Emission factor set "NOPE" does not exist',
      field: 'a',
    });
  });
});

describe('share of kg weighed and data quality', () => {
  beforeAll(async () => {
    // A third SH station logs on Nov 11 without a mass for its boxes (estimated: 4 x 0.25 = 1.0 kg)
    // and weighs its mailer bags (0.35 kg).
    await makeStation(t, { code: 'SH-10003', city_code: 'SH', name: '上海五角场驿站', bin_capacity: 1000 });
    const r = ok(
      await t.gql(
        LOG,
        {
          input: {
            stationCode: 'SH-10003',
            items: [
              { idempotencyKey: 'q1', materialCode: 'BOX_M', outcome: 'REUSED', quantity: 4 },
              { idempotencyKey: 'q2', materialCode: 'MAILER_BAG', outcome: 'RECYCLED', quantity: 10, massKg: 0.35 },
            ],
          },
        },
        admin,
      ),
    ).logDropOffs;
    expect(member(r, 'LogDropOffsPayload').results.map((x) => x.dropOff)).toEqual([
      { massKg: 1, massWeighed: false },
      { massKg: 0.35, massWeighed: true },
    ]);
  });

  it("per station: the fixture's stations all weighed (score 1), SH-10003 0.35 of 1.35 kg (0.2593, score 4)", async () => {
    const r = await report({ groupBy: ['STATION'] });
    expect(
      r.rows.map((x: ReportRow) => [
        x.stationCode,
        x.kg,
        x.kgWeighed,
        x.kgEstimated,
        x.weighedShare,
        x.dataQualityScore,
      ]),
    ).toEqual([
      ['BJ-10001', 3.6, 3.6, 0, 1, 1],
      ['SH-10001', 4.5, 4.5, 0, 1, 1],
      ['SH-10002', 0.5, 0.5, 0, 1, 1],
      ['SH-10003', 1.35, 0.35, 1, 0.2593, 4],
    ]);
    // the network: 8.95 of 9.95 kg weighed = 0.89950 → 0.8995, just under 90%: score 2
    expect([r.total.kg, r.total.kgWeighed, r.total.weighedShare, r.total.dataQualityScore]).toEqual([
      9.95, 8.95, 0.8995, 2,
    ]);
  });

  it('by outcome: reused boxes 1.0 of 5.0 kg estimated (0.8, score 2); recycled all weighed', async () => {
    const r = await report({ groupBy: ['OUTCOME'] });
    expect(r.rows.map((x: ReportRow) => [x.outcome, x.kg, x.kgEstimated, x.weighedShare, x.dataQualityScore])).toEqual([
      ['RECYCLED', 4.95, 0, 1, 1],
      ['REUSED', 5, 1, 0.8, 2],
    ]);
  });

  it('voiding the weighed entry takes its kg out of the weighed part', async () => {
    const row = await t.db.db
      .selectFrom('drop_off')
      .select('id')
      .where('idempotency_key', '=', 'q2')
      .executeTakeFirstOrThrow();
    const id = Buffer.from(`DropOff:${row.id}`).toString('base64');
    ok(await t.gql(VOID, { id, reason: 'test' }, admin));
    const r = await report({ groupBy: ['STATION'], stationCodes: ['SH-10003'] });
    expect([r.total.kg, r.total.kgWeighed, r.total.weighedShare, r.total.dataQualityScore]).toEqual([1, 0, 0, 5]);
  });
});

// carbonReport and compareFactorSets on the fixture in helpers/carbon-fixture.ts, every figure
// worked out by hand from its eight rows under DESNZ-2025 (a frozen first edition, named in each
// request) unless a test says otherwise; the default set (CN-2026) is worked in carbon-method.test.ts.
// CO2e is computed per group from the summed quantities and rounded to grams once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok, type TestApp, member } from '../helpers/app.ts';
import { createCarbonFixture, PERIOD, REPORT, type ReportRow } from '../helpers/carbon-fixture.ts';
import { graphql, type SchemaType } from '../../web/src/lib/graphql.ts';

let t: TestApp;
let admin: string;
beforeAll(async () => {
  ({ t, admin } = await createCarbonFixture());
});
afterAll(() => t.close());

/** REPORT's variables (PERIOD and the factor set have defaults here). */
interface ReportVars {
  groupBy: SchemaType<'CarbonReportDimension'>[];
  from?: string;
  to?: string;
  cityCodes?: string[];
  stationCodes?: string[];
  factorSet?: string;
}
/** The report's answer under DESNZ-2025 over PERIOD unless `vars` say otherwise: a report or a typed error. */
async function answer(vars: ReportVars) {
  return ok(await t.gql(REPORT, { ...PERIOD, factorSet: 'DESNZ-2025', ...vars }, admin)).carbonReport;
}
/** A report (a typed error fails the test). */
const report = async (vars: ReportVars) => member(await answer(vars), 'CarbonReport');

type C = [number, number, number];
const co2e = (reuse: C, recycle: C, total: C) => {
  const o = ([central, low, high]: C) => ({ central, low, high });
  return { reuse: o(reuse), recycle: o(recycle), total: o(total) };
};
type Keys = Record<
  'cityCode' | 'cityNameZh' | 'stationCode' | 'stationName' | 'day' | 'materialCode' | 'outcome',
  string | null
>;
const NO_KEYS: Keys = {
  cityCode: null,
  cityNameZh: null,
  stationCode: null,
  stationName: null,
  day: null,
  materialCode: null,
  outcome: null,
};
/** quantities: [dropOffs, itemsReused, itemsRecycled, kgReused, kgRecycled] */
const row = (
  keys: Partial<Keys>,
  [dropOffs, itemsReused, itemsRecycled, kgReused, kgRecycled]: number[],
  c: ReturnType<typeof co2e>,
) => ({
  ...NO_KEYS,
  ...keys,
  dropOffs,
  items: itemsReused! + itemsRecycled!,
  itemsReused,
  itemsRecycled,
  kg: Math.round((kgReused! + kgRecycled!) * 1000) / 1000,
  kgReused,
  kgRecycled,
  // every fixture mass was sent, so every kg is weighed (score 1); no mass: no share, no score
  kgWeighed: Math.round((kgReused! + kgRecycled!) * 1000) / 1000,
  kgEstimated: 0,
  weighedShare: kgReused! + kgRecycled! > 0 ? 1 : null,
  dataQualityScore: kgReused! + kgRecycled! > 0 ? 1 : null,
  co2e: c,
});

// The network (rows 1-8): reused items 10+4+2+1 = 17, recycled 5+10+1+3 = 19; kg reused 2+1+0.4+0.6 = 4.0,
// recycled 1+0.5+0.1+3 = 4.6.
//   reuse   central 2.3994+1.1997+0.47988+0.71982 = 4.7988 → 4.799; low 0.37+0.185+0.074+0.111 = 0.74
//   recycle central 3.66+0.90645+0+10.98 = 15.54645 → 15.546; low 0.1016+0.3348+0.3048 = 0.7412 → 0.741;
//           high 3.66+0.90795+10.98 = 15.54795 → 15.548
//   total   central 4.7988+15.54645 = 20.34525 → 20.345; low 0.74+0.7412 = 1.4812 → 1.481; high 4.7988+15.54795 = 20.34675 → 20.347
const NETWORK = row(
  {},
  [8, 17, 19, 4.0, 4.6],
  co2e([4.799, 0.74, 4.799], [15.546, 0.741, 15.548], [20.345, 1.481, 20.347]),
);

// SH (rows 1-6): reused 10+4+2 = 16 items, 2+1+0.4 = 3.4 kg; recycled 5+10+1 = 16 items, 1+0.5+0.1 = 1.6 kg.
//   reuse 2.3994+1.1997+0.47988 = 4.07898 → 4.079; low 0.37+0.185+0.074 = 0.629
//   recycle 3.66+0.90645 = 4.56645 → 4.566; low 0.1016+0.3348 = 0.4364 → 0.436; high 3.66+0.90795 = 4.56795 → 4.568
//   total 8.64543 → 8.645; low 1.0654 → 1.065; high 8.64693 → 8.647
const SH = co2e([4.079, 0.629, 4.079], [4.566, 0.436, 4.568], [8.645, 1.065, 8.647]);
// BJ (rows 7-8): reuse 0.71982 → 0.72, low 0.111; recycle 10.98, low 0.3048 → 0.305;
//   total 11.69982 → 11.7, low 0.4158 → 0.416, high 11.7
const BJ = co2e([0.72, 0.111, 0.72], [10.98, 0.305, 10.98], [11.7, 0.416, 11.7]);

describe('carbonReport, worked out by hand for each groupBy', () => {
  it('NETWORK: one row, equal to the total, under the set named', async () => {
    const r = await report({ groupBy: ['NETWORK'] });
    expect(r).toMatchObject({
      __typename: 'CarbonReport',
      from: '2026-11-10',
      to: '2026-11-11',
      groupBy: ['NETWORK'],
      factorSet: { version: 'DESNZ-2025' },
      uncovered: [],
      displacementRate: 1,
      displacementScenario: null,
      method: { version: '2026.1' },
    });
    expect(r.reportId).toMatch(/^CR-20261111-[0-9A-F]{10}$/);
    expect(r.rows).toEqual([NETWORK]);
    expect(r.total).toEqual(NETWORK);
  });

  it('CITY: BJ then SH, with Chinese names; they add up to the network', async () => {
    const r = await report({ groupBy: ['CITY'] });
    expect(r.rows).toEqual([
      row({ cityCode: 'BJ', cityNameZh: '北京' }, [2, 1, 3, 0.6, 3.0], BJ),
      row({ cityCode: 'SH', cityNameZh: '上海' }, [6, 16, 16, 3.4, 1.6], SH),
    ]);
    expect(r.total).toEqual(NETWORK);
  });

  it('STATION: one row per station, in code order, naming its city', async () => {
    const r = await report({ groupBy: ['STATION'] });
    // SH-10001 (rows 1-4): reused 14 items 3.0 kg, recycled 15 items 1.5 kg
    //   reuse 3 x 1.1997 = 3.5991 → 3.599, low 3 x 0.185 = 0.555; recycle as SH: 4.566 / 0.436 / 4.568
    //   total 8.16555 → 8.166; low 0.9914 → 0.991; high 8.16705 → 8.167
    // SH-10002 (rows 5-6): reuse 0.47988 → 0.48, low 0.074; foam recycling counts 0
    expect(r.rows).toEqual([
      row(
        { cityCode: 'BJ', cityNameZh: '北京', stationCode: 'BJ-10001', stationName: '北京三里屯驿站' },
        [2, 1, 3, 0.6, 3.0],
        BJ,
      ),
      row(
        { cityCode: 'SH', cityNameZh: '上海', stationCode: 'SH-10001', stationName: '上海静安寺驿站' },
        [4, 14, 15, 3.0, 1.5],
        co2e([3.599, 0.555, 3.599], [4.566, 0.436, 4.568], [8.166, 0.991, 8.167]),
      ),
      row(
        { cityCode: 'SH', cityNameZh: '上海', stationCode: 'SH-10002', stationName: '上海徐家汇驿站' },
        [2, 2, 1, 0.4, 0.1],
        co2e([0.48, 0.074, 0.48], [0, 0, 0], [0.48, 0.074, 0.48]),
      ),
    ]);
    expect(r.total).toEqual(NETWORK);
  });

  it('MATERIAL: one row per material code', async () => {
    const r = await report({ groupBy: ['MATERIAL'] });
    expect(r.rows).toEqual([
      // BOX_L = BJ's rows 7-8
      row({ materialCode: 'BOX_L' }, [2, 1, 3, 0.6, 3.0], BJ),
      // BOX_M rows 1-3: reuse 3 kg x 1.1997 = 3.5991 → 3.599, low 0.555; recycle 3.66, low 0.1016 → 0.102
      //   total 7.2591 → 7.259; low 0.6566 → 0.657
      row(
        { materialCode: 'BOX_M' },
        [3, 14, 5, 3.0, 1.0],
        co2e([3.599, 0.555, 3.599], [3.66, 0.102, 3.66], [7.259, 0.657, 7.259]),
      ),
      row({ materialCode: 'BOX_S' }, [1, 2, 0, 0.4, 0], co2e([0.48, 0.074, 0.48], [0, 0, 0], [0.48, 0.074, 0.48])),
      row({ materialCode: 'FOAM_FILL' }, [1, 0, 1, 0, 0.1], co2e([0, 0, 0], [0, 0, 0], [0, 0, 0])),
      // MAILER_BAG row 4: 0.90645 → 0.906, low 0.3348 → 0.335, high 0.90795 → 0.908
      row(
        { materialCode: 'MAILER_BAG' },
        [1, 0, 10, 0, 0.5],
        co2e([0, 0, 0], [0.906, 0.335, 0.908], [0.906, 0.335, 0.908]),
      ),
    ]);
    expect(r.total).toEqual(NETWORK);
  });

  it('OUTCOME: recycling and reuse apart', async () => {
    const r = await report({ groupBy: ['OUTCOME'] });
    expect(r.rows).toEqual([
      row(
        { outcome: 'RECYCLED' },
        [4, 0, 19, 0, 4.6],
        co2e([0, 0, 0], [15.546, 0.741, 15.548], [15.546, 0.741, 15.548]),
      ),
      row({ outcome: 'REUSED' }, [4, 17, 0, 4.0, 0], co2e([4.799, 0.74, 4.799], [0, 0, 0], [4.799, 0.74, 4.799])),
    ]);
  });

  it('DAY: Nov 10 then Nov 11', async () => {
    const r = await report({ groupBy: ['DAY'] });
    // Nov 10 (rows 1, 2, 7): reuse 2.3994 → 2.399, low 0.37; recycle 3.66+10.98 = 14.64, low 0.1016+0.3048 = 0.4064 → 0.406
    //   total 17.0394 → 17.039, low 0.7764 → 0.776
    // Nov 11 (rows 3-6, 8): reuse 1.1997+0.47988+0.71982 = 2.3994 → 2.399, low 0.185+0.074+0.111 = 0.37;
    //   recycle 0.906 / 0.335 / 0.908; total 3.30585 → 3.306, low 0.7048 → 0.705, high 3.30735 → 3.307
    expect(r.rows).toEqual([
      row(
        { day: '2026-11-10' },
        [3, 10, 8, 2.0, 4.0],
        co2e([2.399, 0.37, 2.399], [14.64, 0.406, 14.64], [17.039, 0.776, 17.039]),
      ),
      row(
        { day: '2026-11-11' },
        [5, 7, 11, 2.0, 0.6],
        co2e([2.399, 0.37, 2.399], [0.906, 0.335, 0.908], [3.306, 0.705, 3.307]),
      ),
    ]);
  });

  it('CITY x DAY: four rows, city first', async () => {
    const r = await report({ groupBy: ['CITY', 'DAY'] });
    const bj = { cityCode: 'BJ', cityNameZh: '北京' };
    const sh = { cityCode: 'SH', cityNameZh: '上海' };
    expect(r.rows).toEqual([
      row(
        { ...bj, day: '2026-11-10' },
        [1, 0, 3, 0, 3.0],
        co2e([0, 0, 0], [10.98, 0.305, 10.98], [10.98, 0.305, 10.98]),
      ),
      row({ ...bj, day: '2026-11-11' }, [1, 1, 0, 0.6, 0], co2e([0.72, 0.111, 0.72], [0, 0, 0], [0.72, 0.111, 0.72])),
      // SH Nov 10 (rows 1-2): total 2.3994+3.66 = 6.0594 → 6.059, low 0.37+0.1016 = 0.4716 → 0.472
      row(
        { ...sh, day: '2026-11-10' },
        [2, 10, 5, 2.0, 1.0],
        co2e([2.399, 0.37, 2.399], [3.66, 0.102, 3.66], [6.059, 0.472, 6.059]),
      ),
      // SH Nov 11 (rows 3-6): reuse 1.1997+0.47988 = 1.67958 → 1.68, low 0.185+0.074 = 0.259;
      //   total 1.67958+0.90645 = 2.58603 → 2.586, low 0.259+0.3348 = 0.5938 → 0.594, high 1.67958+0.90795 = 2.58753 → 2.588
      row(
        { ...sh, day: '2026-11-11' },
        [4, 6, 11, 1.4, 0.6],
        co2e([1.68, 0.259, 1.68], [0.906, 0.335, 0.908], [2.586, 0.594, 2.588]),
      ),
    ]);
    expect(r.total).toEqual(NETWORK);
  });

  it('filters by city and by station', async () => {
    const sh = await report({ groupBy: ['NETWORK'], cityCodes: ['SH'] });
    expect(sh.total.co2e).toEqual(SH);
    const one = await report({ groupBy: ['STATION'], stationCodes: ['SH-10002'] });
    expect(one.rows.map((x: ReportRow) => [x.stationCode, x.items, x.co2e.total.central])).toEqual([
      ['SH-10002', 3, 0.48],
    ]);
  });

  it('recomputes under another set: same quantities, CO2e 37 g per reused box (CAINIAO-CEUCC-2021)', async () => {
    const r = await report({ groupBy: ['CITY'], factorSet: 'CAINIAO-CEUCC-2021' });
    expect(r.factorSet.version).toBe('CAINIAO-CEUCC-2021');
    // BJ 1 reused box x 0.037 = 0.037; SH 16 x 0.037 = 0.592; recycling: not covered by this source (0)
    expect(r.rows.map((x: ReportRow) => [x.cityCode, x.items, x.kg, x.co2e.total])).toEqual([
      ['BJ', 4, 3.6, { central: 0.037, low: 0.037, high: 0.037 }],
      ['SH', 32, 5, { central: 0.592, low: 0.592, high: 0.592 }],
    ]);
  });

  it('gives no rows and a zero total for a period with no data', async () => {
    const r = await report({ groupBy: ['CITY'], from: '2026-11-01', to: '2026-11-03' });
    expect(r.rows).toEqual([]);
    expect(r.total).toEqual(row({}, [0, 0, 0, 0, 0], co2e([0, 0, 0], [0, 0, 0], [0, 0, 0])));
  });
});

describe('carbonReport, bad input (a typed error, nothing computed)', () => {
  it.each<[SchemaType<'CarbonReportDimension'>[], string]>([
    [['NETWORK', 'CITY'], 'groupBy: NETWORK cannot be combined with another dimension'],
    [['CITY', 'STATION'], 'groupBy: STATION rows already name their city: use STATION alone'],
    [['DAY', 'DAY'], 'groupBy: names DAY twice'],
    [['CITY', 'DAY', 'MATERIAL'], 'groupBy: takes one or two dimensions'],
    [[], 'groupBy: takes one or two dimensions'],
    [
      ['STATION', 'DAY'],
      'groupBy: STATION x DAY needs one city or a list of stations here; use the CSV export (/reports/carbon.csv) for more',
    ],
  ])('groupBy %j → InputError', async (groupBy, message) => {
    const r = await answer({ groupBy });
    expect(r).toEqual({ __typename: 'InputError', message, field: 'groupBy' });
  });

  it('rejects from after to', async () => {
    expect(await answer({ groupBy: ['CITY'], from: '2026-11-12', to: '2026-11-11' })).toEqual({
      __typename: 'InputError',
      message: 'from: must not be after "to" (2026-11-12 > 2026-11-11)',
      field: 'from',
    });
  });

  it('names an unknown city, station or factor set', async () => {
    expect(await answer({ groupBy: ['CITY'], cityCodes: ['SH', 'XX'] })).toEqual({
      __typename: 'NotFoundError',
      message: 'City "XX" does not exist',
      field: 'cityCodes.1',
    });
    expect(await answer({ groupBy: ['CITY'], stationCodes: ['SH-99999'] })).toEqual({
      __typename: 'NotFoundError',
      message: 'Station "SH-99999" does not exist',
      field: 'stationCodes.0',
    });
    expect(await answer({ groupBy: ['CITY'], factorSet: 'IPCC-1990' })).toEqual({
      __typename: 'NotFoundError',
      message: 'Emission factor set "IPCC-1990" does not exist',
      field: 'factorSet',
    });
  });

  it('validates argument sizes (zod)', async () => {
    const r = await answer({ groupBy: ['CITY'], cityCodes: Array.from({ length: 21 }, (_, i) => `C${i}`) });
    expect(member(r, 'InputError').field).toBe('cityCodes');
  });
});

describe('compareFactorSets', () => {
  const COMPARE = graphql(`
    query ($a: String!, $b: String!) {
      compareFactorSets(from: "2026-11-10", to: "2026-11-11", groupBy: [CITY], a: $a, b: $b) {
        __typename
        ... on FactorSetComparison {
          a {
            version
          }
          b {
            version
          }
          rows {
            cityCode
            items
            kg
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
              reuse {
                central
              }
              recycle {
                central
              }
              total {
                central
                low
                high
              }
            }
          }
          total {
            items
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
      }
    }
  `);

  it('shows the same rows under two sets and the difference b - a per row', async () => {
    const r = member(
      ok(await t.gql(COMPARE, { a: 'DESNZ-2025', b: 'CAINIAO-CEUCC-2021' }, admin)).compareFactorSets,
      'FactorSetComparison',
    );
    expect(r.a.version).toBe('DESNZ-2025');
    expect(r.b.version).toBe('CAINIAO-CEUCC-2021');
    expect(r.rows).toEqual([
      // BJ: 0.037 - 11.7 = -11.663 (reuse 0.037 - 0.72 = -0.683; recycle 0 - 10.98); low 0.037 - 0.416 = -0.379; high 0.037 - 11.7
      {
        cityCode: 'BJ',
        items: 4,
        kg: 3.6,
        a: { total: { central: 11.7 } },
        b: { total: { central: 0.037 } },
        difference: {
          reuse: { central: -0.683 },
          recycle: { central: -10.98 },
          total: { central: -11.663, low: -0.379, high: -11.663 },
        },
      },
      // SH: 0.592 - 8.645 = -8.053 (reuse 0.592 - 4.079 = -3.487; recycle -4.566); low 0.592 - 1.065 = -0.473; high 0.592 - 8.647 = -8.055
      {
        cityCode: 'SH',
        items: 32,
        kg: 5,
        a: { total: { central: 8.645 } },
        b: { total: { central: 0.592 } },
        difference: {
          reuse: { central: -3.487 },
          recycle: { central: -4.566 },
          total: { central: -8.053, low: -0.473, high: -8.055 },
        },
      },
    ]);
    // network: 17 reused boxes x 0.037 = 0.629; 0.629 - 20.345 = -19.716
    expect(r.total).toEqual({
      items: 36,
      a: { total: { central: 20.345 } },
      b: { total: { central: 0.629 } },
      difference: { total: { central: -19.716 } },
    });
  });

  it('names an unknown set by its argument', async () => {
    const r = ok(await t.gql(COMPARE, { a: 'DESNZ-2025', b: 'NOPE' }, admin)).compareFactorSets;
    expect(r).toEqual({ __typename: 'NotFoundError', message: 'Emission factor set "NOPE" does not exist' });
  });
});

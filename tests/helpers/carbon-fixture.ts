// The carbon-report fixture: three stations in two cities, eight rollup rows over Nov 10-11, every
// mass given (so every kg is weighed) so the CO2e can be worked out by hand (see
// tests/api/carbon-report.test.ts; the same rows under the default CN-2026: carbon-method.test.ts).
//   # station   day    material   outcome  items kg   CO2e under DESNZ-2025 (central / low / high)
//   1 SH-10001  11-10  BOX_M      REUSED   10   2.0   2 x 1.1997 = 2.3994 / 2 x 0.185 = 0.37 / 2.3994
//   2 SH-10001  11-10  BOX_M      RECYCLED  5   1.0   1 x 3.66 = 3.66 / 0.1016 / 3.66
//   3 SH-10001  11-11  BOX_M      REUSED    4   1.0   1.1997 / 0.185 / 1.1997
//   4 SH-10001  11-11  MAILER_BAG RECYCLED 10   0.5   0.5 x 1.8129 = 0.90645 / 0.5 x 0.6696 = 0.3348 / 0.5 x 1.8159 = 0.90795
//   5 SH-10002  11-11  BOX_S      REUSED    2   0.4   0.4 x 1.1997 = 0.47988 / 0.4 x 0.185 = 0.074 / 0.47988
//   6 SH-10002  11-11  FOAM_FILL  RECYCLED  1   0.1   0 (no recycling factor for polystyrene)
//   7 BJ-10001  11-10  BOX_L      RECYCLED  3   3.0   3 x 3.66 = 10.98 / 3 x 0.1016 = 0.3048 / 10.98
//   8 BJ-10001  11-11  BOX_L      REUSED    1   0.6   0.6 x 1.1997 = 0.71982 / 0.6 x 0.185 = 0.111 / 0.71982
import { expect } from 'vitest';
import {
  graphql,
  type ResultOf,
  type SchemaType,
  type TadaDocumentNode,
  type VariablesOf,
} from '../../web/src/lib/graphql.ts';
import { createTestApp, member, ok, type TestApp } from './app.ts';
import { makeStation, makeUser } from './factories.ts';

export const NAMES = {
  'SH-10001': '上海静安寺驿站',
  'SH-10002': '上海徐家汇驿站',
  'BJ-10001': '北京三里屯驿站',
} as const;
const NOV_10 = '2026-11-10T04:00:00Z'; // noon in China; TEST_NOW is noon on Nov 11

export async function createCarbonFixture(): Promise<{
  t: TestApp;
  admin: string;
  stations: Record<keyof typeof NAMES, { id: number; city_code: string }>;
}> {
  const t = await createTestApp();
  const admin = (await makeUser(t, 'ADMIN')).token;
  const stations = {
    'SH-10001': await makeStation(t, {
      code: 'SH-10001',
      city_code: 'SH',
      name: NAMES['SH-10001'],
      bin_capacity: 1000,
    }),
    'SH-10002': await makeStation(t, {
      code: 'SH-10002',
      city_code: 'SH',
      name: NAMES['SH-10002'],
      bin_capacity: 1000,
    }),
    'BJ-10001': await makeStation(t, {
      code: 'BJ-10001',
      city_code: 'BJ',
      name: NAMES['BJ-10001'],
      bin_capacity: 1000,
    }),
  };
  const item = (
    key: string,
    materialCode: string,
    outcome: SchemaType<'Outcome'>,
    quantity: number,
    massKg: number,
    occurredAt?: string,
  ) => ({ idempotencyKey: key, materialCode, outcome, quantity, massKg, ...(occurredAt ? { occurredAt } : {}) });
  await log(t, admin, 'SH-10001', [
    item('c1', 'BOX_M', 'REUSED', 10, 2.0, NOV_10),
    item('c2', 'BOX_M', 'RECYCLED', 5, 1.0, NOV_10),
    item('c3', 'BOX_M', 'REUSED', 4, 1.0),
    item('c4', 'MAILER_BAG', 'RECYCLED', 10, 0.5),
  ]);
  await log(t, admin, 'SH-10002', [item('c5', 'BOX_S', 'REUSED', 2, 0.4), item('c6', 'FOAM_FILL', 'RECYCLED', 1, 0.1)]);
  await log(t, admin, 'BJ-10001', [
    item('c7', 'BOX_L', 'RECYCLED', 3, 3.0, NOV_10),
    item('c8', 'BOX_L', 'REUSED', 1, 0.6),
  ]);
  return { t, admin, stations };
}

/** Sends a document as someone through some process, failing on GraphQL errors. */
export type Send = <D extends TadaDocumentNode<unknown, never>>(
  document: D,
  variables: VariablesOf<D>,
) => Promise<ResultOf<D>>;

export const LogDropOffs = graphql(`
  mutation ($input: LogDropOffsInput!) {
    logDropOffs(input: $input) {
      __typename
      ... on LogDropOffsPayload {
        accepted
        results {
          dropOff {
            id
          }
        }
      }
      ... on Error {
        message
      }
    }
  }
`);

export const VoidDropOff = graphql(`
  mutation ($id: ID!) {
    voidDropOff(id: $id, reason: "entered twice") {
      __typename
    }
  }
`);

let boxKey = 0;
/**
 * Logs `quantity` medium boxes kept for reuse at a station (the report tests' new data) and
 * returns the drop-off's id. Keys are unique within a test file's process.
 */
export async function logBoxes(send: Send, stationCode: string, occurredAt: string, quantity = 3): Promise<string> {
  const input = {
    stationCode,
    items: [
      { idempotencyKey: `box${++boxKey}`, materialCode: 'BOX_M', outcome: 'REUSED' as const, quantity, occurredAt },
    ],
  };
  const p = member((await send(LogDropOffs, { input })).logDropOffs, 'LogDropOffsPayload');
  expect(p.accepted).toBe(1);
  return p.results[0]!.dropOff.id;
}

async function log(
  t: TestApp,
  admin: string,
  stationCode: string,
  items: VariablesOf<typeof LogDropOffs>['input']['items'],
) {
  const r = ok(await t.gql(LogDropOffs, { input: { stationCode, items } }, admin));
  expect(member(r.logDropOffs, 'LogDropOffsPayload').accepted).toBe(items.length);
}

const ROW = `fragment Row on CarbonReportRow {
    cityCode cityNameZh stationCode stationName day materialCode outcome
    dropOffs items itemsReused itemsRecycled kg kgReused kgRecycled kgWeighed kgEstimated weighedShare dataQualityScore
    co2e { reuse { central low high } recycle { central low high } total { central low high } }
  }`;
/** One row (or the total) of REPORT's answer, typed from the schema. */
const RowFragment = graphql(ROW);
export type ReportRow = ResultOf<typeof RowFragment>;

export const REPORT = graphql(
  `
    query (
      $from: Date
      $to: Date
      $groupBy: [CarbonReportDimension!]!
      $cityCodes: [String!]
      $stationCodes: [String!]
      $factorSet: String
      $displacementRate: Float
    ) {
      carbonReport(
        from: $from
        to: $to
        groupBy: $groupBy
        cityCodes: $cityCodes
        stationCodes: $stationCodes
        factorSet: $factorSet
        displacementRate: $displacementRate
      ) {
        __typename
        ... on CarbonReport {
          from
          to
          groupBy
          factorSet {
            version
          }
          uncovered
          displacementRate
          displacementScenario
          reportId
          method {
            version
          }
          rows {
            ...Row
          }
          total {
            ...Row
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
  `,
  [RowFragment],
);

/** Nov 10-11, the whole fixture. */
export const PERIOD = { from: '2026-11-10', to: '2026-11-11' };

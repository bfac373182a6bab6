// The long reads (carbonReport, compareFactorSets, mapStations) run compiled (graphql-jit,
// api/src/plugins/compiled-reads.ts); any operation with another root field runs on graphql-js.
// The same query asked both ways (alone, and beside `materials`) must give the same answer, for
// reports grouped every way, a comparison, the map, refusals and a forbidden role; the same bytes
// too, except that graphql-jit orders the fields of an object merged from several fragments
// (`... on Error { message } ... on NotFoundError { field }`) by type rather than as asked.
import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCarbonFixture, PERIOD, REPORT } from '../helpers/carbon-fixture.ts';
import { makeUser } from '../helpers/factories.ts';
import type { TestApp } from '../helpers/app.ts';

let t: TestApp;
let admin: string;
let staff: string;

beforeAll(async () => {
  const f = await createCarbonFixture();
  t = f.t;
  admin = f.admin;
  staff = (await makeUser(t, 'STATION_STAFF', { stationId: f.stations['SH-10001'].id })).token;
});
afterAll(() => t?.close());

/** `query` as sent, and the same with `materials { code }` added as a second root field. */
async function bothWays(query: string, variables: Record<string, unknown>, token: string) {
  const alone = await t.gql(query, variables, token);
  const beside = await t.gql(query.replace(/\{/, '{ materials { code } '), variables, token);
  const { materials, ...rest } = (beside.data ?? {}) as Record<string, unknown>;
  return { alone, beside: { ...beside, data: beside.data === null ? null : rest }, materials };
}

const REPORT_TEXT = print(REPORT);

describe('long reads compiled and interpreted agree', () => {
  it.each([
    [['NETWORK'], {}],
    [['CITY'], {}],
    [['STATION'], {}],
    [['STATION', 'DAY'], { cityCodes: ['SH'] }],
    [['CITY', 'MATERIAL'], {}],
    [['DAY', 'OUTCOME'], {}],
  ])('carbonReport grouped by %j: the same rows and totals', async (groupBy, scope) => {
    const { alone, beside, materials } = await bothWays(REPORT_TEXT, { ...PERIOD, ...scope, groupBy }, admin);
    expect((alone.data as { carbonReport: { __typename: string } }).carbonReport.__typename).toBe('CarbonReport');
    expect(materials).toHaveLength(6); // the second root field ran: this answer came from graphql-js
    expect(alone.errors).toBeUndefined();
    expect(JSON.stringify(alone.data)).toBe(JSON.stringify(beside.data));
    // Worked by hand in tests/helpers/carbon-fixture.ts: 36 items in all, 32 of them in Shanghai.
    const items = (alone.data as { carbonReport: { total: { items: number } } }).carbonReport.total.items;
    expect(items).toBe('cityCodes' in scope ? 32 : 36);
  });

  it('a refused report (an unknown factor set) is the same typed error both ways', async () => {
    const { alone, beside } = await bothWays(
      REPORT_TEXT,
      { ...PERIOD, groupBy: ['CITY'], factorSet: 'NO-SUCH-SET' },
      admin,
    );
    expect([alone.data, alone.errors]).toEqual([beside.data, beside.errors]);
    expect((alone.data as { carbonReport: { __typename: string } }).carbonReport.__typename).toBe('NotFoundError');
  });

  it('a bad variable gets graphql-js words (with its path) both ways', async () => {
    const { alone, beside } = await bothWays(REPORT_TEXT, { ...PERIOD, groupBy: ['PLANET'] }, admin);
    expect(alone.errors?.map((e) => e.message)).toEqual(beside.errors?.map((e) => e.message));
    expect(alone.errors?.[0]?.message).toContain('Variable "$groupBy" got invalid value "PLANET" at "groupBy[0]"');
  });

  it('a station staff member is refused the report with one FORBIDDEN both ways', async () => {
    const { alone, beside } = await bothWays(REPORT_TEXT, { ...PERIOD, groupBy: ['CITY'] }, staff);
    const codes = (r: typeof alone) => r.errors?.map((e) => [e.extensions?.code, e.path]);
    expect(codes(alone)).toEqual([['FORBIDDEN', ['carbonReport']]]);
    expect(codes(beside)).toEqual(codes(alone));
  });

  it('compareFactorSets and the map agree', async () => {
    const compare = await bothWays(
      `query { compareFactorSets(groupBy: [STATION], from: "${PERIOD.from}", to: "${PERIOD.to}", a: "CN-2026", b: "DESNZ-2025") {
        __typename ... on FactorSetComparison { rowCount rows { stationCode a { total { central } } b { total { central } } } } } }`,
      {},
      admin,
    );
    expect(compare.alone.errors).toBeUndefined();
    expect(JSON.stringify(compare.alone.data)).toBe(JSON.stringify(compare.beside.data));
    const map = await bothWays(
      'query { mapStations { count codes lat lng status binFillPercent todayItems } }',
      {},
      admin,
    );
    expect(map.alone.errors).toBeUndefined();
    expect((map.alone.data as { mapStations: { codes: string[] } }).mapStations.codes).toEqual([
      'BJ-10001',
      'SH-10001',
      'SH-10002',
    ]);
    expect(JSON.stringify(map.alone.data)).toBe(JSON.stringify(map.beside.data));
  });
});

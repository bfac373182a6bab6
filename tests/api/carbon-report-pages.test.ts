// One GraphQL answer carries at most 5,000 report rows and 100,000 values (rows x fields asked for
// each row): a longer report is refused without paging, with a typed error that says how many rows
// it has and how many one answer holds, and is read a page at a time with first/offset. The data: 420 Shanghai stations with one rollup row per day for 25 days
// (10,500 station x day rows, 2 items and 0.5 kg each), written straight into the day and week
// rollups so the test needs no 10,500 drop-offs. Answers longer than 500 rows are sent in slices
// (api/src/plugins/sliced-json.ts): the 5,000-row page must equal the same rows read in pages of 500.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, member, ok, type TestApp } from '../helpers/app.ts';
import { graphql } from '../../web/src/lib/graphql.ts';
import { makeUser } from '../helpers/factories.ts';

let t: TestApp;
let analyst: string;
const STATIONS = 420;
const DAYS = 25;
const FROM = '2026-10-13'; // a Monday: the period is three whole ISO weeks and four days
const TO = '2026-11-06';

/** Every field of a report row: 19 values, co2e and its three parts with 3 values each = 32. */
const EVERY_FIELD = `cityCode cityNameZh cityNameEn stationCode stationName day materialCode outcome dropOffs items
  itemsReused itemsRecycled kg kgReused kgRecycled kgWeighed kgEstimated weighedShare dataQualityScore
  co2e { reuse { central low high } recycle { central low high } total { central low high } }`;

const PAGE = graphql(`
  query ($from: Date!, $to: Date!, $first: Int, $offset: Int) {
    carbonReport(groupBy: [STATION, DAY], cityCodes: ["SH"], from: $from, to: $to, first: $first, offset: $offset) {
      __typename
      ... on CarbonReport {
        rowCount
        offset
        rows {
          stationCode
          day
          items
          kg
        }
        total {
          items
          kg
        }
      }
      ... on InputError {
        field
        reason
        message
      }
    }
  }
`);

const COMPARE = graphql(`
  query ($first: Int, $offset: Int) {
    compareFactorSets(
      groupBy: [STATION, DAY]
      cityCodes: ["SH"]
      from: "2026-10-13"
      to: "2026-11-06"
      a: "CN-2026"
      b: "CN-2026"
      first: $first
      offset: $offset
    ) {
      __typename
      ... on FactorSetComparison {
        rowCount
        offset
        rows {
          stationCode
          day
        }
      }
      ... on InputError {
        field
        reason
      }
    }
  }
`);

beforeAll(async () => {
  t = await createTestApp();
  analyst = (await makeUser(t, 'SUSTAINABILITY_ANALYST')).token;
  const db = t.db.db;
  await sql`
    INSERT INTO station (code, city_code, district, name, address, lat, lng, bin_capacity, status)
    SELECT 'SH-' || lpad((70000 + n)::text, 5, '0'), 'SH', '测试区', '分页驿站 ' || n, '测试路 ' || n || ' 号',
           31.1 + n * 0.0005, 121.4, 100, 'OPEN'
    FROM generate_series(1, ${STATIONS}) AS n`.execute(db);
  await sql`
    INSERT INTO station_day_total (station_id, day, material_code, outcome, entries, quantity, mass_kg, mass_kg_weighed)
    SELECT s.id, (DATE '2026-10-13' + d), 'BOX_M', 'REUSED', 1, 2, 0.5, 0.5
    FROM station s, generate_series(0, ${DAYS - 1}) AS d
    WHERE s.code LIKE 'SH-7%'`.execute(db);
  await sql`
    INSERT INTO station_week_total (station_id, week, material_code, outcome, entries, quantity, mass_kg, mass_kg_weighed)
    SELECT station_id, date_trunc('week', day)::date, material_code, outcome, sum(entries), sum(quantity), sum(mass_kg), sum(mass_kg_weighed)
    FROM station_day_total GROUP BY 1, 2, 3, 4`.execute(db);
});
afterAll(() => t?.close());

const page = async (first?: number, offset?: number) =>
  ok(await t.gql(PAGE, { from: FROM, to: TO, first, offset }, analyst)).carbonReport;

describe('report pages', () => {
  it('refuses 10,500 rows in one answer, naming first, the row count and the CSV export', async () => {
    const refused = member(await page(), 'InputError');
    expect(refused.field).toBe('first');
    expect(refused.reason).toBe('report.tooManyRows');
    expect(refused.message).toContain('the report has 10500 rows; with 4 fields asked for each row');
    expect(refused.message).toContain('at most 5000');
    expect(refused.message).toContain('/reports/carbon.csv');
  });

  it('reads the report in three pages: 5,000 + 5,000 + 500 rows, each row once, totals over the whole report', async () => {
    const one = member(await page(5_000), 'CarbonReport');
    const two = member(await page(5_000, 5_000), 'CarbonReport');
    const three = member(await page(5_000, 10_000), 'CarbonReport');
    expect([one.rowCount, one.offset, one.rows.length]).toEqual([10_500, 0, 5_000]);
    expect([two.rowCount, two.offset, two.rows.length]).toEqual([10_500, 5_000, 5_000]);
    expect([three.rowCount, three.offset, three.rows.length]).toEqual([10_500, 10_000, 500]);
    const all = [...one.rows, ...two.rows, ...three.rows];
    expect(new Set(all.map((r) => `${r.stationCode} ${r.day}`)).size).toBe(STATIONS * DAYS);
    // 420 stations x 25 days x 2 items; the total is the whole report's, on every page
    expect([one.total.items, two.total.items, three.total.items]).toEqual([21_000, 21_000, 21_000]);
    expect(all.reduce((s, r) => s + r.items, 0)).toBe(21_000);
    expect(one.rows[0]).toEqual({ stationCode: 'SH-70001', day: '2026-10-13', items: 2, kg: 0.5 });
  });

  it('sends a 5,000-row answer in slices that read back as the same rows as 10 pages of 500', async () => {
    const whole = member(await page(5_000), 'CarbonReport').rows;
    const pieces = [];
    for (let offset = 0; offset < 5_000; offset += 500)
      pieces.push(...member(await page(500, offset), 'CarbonReport').rows);
    expect(pieces).toEqual(whole);
  });

  it('over HTTP, writes a long answer in chunks (no Content-Length) and a short one whole', async () => {
    const server = await t.listen();
    try {
      const post = (first: number) =>
        fetch(`${server.url}/graphql`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${analyst}`,
            'accept-encoding': 'identity',
          },
          body: JSON.stringify({
            query: `{ carbonReport(groupBy: [STATION, DAY], cityCodes: ["SH"], from: "${FROM}", to: "${TO}", first: ${first}) { ... on CarbonReport { rows { day } } } }`,
          }),
        });
      const long = await post(600);
      expect(long.headers.get('content-length')).toBeNull();
      expect(long.headers.get('transfer-encoding')).toBe('chunked');
      expect(
        ((await long.json()) as { data: { carbonReport: { rows: unknown[] } } }).data.carbonReport.rows,
      ).toHaveLength(600);
      const short = await post(400);
      expect(Number(short.headers.get('content-length'))).toBeGreaterThan(400 * 10);
      expect(
        ((await short.json()) as { data: { carbonReport: { rows: unknown[] } } }).data.carbonReport.rows,
      ).toHaveLength(400);
    } finally {
      await server.close();
    }
  });

  it('answers a page past the end with no rows and the row count', async () => {
    const past = member(await page(100, 20_000), 'CarbonReport');
    expect([past.rowCount, past.offset, past.rows]).toEqual([10_500, 20_000, []]);
  });

  it.each([
    {
      first: 0,
      offset: undefined,
      field: 'first',
      code: 'report.pageSize',
      text: 'between 1 and 5000 with 4 fields asked for each row (got 0)',
    },
    { first: 5_001, offset: undefined, field: 'first', code: 'report.pageSize', text: '(got 5001)' },
    { first: 10, offset: -1, field: 'offset', code: 'report.offset', text: '0 or more (got -1)' },
  ])('refuses first=$first offset=$offset on $field', async ({ first, offset, field, code, text }) => {
    const refused = member(await page(first, offset), 'InputError');
    expect([refused.field, refused.reason]).toEqual([field, code]);
    expect(refused.message).toContain(text);
  });

  it('holds 3,125 rows when every field (32 a row) is asked for, and refuses one more', async () => {
    const full = (first?: number) =>
      t.gql<{
        carbonReport: {
          __typename: string;
          rowCount?: number;
          rows?: unknown[];
          field?: string;
          reason?: string;
          message?: string;
        };
      }>(
        `{ carbonReport(groupBy: [STATION, DAY], cityCodes: ["SH"], from: "${FROM}", to: "${TO}"${first ? `, first: ${first}` : ''}) {
          __typename ... on CarbonReport { rowCount rows { ${EVERY_FIELD} } } ... on InputError { field reason message } } }`,
        {},
        analyst,
      );
    const fits = ok(await full(3_125)).carbonReport;
    expect([fits.__typename, fits.rowCount, fits.rows?.length]).toEqual(['CarbonReport', 10_500, 3_125]);
    const over = ok(await full(3_126)).carbonReport;
    expect([over.__typename, over.field, over.reason]).toEqual(['InputError', 'first', 'report.pageSize']);
    expect(over.message).toContain('between 1 and 3125 with 32 fields asked for each row (got 3126)');
    const all = ok(await full()).carbonReport;
    expect([all.__typename, all.reason]).toEqual(['InputError', 'report.tooManyRows']);
    expect(all.message).toContain('10500 rows; with 32 fields asked for each row, one answer holds at most 3125');
  });

  it('answers the row count of a long report when no row is asked for', async () => {
    const r = ok(
      await t.gql<{ carbonReport: { rowCount: number } }>(
        `{ carbonReport(groupBy: [STATION, DAY], cityCodes: ["SH"], from: "${FROM}", to: "${TO}") { ... on CarbonReport { rowCount } } }`,
        {},
        analyst,
      ),
    );
    expect(r.carbonReport.rowCount).toBe(10_500);
  });

  it('pages a comparison of two factor sets the same way', async () => {
    const all = member(ok(await t.gql(COMPARE, {}, analyst)).compareFactorSets, 'InputError');
    expect([all.field, all.reason]).toEqual(['first', 'report.tooManyRows']);
    const last = member(
      ok(await t.gql(COMPARE, { first: 3, offset: 10_499 }, analyst)).compareFactorSets,
      'FactorSetComparison',
    );
    expect([last.rowCount, last.offset, last.rows.length]).toEqual([10_500, 10_499, 1]);
  });
});

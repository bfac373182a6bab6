// A station or city renamed (the 'station-names' and 'cities' topics, cache-invalidation.ts) does not
// read a station report whole again: its cached parts take the names as they are now
// (services/carbon-report.ts relabelled) and are grouped again. A station deleted, given another
// code or moved to another city may change the report's scope and order: that reads it whole. In
// every case the report must equal a whole read of it at that moment. The notification is sent by
// hand here (invalidate) so each step is deterministic; report-cache.test.ts checks it arrives.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { invalidate } from '../../api/src/cache-invalidation.ts';
import { groupReport, type ReportQuery } from '../../api/src/domain/carbon-report.ts';
import { withDisplacement } from '../../api/src/domain/carbon.ts';
import { cachedFactorSets } from '../../api/src/reference-cache.ts';
import { newestPartsOf, partsCacheStats, partsRefreshStats } from '../../api/src/report-cache.ts';
import { carbonReportParts } from '../../api/src/repositories/carbon-report.ts';
import { createCarbonFixture, logBoxes, NAMES, PERIOD, type Send } from '../helpers/carbon-fixture.ts';
import { member, ok, type TestApp } from '../helpers/app.ts';
import { makeStation } from '../helpers/factories.ts';
import { graphql } from '../../web/src/lib/graphql.ts';

let t: TestApp;
let admin: string;

beforeAll(async () => {
  ({ t, admin } = await createCarbonFixture());
});
afterAll(() => t.close());

const REPORT = graphql(`
  query ($from: Date, $to: Date, $factorSet: String) {
    carbonReport(from: $from, to: $to, groupBy: [STATION], factorSet: $factorSet) {
      __typename
      ... on CarbonReport {
        rows {
          stationCode
          stationName
          cityCode
          cityNameEn
          items
        }
        total {
          items
        }
      }
    }
  }
`);
const QUERY: ReportQuery = { ...PERIOD, groupBy: ['STATION'], cityCodes: [], stationCodes: [] };

/** The report through GraphQL, and whether its parts were relabelled or read whole. */
async function report(factorSet?: string) {
  const before = { ...partsRefreshStats };
  const r = member(ok(await t.gql(REPORT, { ...PERIOD, factorSet }, admin)).carbonReport, 'CarbonReport');
  return {
    rows: r.rows,
    total: r.total.items,
    relabelled: partsRefreshStats.relabels - before.relabels,
    readWhole: partsRefreshStats.wholeReads - before.wholeReads,
    /** The rows came from the previous report (relabelled too), not from grouping every part again. */
    rowsKept: partsRefreshStats.regroups - before.regroups,
  };
}

/** The report equals its parts read whole now and grouped: names, order and figures. */
async function expectSameAsWholeRead(r: Awaited<ReturnType<typeof report>>) {
  const whole = await carbonReportParts(t.db.db, QUERY).execute();
  expect(newestPartsOf(t.db.db, QUERY)?.parts).toEqual(whole);
  const set = withDisplacement(
    (await cachedFactorSets(t.db.db)).find((s) => s.is_default)!,
    null,
  );
  const grouped = groupReport(whole, QUERY.groupBy, [set]).rows;
  expect(r.rows).toEqual(grouped.map((g) => ({ ...pick(g.keys), items: g.items })));
}
const pick = (k: {
  stationCode: string | null;
  stationName: string | null;
  cityCode: string | null;
  cityNameEn: string | null;
}) => ({
  stationCode: k.stationCode,
  stationName: k.stationName,
  cityCode: k.cityCode,
  cityNameEn: k.cityNameEn,
});

const rename = (code: string, name: string) =>
  t.db.db.updateTable('station').set({ name }).where('code', '=', code).execute();
const viaAdmin: Send = (document, variables) => t.gql(document, variables, admin).then(ok);

it('shows a renamed station under its new name without reading the report whole', async () => {
  const first = await report();
  expect(first.rows.map((r) => [r.stationCode, r.stationName, r.items])).toEqual([
    ['BJ-10001', NAMES['BJ-10001'], 4],
    ['SH-10001', NAMES['SH-10001'], 29],
    ['SH-10002', NAMES['SH-10002'], 3],
  ]);
  await rename('SH-10002', '上海徐家汇驿站（新）');
  invalidate(t.db.db, 'station-names');
  const after = await report();
  expect([after.relabelled, after.readWhole, after.rowsKept]).toEqual([1, 0, 1]);
  expect(after.rows.find((r) => r.stationCode === 'SH-10002')?.stationName).toBe('上海徐家汇驿站（新）');
  expect(after.total).toBe(36);
  await expectSameAsWholeRead(after);
  // once relabelled, the same report again is the cached one: no relabel, no read
  const again = await report();
  expect([again.relabelled, again.readWhole]).toEqual([0, 0]);
  expect(again.rows).toEqual(after.rows);
});

it('shows a renamed city on its stations, and new drop-offs after a rename, as a whole read would', async () => {
  await report();
  await t.db.db.updateTable('city').set({ name_en: 'Shanghai Municipality' }).where('code', '=', 'SH').execute();
  await rename('BJ-10001', '北京三里屯驿站（二）');
  await logBoxes(viaAdmin, 'SH-10001', '2026-11-11T02:00:00Z');
  invalidate(t.db.db, 'cities');
  invalidate(t.db.db, 'station-names'); // two notifications, one relabel
  const after = await report();
  expect([after.relabelled, after.readWhole, after.rowsKept]).toEqual([1, 0, 1]);
  expect(after.rows.filter((r) => r.cityCode === 'SH').map((r) => r.cityNameEn)).toEqual([
    'Shanghai Municipality',
    'Shanghai Municipality',
  ]);
  expect(after.rows.find((r) => r.stationCode === 'SH-10001')?.items).toBe(29 + 3);
  await expectSameAsWholeRead(after);
});

it('reads the report whole when a station moved to another city or was given another code', async () => {
  await report();
  await t.db.db.updateTable('station').set({ city_code: 'BJ' }).where('code', '=', 'SH-10002').execute();
  invalidate(t.db.db, 'station-names');
  const moved = await report();
  expect([moved.relabelled, moved.readWhole]).toEqual([0, 1]);
  expect(moved.rows.find((r) => r.stationCode === 'SH-10002')?.cityCode).toBe('BJ');
  await expectSameAsWholeRead(moved);

  await t.db.db.updateTable('station').set({ code: 'SH-10009' }).where('code', '=', 'SH-10002').execute();
  invalidate(t.db.db, 'station-names');
  const recoded = await report();
  expect([recoded.relabelled, recoded.readWhole]).toEqual([0, 1]);
  expect(recoded.rows.map((r) => r.stationCode)).toEqual(['BJ-10001', 'SH-10001', 'SH-10009']);
  await expectSameAsWholeRead(recoded);
});

it('reads the report whole when a station of it was deleted', async () => {
  // a station can only be deleted while nothing refers to it: one with rollup rows removed by hand
  const extra = await makeStation(t, { code: 'SH-10005', city_code: 'SH', name: '上海临时驿站', bin_capacity: 1000 });
  await logBoxes(viaAdmin, 'SH-10005', '2026-11-11T02:00:00Z');
  expect((await report()).rows.map((r) => r.stationCode)).toContain('SH-10005');
  await t.db.db.transaction().execute(async (trx) => {
    for (const table of ['drop_off', 'station_day_total', 'station_week_total'] as const)
      await trx.deleteFrom(table).where('station_id', '=', extra.id).execute();
    await trx.deleteFrom('station').where('id', '=', extra.id).execute();
  });
  invalidate(t.db.db, 'station-names');
  const after = await report();
  expect([after.relabelled, after.readWhole]).toEqual([0, 1]);
  expect(after.rows.map((r) => r.stationCode)).not.toContain('SH-10005');
});

it('keeps the rollup sums when factor sets change: another set groups the same parts again', async () => {
  await report();
  invalidate(t.db.db, 'factor-sets'); // e.g. a set published: nothing of the data changed
  const hits = partsCacheStats.hits;
  const desnz = await report('DESNZ-2025');
  expect([desnz.relabelled, desnz.readWhole]).toEqual([0, 0]);
  expect(partsCacheStats.hits).toBe(hits + 1);
  expect(desnz.total).toBe((await report()).total);
});

it("reads a city's report whole after a rename: a station moved into the city brings its history", async () => {
  const SH = graphql(`
    query ($from: Date, $to: Date) {
      carbonReport(from: $from, to: $to, groupBy: [STATION], cityCodes: ["SH"]) {
        __typename
        ... on CarbonReport {
          rows {
            stationCode
            items
          }
        }
      }
    }
  `);
  const sh = async () => {
    const before = partsRefreshStats.wholeReads;
    const r = member(ok(await t.gql(SH, PERIOD, admin)).carbonReport, 'CarbonReport');
    return { codes: r.rows.map((x) => x.stationCode), readWhole: partsRefreshStats.wholeReads - before };
  };
  expect((await sh()).codes).not.toContain('BJ-10001');
  await t.db.db.updateTable('station').set({ city_code: 'SH' }).where('code', '=', 'BJ-10001').execute();
  invalidate(t.db.db, 'station-names');
  const after = await sh();
  expect(after).toEqual({ codes: expect.arrayContaining(['BJ-10001']), readWhole: 1 });
});

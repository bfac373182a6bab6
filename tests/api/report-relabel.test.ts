// A station or city renamed (the 'station-names' and 'cities' topics, cache-invalidation.ts) does not
// read a station report whole again: its cached parts take the names as they are now
// (services/finished-report.ts relabelled) and are grouped again; so does a station moved to another
// city (a city's report drops one moved out and reads one moved in by id). A station deleted or given
// another code may put another station's history under its code: that reads the report whole. In
// every case the report must equal a whole read of it at that moment. The notification is sent by
// hand here (invalidate) so each step is deterministic; report-cache.test.ts checks it arrives.
import fc from 'fast-check';
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
  query ($from: Date, $to: Date, $factorSet: String, $cityCodes: [String!]) {
    carbonReport(from: $from, to: $to, groupBy: [STATION], factorSet: $factorSet, cityCodes: $cityCodes) {
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
const SH_QUERY: ReportQuery = { ...QUERY, cityCodes: ['SH'] };

/** The report (the network's, or of `cityCodes`) through GraphQL, and whether its parts were relabelled or read whole. */
async function report(factorSet?: string, cityCodes?: string[]) {
  const before = { ...partsRefreshStats };
  const r = member(ok(await t.gql(REPORT, { ...PERIOD, factorSet, cityCodes }, admin)).carbonReport, 'CarbonReport');
  return {
    rows: r.rows,
    total: r.total.items,
    relabelled: partsRefreshStats.relabels - before.relabels,
    readWhole: partsRefreshStats.wholeReads - before.wholeReads,
    /** The rows came from the previous report (relabelled too), not from grouping every part again. */
    rowsKept: partsRefreshStats.regroups - before.regroups,
  };
}

/** The report equals its parts read whole now and grouped: names, order and figures, the total too. */
async function expectSameAsWholeRead(r: Awaited<ReturnType<typeof report>>, query = QUERY) {
  const whole = await carbonReportParts(t.db.db, query).execute();
  expect(newestPartsOf(t.db.db, query)?.parts).toEqual(whole);
  const set = withDisplacement(
    (await cachedFactorSets(t.db.db)).find((s) => s.is_default)!,
    null,
  );
  const grouped = groupReport(whole, query.groupBy, [set]);
  expect(r.rows).toEqual(grouped.rows.map((g) => ({ ...pick(g.keys), items: g.items })));
  expect(r.total).toBe(grouped.total.items);
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

it('shows a station moved to another city under that city without reading the report whole', async () => {
  await report();
  await t.db.db.updateTable('station').set({ city_code: 'BJ' }).where('code', '=', 'SH-10002').execute();
  invalidate(t.db.db, 'station-names');
  const moved = await report();
  expect([moved.relabelled, moved.readWhole, moved.rowsKept]).toEqual([1, 0, 1]);
  expect(moved.rows.find((r) => r.stationCode === 'SH-10002')).toMatchObject({ cityCode: 'BJ', cityNameEn: 'Beijing' });
  expect(moved.total).toBe((await report()).total);
  await expectSameAsWholeRead(moved);
});

it("reads the report whole when a station was given another code (its place and history may be another station's)", async () => {
  await report();
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

const sh = () => report(undefined, ['SH']);
const expectWhole = (r: Awaited<ReturnType<typeof report>>) => expectSameAsWholeRead(r, SH_QUERY);

it("keeps a city's report to its stations as they move: one moved out leaves it, one moved in brings its history", async () => {
  const first = await sh();
  expect(first.rows.map((r) => r.stationCode)).not.toContain('BJ-10001');
  const beijing = (await report()).rows.find((r) => r.stationCode === 'BJ-10001')!.items;
  expect(beijing).toBeGreaterThan(0);

  await t.db.db.updateTable('station').set({ city_code: 'SH' }).where('code', '=', 'BJ-10001').execute();
  invalidate(t.db.db, 'station-names');
  const movedIn = await sh();
  expect([movedIn.relabelled, movedIn.readWhole]).toEqual([1, 0]);
  expect(movedIn.rows[0]).toMatchObject({ stationCode: 'BJ-10001', cityCode: 'SH', items: beijing });
  expect(movedIn.total).toBe(first.total + beijing);
  await expectWhole(movedIn);

  const leaving = movedIn.rows[movedIn.rows.length - 1]!;
  await t.db.db.updateTable('station').set({ city_code: 'BJ' }).where('code', '=', leaving.stationCode).execute();
  invalidate(t.db.db, 'station-names');
  const movedOut = await sh();
  expect([movedOut.relabelled, movedOut.readWhole]).toEqual([1, 0]);
  expect(movedOut.rows.map((r) => r.stationCode)).not.toContain(leaving.stationCode);
  expect(movedOut.total).toBe(movedIn.total - leaving.items);
  await expectWhole(movedOut);
});

it("equals a whole read, the network's and a city's, after any sequence of moves, renames and entries", async () => {
  // the fixture's stations as the tests above left them (one recoded, one deleted)
  const codes = (await t.db.db.selectFrom('station').select('code').orderBy('code').execute()).map((r) => r.code);
  const step = fc.oneof(
    fc.record({
      kind: fc.constant('move' as const),
      station: fc.constantFrom(...codes),
      city: fc.constantFrom('SH', 'BJ'),
    }),
    fc.record({ kind: fc.constant('rename' as const), station: fc.constantFrom(...codes), n: fc.nat(99) }),
    fc.record({
      kind: fc.constant('log' as const),
      station: fc.constantFrom(...codes),
      at: fc.constantFrom('2026-11-10T02:00:00Z', '2026-11-11T02:00:00Z'),
    }),
  );
  let relabels = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 4 }), async (steps) => {
      for (const s of steps) {
        if (s.kind === 'move')
          await t.db.db.updateTable('station').set({ city_code: s.city }).where('code', '=', s.station).execute();
        else if (s.kind === 'rename') await rename(s.station, `${s.station} #${s.n}`);
        else await logBoxes(viaAdmin, s.station, s.at);
      }
      invalidate(t.db.db, 'station-names');
      const city = await sh();
      const network = await report();
      relabels += city.relabelled + network.relabelled;
      expect(city.readWhole + network.readWhole).toBe(0);
      await expectWhole(city);
      await expectSameAsWholeRead(network);
    }),
    { numRuns: 12 },
  );
  expect(relabels).toBeGreaterThan(12);
}, 120_000);

// A station report read before in this process is brought up to date by reading again only the
// stations whose drop-offs changed since (services/finished-report.ts readParts): each batch and void
// marks its station and week rows with its transaction, and the report keeps the snapshot it read
// in. Whatever the refresh reads, the parts, rows and total must equal a whole read of the report
// at that moment, a station's first entry in the period included.
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { groupReport, type ReportQuery } from '../../api/src/domain/carbon-report.ts';
import type { ValidDropOff } from '../../api/src/domain/drop-off-rules.ts';
import { withDisplacement } from '../../api/src/domain/carbon.ts';
import { cachedFactorSets } from '../../api/src/reference-cache.ts';
import { newestPartsOf, newestReportOf, partsRefreshStats } from '../../api/src/report-cache.ts';
import { carbonReportParts } from '../../api/src/repositories/carbon-report.ts';
import { insertDropOffBatch } from '../../api/src/repositories/drop-off.ts';
import { createCarbonFixture, logBoxes, PERIOD, VoidDropOff, type Send } from '../helpers/carbon-fixture.ts';
import { makeStation } from '../helpers/factories.ts';
import { member, ok, type TestApp } from '../helpers/app.ts';
import { graphql } from '../../web/src/lib/graphql.ts';

let t: TestApp;
let admin: string;
let stationIds: Record<string, number>;

beforeAll(async () => {
  const fixture = await createCarbonFixture();
  ({ t, admin } = fixture);
  stationIds = Object.fromEntries(Object.entries(fixture.stations).map(([code, s]) => [code, s.id]));
  // no entry yet: their first ones are new to the report, one before the others in the order, one after
  for (const code of ['SH-10000', 'SH-10003'])
    stationIds[code] = (await makeStation(t, { code, city_code: 'SH', name: `上海${code}`, bin_capacity: 1000 })).id;
});
afterAll(() => t.close());

const REPORT = graphql(`
  query ($from: Date, $to: Date) {
    carbonReport(from: $from, to: $to, groupBy: [STATION]) {
      __typename
      ... on CarbonReport {
        rows {
          stationCode
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

/** The report through GraphQL: items per station, the total, and how many stations a refresh read. */
async function report() {
  const before = { ...partsRefreshStats };
  const r = member(ok(await t.gql(REPORT, PERIOD, admin)).carbonReport, 'CarbonReport');
  return {
    items: Object.fromEntries(r.rows.map((x) => [x.stationCode, x.items])),
    total: r.total.items,
    refreshed: partsRefreshStats.refreshes - before.refreshes,
    stationsRead: partsRefreshStats.stations - before.stations,
    /** The finished report's rows grouped again for those stations alone. */
    regrouped: partsRefreshStats.regroups - before.regroups,
  };
}

/**
 * The parts the report now holds equal a whole read of it, in the same order, and its rows and total
 * (grouped again for the changed stations alone, when it could) equal grouping that whole read.
 */
async function expectSameAsWholeRead() {
  const whole = await carbonReportParts(t.db.db, QUERY).execute();
  expect(newestPartsOf(t.db.db, QUERY)?.parts).toEqual(whole);
  const sets = [
    withDisplacement(
      (await cachedFactorSets(t.db.db)).find((s) => s.is_default)!,
      null,
    ),
  ];
  const held = newestReportOf(t.db.db, QUERY, sets);
  const expected = groupReport(whole, QUERY.groupBy, sets);
  expect(held?.rows).toEqual(expected.rows);
  expect(held?.total).toEqual(expected.total);
}

const viaAdmin: Send = (document, variables) => t.gql(document, variables, admin).then(ok);
const log = (stationCode: string, occurredAt: string, quantity = 3) =>
  logBoxes(viaAdmin, stationCode, occurredAt, quantity);

it('reads again only the station a drop-off was logged at, with the figures a whole read gives', async () => {
  const first = await report();
  expect(first.items).toEqual({ 'BJ-10001': 4, 'SH-10001': 29, 'SH-10002': 3 }); // the fixture's rows
  await log('SH-10002', '2026-11-11T02:00:00Z');
  const after = await report();
  expect([after.refreshed, after.stationsRead, after.regrouped]).toEqual([1, 1, 1]);
  expect(after.items['SH-10002']).toBe(3 + 3);
  expect(after.total).toBe(36 + 3);
  await expectSameAsWholeRead();
});

it('reads again the station of a voided entry', async () => {
  const id = await log('BJ-10001', '2026-11-10T02:00:00Z', 5);
  expect((await report()).items['BJ-10001']).toBe(4 + 5);
  expect(ok(await t.gql(VoidDropOff, { id }, admin)).voidDropOff.__typename).toBe('DropOff');
  const after = await report();
  expect([after.refreshed, after.stationsRead]).toEqual([1, 1]);
  expect(after.items['BJ-10001']).toBe(4);
  await expectSameAsWholeRead();
});

it("does not read a station whose change falls outside the report's weeks", async () => {
  await report();
  await log('BJ-10001', '2026-11-01T02:00:00Z'); // a Sunday: the week of Oct 26, not the period's (Nov 9)
  await log('SH-10001', '2026-11-10T02:00:00Z');
  const after = await report();
  expect([after.refreshed, after.stationsRead]).toEqual([1, 1]); // SH-10001 alone
  expect(after.items['SH-10001']).toBe(29 + 3);
  await expectSameAsWholeRead();
});

it("places a station's first entries in the period where a whole read puts them", async () => {
  await report();
  await log('SH-10003', '2026-11-11T01:00:00Z', 2);
  await log('SH-10000', '2026-11-11T01:00:00Z', 5);
  const after = await report();
  expect([after.refreshed, after.stationsRead, after.regrouped]).toEqual([1, 2, 1]);
  expect(Object.keys(after.items)).toEqual(['BJ-10001', 'SH-10000', 'SH-10001', 'SH-10002', 'SH-10003']);
  expect([after.items['SH-10000'], after.items['SH-10003']]).toEqual([5, 2]);
  await expectSameAsWholeRead();
});

it('shows at the next request a batch that had not committed when the report was read again', async () => {
  const before = await report();
  let commit!: () => void;
  const committing = new Promise<void>((r) => (commit = r));
  let written!: () => void;
  const batchWritten = new Promise<void>((r) => (written = r));
  const item = {
    idempotencyKey: 'rr-open',
    materialCode: 'BOX_M',
    outcome: 'REUSED',
    quantity: 7,
    massKg: 1,
    massWeighed: true,
    occurredAt: new Date('2026-11-11T03:00:00Z'),
    sent: null,
    fingerprint: 'test',
  } as unknown as ValidDropOff;
  // A batch at BJ-10001 in its own transaction, written and not committed; then a drop-off at
  // SH-10001 moves the data version, so the next report is read again while the batch is open.
  const open = t.db.db.transaction().execute(async (trx) => {
    await insertDropOffBatch(
      trx,
      {
        stationId: stationIds['BJ-10001']!,
        cityCode: 'BJ',
        stationCode: 'BJ-10001',
        loggedBy: null,
        deviceId: null,
        loggedAt: t.clock.now,
        requestId: null,
        replayedCount: 0,
      },
      [item],
    );
    written();
    await committing;
  });
  await batchWritten;
  const logged = t.db.kind === 'postgres' ? log('SH-10001', '2026-11-11T03:00:00Z') : null;
  if (logged) {
    await logged;
    // PostgreSQL reads around the open batch: SH-10001 read again, BJ-10001 as it was
    const during = await report();
    expect(during.items['SH-10001']).toBe(before.items['SH-10001']! + 3);
    expect(during.items['BJ-10001']).toBe(before.items['BJ-10001']);
  }
  commit();
  await open;
  // The embedded database runs one transaction at a time: there the drop-off is logged after it.
  if (!logged) await log('SH-10001', '2026-11-11T03:00:00Z');
  const after = await report();
  expect(after.refreshed).toBe(1);
  expect(after.items['BJ-10001']).toBe(before.items['BJ-10001']! + 7);
  expect(after.items['SH-10001']).toBe(before.items['SH-10001']! + 3);
  await expectSameAsWholeRead();
});

it('equals a whole read after any sequence of entries, voids and new stations, in or out of the period', async () => {
  const codes = ['SH-10001', 'SH-10002', 'BJ-10001', 'SH-10003', 'SH-10000'];
  const logged: string[] = [];
  const step = fc.oneof(
    fc.record({
      kind: fc.constant('log' as const),
      station: fc.constantFrom(...codes),
      // the period's two days, the Sunday before it (its week), and a day two weeks before
      at: fc.constantFrom(
        '2026-11-10T02:00:00Z',
        '2026-11-11T02:00:00Z',
        '2026-11-08T02:00:00Z',
        '2026-10-27T02:00:00Z',
      ),
      quantity: fc.integer({ min: 1, max: 9 }),
    }),
    fc.record({ kind: fc.constant('void' as const), pick: fc.nat() }),
    // a station new to the report, anywhere in the order (AA- first, ZZ- last), with its first entry
    fc.record({ kind: fc.constant('new' as const), prefix: fc.constantFrom('AA', 'BJ', 'SH', 'ZZ') }),
  );
  let added = 0;
  let refreshes = 0;
  let regroups = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 5 }), async (steps) => {
      for (const s of steps) {
        if (s.kind === 'log') logged.push(await log(s.station, s.at, s.quantity));
        else if (s.kind === 'new') {
          const code = `${s.prefix}-${String(20000 + ++added)}`;
          await makeStation(t, { code, city_code: s.prefix === 'BJ' ? 'BJ' : 'SH', name: code, bin_capacity: 1000 });
          logged.push(await log(code, '2026-11-11T02:00:00Z', 1));
        } else if (logged.length > 0) {
          const [id] = logged.splice(s.pick % logged.length, 1);
          await t.gql(VoidDropOff, { id: id! }, admin);
        }
      }
      const r = await report();
      refreshes += r.refreshed;
      regroups += r.regrouped;
      await expectSameAsWholeRead();
    }),
    { numRuns: 15 },
  );
  // the refresh and the regroup themselves were exercised, not only whole reads
  expect(refreshes).toBeGreaterThan(3);
  expect(regroups).toBeGreaterThan(3);
}, 120_000);

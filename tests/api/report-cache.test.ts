// Finished carbon reports are cached per API process (api/src/report-cache.ts), keyed by their
// period, scope, factor sets and a data version read from the database on every request. The
// cache must never show a report older than its data: a drop-off written or voided in the period,
// through this process or another, shows at the next request; one outside the period or scope
// keeps the cached report, as does a station added; a station renamed shows its new name (a
// notification, like the other caches); another displacement scenario or factor set is another
// report. Two handles on one PostgreSQL database stand for two API processes (PGlite: one process,
// the same handle).
import { print } from 'graphql';
import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildYoga } from '@recycle/api';
import { createDb, listen, type DbHandle } from '@recycle/db';
import { startCacheInvalidation } from '../../api/src/cache-invalidation.ts';
import { partsCacheStats, reportCacheStats } from '../../api/src/report-cache.ts';
import { createCarbonFixture, logBoxes, PERIOD, VoidDropOff, type Send } from '../helpers/carbon-fixture.ts';
import { member, ok, TEST_SECRET, type GqlResult, type TestApp } from '../helpers/app.ts';
import { makeStation } from '../helpers/factories.ts';
import { graphql, type ResultOf, type TadaDocumentNode, type VariablesOf } from '../../web/src/lib/graphql.ts';
import { IngestQueue } from '../../api/src/services/ingest-queue.ts';

let t: TestApp;
let admin: string;
let other: DbHandle;
let otherGql: Send;
const stops: (() => Promise<void>)[] = [];

beforeAll(async () => {
  ({ t, admin } = await createCarbonFixture());
  stops.push(await startCacheInvalidation(t.db));
  other = t.db.pool ? await createDb({ databaseUrl: t.db.pool.options.connectionString!, poolSize: 2 }) : t.db;
  if (other !== t.db) stops.push(await startCacheInvalidation(other));
  const yoga = buildYoga({
    db: other.db,
    ingest: new IngestQueue(other.db),
    logger: pino({ level: 'silent' }),
    tokenKeys: { secret: TEST_SECRET, ttlSeconds: 3600 },
    clock: () => t.clock.now,
  });
  otherGql = async <D extends TadaDocumentNode<unknown, never>>(document: D, variables: VariablesOf<D>) => {
    const res = await yoga.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify({ query: print(document), variables }),
    });
    return ok((await res.json()) as GqlResult<ResultOf<D>>);
  };
});
afterAll(async () => {
  for (const stop of stops) await stop();
  if (other !== t.db) await other.close();
  await t.close();
});

const REPORT = graphql(`
  query ($from: Date, $to: Date, $cityCodes: [String!], $displacementRate: Float, $factorSet: String) {
    carbonReport(
      from: $from
      to: $to
      groupBy: [STATION]
      cityCodes: $cityCodes
      displacementRate: $displacementRate
      factorSet: $factorSet
    ) {
      __typename
      ... on CarbonReport {
        rows {
          stationCode
          stationName
          items
          co2e {
            total {
              central
            }
          }
        }
        total {
          items
        }
      }
      ... on Error {
        message
      }
    }
  }
`);
/** The report through this process, and how the cache answered it. */
async function report(vars: VariablesOf<typeof REPORT> = {}) {
  const before = { ...reportCacheStats };
  const partsBefore = { ...partsCacheStats };
  const r = ok(await t.gql(REPORT, { ...PERIOD, ...vars }, admin)).carbonReport;
  expect(r.__typename).toBe('CarbonReport');
  return {
    r: member(r, 'CarbonReport'),
    hit: reportCacheStats.hits > before.hits,
    /** The SQL parts came from the cache (another set or scenario over unchanged data). */
    partsHit: partsCacheStats.hits > partsBefore.hits,
  };
}
type Report = Awaited<ReturnType<typeof report>>['r'];
const itemsOf = (r: Report, code: string) => r.rows.find((x) => x.stationCode === code)?.items;

const log = logBoxes;
const viaThis: Send = (document, variables) => t.gql(document, variables, admin).then(ok);

it('answers the same report again from the cache, with the same figures', async () => {
  const first = await report();
  expect(first.r.total.items).toBe(36); // the fixture's eight rows
  const again = await report();
  expect(again.hit).toBe(true);
  expect(again.r).toEqual(first.r);
});

it('shows a drop-off written in the period at the next request, through either process', async () => {
  await report();
  await log(viaThis, 'SH-10002', '2026-11-11T02:00:00Z');
  const a = await report();
  expect([a.hit, a.partsHit]).toEqual([false, false]);
  expect(itemsOf(a.r, 'SH-10002')).toBe(3 + 3);
  // written through the other process: no notification needed, the data version moved
  await log(otherGql, 'BJ-10001', '2026-11-10T02:00:00Z');
  const b = await report();
  expect(b.hit).toBe(false);
  expect(itemsOf(b.r, 'BJ-10001')).toBe(4 + 3);
  expect(b.r.total.items).toBe(36 + 6);
});

it('shows a void in the period at the next request', async () => {
  const id = await log(viaThis, 'SH-10001', '2026-11-10T03:00:00Z');
  expect(itemsOf((await report()).r, 'SH-10001')).toBe(29 + 3);
  const v = (await otherGql(VoidDropOff, { id })).voidDropOff;
  expect(v.__typename).toBe('DropOff');
  const after = await report();
  expect(after.hit).toBe(false);
  expect(itemsOf(after.r, 'SH-10001')).toBe(29);
});

it('keeps the cached report when a drop-off lands outside its period or cities', async () => {
  const first = await report({ cityCodes: ['BJ'] });
  await log(viaThis, 'SH-10001', '2026-11-09T03:00:00Z'); // the day before the period
  await log(viaThis, 'SH-10002', '2026-11-10T03:00:00Z'); // in the period, another city
  const again = await report({ cityCodes: ['BJ'] });
  expect(again.hit).toBe(true);
  expect(again.r).toEqual(first.r);
});

it('is another report under another scenario or factor set', async () => {
  const own = await report();
  const scenario = await report({ displacementRate: 0 });
  // the same data: its rollup sums come from the cache and are grouped again under the scenario
  expect([scenario.hit, scenario.partsHit]).toEqual([false, true]);
  expect(scenario.r.total).toEqual(own.r.total);
  expect(scenario.r.rows[0]!.co2e.total.central).not.toBe(own.r.rows[0]!.co2e.total.central);
  const desnz = await report({ factorSet: 'DESNZ-2025' });
  expect([desnz.hit, desnz.partsHit]).toEqual([false, true]);
  // The same reports from the database (both cities named, in another order each time: another
  // key, nothing cached for it): the same rows
  const bothCities = [
    ['BJ', 'SH'],
    ['SH', 'BJ'],
  ];
  for (const [i, vars] of [{ displacementRate: 0 }, { factorSet: 'DESNZ-2025' }].entries()) {
    const fresh = await report({ ...vars, cityCodes: bothCities[i] });
    expect([fresh.hit, fresh.partsHit]).toEqual([false, false]);
    expect(fresh.r).toEqual((await report(vars)).r);
  }
});

it('keeps the cached report when stations are added (onboarding): a station with no drop-off is in no report', async () => {
  const topics: string[] = [];
  const stop = await listen(t.db, 'recycle_cache', (topic) => topics.push(topic));
  try {
    await report();
    await makeStation(t, { code: 'SH-10003', city_code: 'SH', name: '上海新开驿站', bin_capacity: 1000 });
    // the insert's notification has reached a listener on this database: every process has had it
    for (let i = 0; i < 50 && !topics.includes('stations'); i++) await new Promise((res) => setTimeout(res, 50));
    await new Promise((res) => setTimeout(res, 200));
    expect(topics).toEqual(['stations']); // for the station identities; not 'station-names'
    const again = await report();
    expect(again.hit).toBe(true);
    expect(itemsOf(again.r, 'SH-10003')).toBeUndefined();
    // its first drop-off moves the data version: the station shows at the next request
    await log(viaThis, 'SH-10003', '2026-11-11T02:00:00Z');
    const after = await report();
    expect(after.hit).toBe(false);
    expect(itemsOf(after.r, 'SH-10003')).toBe(3);
    // a rename sends both topics: the new name shows at the next request (next test)
    await t.db.db.updateTable('station').set({ district: '徐汇区' }).where('code', '=', 'SH-10003').execute();
    await t.db.db.updateTable('station').set({ name: '上海新开驿站（二）' }).where('code', '=', 'SH-10003').execute();
    for (let i = 0; i < 50 && !topics.includes('station-names'); i++) await new Promise((res) => setTimeout(res, 50));
    // a district is in no report and notifies nothing; the name sends both
    expect(topics).toEqual(['stations', 'stations', 'station-names']);
  } finally {
    await stop();
  }
});

it('shows a renamed station under its new name (every process is notified)', async () => {
  await report();
  // renamed by hand (as in psql): the trigger notifies every listening process
  await t.db.db.updateTable('station').set({ name: '上海徐家汇驿站（新）' }).where('code', '=', 'SH-10002').execute();
  let name: string | null | undefined;
  for (let i = 0; i < 50 && name !== '上海徐家汇驿站（新）'; i++) {
    const r = (await report()).r;
    name = r.rows.find((x) => x.stationCode === 'SH-10002')?.stationName;
    if (name !== '上海徐家汇驿站（新）') await new Promise((res) => setTimeout(res, 100));
  }
  expect(name).toBe('上海徐家汇驿站（新）');
});

// The city rollup's past days folded into shard 0 (@recycle/db foldCityRollup): fewer rows, the
// same sums (and data version), today's shards left alone; a void after a fold, a late entry after
// a fold and its void, and folds racing batches and voids all keep the rollup equal to the raw
// rows (tests/helpers/rollup-invariants.ts). The random sequences: rollup-property.test.ts.
import { foldCityRollup, FOLD_AFTER_DAYS } from '@recycle/db';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { createTestApp, ok, TEST_NOW, type TestApp } from '../helpers/app.ts';
import { logBoxes, VoidDropOff, type Send } from '../helpers/carbon-fixture.ts';
import { makeStation, makeUser } from '../helpers/factories.ts';
import { expectRollupsMatchRawRows } from '../helpers/rollup-invariants.ts';
import { startRollupFold } from '../../api/src/rollup-fold.ts';

let t: TestApp;
let send: Send;
let voidAs: (id: string) => Promise<string>;
const codes: string[] = [];

beforeAll(async () => {
  t = await createTestApp();
  const admin = (await makeUser(t, 'ADMIN')).token;
  send = (document, variables) => t.gql(document, variables, admin).then(ok);
  voidAs = async (id) => (await send(VoidDropOff, { id })).voidDropOff.__typename;
  // four Shanghai stations in a row: four different shards
  for (let i = 0; i < 4; i++) codes.push((await makeStation(t, { city_code: 'SH', bin_capacity: 100_000 })).code);
});
afterAll(() => t.close());
beforeEach(async () => {
  for (const table of ['city_day_total', 'station_day_total', 'station_week_total', 'drop_off'] as const)
    await t.db.db.deleteFrom(table).execute();
});

/** Noon in China, `days` before the test clock's day. */
const daysAgo = (days: number) => new Date(TEST_NOW.getTime() - days * 24 * 60 * 60 * 1000).toISOString();
const shardRows = async () =>
  (
    await sql<{ day: string; shards: number; writes: number }>`select day::text, count(*)::int as shards,
      sum(writes)::int as writes from city_day_total group by day order by day`.execute(t.db.db)
  ).rows;

it('folds the shards of days more than two days back into one row each, keeping every sum and the writes', async () => {
  for (const code of codes) for (const days of [0, 1, 2, 3, 6]) await logBoxes(send, code, daysAgo(days));
  expect((await shardRows()).map((r) => r.shards)).toEqual([4, 4, 4, 4, 4]); // days -6, -3, -2, -1, today
  const moved = await sql<{ n: number }>`select count(*)::int as n from city_day_total
    where shard <> 0 and day <= ${daysAgo(3).slice(0, 10)}::date`.execute(t.db.db);
  const r = await foldCityRollup(t.db.db, TEST_NOW);
  expect(FOLD_AFTER_DAYS).toBe(2);
  expect(r).toEqual({ days: 2, rows: moved.rows[0]!.n }); // days -6 and -3
  expect(await shardRows()).toEqual([
    { day: daysAgo(6).slice(0, 10), shards: 1, writes: 4 },
    { day: daysAgo(3).slice(0, 10), shards: 1, writes: 4 },
    { day: daysAgo(2).slice(0, 10), shards: 4, writes: 4 },
    { day: daysAgo(1).slice(0, 10), shards: 4, writes: 4 },
    { day: daysAgo(0).slice(0, 10), shards: 4, writes: 4 },
  ]);
  await expectRollupsMatchRawRows(t);
  // nothing left to fold
  expect(await foldCityRollup(t.db.db, TEST_NOW)).toEqual({ days: 0, rows: 0 });
});

it('takes a void after a fold out of shard 0, and a late entry after a fold into its own shard', async () => {
  const old = await logBoxes(send, codes[1]!, daysAgo(5), 10);
  await logBoxes(send, codes[2]!, daysAgo(5), 4);
  await foldCityRollup(t.db.db, TEST_NOW);
  // a late entry of the folded day (a counter back online) makes its station's shard row again
  const late = await logBoxes(send, codes[1]!, daysAgo(5), 1);
  expect((await shardRows())[0]!.shards).toBe(2);
  // the old entry is in shard 0 now: its station's new shard row (1 box) cannot give up 10
  expect(await voidAs(old)).toBe('DropOff');
  await expectRollupsMatchRawRows(t);
  expect(await voidAs(late)).toBe('DropOff');
  await expectRollupsMatchRawRows(t);
  const left = await sql<{ shard: number; quantity: number }>`select shard, quantity from city_day_total
    order by shard`.execute(t.db.db);
  expect(left.rows.reduce((s, r) => s + r.quantity, 0)).toBe(4);
});

it('keeps the rollup exact when folds race batches and voids of the days they fold', async () => {
  const ids: string[] = [];
  for (let i = 0; i < 8; i++) ids.push(await logBoxes(send, codes[i % 4]!, daysAgo(3 + (i % 3)), 1 + i));
  const work: Promise<unknown>[] = [];
  for (let i = 0; i < 24; i++) {
    work.push(logBoxes(send, codes[i % 4]!, daysAgo(3 + (i % 3)), 1 + (i % 5)));
    if (i % 3 === 0) work.push(voidAs(ids[i / 3]!));
    if (i % 6 === 0) work.push(foldCityRollup(t.db.db, TEST_NOW));
  }
  await Promise.all(work);
  await foldCityRollup(t.db.db, TEST_NOW);
  expect((await shardRows()).map((r) => r.shards)).toEqual([1, 1, 1]);
  await expectRollupsMatchRawRows(t);
});

it('is run by each API process shortly after it starts, logging what it folded', async () => {
  for (const code of codes) await logBoxes(send, code, daysAgo(4));
  const logged: unknown[] = [];
  const logger = { info: (o: unknown) => logged.push(o), warn: (o: unknown) => logged.push(o) };
  const stop = startRollupFold(t.db.db, logger as never, () => TEST_NOW, 0);
  for (let i = 0; i < 100 && logged.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
  await stop();
  expect((await shardRows()).map((r) => r.shards)).toEqual([1]);
  expect(logged).toEqual([{ days: 1, rows: expect.any(Number) }]);
  await expectRollupsMatchRawRows(t);
});

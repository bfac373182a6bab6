// Group commit of drop-off batches (api/src/services/ingest-queue.ts): batches of several stations
// that wait for a statement are written by one statement, which must leave exactly what separate
// statements would have: each batch's rows, rollups, bin, audit entry and data version (`writes`).
// A batch's fault fails only its own request. Through the API, stations logging at once are all
// counted exactly once. DB_INGEST_STATEMENTS sets how many statements run at once.
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ValidDropOff } from '../../api/src/domain/drop-off-rules.ts';
import type { BatchTarget } from '../../api/src/repositories/drop-off.ts';
import { loadConfig } from '../../api/src/config.ts';
import type { Logger } from '../../api/src/logger.ts';
import { IngestQueue } from '../../api/src/services/ingest-queue.ts';
import { createTestApp, TEST_NOW, type TestApp } from '../helpers/app.ts';
import { makeStation, makeUser } from '../helpers/factories.ts';
import { item, LogDropOffs, type LogItems } from '../helpers/drop-off-checks.ts';
import { expectRollupsMatchRawRows, expectStationCountersMatchRawRows } from '../helpers/rollup-invariants.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

type Station = Awaited<ReturnType<typeof makeStation>>;

const target = (s: Station, requestId: string, deviceId: number | null = null): BatchTarget => ({
  stationId: s.id,
  cityCode: s.city_code,
  stationCode: s.code,
  loggedBy: null,
  deviceId,
  loggedAt: new Date(TEST_NOW),
  requestId,
  replayedCount: 0,
});

const box = (key: string, quantity: number, outcome: 'REUSED' | 'RECYCLED' = 'RECYCLED'): ValidDropOff => ({
  idempotencyKey: key,
  materialCode: 'BOX_M',
  outcome,
  quantity,
  massKg: 0.3 * quantity,
  massWeighed: false,
  occurredAt: new Date(TEST_NOW.getTime() - 60_000),
  sent: null as unknown as ValidDropOff['sent'],
  fingerprint: `fp-${key}`,
});

/** The transaction that wrote each drop-off of these stations, as "station/key" → group number in write order. */
async function statementsOf(stationIds: number[]) {
  const rows = await sql<{ station_id: number; idempotency_key: string; xact: string }>`
    select station_id, idempotency_key, xmin::text as xact from drop_off
    where station_id = any(${stationIds}::int[]) order by id`.execute(t.db.db);
  const groups: string[][] = [];
  const index = new Map<string, number>();
  for (const r of rows.rows) {
    if (!index.has(r.xact)) index.set(r.xact, groups.push([]) - 1);
    groups[index.get(r.xact)!]!.push(`${r.station_id}/${r.idempotency_key}`);
  }
  return groups;
}

it('batches of other stations waiting for a statement share one, and each gets what a statement of its own writes', async () => {
  const a = await makeStation(t, { city_code: 'SH', bin_capacity: 100 });
  const b = await makeStation(t, { city_code: 'SH', bin_capacity: 5 });
  const c = await makeStation(t, { city_code: 'BJ' });
  const d = await makeStation(t, { city_code: 'HZ' });
  const reportedBefore = new Map([a, b, c, d].map((s) => [s.id, s.last_reported_at]));
  // d already has key d-0: its batch below replays it beside a new key
  const queue = new IngestQueue(t.db.db, 1);
  await queue.insert({ target: target(d, 'req-d0'), items: [box('d-0', 2)] });
  const writesBefore = await sql<{ n: number }>`select coalesce(sum(writes), 0)::int as n from city_day_total`.execute(
    t.db.db,
  );

  // One statement at a time: a1 runs at once; b1, c1, d1 wait and share the next statement; b2 is
  // b's second batch and waits for the one after (one batch per station per statement).
  const sent = [
    queue.insert({ target: target(a, 'req-a1'), items: [box('a-1', 3)] }),
    queue.insert({ target: target(b, 'req-b1'), items: [box('b-1', 4), box('b-2', 1, 'REUSED')] }),
    queue.insert({ target: target(c, 'req-c1'), items: [box('c-1', 1)] }),
    queue.insert({ target: target(b, 'req-b2'), items: [box('b-3', 2)] }),
    queue.insert({ target: target(d, 'req-d1'), items: [box('d-0', 2), box('d-1', 5)] }),
  ];
  const [ra1, rb1, rc1, rb2, rd1] = await Promise.all(sent);
  // each batch gets exactly the rows it inserted now (d-0 was stored before: not returned)
  const keys = (rows: typeof ra1) => rows!.map((r) => `${r.station_id}/${r.idempotency_key}`).sort();
  expect(keys(ra1)).toEqual([`${a.id}/a-1`]);
  expect(keys(rb1)).toEqual([`${b.id}/b-1`, `${b.id}/b-2`]);
  expect(keys(rc1)).toEqual([`${c.id}/c-1`]);
  expect(keys(rb2)).toEqual([`${b.id}/b-3`]);
  expect(keys(rd1)).toEqual([`${d.id}/d-1`]);

  const statements = await statementsOf([a.id, b.id, c.id, d.id]);
  expect(statements.map((g) => g.sort())).toEqual([
    [`${d.id}/d-0`],
    [`${a.id}/a-1`],
    [`${b.id}/b-1`, `${b.id}/b-2`, `${c.id}/c-1`, `${d.id}/d-1`].sort(),
    [`${b.id}/b-3`],
  ]);

  // rollups, bins (b: 4 + 2 recycled items reach its capacity of 5: FULL), today's items, last report
  await expectRollupsMatchRawRows(t);
  await expectStationCountersMatchRawRows(t, [a.id, b.id, c.id, d.id], reportedBefore);
  const stations = await t.db.db
    .selectFrom('station')
    .select(['id', 'bin_items', 'items_on_day', 'status'])
    .where('id', 'in', [a.id, b.id, c.id, d.id])
    .orderBy('id')
    .execute();
  expect(stations.map((s) => [s.bin_items, s.items_on_day, s.status])).toEqual([
    [3, 3, 'OPEN'],
    [6, 7, 'FULL'],
    [1, 1, 'OPEN'],
    [7, 7, 'OPEN'],
  ]);
  // the data version: +1 per batch on each city row it added to (one row each here), as separate statements
  const writesAfter = await sql<{ n: number }>`select coalesce(sum(writes), 0)::int as n from city_day_total`.execute(
    t.db.db,
  );
  // a1 1, b1 2 (recycled and reused), c1 1, b2 1, d1 1
  expect(writesAfter.rows[0]!.n - writesBefore.rows[0]!.n).toBe(6);

  // one audit entry per batch that inserted something, with its own request id and counts
  const audits = await t.db.db
    .selectFrom('audit_entry')
    .select(['request_id', 'entity_id', 'city_code', 'after'])
    .where('request_id', 'in', ['req-a1', 'req-b1', 'req-c1', 'req-b2', 'req-d1'])
    .orderBy('request_id')
    .execute();
  expect(audits.map((e) => [e.request_id, e.entity_id, e.city_code, e.after])).toEqual([
    ['req-a1', a.code, 'SH', { inserted: 1, replayed: 0, firstId: rows1(ra1), keys: ['a-1'] }],
    ['req-b1', b.code, 'SH', { inserted: 2, replayed: 0, firstId: rows1(rb1), keys: ['b-1', 'b-2'] }],
    ['req-b2', b.code, 'SH', { inserted: 1, replayed: 0, firstId: rows1(rb2), keys: ['b-3'] }],
    ['req-c1', c.code, 'BJ', { inserted: 1, replayed: 0, firstId: rows1(rc1), keys: ['c-1'] }],
    ['req-d1', d.code, 'HZ', { inserted: 1, replayed: 1, firstId: rows1(rd1), keys: ['d-1'] }],
  ]);
});

const rows1 = (rows: { id: number }[] | undefined) => Math.min(...rows!.map((r) => r.id));

it('a batch that fails in a shared statement fails alone: the others are written, it writes nothing', async () => {
  const a = await makeStation(t);
  const b = await makeStation(t, { city_code: 'BJ' });
  const c = await makeStation(t);
  const warned: number[] = [];
  const logger = { warn: ((o: { batches: number }) => void warned.push(o.batches)) as Logger['warn'] };
  const queue = new IngestQueue(t.db.db, 1, logger);
  const first = queue.insert({ target: target(a, 'req-f0'), items: [box('f-0', 1)] });
  // b names a device that does not exist (as if removed meanwhile): the shared statement fails
  const bad = queue.insert({ target: target(b, 'req-f1', 987_654), items: [box('f-1', 1)] });
  const good = queue.insert({ target: target(c, 'req-f2'), items: [box('f-2', 2)] });
  await first;
  await expect(bad).rejects.toThrow(/drop_off_device_fk/);
  expect((await good).map((r) => [r.idempotency_key, r.quantity])).toEqual([['f-2', 2]]);
  expect(warned).toEqual([2]); // the operator sees that a shared statement of 2 batches failed
  const rows = await t.db.db
    .selectFrom('drop_off')
    .select('idempotency_key')
    .where('station_id', 'in', [b.id, c.id])
    .execute();
  expect(rows.map((r) => r.idempotency_key)).toEqual(['f-2']);
  // b's key was not claimed: its retry (without the bad device) is written
  expect(
    (await queue.insert({ target: target(b, 'req-f1b'), items: [box('f-1', 1)] })).map((r) => r.idempotency_key),
  ).toEqual(['f-1']);
  await expectRollupsMatchRawRows(t);
});

it('stations logging at once through the API are each counted exactly once, and their retries replay', async () => {
  const admin = await makeUser(t, 'ADMIN');
  const stations: Station[] = [];
  for (let i = 0; i < 12; i++) stations.push(await makeStation(t, { city_code: ['SH', 'BJ', 'HZ'][i % 3] }));
  const send = (s: Station, n: number) =>
    t.gql(
      LogDropOffs,
      {
        input: {
          stationCode: s.code,
          items: [item(`tap-${n}`, { quantity: n + 1, occurredAt: '2026-11-11T03:30:00Z' })] as LogItems,
        },
      },
      admin.token,
    );
  const first = await Promise.all(stations.map((s, n) => send(s, n)));
  const retries = await Promise.all(stations.map((s, n) => send(s, n)));
  const outcome = (r: (typeof first)[number]) =>
    r.data?.logDropOffs.__typename === 'LogDropOffsPayload'
      ? [r.data.logDropOffs.accepted, r.data.logDropOffs.replayed]
      : r.data?.logDropOffs;
  expect(first.map(outcome)).toEqual(stations.map(() => [1, 0]));
  expect(retries.map(outcome)).toEqual(stations.map(() => [0, 1]));
  const stored = await t.db.db
    .selectFrom('drop_off')
    .select(['station_id', 'quantity'])
    .where(
      'station_id',
      'in',
      stations.map((s) => s.id),
    )
    .orderBy('station_id')
    .execute();
  expect(stored.map((r) => r.quantity)).toEqual(stations.map((_, n) => n + 1));
  await expectRollupsMatchRawRows(t);
});

it('DB_INGEST_STATEMENTS sets the statements at once (default 4) and refuses what is not 1-64', () => {
  const dir = { PGLITE_DATA_DIR: '.data/pglite' };
  expect(loadConfig(dir).ingestStatements).toBe(4);
  expect(loadConfig({ ...dir, DB_INGEST_STATEMENTS: '8' }).ingestStatements).toBe(8);
  for (const bad of ['0', '65', 'many', '2.5'])
    expect(() => loadConfig({ ...dir, DB_INGEST_STATEMENTS: bad })).toThrow(/DB_INGEST_STATEMENTS/);
});

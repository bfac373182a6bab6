// The map dashboard's summary.daily (the 30-day sparkline from the city rollup). Stations in SZ,
// built here. The needs-action queue has its own file (needs-action.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, ok, type TestApp } from '../helpers/app.ts';
import { makeStation, makeUser } from '../helpers/factories.ts';
import { graphql } from '../../web/src/lib/graphql.ts';

const HOUR = 3600_000;
let t: TestApp;
let admin: string;
let now: number;

beforeAll(async () => {
  t = await createTestApp();
  admin = (await makeUser(t, 'ADMIN')).token;
  now = t.clock.now.getTime(); // 2026-11-11T04:00Z
  await makeStation(t, { code: 'SZ-1', city_code: 'SZ', last_reported_at: new Date(now - 30 * HOUR) }); // STALE 30 h
  await makeStation(t, { code: 'SZ-2', city_code: 'SZ', status: 'FULL', last_reported_at: new Date(now - 50 * HOUR) }); // STALE 50 h (FULL but silent)
  const full = await makeStation(t, { code: 'SZ-3', city_code: 'SZ', status: 'FULL' }); // FULL, picked up 40 h ago
  await t.db.db
    .updateTable('station')
    .set({ last_pickup_at: new Date(now - 40 * HOUR) })
    .where('id', '=', full.id)
    .execute();
  await makeStation(t, { code: 'SZ-4', city_code: 'SZ', status: 'FULL' }); // FULL, never picked up: since created (real clock, later)
  await makeStation(t, { code: 'SZ-5', city_code: 'SZ' }); // OPEN: not listed
  await makeStation(t, {
    code: 'SZ-6',
    city_code: 'SZ',
    status: 'CLOSED',
    last_reported_at: new Date(now - 99 * HOUR),
  }); // CLOSED: not listed
  await makeStation(t, { code: 'HZ-9', city_code: 'HZ', status: 'FULL' }); // other city
  const log = graphql(`
    mutation ($input: LogDropOffsInput!) {
      logDropOffs(input: $input) {
        __typename
        ... on LogDropOffsPayload {
          accepted
        }
      }
    }
  `);
  const r = ok(
    await t.gql(
      log,
      {
        input: {
          stationCode: 'SZ-5',
          items: [
            { idempotencyKey: 'd1', materialCode: 'BOX_M', outcome: 'REUSED', quantity: 3, massKg: 0.75 },
            { idempotencyKey: 'd2', materialCode: 'BOX_M', outcome: 'RECYCLED', quantity: 2, massKg: 0.5 },
            {
              idempotencyKey: 'd3',
              materialCode: 'BOX_S',
              outcome: 'REUSED',
              quantity: 4,
              massKg: 0.6,
              occurredAt: '2026-11-09T04:00:00Z',
            },
          ],
        },
      },
      admin,
    ),
  );
  expect(r.logDropOffs).toEqual({ __typename: 'LogDropOffsPayload', accepted: 3 });
});
afterAll(() => t.close());

const DAILY = graphql(`
  query ($city: String, $from: Date, $to: Date) {
    summary(cityCode: $city) {
      daily(from: $from, to: $to) {
        day
        dropOffs
        items
        kg
      }
    }
  }
`);

describe('summary.daily', () => {
  it('gives per-day totals of the city from the rollup; days without drop-offs are absent', async () => {
    const d = ok(await t.gql(DAILY, { city: 'SZ', from: '2026-11-01', to: '2026-11-11' }, admin));
    expect(d.summary.daily).toEqual([
      { day: '2026-11-09', dropOffs: 1, items: 4, kg: 0.6 },
      { day: '2026-11-11', dropOffs: 2, items: 5, kg: 1.25 },
    ]);
  });

  it('defaults to the 30 days ending today (Oct 13 .. Nov 11)', async () => {
    const d = ok(await t.gql(DAILY, { city: 'SZ' }, admin));
    expect(d.summary.daily.map((x) => x.day)).toEqual(['2026-11-09', '2026-11-11']);
    const upTo10 = ok(await t.gql(DAILY, { city: 'SZ', to: '2026-11-10' }, admin));
    expect(upTo10.summary.daily.map((x) => x.day)).toEqual(['2026-11-09']);
    const before = ok(await t.gql(DAILY, { city: 'SZ', to: '2026-10-12' }, admin));
    expect(before.summary.daily).toEqual([]);
  });

  it('refuses from after to', async () => {
    const r = await t.gql(DAILY, { city: 'SZ', from: '2026-11-11', to: '2026-11-01' }, admin);
    expect(r.errors?.[0]?.message).toMatch(/must not be after/);
  });
});

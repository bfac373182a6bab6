// The read-query fixture, worked out by hand in the tests that use it. Cities are kept apart:
// GZ holds the list/pagination fixture, HZ the summary/map fixture.
import { expect } from 'vitest';
import { graphql, type VariablesOf } from '../../web/src/lib/graphql.ts';
import { createTestApp, ok, type TestApp } from './app.ts';
import { makeStation, makeUser } from './factories.ts';

export const HOUR = 3600_000;

/** A test app holding the fixture, and an ADMIN token. */
export async function createQueryFixture(): Promise<{ t: TestApp; admin: string }> {
  const t = await createTestApp();
  const admin = (await makeUser(t, 'ADMIN')).token;
  const log = (stationCode: string, items: Items) => logAs(t, admin, stationCode, items);

  const now = t.clock.now.getTime();
  // --- GZ: 8 stations for the list -----------------------------------------------------------
  await makeStation(t, { code: 'GZ-001', city_code: 'GZ' });
  await makeStation(t, { code: 'GZ-002', city_code: 'GZ', last_reported_at: new Date(now - 25 * HOUR) }); // STALE
  await makeStation(t, {
    code: 'GZ-003',
    city_code: 'GZ',
    status: 'CLOSED',
    last_reported_at: new Date(now - 25 * HOUR),
  });
  await makeStation(t, { code: 'GZ-004', city_code: 'GZ', status: 'FULL' });
  await makeStation(t, { code: 'GZ-005', city_code: 'GZ', status: 'MAINTENANCE' });
  await makeStation(t, { code: 'GZ-006', city_code: 'GZ', name: '回收率100%驿站' });
  await makeStation(t, { code: 'GZ-007', city_code: 'GZ', name: '东_门驿站' });
  await makeStation(t, { code: 'GZ-008', city_code: 'GZ', name: '东x门驿站' });
  // --- HZ: 5 stations, one of each status, and drop-offs at two ------------------------------
  await makeStation(t, { code: 'HZ-A', city_code: 'HZ', bin_capacity: 1000 }); // OPEN
  await makeStation(t, { code: 'HZ-B', city_code: 'HZ', bin_capacity: 1000, status: 'FULL' });
  await makeStation(t, { code: 'HZ-C', city_code: 'HZ', last_reported_at: new Date(now - 25 * HOUR) }); // STALE
  await makeStation(t, { code: 'HZ-D', city_code: 'HZ', status: 'CLOSED' });
  await makeStation(t, { code: 'HZ-E', city_code: 'HZ', status: 'MAINTENANCE' });
  await log('HZ-A', [
    { idempotencyKey: 'a1', materialCode: 'BOX_M', outcome: 'REUSED', quantity: 10 }, // 10 × 0.25 kg = 2.5 kg
    { idempotencyKey: 'a2', materialCode: 'BOX_M', outcome: 'RECYCLED', quantity: 16, massKg: 4 },
    { idempotencyKey: 'a3', materialCode: 'MAILER_BAG', outcome: 'RECYCLED', quantity: 3 }, // 3 × 0.03 = 0.09 kg
  ]);
  await log('HZ-B', [
    { idempotencyKey: 'b1', materialCode: 'BOX_S', outcome: 'REUSED', quantity: 4, massKg: 0.7 },
    { idempotencyKey: 'b2', materialCode: 'FOAM_FILL', outcome: 'RECYCLED', quantity: 2 }, // 2 × 0.02 = 0.04 kg
    // Two days ago (local day 2026-11-09): outside "today", inside Nov 9..11. 5 × 0.45 = 2.25 kg
    {
      idempotencyKey: 'b3',
      materialCode: 'BOX_L',
      outcome: 'RECYCLED',
      quantity: 5,
      occurredAt: '2026-11-09T04:00:00Z',
    },
  ]);
  return { t, admin };
}

const LogDropOffs = graphql(`
  mutation ($input: LogDropOffsInput!) {
    logDropOffs(input: $input) {
      __typename
      ... on LogDropOffsPayload {
        accepted
      }
      ... on InputError {
        message
      }
      ... on NotFoundError {
        message
      }
    }
  }
`);
type Items = VariablesOf<typeof LogDropOffs>['input']['items'];

async function logAs(t: TestApp, admin: string, stationCode: string, items: Items) {
  const r = ok(await t.gql(LogDropOffs, { input: { stationCode, items } }, admin));
  expect(r.logDropOffs).toEqual({ __typename: 'LogDropOffsPayload', accepted: items.length });
}

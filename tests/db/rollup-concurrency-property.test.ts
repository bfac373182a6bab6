// §3 property under concurrency: rounds of batches, replays, voids and bin pickups sent AT ONCE
// (Promise.all through the API; on PostgreSQL each runs on its own pooled connection, so their
// statements interleave in the database), with items a few milliseconds before and after a
// racing pickup. After every run each derived counter equals its definition over the raw rows
// (tests/helpers/rollup-invariants.ts). On PGlite the same operations run one at a time (it has
// one connection), which still checks the definitions; the interleavings are PostgreSQL's.
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, member, ok, TEST_NOW, type TestApp } from '../helpers/app.ts';
import { makeStation, makeUser } from '../helpers/factories.ts';
import { VoidOutcome, PickupOutcome } from '../helpers/drop-off-checks.ts';
import { expectRollupsMatchRawRows, expectStationCountersMatchRawRows } from '../helpers/rollup-invariants.ts';
import { graphql } from '../../web/src/lib/graphql.ts';

let t: TestApp;
let admin: Awaited<ReturnType<typeof makeUser>>;
beforeAll(async () => {
  // One drop-off statement at a time: concurrent batches of the two stations share statements
  // (services/ingest-queue.ts), so the property covers shared statements beside voids and pickups.
  t = await createTestApp({ ingestStatements: 1 });
  admin = await makeUser(t, 'ADMIN');
});
afterAll(() => t.close());

const LOG = graphql(`
  mutation ($input: LogDropOffsInput!) {
    logDropOffs(input: $input) {
      __typename
      ... on LogDropOffsPayload {
        accepted
        replayed
        conflicts
      }
      ... on Error {
        message
      }
    }
  }
`);

const item = fc.record({
  material: fc.constantFrom('BOX_S', 'BOX_M', 'MAILER_BAG', 'PAPER_FILL'),
  outcome: fc.constantFrom('REUSED' as const, 'RECYCLED' as const, 'RECYCLED' as const),
  quantity: fc.integer({ min: 1, max: 9 }),
  // Mostly a few milliseconds around "now", where a racing pickup at "now" draws its line.
  offsetMs: fc.oneof(
    { weight: 3, arbitrary: fc.integer({ min: -3, max: 3 }) },
    { weight: 1, arbitrary: fc.integer({ min: -3 * 3600_000, max: 60_000 }) },
  ),
});
const op = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('log' as const),
      station: fc.nat(1),
      items: fc.array(item, { minLength: 1, maxLength: 8 }),
      replays: fc.array(fc.nat(), { maxLength: 3 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('void' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('pickup' as const), station: fc.nat(1) }) },
);
type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;
const scenario = fc.array(
  fc.record({ ops: fc.array(op, { minLength: 2, maxLength: 6 }), tickMinutes: fc.integer({ min: 0, max: 90 }) }),
  { minLength: 1, maxLength: 5 },
);

const seen = { rounds: 0, accepted: 0, replayed: 0, voided: 0, pickups: 0, itemsNearPickups: 0 };
let keySeq = 0;

async function runScenario(rounds: { ops: Op[]; tickMinutes: number }[]) {
  for (const table of ['city_day_total', 'station_day_total', 'station_week_total', 'bin_pickup', 'drop_off'] as const)
    await t.db.db.deleteFrom(table).execute();
  t.clock.now = new Date(TEST_NOW);
  const stations = [
    await makeStation(t, { bin_capacity: 5000 }),
    await makeStation(t, { city_code: 'BJ', bin_capacity: 5000 }),
  ];
  const logged = stations.map(
    () =>
      [] as {
        idempotencyKey: string;
        outcome: 'REUSED' | 'RECYCLED';
        materialCode: string;
        quantity: number;
        occurredAt: string;
      }[],
  );
  const token = await t.tokenFor(admin.viewer, t.clock.now, 24 * 3600);

  for (const round of rounds) {
    const now = t.clock.now.getTime();
    const rows = await t.db.db
      .selectFrom('drop_off')
      .select('id')
      .where(
        'station_id',
        'in',
        stations.map((s) => s.id),
      )
      .orderBy('id')
      .execute();
    const pickupStations = new Set(round.ops.filter((o) => o.kind === 'pickup').map((o) => o.station));
    const sends = round.ops.map(async (o) => {
      if (o.kind === 'pickup') {
        const r = ok(await t.gql(PickupOutcome, { code: stations[o.station]!.code, kg: 1.5 }, token)).recordBinPickup;
        expect(r.__typename).toBe('BinPickupPayload');
        seen.pickups++;
      } else if (o.kind === 'void') {
        if (!rows.length) return;
        const id = Buffer.from(`DropOff:${rows[o.pick % rows.length]!.id}`).toString('base64');
        const r = ok(await t.gql(VoidOutcome, { id, reason: 'concurrency property' }, token)).voidDropOff;
        expect(['DropOff', 'ConflictError']).toContain(r.__typename);
        if (r.__typename === 'DropOff') seen.voided++;
      } else {
        const fresh = o.items.map((i) => ({
          idempotencyKey: `c${++keySeq}`,
          materialCode: i.material,
          outcome: i.outcome,
          quantity: i.quantity,
          occurredAt: new Date(now + i.offsetMs).toISOString(),
        }));
        if (pickupStations.has(o.station))
          seen.itemsNearPickups += o.items.filter((i) => Math.abs(i.offsetMs) <= 3).length;
        const earlier = logged[o.station]!;
        const replays = earlier.length ? o.replays.map((n) => earlier[n % earlier.length]!) : [];
        const batch = [...fresh, ...new Map(replays.map((r) => [r.idempotencyKey, r])).values()];
        logged[o.station]!.push(...fresh);
        const r = ok(
          await t.gql(LOG, { input: { stationCode: stations[o.station]!.code, items: batch } }, token),
        ).logDropOffs;
        expect(r.__typename).toBe('LogDropOffsPayload');
        const p = member(r, 'LogDropOffsPayload');
        expect(p.conflicts).toBe(0);
        seen.accepted += p.accepted;
        seen.replayed += p.replayed;
      }
    });
    await Promise.all(sends);
    seen.rounds++;
    t.clock.now = new Date(now + round.tickMinutes * 60_000);
  }
  await expectRollupsMatchRawRows(t);
  await expectStationCountersMatchRawRows(
    t,
    stations.map((s) => s.id),
    new Map(stations.map((s) => [s.id, s.last_reported_at])),
  );
}

it('derived counters equal their definitions after concurrent batches, replays, voids and pickups', async () => {
  await fc.assert(fc.asyncProperty(scenario, runScenario), {
    numRuns: 30,
    seed: 20261201,
    interruptAfterTimeLimit: 150_000,
    markInterruptAsFailure: false,
  });
  expect(seen.rounds).toBeGreaterThan(30);
  expect(seen.accepted).toBeGreaterThan(300);
  expect(seen.replayed).toBeGreaterThan(10);
  expect(seen.voided).toBeGreaterThan(10);
  expect(seen.pickups).toBeGreaterThan(10);
  expect(seen.itemsNearPickups).toBeGreaterThan(20);
  // batches shared statements: fewer statements than batches
  expect(t.ingest.stats.batches - t.ingest.stats.statements).toBeGreaterThan(10);
  expect(t.ingest.stats.retried).toBe(0);
}, 200_000);

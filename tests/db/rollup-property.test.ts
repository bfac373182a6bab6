// Property: whatever sequence of batches, replays, voids, pickups and city rollup folds goes through the API, the
// rollups (with their weighed part) equal a direct SUM over the non-voided raw rows, each raw row
// is marked weighed exactly when its batch sent a mass, and each station counter (bin, items
// today, last report) equals its definition (tests/helpers/rollup-invariants.ts). The same under
// concurrency: rollup-concurrency-property.test.ts.
import fc from 'fast-check';
import { foldCityRollup } from '@recycle/db';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, member, ok, TEST_NOW, type TestApp } from '../helpers/app.ts';
import { makeStation, makeUser } from '../helpers/factories.ts';
import { VoidOutcome, PickupOutcome } from '../helpers/drop-off-checks.ts';
import { expectRollupsMatchRawRows, expectStationCountersMatchRawRows } from '../helpers/rollup-invariants.ts';
import { graphql } from '../../web/src/lib/graphql.ts';

let t: TestApp;
let admin: Awaited<ReturnType<typeof makeUser>>;
beforeAll(async () => {
  t = await createTestApp();
  admin = await makeUser(t, 'ADMIN');
});
afterAll(() => t.close());

const MATERIALS = ['BOX_S', 'BOX_M', 'BOX_L', 'MAILER_BAG', 'FOAM_FILL', 'PAPER_FILL'] as const;
// Up to four stations, three of them in SH: a city's stations write different rollup shards.
const CITIES = ['SH', 'BJ', 'SH', 'SH'] as const;
const MINUTES_30_DAYS = 30 * 24 * 60;

const LOG = graphql(`
  mutation ($input: LogDropOffsInput!) {
    logDropOffs(input: $input) {
      __typename
      ... on LogDropOffsPayload {
        accepted
        replayed
        results {
          replayed
          dropOff {
            id
          }
        }
      }
      ... on Error {
        message
      }
    }
  }
`);

interface ItemContent {
  materialCode: string;
  outcome: 'REUSED' | 'RECYCLED';
  quantity: number;
  massKg?: number;
  occurredAt: string;
}

const newItem = fc.record({
  material: fc.constantFrom(...MATERIALS),
  outcome: fc.constantFrom('REUSED' as const, 'RECYCLED' as const),
  quantity: fc.integer({ min: 1, max: 20 }),
  // Mostly the default mass; sometimes a weighed one (up to 2 kg per item).
  gramsPerItem: fc.option(fc.integer({ min: 1, max: 2000 }), { freq: 3 }),
  // Recent times (after a recent pickup, often) as well as anywhere in the last 30 days.
  minutesAgo: fc.oneof(fc.integer({ min: 0, max: 600 }), fc.integer({ min: 0, max: MINUTES_30_DAYS - 1 })),
});

const op = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('log' as const),
      station: fc.nat(3),
      items: fc.array(newItem, { minLength: 1, maxLength: 20 }),
      // Items of this batch sent a second time in it (same key, same content).
      repeatInBatch: fc.array(fc.nat(), { maxLength: 2 }),
      // Keys logged at this station before, sent again as a retry would.
      replays: fc.array(fc.nat(), { maxLength: 5 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('void' as const), pick: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('pickup' as const),
      station: fc.nat(3),
      kg: fc.integer({ min: 1, max: 100_000 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('tick' as const), minutes: fc.integer({ min: 1, max: 240 }) }),
  },
  // the city rollup's past days folded into shard 0 (as each API process does hourly)
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('fold' as const) }) },
);
type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

const scenario = fc.record({
  stations: fc.integer({ min: 2, max: 4 }),
  ops: fc.array(op, { minLength: 1, maxLength: 15 }),
});

let keySeq = 0;

/** What the runs did, to check that they exercised every kind of operation. */
const seen = { accepted: 0, replayed: 0, voided: 0, conflicts: 0, pickups: 0, splitKeys: 0, folded: 0, afterFold: 0 };

async function runScenario(s: { stations: number; ops: Op[] }) {
  // Each run starts from empty tables, so a failing run (and its shrunk versions) stands alone.
  for (const table of [
    'city_day_total',
    'station_day_total',
    'station_week_total',
    'bin_pickup',
    'drop_off',
  ] as const) {
    await t.db.db.deleteFrom(table).execute();
  }
  t.clock.now = new Date(TEST_NOW);
  const stations = [];
  for (let i = 0; i < s.stations; i++)
    stations.push(await makeStation(t, { city_code: CITIES[i]!, bin_capacity: 1000 }));
  // Per station: the keys logged so far and what was sent with them (a retry resends the same).
  const logged = stations.map(() => [] as { key: string; item: ItemContent }[]);
  const token = () => t.tokenFor(admin.viewer, t.clock.now);

  let folded = false;
  for (const o of s.ops) {
    if (o.kind === 'fold') {
      const r = await foldCityRollup(t.db.db, t.clock.now);
      seen.folded += r.rows;
      folded ||= r.rows > 0;
    } else if (o.kind === 'tick') {
      t.clock.now = new Date(t.clock.now.getTime() + o.minutes * 60_000);
    } else if (o.kind === 'pickup') {
      const st = stations[o.station % stations.length]!;
      const r = ok(await t.gql(PickupOutcome, { code: st.code, kg: o.kg / 1000 }, await token())).recordBinPickup;
      expect(r.__typename).toBe('BinPickupPayload');
      seen.pickups++;
    } else if (o.kind === 'void') {
      const rows = await t.db.db
        .selectFrom('drop_off')
        .select(['id', 'voided_at'])
        .where(
          'station_id',
          'in',
          stations.map((x) => x.id),
        )
        .orderBy('id')
        .execute();
      if (!rows.length) continue;
      const row = rows[o.pick % rows.length]!;
      const id = Buffer.from(`DropOff:${row.id}`).toString('base64');
      const r = ok(await t.gql(VoidOutcome, { id, reason: 'property test' }, await token())).voidDropOff;
      expect(r.__typename).toBe(row.voided_at ? 'ConflictError' : 'DropOff');
      seen[row.voided_at ? 'conflicts' : 'voided']++;
      if (folded && !row.voided_at) seen.afterFold++;
    } else {
      const si = o.station % stations.length;
      const fresh = o.items.map((i) => ({
        key: `k${++keySeq}`,
        item: {
          materialCode: i.material,
          outcome: i.outcome,
          quantity: i.quantity,
          ...(i.gramsPerItem === null ? {} : { massKg: (i.gramsPerItem * i.quantity) / 1000 }),
          occurredAt: new Date(t.clock.now.getTime() - i.minutesAgo * 60_000).toISOString(),
        } as ItemContent,
      }));
      // A retry can only come within the 30-day window: an item older than that is refused,
      // replay or not (InputError on its occurredAt), so the model resends only younger ones.
      const windowStart = t.clock.now.getTime() - MINUTES_30_DAYS * 60_000;
      const earlier = logged[si]!.filter((e) => new Date(e.item.occurredAt).getTime() > windowStart);
      const replays = earlier.length
        ? [...new Set(o.replays.map((n) => n % earlier.length))].map((n) => earlier[n]!)
        : [];
      const repeats = o.repeatInBatch.map((n) => fresh[n % fresh.length]!);
      const batch = [...fresh, ...replays, ...repeats];
      const r = ok(
        await t.gql(
          LOG,
          {
            input: { stationCode: stations[si]!.code, items: batch.map((b) => ({ idempotencyKey: b.key, ...b.item })) },
          },
          await token(),
        ),
      ).logDropOffs;
      expect(r.__typename).toBe('LogDropOffsPayload');
      const p = member(r, 'LogDropOffsPayload');
      expect(p.accepted).toBe(fresh.length);
      expect(p.replayed).toBe(replays.length + repeats.length);
      logged[si]!.push(...fresh);
      // weighed exactly when a mass was sent
      const keys = fresh.map((b) => b.key);
      const marks = await t.db.db
        .selectFrom('drop_off')
        .select(['idempotency_key', 'mass_weighed'])
        .where('idempotency_key', 'in', keys)
        .execute();
      expect(Object.fromEntries(marks.map((m) => [m.idempotency_key, m.mass_weighed]))).toEqual(
        Object.fromEntries(fresh.map((b) => [b.key, b.item.massKg !== undefined])),
      );
      if (folded) seen.afterFold += p.accepted;
      seen.accepted += p.accepted;
      seen.replayed += p.replayed;
    }
  }
  seen.splitKeys += await expectRollupsMatchRawRows(t);
  await expectStationCountersMatchRawRows(
    t,
    stations.map((x) => x.id),
    new Map(stations.map((x) => [x.id, x.last_reported_at])),
  );
}

it('rollups and bins always equal sums over the raw drop-offs', async () => {
  await fc.assert(fc.asyncProperty(scenario, runScenario), {
    numRuns: 30,
    seed: 20261114,
    // A failure is reported even if shrinking it would take too long.
    interruptAfterTimeLimit: 90_000,
    markInterruptAsFailure: false,
  });
  // The runs did exercise every kind of operation.
  expect(seen.accepted).toBeGreaterThan(500);
  expect(seen.replayed).toBeGreaterThan(20);
  expect(seen.voided).toBeGreaterThan(10);
  expect(seen.conflicts).toBeGreaterThan(0);
  expect(seen.pickups).toBeGreaterThan(5);
  expect(seen.splitKeys).toBeGreaterThan(0);
  // shard rows folded, and entries and voids written after a fold
  expect(seen.folded).toBeGreaterThan(20);
  expect(seen.afterFold).toBeGreaterThan(20);
}, 110_000);

// The web's own GraphQL documents (web/src/routes/*/documents.ts) sent to the real API, as each
// screen sends them, with typed results (no `any`): the fields a screen reads are there, typed
// errors come back as the members the web unwraps, and the values are worked out by hand.
// tests/unit/graphql-documents.test.ts checks the same documents statically against the schema.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, ok, type TestApp } from '../helpers/app.ts';
import { makeStation, makeUser } from '../helpers/factories.ts';
import {
  MapStationQuery,
  NeedsActionQueueQuery,
  SetStationStatusMutation,
} from '../../web/src/routes/map/documents.ts';
import {
  CounterStationQuery,
  LogDropOffsMutation,
  RecordPickupMutation,
  VoidDropOffMutation,
} from '../../web/src/routes/station/documents.ts';
import { CarbonReportQuery } from '../../web/src/routes/reports/documents.ts';
import { SignInMutation } from '../../web/src/routes/shell/documents.ts';

let t: TestApp;
let manager: string;
let staff: string;

beforeAll(async () => {
  t = await createTestApp();
  const counter = await makeStation(t, { code: 'SZ-1', city_code: 'SZ', bin_capacity: 100, bin_items: 10 });
  // The 10 items in the bin are raw entries from two days ago (a pickup recounts the bin from them).
  const before = new Date(t.clock.now.getTime() - 2 * 24 * 3600_000);
  await t.db.db
    .insertInto('drop_off')
    .values({
      station_id: counter.id,
      occurred_at: before,
      local_day: before.toISOString().slice(0, 10),
      material_code: 'BOX_M',
      quantity: 10,
      mass_kg: 2.5,
      outcome: 'RECYCLED',
      idempotency_key: 'web-documents-bin',
    })
    .execute();
  await makeStation(t, { code: 'SZ-2', city_code: 'SZ', status: 'FULL' });
  manager = (await makeUser(t, 'CITY_MANAGER', { cityCode: 'SZ' })).token;
  staff = (await makeUser(t, 'STATION_STAFF', { stationId: counter.id })).token;
});
afterAll(() => t.close());

describe('the map dashboard', () => {
  it("lists the city's FULL station and opens a station's drawer", async () => {
    const { needsAction } = ok(await t.gql(NeedsActionQueueQuery, { city: 'SZ' }, manager));
    expect(needsAction.edges.map(({ node: n }) => [n.station.code, n.status])).toEqual([['SZ-2', 'FULL']]);
    expect(needsAction.totalCount).toBe(1);
    const { station } = ok(
      await t.gql(MapStationQuery, { code: 'SZ-1', from: '2026-10-13', to: '2026-11-11' }, manager),
    );
    expect(station).toMatchObject({
      code: 'SZ-1',
      status: 'OPEN',
      operatingStatus: 'OPEN',
      binItems: 10,
      binCapacity: 100,
      binFill: 0.1,
    });
    expect(station?.daily).toEqual([]);
  });

  it("the city's manager changes a status; an unknown code is a NotFoundError naming it", async () => {
    const saved = ok(
      await t.gql(SetStationStatusMutation, { code: 'SZ-2', status: 'MAINTENANCE' }, manager),
    ).setStationStatus;
    expect(saved).toEqual({
      __typename: 'Station',
      status: 'MAINTENANCE',
      operatingStatus: 'MAINTENANCE',
      lastReportedAt: expect.any(String),
    });
    const missing = ok(
      await t.gql(SetStationStatusMutation, { code: 'SZ-99', status: 'OPEN' }, manager),
    ).setStationStatus;
    expect(missing).toMatchObject({
      __typename: 'NotFoundError',
      field: 'code',
      message: expect.stringContaining('SZ-99'),
    });
  });
});

describe('the station counter', () => {
  const item = { materialCode: 'BOX_M', outcome: 'RECYCLED' as const, massKg: 0.5 };

  it('a batch with one bad item is refused with an issue naming that item, and nothing is written', async () => {
    const r = ok(
      await t.gql(
        LogDropOffsMutation,
        {
          input: {
            stationCode: 'SZ-1',
            items: [
              { ...item, idempotencyKey: 'w1', quantity: 3 },
              { materialCode: 'BOX_M', outcome: 'RECYCLED', idempotencyKey: 'w2', quantity: 0 },
            ],
          },
        },
        staff,
      ),
    ).logDropOffs;
    expect(r.__typename).toBe('InputError');
    expect(r.__typename === 'InputError' && r.issues.map((i) => i.field)).toEqual(['input.items.1.quantity']);
    const { station } = ok(await t.gql(CounterStationQuery, { code: 'SZ-1' }, staff));
    expect(station?.totals.items).toBe(0);
  });

  it('logs, counts a resend once, lists today, voids, and empties the bin', async () => {
    const batch = { input: { stationCode: 'SZ-1', items: [{ ...item, idempotencyKey: 'w3', quantity: 3 }] } };
    const first = ok(await t.gql(LogDropOffsMutation, batch, staff)).logDropOffs;
    const again = ok(await t.gql(LogDropOffsMutation, batch, staff)).logDropOffs;
    if (first.__typename !== 'LogDropOffsPayload' || again.__typename !== 'LogDropOffsPayload')
      throw new Error(`refused: ${first.__typename}`);
    expect(first.results.map((x) => [x.idempotencyKey, x.status])).toEqual([['w3', 'ACCEPTED']]);
    expect(again.results.map((x) => [x.idempotencyKey, x.status, x.dropOff.id])).toEqual([
      ['w3', 'REPLAYED', first.results[0]!.dropOff.id],
    ]);

    const { station } = ok(await t.gql(CounterStationQuery, { code: 'SZ-1' }, staff));
    // 10 items in the bin before, 3 recycled now: 13; today's totals count the three once.
    expect(station).toMatchObject({
      binItems: 13,
      totals: { items: 3, itemsReused: 0, itemsRecycled: 3, dropOffs: 1 },
    });
    expect(station?.totals.byMaterial).toEqual([{ materialCode: 'BOX_M', outcome: 'RECYCLED', items: 3 }]);
    expect(station?.dropOffs.edges.map((e) => [e.node.idempotencyKey, e.node.quantity, e.node.voided])).toEqual([
      ['w3', 3, false],
      ['web-documents-bin', 10, false],
    ]);

    const id = first.results[0]!.dropOff.id;
    expect(ok(await t.gql(VoidDropOffMutation, { id, reason: 'typed twice' }, staff)).voidDropOff).toEqual({
      __typename: 'DropOff',
    });
    expect(ok(await t.gql(VoidDropOffMutation, { id, reason: 'typed twice' }, staff)).voidDropOff).toMatchObject({
      __typename: 'ConflictError',
      field: 'id',
    });

    // The void took the 3 items back out of the bin: 10 are cleared.
    const pickup = ok(await t.gql(RecordPickupMutation, { code: 'SZ-1', kg: 12.5 }, staff)).recordBinPickup;
    expect(pickup).toEqual({ __typename: 'BinPickupPayload', itemsCleared: 10 });
  });
});

describe('the carbon report', () => {
  it('answers a grouping with rows and a total, and names an unknown factor set as a NotFoundError', async () => {
    const scope = { from: '2026-11-11', to: '2026-11-11', cityCodes: ['SZ'], stationCodes: [], factorSet: null };
    const { report } = ok(await t.gql(CarbonReportQuery, { ...scope, groupBy: ['OUTCOME'] }, manager));
    if (report.__typename !== 'CarbonReport') throw new Error(report.message);
    // Everything logged today was voided: its group is there, with nothing left in it.
    expect(report.rows.map((r) => [r.outcome, r.items, r.kg, r.co2e.total.central])).toEqual([['RECYCLED', 0, 0, 0]]);
    expect(report.total).toMatchObject({ items: 0, kg: 0, co2e: { total: { central: 0, low: 0, high: 0 } } });
    const unknown = ok(
      await t.gql(CarbonReportQuery, { ...scope, groupBy: ['DAY'], factorSet: 'IPCC-1990' }, manager),
    ).report;
    expect(unknown).toMatchObject({
      __typename: 'NotFoundError',
      field: 'factorSet',
      message: 'Emission factor set "IPCC-1990" does not exist',
    });
  });
});

describe('the shell', () => {
  it('a wrong password is an error the web shows as such, not data', async () => {
    const r = await t.gql(SignInMutation, { email: 'nobody@test.cn', password: 'wrong-password' });
    expect(r.data).toBeNull();
    expect(r.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

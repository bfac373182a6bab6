// Queries and checks shared by the drop-off write tests (logDropOffs, voidDropOff).
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { graphql, type VariablesOf } from '../../web/src/lib/graphql.ts';
import { createTestApp, TEST_NOW, type TestApp } from './app.ts';
import { makeStation, makeUser } from './factories.ts';

export const LOG = `mutation($input: LogDropOffsInput!) { logDropOffs(input: $input) { __typename
  ... on LogDropOffsPayload { accepted replayed conflicts
    results { idempotencyKey status replayed conflict { field fields } dropOff { id quantity massKg localDay occurredAt outcome materialCode voided } }
    station { binItems binCapacity status operatingStatus totals { items dropOffs itemsRecycled itemsReused kgRecycled kgReused } } }
  ... on InputError { field message issues { field message } }
  ... on NotFoundError { field message } } }`;

/** LOG as a typed document: the result union is read with member() (helpers/app.ts). */
export const LogDropOffs = graphql(LOG);
export type LogItems = VariablesOf<typeof LogDropOffs>['input']['items'];

export const VOID = `mutation($id: ID!, $reason: String!) { voidDropOff(id: $id, reason: $reason) { __typename
  ... on DropOff { id voided voidReason quantity station { binItems totals { items dropOffs itemsRecycled } } }
  ... on Error { message } ... on InputError { field } ... on NotFoundError { field } ... on ConflictError { field } } }`;

/** A void answered only with its outcome: for tests that check the rows afterwards. */
export const VoidOutcome = graphql(`
  mutation ($id: ID!, $reason: String!) {
    voidDropOff(id: $id, reason: $reason) {
      __typename
      ... on Error {
        message
      }
    }
  }
`);

/** A bin pickup answered only with its outcome, likewise. */
export const PickupOutcome = graphql(`
  mutation ($code: String!, $kg: Float!) {
    recordBinPickup(stationCode: $code, kg: $kg) {
      __typename
      ... on Error {
        message
      }
    }
  }
`);

export type Item = {
  idempotencyKey: string;
  materialCode?: string;
  outcome?: string;
  quantity?: number;
  massKg?: number;
  occurredAt?: string;
};
export const item = (key: string, o: Omit<Item, 'idempotencyKey'> = {}) => ({
  idempotencyKey: key,
  materialCode: 'BOX_M',
  outcome: 'RECYCLED',
  quantity: 1,
  ...o,
});

export async function staffAt(t: TestApp, stationOverrides: Parameters<typeof makeStation>[1] = {}) {
  const station = await makeStation(t, stationOverrides);
  const staff = await makeUser(t, 'STATION_STAFF', { stationId: station.id });
  return {
    station,
    staff,
    // Items typed loosely on purpose: the validation tests send outcomes outside the enum and the like.
    log: (items: unknown[], token = staff.token) =>
      t.gql(LogDropOffs, { input: { stationCode: station.code, items: items as LogItems } }, token),
  };
}

/** Everything a drop-off write can touch, to show that a rejected one touched nothing. */
export async function footprint(t: TestApp) {
  const r = await sql<Record<string, number>>`select
    (select count(*)::int from drop_off) as drop_offs,
    (select count(*)::int from audit_entry) as audits,
    (select count(*)::int from station_day_total) as station_rows,
    (select coalesce(sum(quantity), 0)::int from station_day_total) as station_qty,
    (select coalesce(sum(entries), 0)::int from station_day_total) as station_entries,
    (select count(*)::int from city_day_total) as city_rows,
    (select coalesce(sum(quantity), 0)::int from city_day_total) as city_qty,
    (select coalesce(sum(bin_items), 0)::int from station) as bin_items`.execute(t.db.db);
  return r.rows[0]!;
}

export async function stationDay(t: TestApp, stationId: number) {
  const r = await sql<{
    day: string;
    material_code: string;
    outcome: string;
    entries: number;
    quantity: number;
    mass_kg: number;
  }>`
    select to_char(day, 'YYYY-MM-DD') as day, material_code, outcome, entries, quantity::int as quantity, mass_kg::float8 as mass_kg
    from station_day_total where station_id = ${stationId} order by day, material_code, outcome`.execute(t.db.db);
  return r.rows;
}

export async function cityQuantity(t: TestApp, cityCode: string) {
  const r = await sql<{
    q: number;
    e: number;
  }>`select coalesce(sum(quantity), 0)::int as q, coalesce(sum(entries), 0)::int as e
    from city_day_total where city_code = ${cityCode}`.execute(t.db.db);
  return r.rows[0]!;
}

export async function rowCount(t: TestApp, stationId: number) {
  const r = await sql<{ n: number }>`select count(*)::int as n from drop_off where station_id = ${stationId}`.execute(
    t.db.db,
  );
  return r.rows[0]!.n;
}

/**
 * The drop-off write tests' setup, called at a test file's top level (it registers the hooks): a new
 * app and database with an admin, the clock at TEST_NOW before each test, and the checks above
 * bound to that app. `t` and `admin` exist once beforeAll has run: read them inside tests.
 */
export function dropOffApp() {
  let t: TestApp | undefined;
  let admin: Awaited<ReturnType<typeof makeUser>> | undefined;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await makeUser(t, 'ADMIN');
  });
  afterAll(() => t?.close());
  beforeEach(() => {
    t!.clock.now = new Date(TEST_NOW);
  });
  const app = () => t!;
  return {
    get t() {
      return app();
    },
    get admin() {
      return admin!;
    },
    staffAt: (o: Parameters<typeof makeStation>[1] = {}) => staffAt(app(), o),
    footprint: () => footprint(app()),
    stationDay: (stationId: number) => stationDay(app(), stationId),
    cityQuantity: (cityCode: string) => cityQuantity(app(), cityCode),
    rowCount: (stationId: number) => rowCount(app(), stationId),
  };
}

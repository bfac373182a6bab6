// Station writes through the GraphQL API: status, bin pickups, create and edit. Each success is
// audited; each rejection writes nothing. (Who may call them: tests/api/authorization/stations.test.ts.)
import { print } from 'graphql';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, ok, TEST_NOW, type TestApp, member } from '../helpers/app.ts';
import { fillBin, makeStation, makeUser } from '../helpers/factories.ts';
import { graphql, type VariablesOf } from '../../web/src/lib/graphql.ts';
import { ResultErrorFields } from '../../web/src/lib/documents.ts';

let t: TestApp;
let admin: Awaited<ReturnType<typeof makeUser>>;
let shManager: Awaited<ReturnType<typeof makeUser>>;
beforeAll(async () => {
  t = await createTestApp();
  admin = await makeUser(t, 'ADMIN');
  shManager = await makeUser(t, 'CITY_MANAGER', { cityCode: 'SH' });
});
afterAll(() => t.close());
beforeEach(() => {
  t.clock.now = new Date(TEST_NOW);
});

const StationFields = graphql(`
  fragment StationFields on Station {
    code
    name
    district
    address
    lat
    lng
    binCapacity
    binItems
    operatingStatus
    status
    lastPickupAt
    city {
      code
    }
  }
`);

const SET_STATUS = graphql(
  `
    mutation ($code: String!, $status: OperatingStatus!) {
      setStationStatus(code: $code, status: $status) {
        __typename
        ...StationFields
        ...ResultErrorFields
      }
    }
  `,
  [StationFields, ResultErrorFields],
);
const PICKUP = graphql(
  `
    mutation ($code: String!, $kg: Float!) {
      recordBinPickup(stationCode: $code, kg: $kg) {
        __typename
        ... on BinPickupPayload {
          kg
          itemsCleared
          pickedUpAt
          station {
            binItems
            operatingStatus
            lastPickupAt
            pickups {
              kg
              itemsCleared
              pickedUpAt
            }
          }
        }
        ...ResultErrorFields
      }
    }
  `,
  [ResultErrorFields],
);
const CREATE = graphql(
  `
    mutation ($input: CreateStationInput!) {
      createStation(input: $input) {
        __typename
        ...StationFields
        ...ResultErrorFields
      }
    }
  `,
  [StationFields, ResultErrorFields],
);
const UPDATE = graphql(
  `
    mutation ($code: String!, $input: StationInput!) {
      updateStation(code: $code, input: $input) {
        __typename
        ...StationFields
        ...ResultErrorFields
      }
    }
  `,
  [StationFields, ResultErrorFields],
);
const LOG = graphql(`
  mutation ($input: LogDropOffsInput!) {
    logDropOffs(input: $input) {
      __typename
      ... on LogDropOffsPayload {
        accepted
        station {
          binItems
        }
      }
    }
  }
`);
type CreateInput = VariablesOf<typeof CREATE>['input'];

async function audits(entityId: string) {
  return (
    await sql<{
      action: string;
      before: Record<string, unknown> | null;
      after: Record<string, unknown> | null;
      actor_id: number;
    }>`select action, before, after, actor_id
    from audit_entry where entity = 'station' and entity_id = ${entityId} order by id`.execute(t.db.db)
  ).rows;
}

async function footprint() {
  const r = await sql<Record<string, unknown>>`select
    (select count(*)::int from station) as stations,
    (select count(*)::int from bin_pickup) as pickups,
    (select count(*)::int from audit_entry) as audits,
    (select json_agg(s order by id) from (select id, code, name, district, address, lat, lng, bin_capacity, bin_items, status, last_pickup_at from station) s)::text as rows`.execute(
    t.db.db,
  );
  return r.rows[0]!;
}

describe('setStationStatus', () => {
  it('changes the status and audits before and after', async () => {
    const s = await makeStation(t, { status: 'OPEN' });
    const r = ok(await t.gql(SET_STATUS, { code: s.code, status: 'MAINTENANCE' }, shManager.token)).setStationStatus;
    expect(r).toMatchObject({
      __typename: 'Station',
      code: s.code,
      operatingStatus: 'MAINTENANCE',
      status: 'MAINTENANCE',
    });
    const r2 = ok(await t.gql(SET_STATUS, { code: s.code, status: 'CLOSED' }, admin.token)).setStationStatus;
    expect(member(r2, 'Station').operatingStatus).toBe('CLOSED');
    expect(await audits(s.code)).toEqual([
      {
        action: 'setStationStatus',
        before: { status: 'OPEN' },
        after: { status: 'MAINTENANCE' },
        actor_id: shManager.user.id,
      },
      {
        action: 'setStationStatus',
        before: { status: 'MAINTENANCE' },
        after: { status: 'CLOSED' },
        actor_id: admin.user.id,
      },
    ]);
  });

  it('an unknown code → NotFoundError on code; STALE is not a status one can set', async () => {
    const before = await footprint();
    const r = ok(await t.gql(SET_STATUS, { code: 'SH-99999', status: 'OPEN' }, admin.token)).setStationStatus;
    expect(r).toMatchObject({ __typename: 'NotFoundError', field: 'code' });
    const s = await makeStation(t);
    // STALE is not an OperatingStatus, so the typed variables cannot hold it: sent as text.
    const stale = await t.gql<unknown>(print(SET_STATUS), { code: s.code, status: 'STALE' }, admin.token);
    expect(stale.errors?.[0]?.message).toMatch(/STALE/);
    const after = await footprint();
    expect(after.audits).toBe(before.audits);
  });
});

describe('recordBinPickup', () => {
  it('empties the bin, turns FULL into OPEN and records the items cleared', async () => {
    const s = await makeStation(t, { status: 'FULL', bin_capacity: 100, bin_items: 100 });
    await fillBin(t, s, 100);
    const r = member(
      ok(await t.gql(PICKUP, { code: s.code, kg: 23.5 }, shManager.token)).recordBinPickup,
      'BinPickupPayload',
    );
    expect(r).toMatchObject({ __typename: 'BinPickupPayload', kg: 23.5, itemsCleared: 100 });
    expect(r.pickedUpAt).toBe(TEST_NOW.toISOString());
    expect(r.station).toMatchObject({ binItems: 0, operatingStatus: 'OPEN', lastPickupAt: TEST_NOW.toISOString() });
    expect(r.station.pickups).toEqual([{ kg: 23.5, itemsCleared: 100, pickedUpAt: TEST_NOW.toISOString() }]);
    const [entry] = await audits(s.code);
    expect(entry).toMatchObject({
      action: 'recordBinPickup',
      before: { binItems: 100, status: 'FULL' },
      after: { itemsCleared: 100 },
    });
  });

  it('leaves a CLOSED station CLOSED', async () => {
    const s = await makeStation(t, { status: 'CLOSED', bin_items: 7 });
    await fillBin(t, s, 7);
    const r = ok(await t.gql(PICKUP, { code: s.code, kg: 2 }, admin.token)).recordBinPickup;
    expect(r).toMatchObject({ itemsCleared: 7, station: { binItems: 0, operatingStatus: 'CLOSED' } });
  });

  it('items that occurred after the pickup fill the bin again; items logged late for before it do not', async () => {
    const s = await makeStation(t, { bin_items: 30 });
    await fillBin(t, s, 30);
    const staff = await makeUser(t, 'STATION_STAFF', { stationId: s.id });
    ok(await t.gql(PICKUP, { code: s.code, kg: 5 }, staff.token)); // at 04:00Z
    t.clock.now = new Date(TEST_NOW.getTime() + 1800_000); // half an hour later
    const items: VariablesOf<typeof LOG>['input']['items'] = [
      {
        idempotencyKey: 'late',
        materialCode: 'BOX_M',
        outcome: 'RECYCLED',
        quantity: 4,
        occurredAt: '2026-11-11T03:30:00Z',
      },
      {
        idempotencyKey: 'new',
        materialCode: 'BOX_M',
        outcome: 'RECYCLED',
        quantity: 2,
        occurredAt: '2026-11-11T04:20:00Z',
      },
    ];
    const r = ok(await t.gql(LOG, { input: { stationCode: s.code, items } }, staff.token)).logDropOffs;
    expect(r).toMatchObject({ accepted: 2, station: { binItems: 2 } });
  });

  it.each([
    ['0 kg', 0],
    ['negative kg', -5],
    ['over 5,000 kg', 5000.5],
  ])('%s → InputError on kg, nothing written', async (_name, kg) => {
    const s = await makeStation(t, { status: 'FULL', bin_items: 100 });
    const before = await footprint();
    const r = ok(await t.gql(PICKUP, { code: s.code, kg }, admin.token)).recordBinPickup;
    expect(r).toMatchObject({ __typename: 'InputError', field: 'kg' });
    expect(await footprint()).toEqual(before);
  });

  it('accepts exactly 5,000 kg', async () => {
    const s = await makeStation(t);
    const r = ok(await t.gql(PICKUP, { code: s.code, kg: 5000 }, admin.token)).recordBinPickup;
    expect(member(r, 'BinPickupPayload').kg).toBe(5000);
  });

  it('an unknown station → NotFoundError on stationCode', async () => {
    const before = await footprint();
    const r = ok(await t.gql(PICKUP, { code: 'SH-99998', kg: 3 }, admin.token)).recordBinPickup;
    expect(r).toMatchObject({ __typename: 'NotFoundError', field: 'stationCode' });
    expect(await footprint()).toEqual(before);
  });
});

describe('createStation', () => {
  const input = (o: Partial<CreateInput> = {}): CreateInput => ({
    code: 'SH-12345',
    cityCode: 'SH',
    district: '徐汇区',
    name: '徐家汇驿站',
    address: '漕溪北路 1 号',
    lat: 31.1955,
    lng: 121.4365,
    binCapacity: 200,
    ...o,
  });

  it('creates a station and audits it', async () => {
    const r = ok(await t.gql(CREATE, { input: input() }, shManager.token)).createStation;
    expect(r).toMatchObject({
      __typename: 'Station',
      code: 'SH-12345',
      name: '徐家汇驿站',
      district: '徐汇区',
      lat: 31.1955,
      lng: 121.4365,
      binCapacity: 200,
      binItems: 0,
      operatingStatus: 'OPEN',
      city: { code: 'SH' },
    });
    const [entry] = await audits('SH-12345');
    expect(entry).toMatchObject({
      action: 'createStation',
      before: null,
      actor_id: shManager.user.id,
      after: { code: 'SH-12345', bin_capacity: 200 },
    });
    // the report refresh's marker is not part of the station's record
    expect(entry!.after).not.toHaveProperty('written_xact');
  });

  it.each(
    (
      [
        ['a code in the wrong format', { code: 'SH12345' }, 'InputError', 'input.code'],
        ['a lower-case code', { code: 'sh-12346' }, 'InputError', 'input.code'],
        ['a code not starting with the city code', { code: 'BJ-12347' }, 'InputError', 'input.code'],
        // Hangzhou is ~165 km from Shanghai's centre.
        ['coordinates in another city', { code: 'SH-12348', lat: 30.2741, lng: 120.1551 }, 'InputError', 'input.lat'],
        ['lat and lng swapped', { code: 'SH-12349', lat: 121.4365, lng: 31.1955 }, 'InputError', 'input.lat'],
        ['a name of 101 characters', { code: 'SH-12350', name: '站'.repeat(101) }, 'InputError', 'input.name'],
        ['a bin capacity of 0', { code: 'SH-12351', binCapacity: 0 }, 'InputError', 'input.binCapacity'],
        ['an existing code', { code: 'SH-12345' }, 'ConflictError', 'input.code'],
        ['an unknown city', { code: 'QQ-00001', cityCode: 'QQ' }, 'NotFoundError', 'input.cityCode'], // (ZZ is Zhengzhou)
      ] as [string, Partial<CreateInput>, string, string][]
    ).map(([name, o, type, field]) => ({ name, o, type, field })),
  )('$name → $type on $field, nothing written', async ({ o, type, field }) => {
    // Makes sure SH-12345 exists whatever order the cases run in.
    if (type === 'ConflictError') await t.gql(CREATE, { input: input() }, admin.token);
    const before = await footprint();
    const r = ok(await t.gql(CREATE, { input: input(o) }, admin.token)).createStation;
    expect(r).toMatchObject({ __typename: type, field });
    expect(await footprint()).toEqual(before);
  });

  it('a station 300 km from the city centre is rejected with the distance in the message', async () => {
    // 2.7° of latitude ≈ 300 km north of the Shanghai centre (31.2304, 121.4737).
    const r = ok(
      await t.gql(CREATE, { input: input({ code: 'SH-12352', lat: 33.93, lng: 121.4737 }) }, shManager.token),
    ).createStation;
    expect(r).toMatchObject({ __typename: 'InputError', field: 'input.lat' });
    expect(member(r, 'InputError').message).toMatch(/is 30\d km from the centre of Shanghai/);
  });
});

describe('updateStation', () => {
  it('changes only the fields given, and audits before and after', async () => {
    const s = await makeStation(t, { name: '旧名字', bin_capacity: 100 });
    const r = ok(
      await t.gql(UPDATE, { code: s.code, input: { name: '新名字', binCapacity: 300 } }, shManager.token),
    ).updateStation;
    expect(r).toMatchObject({
      __typename: 'Station',
      code: s.code,
      name: '新名字',
      binCapacity: 300,
      district: s.district,
      address: s.address,
      lat: s.lat,
      lng: s.lng,
    });
    const [entry] = await audits(s.code);
    expect(entry).toMatchObject({
      action: 'updateStation',
      before: { name: '旧名字', bin_capacity: 100 },
      after: { name: '新名字', bin_capacity: 300 },
    });
  });

  it('moving a station out of its city → InputError on input.lat', async () => {
    const s = await makeStation(t);
    const before = await footprint();
    const r = ok(
      await t.gql(UPDATE, { code: s.code, input: { lat: 39.9042, lng: 116.4074 } }, admin.token),
    ).updateStation;
    expect(r).toMatchObject({ __typename: 'InputError', field: 'input.lat' });
    expect(await footprint()).toEqual(before);
  });

  it('an empty input → InputError on input', async () => {
    const s = await makeStation(t);
    const before = await footprint();
    const r = ok(await t.gql(UPDATE, { code: s.code, input: {} }, admin.token)).updateStation;
    expect(r).toMatchObject({ __typename: 'InputError', field: 'input' });
    expect(await footprint()).toEqual(before);
  });

  it('an overlong name → InputError on input.name', async () => {
    const s = await makeStation(t);
    const r = ok(await t.gql(UPDATE, { code: s.code, input: { name: 'x'.repeat(101) } }, admin.token)).updateStation;
    expect(r).toMatchObject({ __typename: 'InputError', field: 'input.name' });
  });

  it('an unknown code → NotFoundError on code', async () => {
    const before = await footprint();
    const r = ok(await t.gql(UPDATE, { code: 'SH-99997', input: { name: 'x' } }, admin.token)).updateStation;
    expect(r).toMatchObject({ __typename: 'NotFoundError', field: 'code' });
    expect(await footprint()).toEqual(before);
  });
});

describe('positions typed in GCJ-02 (as AMap shows them)', () => {
  const input = (o: Pick<CreateInput, 'code' | 'lat' | 'lng' | 'coordSystem'>): CreateInput => ({
    cityCode: 'SH',
    district: '黄浦区',
    name: '人民广场驿站',
    address: '人民大道 1 号',
    binCapacity: 100,
    ...o,
  });
  // AMap shows Shanghai's centre (WGS-84 31.2304, 121.4737) at about 31.22846, 121.47822: ~500 m off.
  it('createStation stores the WGS-84 point', async () => {
    const r = ok(
      await t.gql(
        CREATE,
        { input: input({ code: 'SH-12360', lat: 31.22846, lng: 121.47822, coordSystem: 'GCJ02' }) },
        admin.token,
      ),
    ).createStation;
    const { lat, lng } = member(r, 'Station');
    expect([lat.toFixed(3), lng.toFixed(3)]).toEqual(['31.230', '121.474']);
  });

  it('updateStation converts a pair; half a pair → InputError on the missing one, nothing written', async () => {
    const s = await makeStation(t, { code: 'SH-12361', city_code: 'SH' });
    const r = ok(
      await t.gql(
        UPDATE,
        { code: s.code, input: { lat: 31.22846, lng: 121.47822, coordSystem: 'GCJ02' } },
        admin.token,
      ),
    ).updateStation;
    const { lat, lng } = member(r, 'Station');
    expect([lat.toFixed(3), lng.toFixed(3)]).toEqual(['31.230', '121.474']);
    const before = await footprint();
    const half = ok(
      await t.gql(UPDATE, { code: s.code, input: { lat: 31.22846, coordSystem: 'GCJ02' } }, admin.token),
    ).updateStation;
    expect(half).toMatchObject({ __typename: 'InputError', field: 'input.lng' });
    expect(await footprint()).toEqual(before);
  });
});

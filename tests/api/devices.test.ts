// Counter devices over real HTTP (the credential is a header): pairing with a short code, what a
// device alone may do (its station's counter and report, nothing else), drop-offs recording the device and
// the signed-in person, revoking refused at once, last seen; who may pair and revoke.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '@recycle/api';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { makeStation, makeUser } from '../helpers/factories.ts';

let t: TestApp;
let server: RunningServer;
let staff: string;
let manager: string;
let station: { id: number; code: string };
let other: { id: number; code: string };

beforeAll(async () => {
  t = await createTestApp();
  server = await t.listen();
  station = await makeStation(t, { city_code: 'SH' });
  other = await makeStation(t, { city_code: 'SH' });
  staff = (await makeUser(t, 'STATION_STAFF', { stationId: station.id })).token;
  manager = (await makeUser(t, 'CITY_MANAGER', { cityCode: 'SH' })).token;
});
afterAll(async () => {
  await server.close();
  await t.close();
});

/** What these tests read from the answers (a union's members side by side: each test checks __typename). */
interface Answer {
  createPairingCode: { __typename: string; code: string; link: string; expiresAt: string };
  pairDevice: { __typename: string; deviceToken: string; device: { id: number } };
  currentDevice: unknown;
  viewer: unknown;
  logDropOffs: { __typename: string; results: { dropOff: { id: number } }[] };
  setStationStatus: { __typename: string };
  recordBinPickup: { __typename: string };
  voidDropOff: { __typename: string };
  carbonReport: unknown;
  devices: { edges: { node: { id: number } }[] };
  revokeDevice: { __typename: string };
}

async function call(
  query: string,
  variables: Record<string, unknown> = {},
  auth: { token?: string; device?: string } = {},
) {
  const res = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(auth.token ? { authorization: `Bearer ${auth.token}` } : {}),
      ...(auth.device ? { 'x-device-token': auth.device } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data: Answer; errors?: { message: string; extensions?: { code?: string } }[] };
}

const CODE = `mutation($s: String!) { createPairingCode(stationCode: $s) { __typename ... on PairingCode { code link expiresAt station { code } } ... on Error { message } } }`;
const PAIR = `mutation($c: String!, $n: String!) { pairDevice(code: $c, name: $n) { __typename ... on PairedDevice { deviceToken device { id name station { code } } } ... on InputError { field message } } }`;
const LOG = `mutation($s: String!, $k: String!) { logDropOffs(input: { stationCode: $s, items: [{ idempotencyKey: $k, materialCode: "BOX_M", outcome: REUSED, quantity: 1 }] }) {
  __typename ... on LogDropOffsPayload { accepted results { dropOff { id } } } } }`;

async function pair(name = 'Counter PC 1') {
  const code = (await call(CODE, { s: station.code }, { token: staff })).data.createPairingCode;
  const paired = (await call(PAIR, { c: code.code, n: name })).data.pairDevice;
  return { code, paired, device: paired.deviceToken };
}

describe('pairing', () => {
  it('staff make an 8-digit code valid 10 minutes; the device pairs with it once', async () => {
    const { code, paired } = await pair();
    expect(code).toMatchObject({
      __typename: 'PairingCode',
      code: expect.stringMatching(/^\d{8}$/),
      station: { code: station.code },
    });
    expect(code.link).toBe(`/station/pair?code=${code.code}`);
    expect(new Date(code.expiresAt).getTime() - t.clock.now.getTime()).toBe(10 * 60_000);
    expect(paired).toMatchObject({
      __typename: 'PairedDevice',
      device: { name: 'Counter PC 1', station: { code: station.code } },
    });
    expect(paired.deviceToken).toMatch(/^\d+\.[\w-]{43}$/);
    expect((await call(PAIR, { c: code.code, n: 'again' })).data.pairDevice).toMatchObject({
      __typename: 'InputError',
      field: 'code',
    });
    const who = (
      await call('{ currentDevice { name station { code } } viewer { email } }', {}, { device: paired.deviceToken })
    ).data;
    expect(who).toEqual({ currentDevice: { name: 'Counter PC 1', station: { code: station.code } }, viewer: null });
  });

  it('an expired code does not pair', async () => {
    const code = (await call(CODE, { s: station.code }, { token: staff })).data.createPairingCode;
    const saved = t.clock.now;
    t.clock.now = new Date(saved.getTime() + 10 * 60_000 + 1000);
    try {
      expect((await call(PAIR, { c: code.code, n: 'late' })).data.pairDevice.__typename).toBe('InputError');
    } finally {
      t.clock.now = saved;
    }
  });

  it('staff of another station, analysts and a device itself cannot make codes', async () => {
    const otherStaff = (await makeUser(t, 'STATION_STAFF', { stationId: other.id })).token;
    expect((await call(CODE, { s: station.code }, { token: otherStaff })).data.createPairingCode.__typename).toBe(
      'ForbiddenError',
    );
    const analyst = (await makeUser(t, 'SUSTAINABILITY_ANALYST')).token;
    expect((await call(CODE, { s: station.code }, { token: analyst })).data.createPairingCode.__typename).toBe(
      'ForbiddenError',
    );
    const { device } = await pair('PC 2');
    // a device alone is no person: refused at the field, as any role the operation is not for
    const byDevice = await call(CODE, { s: station.code }, { device });
    expect(byDevice.data?.createPairingCode ?? null).toBeNull();
    expect(byDevice.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('a paired device', () => {
  it('logs, sets the status and records pickups at its own station, recording itself', async () => {
    const { device, paired } = await pair('PC 3');
    const r = await call(LOG, { s: station.code, k: 'dev-1' }, { device });
    expect(r.data.logDropOffs).toMatchObject({ __typename: 'LogDropOffsPayload', accepted: 1 });
    const row = await t.db.db
      .selectFrom('drop_off')
      .select(['device_id', 'logged_by'])
      .where('idempotency_key', '=', 'dev-1')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ device_id: paired.device.id, logged_by: null });
    expect(
      (
        await call(
          `mutation($s: String!) { setStationStatus(code: $s, status: CLOSED) { __typename } }`,
          { s: station.code },
          { device },
        )
      ).data.setStationStatus.__typename,
    ).toBe('Station');
    expect(
      (
        await call(
          `mutation($s: String!) { recordBinPickup(stationCode: $s, kg: 2) { __typename } }`,
          { s: station.code },
          { device },
        )
      ).data.recordBinPickup.__typename,
    ).toBe('BinPickupPayload');
    const id = r.data.logDropOffs.results[0]!.dropOff.id;
    expect(
      (
        await call(
          `mutation($id: ID!) { voidDropOff(id: $id, reason: "Undone at the counter") { __typename } }`,
          { id },
          { device },
        )
      ).data.voidDropOff.__typename,
    ).toBe('DropOff');
  });

  it('records the signed-in staff member too', async () => {
    const { device, paired } = await pair('PC 4');
    await call(LOG, { s: station.code, k: 'dev-2' }, { device, token: staff });
    const row = await t.db.db
      .selectFrom('drop_off')
      .select(['device_id', 'logged_by'])
      .where('idempotency_key', '=', 'dev-2')
      .executeTakeFirstOrThrow();
    expect(row.device_id).toBe(paired.device.id);
    expect(row.logged_by).not.toBeNull();
  });

  it("reads its own station's carbon report, and nothing else: another station, the network, accounts, devices", async () => {
    const { device } = await pair('PC 5');
    expect((await call(LOG, { s: other.code, k: 'dev-3' }, { device })).errors?.[0]?.extensions?.code).toBe(
      'FORBIDDEN',
    );
    const REPORT = `query($s: [String!]) { carbonReport(groupBy: [NETWORK], stationCodes: $s) { __typename } }`;
    expect((await call(REPORT, { s: [station.code] }, { device })).data.carbonReport).toEqual({
      __typename: 'CarbonReport',
    });
    expect((await call(REPORT, { s: [other.code] }, { device })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await call(REPORT, { s: null }, { device })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await call('{ users { totalCount } }', {}, { device })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await call('{ devices { edges { node { id } } } }', {}, { device })).errors?.[0]?.extensions?.code).toBe(
      'FORBIDDEN',
    );
  });
});

describe('revoking', () => {
  it('the city manager revokes a device: its next request is refused, and the list shows it', async () => {
    const { device, paired } = await pair('PC 6');
    const list = (
      await call(
        `query($s: String) { devices(stationCode: $s, includeRevoked: true) { edges { node { id name lastSeenAt revokedAt } } } }`,
        { s: station.code },
        { token: manager },
      )
    ).data.devices;
    expect(list.edges.find((e) => e.node.id === paired.device.id)?.node).toMatchObject({
      name: 'PC 6',
      lastSeenAt: t.clock.now.toISOString(),
      revokedAt: null,
    });
    const r = (
      await call(
        'mutation($id: Int!) { revokeDevice(id: $id) { __typename ... on CounterDevice { revokedAt } } }',
        { id: paired.device.id },
        { token: manager },
      )
    ).data.revokeDevice;
    expect(r).toEqual({ __typename: 'CounterDevice', revokedAt: t.clock.now.toISOString() });
    const refused = await call(LOG, { s: station.code, k: 'dev-4' }, { device });
    expect(refused.errors?.[0]).toMatchObject({
      message: 'This device was revoked: pair it again at /station/pair',
      extensions: { code: 'UNAUTHENTICATED' },
    });
    expect(
      await t.db.db.selectFrom('drop_off').select('id').where('idempotency_key', '=', 'dev-4').executeTakeFirst(),
    ).toBeUndefined();
    expect(
      (
        await call(
          'mutation($id: Int!) { revokeDevice(id: $id) { __typename } }',
          { id: paired.device.id },
          { token: manager },
        )
      ).data.revokeDevice.__typename,
    ).toBe('ConflictError');
  });

  it('a manager of another city cannot revoke it; a forged credential is refused', async () => {
    const { paired } = await pair('PC 7');
    const bjManager = (await makeUser(t, 'CITY_MANAGER', { cityCode: 'BJ' })).token;
    expect(
      (
        await call(
          'mutation($id: Int!) { revokeDevice(id: $id) { __typename } }',
          { id: paired.device.id },
          { token: bjManager },
        )
      ).data.revokeDevice.__typename,
    ).toBe('ForbiddenError');
    const forged = `${paired.device.id}.${'A'.repeat(43)}`;
    expect((await call('{ currentDevice { id } }', {}, { device: forged })).errors?.[0]?.extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
  });
});

// Who may download which carbon CSV: each role and a paired counter device against five scopes
// (network, two cities, two stations), the file of a scope each may read, and what ends a
// device's access (a forged credential, a revoked device).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok, member } from '../../helpers/app.ts';
import { makeUser } from '../../helpers/factories.ts';
import { PERIOD } from '../../helpers/carbon-fixture.ts';
import { graphql } from '../../../web/src/lib/graphql.ts';
import { parseCsv, refusalOf, startCsvServer, type CsvServer } from './csv.ts';

const PAIRING_CODE = graphql(`
  mutation ($s: String!) {
    createPairingCode(stationCode: $s) {
      __typename
      ... on PairingCode {
        code
      }
    }
  }
`);
const PAIR = graphql(`
  mutation ($c: String!) {
    pairDevice(code: $c, name: "CSV PC") {
      __typename
      ... on PairedDevice {
        deviceToken
        device {
          id
        }
      }
    }
  }
`);
const REVOKE = graphql('mutation($id: Int!) { revokeDevice(id: $id) { __typename } }');

let csv: CsvServer;
beforeAll(async () => {
  csv = await startCsvServer();
});
afterAll(() => csv?.close());

describe('CSV authorization by role', () => {
  const SCOPES = {
    network: {},
    'city SH': { cityCodes: 'SH' },
    'city BJ': { cityCodes: 'BJ' },
    'station SH-10001': { stationCodes: 'SH-10001' },
    'station BJ-10001': { stationCodes: 'BJ-10001' },
  } as const;
  type Scope = keyof typeof SCOPES;
  /** Who downloads: a Bearer token, or a paired counter device's X-Device-Token alone. */
  type Credential = { token: string | null; device?: string; deviceId?: number };
  const staffToken = async (role: Parameters<typeof makeUser>[1], o: Parameters<typeof makeUser>[2] = {}) => ({
    token: (await makeUser(csv.t, role, o)).token,
  });
  /** A counter device paired at SH-10001 by the admin. */
  async function pairedDevice(): Promise<Credential> {
    const { t, admin } = csv;
    const { code } = member(ok(await t.gql(PAIRING_CODE, { s: 'SH-10001' }, admin)).createPairingCode, 'PairingCode');
    const paired = member(ok(await t.gql(PAIR, { c: code })).pairDevice, 'PairedDevice');
    return { token: null, device: paired.deviceToken, deviceId: paired.device.id };
  }
  const SH_10001_FILE = { stationCodes: 'SH-10001' };
  // Per caller: the status for each scope (in the order of SCOPES), a file of a scope it may read
  // (groupBy STATION: station code and drop-offs per record), and what ends its access.
  const CALLERS: {
    name: string;
    credential: () => Promise<Credential>;
    statuses: number[];
    own: { params: Record<string, string>; records: string[][] };
    ends?: (c: Credential) => Promise<void>;
  }[] = [
    {
      name: 'STATION_STAFF of SH-10001',
      credential: () => staffToken('STATION_STAFF', { stationId: csv.stations['SH-10001'].id }),
      statuses: [403, 403, 403, 200, 403],
      own: {
        params: SH_10001_FILE,
        records: [
          ['row', 'SH-10001', '4'],
          ['total', '', '4'],
        ],
      },
    },
    {
      // The manager's city file holds only that city (6 SH entries).
      name: 'CITY_MANAGER of SH',
      credential: () => staffToken('CITY_MANAGER', { cityCode: 'SH' }),
      statuses: [403, 200, 403, 200, 403],
      own: {
        params: { cityCodes: 'SH' },
        records: [
          ['row', 'SH-10001', '4'],
          ['row', 'SH-10002', '2'],
          ['total', '', '6'],
        ],
      },
    },
    {
      name: 'SUSTAINABILITY_ANALYST',
      credential: () => staffToken('SUSTAINABILITY_ANALYST'),
      statuses: [200, 200, 200, 200, 200],
      own: {
        params: { cityCodes: 'BJ' },
        records: [
          ['row', 'BJ-10001', '2'],
          ['total', '', '2'],
        ],
      },
    },
    {
      name: 'ADMIN',
      credential: async () => ({ token: csv.admin }),
      statuses: [200, 200, 200, 200, 200],
      own: {
        params: SH_10001_FILE,
        records: [
          ['row', 'SH-10001', '4'],
          ['total', '', '4'],
        ],
      },
    },
    {
      // Its own station only; a forged or revoked credential is 401.
      name: 'a paired counter device alone (X-Device-Token)',
      credential: pairedDevice,
      statuses: [403, 403, 403, 200, 403],
      own: {
        params: SH_10001_FILE,
        records: [
          ['row', 'SH-10001', '4'],
          ['total', '', '4'],
        ],
      },
      ends: async (c) => {
        const file = { ...PERIOD, groupBy: 'NETWORK', ...SH_10001_FILE };
        const forged = await csv.download(file, null, '1.forged-credential');
        expect(forged.res.status).toBe(401);
        ok(await csv.t.gql(REVOKE, { id: c.deviceId! }, csv.admin));
        const revoked = await csv.download(file, null, c.device);
        expect(revoked.res.status).toBe(401);
        expect(refusalOf(revoked.text).error.message).toBe('This device was revoked: pair it again at /station/pair');
      },
    },
  ];
  it.each(CALLERS.map((c) => [c.name, c] as const))('%s', async (_name, caller) => {
    const c = await caller.credential();
    const got: number[] = [];
    for (const scope of Object.keys(SCOPES) as Scope[])
      got.push((await csv.download({ ...PERIOD, groupBy: 'NETWORK', ...SCOPES[scope] }, c.token, c.device)).res.status);
    expect(got).toEqual(caller.statuses);
    const own = parseCsv(
      (await csv.download({ ...PERIOD, groupBy: 'STATION', ...caller.own.params }, c.token, c.device)).text,
    );
    expect(own.map((r) => [r.row_type, r.station_code, r.drop_offs])).toEqual(caller.own.records);
    await caller.ends?.(c);
  });
});

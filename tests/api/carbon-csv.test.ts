// GET /reports/carbon.csv over real HTTP: parsed back with csv-parse and compared with the GraphQL
// report, row by row and total by total; BOM, CRLF, header lines, Chinese names; empty periods;
// errors; who may download what.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { parse } from 'csv-parse/sync';
import type { RunningServer } from '@recycle/api';
import { ok, type TestApp } from '../helpers/app.ts';
import { makeUser } from '../helpers/factories.ts';
import { makeMember } from '../helpers/points.ts';
import { createCarbonFixture, NAMES, PERIOD, REPORT, type ReportRow } from '../helpers/carbon-fixture.ts';
import { graphql, type SchemaType } from '../../web/src/lib/graphql.ts';

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

/** The member of a result union named `name`; any other member fails the test with what it was. */
function narrow<T extends { __typename: string }, N extends T['__typename']>(r: T, name: N) {
  expect(r.__typename).toBe(name);
  return r as Extract<T, { __typename: N }>;
}

let t: TestApp;
let admin: string;
let server: RunningServer;
let base: string;
let stations: Awaited<ReturnType<typeof createCarbonFixture>>['stations'];

beforeAll(async () => {
  ({ t, admin, stations } = await createCarbonFixture());
  server = await t.listen();
  base = server.url;
});
afterAll(async () => {
  await server?.close();
  await t.close();
});

async function download(params: Record<string, string>, token: string | null = admin, device?: string) {
  const headers = {
    ...(token ? { authorization: `Bearer ${token}` } : {}),
    ...(device ? { 'x-device-token': device } : {}),
  };
  const res = await fetch(`${base}/reports/carbon.csv?${new URLSearchParams(params)}`, { headers });
  const bytes = new Uint8Array(await res.arrayBuffer());
  return { res, bytes, text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes) };
}

function parseCsv(text: string): Record<string, string>[] {
  return parse(text, { bom: true, comment: '#', columns: true, skip_empty_lines: true });
}

const NUMBERS = [
  'drop_offs',
  'items',
  'items_reused',
  'items_recycled',
  'kg',
  'kg_reused',
  'kg_recycled',
  'displacement_rate',
  'kg_weighed',
  'kg_estimated',
] as const;
/** A GraphQL row in the CSV's terms, for an exact comparison. */
function asCsv(r: ReportRow, rowType: string, version: string, displacementRate: number) {
  const c = r.co2e;
  return {
    row_type: rowType,
    city_code: r.cityCode ?? '',
    city_name_zh: r.cityNameZh ?? '',
    station_code: r.stationCode ?? '',
    station_name: r.stationName ?? '',
    day: r.day ?? '',
    material_code: r.materialCode ?? '',
    outcome: r.outcome ?? '',
    drop_offs: r.dropOffs,
    items: r.items,
    items_reused: r.itemsReused,
    items_recycled: r.itemsRecycled,
    kg: r.kg,
    kg_reused: r.kgReused,
    kg_recycled: r.kgRecycled,
    co2e_reuse_central_kg: c.reuse.central,
    co2e_reuse_low_kg: c.reuse.low,
    co2e_reuse_high_kg: c.reuse.high,
    co2e_recycle_central_kg: c.recycle.central,
    co2e_recycle_low_kg: c.recycle.low,
    co2e_recycle_high_kg: c.recycle.high,
    co2e_total_central_kg: c.total.central,
    co2e_total_low_kg: c.total.low,
    co2e_total_high_kg: c.total.high,
    factor_set: version,
    displacement_rate: displacementRate,
    kg_weighed: r.kgWeighed,
    kg_estimated: r.kgEstimated,
    weighed_share: r.weighedShare === null ? '' : String(r.weighedShare),
    data_quality_score: r.dataQualityScore === null ? '' : String(r.dataQualityScore),
    method_version: '2026.1',
  };
}
function fromCsv(rec: Record<string, string>) {
  const { city_name_en: _en, ...rest } = rec;
  const out: Record<string, string | number> = { ...rest };
  for (const k of [...NUMBERS, ...Object.keys(rec).filter((k) => k.startsWith('co2e_'))]) out[k] = Number(rec[k]);
  return out;
}

describe('CSV equals the GraphQL report', () => {
  it.each<[SchemaType<'CarbonReportDimension'>[]]>([
    [['NETWORK']],
    [['CITY']],
    [['STATION']],
    [['MATERIAL']],
    [['OUTCOME']],
    [['DAY']],
    [['CITY', 'DAY']],
    [['STATION', 'MATERIAL']],
  ])('groupBy %j: every row and the total', async (groupBy) => {
    const g = narrow(ok(await t.gql(REPORT, { ...PERIOD, groupBy }, admin)).carbonReport, 'CarbonReport');
    const { res, text } = await download({ ...PERIOD, groupBy: groupBy.join(',') });
    expect(res.status).toBe(200);
    const records = parseCsv(text).map(fromCsv);
    expect(g.factorSet.version).toBe('CN-2026');
    expect(records).toEqual([
      ...g.rows.map((r: ReportRow) => asCsv(r, 'row', 'CN-2026', 0.5)),
      asCsv(g.total, 'total', 'CN-2026', 0.5),
    ]);
  });

  it('station x day for the whole network (too big for GraphQL) has the network total', async () => {
    const vars = { ...PERIOD, groupBy: ['NETWORK' as const], factorSet: 'DESNZ-2025' };
    const g = narrow(ok(await t.gql(REPORT, vars, admin)).carbonReport, 'CarbonReport');
    const { res, text } = await download({ ...PERIOD, groupBy: 'STATION,DAY', factorSet: 'DESNZ-2025' });
    // the rows to come, announced for the page's progress bar
    expect(res.headers.get('x-report-rows')).toBe('5');
    const records = parseCsv(text);
    // BJ-10001 on 2 days, SH-10001 on 2 days, SH-10002 on 1 day
    expect(records.filter((r) => r.row_type === 'row').map((r) => `${r.station_code} ${r.day}`)).toEqual([
      'BJ-10001 2026-11-10',
      'BJ-10001 2026-11-11',
      'SH-10001 2026-11-10',
      'SH-10001 2026-11-11',
      'SH-10002 2026-11-11',
    ]);
    const total = fromCsv(records.at(-1)!);
    expect(total).toEqual(asCsv(g.total, 'total', 'DESNZ-2025', 1));
    expect(total.co2e_total_central_kg).toBe(20.345);
  });

  it('uses the factor set asked for', async () => {
    const records = parseCsv((await download({ ...PERIOD, groupBy: 'CITY', factorSet: 'CAINIAO-CEUCC-2021' })).text);
    // 1 and 16 reused boxes x 0.037 kg
    expect(records.map((r) => [r.city_code, r.co2e_total_central_kg, r.factor_set])).toEqual([
      ['BJ', '0.037', 'CAINIAO-CEUCC-2021'],
      ['SH', '0.592', 'CAINIAO-CEUCC-2021'],
      ['', '0.629', 'CAINIAO-CEUCC-2021'],
    ]);
  });
});

describe('CSV format', () => {
  it('is UTF-8 with a BOM, CRLF line ends, header lines, then the stable columns', async () => {
    const { res, bytes, text } = await download({ ...PERIOD, groupBy: 'STATION' });
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="carbon-report_2026-11-10_2026-11-11_station.csv"',
    );
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = text.slice(1).split('\r\n');
    expect(lines.filter((l) => l.includes('\n'))).toEqual([]);
    expect(lines.slice(0, 13).map((l) => l.split(',')[0])).toEqual([
      '# report',
      '# report_id',
      '# method',
      '# factor_set',
      '# displacement_rate',
      '# central_low_high',
      '# data_quality',
      '# period',
      '# group_by',
      '# cities',
      '# stations',
      '# generated_at',
      '# rows',
    ]);
    expect(lines[1]).toBe(`# report_id,${res.headers.get('x-report-id')}`);
    expect(lines[2]).toBe(
      '# method,2026.1,approved by Sustainability lead, package-recycling programme (demo sign-off) on 2026-12-01,docs/carbon-method.md'.replace(
        'approved by Sustainability lead, package-recycling programme (demo sign-off) on 2026-12-01',
        '"approved by Sustainability lead, package-recycling programme (demo sign-off) on 2026-12-01"',
      ),
    );
    expect(lines[3]).toBe('# factor_set,CN-2026,China express packaging 2026 (conservative default)');
    expect(lines[4]).toBe("# displacement_rate,0.5,the factor set's own rate");
    expect(lines[7]).toBe('# period,2026-11-10..2026-11-11,"local days (Asia/Shanghai), inclusive"');
    expect(lines[11]).toBe('# generated_at,2026-11-11T04:00:00.000Z');
    expect(lines[13]).toBe(
      'row_type,city_code,city_name_zh,city_name_en,station_code,station_name,day,material_code,outcome,drop_offs,items,' +
        'items_reused,items_recycled,kg,kg_reused,kg_recycled,co2e_reuse_central_kg,co2e_reuse_low_kg,co2e_reuse_high_kg,' +
        'co2e_recycle_central_kg,co2e_recycle_low_kg,co2e_recycle_high_kg,co2e_total_central_kg,co2e_total_low_kg,co2e_total_high_kg,factor_set,' +
        'displacement_rate,kg_weighed,kg_estimated,weighed_share,data_quality_score,method_version',
    );
  });

  it('keeps Chinese names intact', async () => {
    const records = parseCsv((await download({ ...PERIOD, groupBy: 'STATION' })).text);
    expect(
      records
        .filter((r) => r.row_type === 'row')
        .map((r) => [r.station_code, r.station_name, r.city_name_zh, r.city_name_en]),
    ).toEqual([
      ['BJ-10001', NAMES['BJ-10001'], '北京', 'Beijing'],
      ['SH-10001', NAMES['SH-10001'], '上海', 'Shanghai'],
      ['SH-10002', NAMES['SH-10002'], '上海', 'Shanghai'],
    ]);
  });

  it('gives a header-only file for a period with no data', async () => {
    const { res, text } = await download({ from: '2026-11-01', to: '2026-11-03', groupBy: 'STATION,DAY' });
    expect(res.status).toBe(200);
    expect(parseCsv(text)).toEqual([]);
    const lines = text.split('\r\n').filter(Boolean);
    expect(lines).toHaveLength(15);
    expect(lines.at(-2)!.startsWith('row_type,')).toBe(true);
    expect(lines.at(-1)).toBe('# end,rows=0');
  });

  it('ends every complete file with the trailer "# end,rows=N", N = the records after the column line', async () => {
    for (const groupBy of ['STATION', 'STATION,DAY', 'NETWORK']) {
      const { text } = await download({ ...PERIOD, groupBy });
      expect(text.endsWith('\r\n')).toBe(true);
      const lines = text.trimEnd().split('\r\n');
      expect(lines.at(-1)).toBe(`# end,rows=${parseCsv(text).length}`);
    }
    // BJ-10001, SH-10001, SH-10002 and the total
    expect((await download({ ...PERIOD, groupBy: 'STATION' })).text.trimEnd().split('\r\n').at(-1)).toBe(
      '# end,rows=4',
    );
  });
});

describe('CSV errors', () => {
  it.each([
    [
      { ...PERIOD, groupBy: 'NETWORK,CITY' },
      400,
      {
        code: 'BAD_USER_INPUT',
        message: 'groupBy: NETWORK cannot be combined with another dimension',
        field: 'groupBy',
        reason: 'report.networkAlone',
        params: {},
      },
    ],
    [
      { ...PERIOD },
      400,
      {
        code: 'BAD_USER_INPUT',
        message: 'groupBy: takes one or two dimensions',
        field: 'groupBy',
        reason: 'report.dimsCount',
        params: {},
      },
    ],
    [
      { from: '2026-11-12', to: '2026-11-11', groupBy: 'CITY' },
      400,
      {
        code: 'BAD_USER_INPUT',
        message: 'from: must not be after "to" (2026-11-12 > 2026-11-11)',
        field: 'from',
        reason: 'period.fromAfterTo',
        params: { from: '2026-11-12', to: '2026-11-11' },
      },
    ],
    [
      { from: '11/11/2026', groupBy: 'CITY' },
      400,
      {
        code: 'BAD_USER_INPUT',
        message: 'from: must be a date "YYYY-MM-DD", got "11/11/2026"',
        field: 'from',
        reason: 'date.badFormat',
        params: { value: '"11/11/2026"' },
      },
    ],
    [
      { from: '2026-02-30', to: '2026-03-01', groupBy: 'CITY' },
      400,
      {
        code: 'BAD_USER_INPUT',
        message: 'from: is not a real calendar date',
        field: 'from',
        reason: 'date.notReal',
        params: {},
      },
    ],
    [
      { from: '2026-11-01', to: '2026-11-31', groupBy: 'CITY' },
      400,
      {
        code: 'BAD_USER_INPUT',
        message: 'to: is not a real calendar date',
        field: 'to',
        reason: 'date.notReal',
        params: {},
      },
    ],
    [
      { from: '1999-12-31', to: '2000-01-02', groupBy: 'CITY' },
      400,
      {
        code: 'BAD_USER_INPUT',
        message: 'from: year must be between 2000 and 2099',
        field: 'from',
        reason: 'date.yearOutOfRange',
        params: { min: 2000, max: 2099 },
      },
    ],
    [
      { from: '0001-01-01', to: '2026-11-11', groupBy: 'CITY' },
      400,
      {
        code: 'BAD_USER_INPUT',
        message: 'from: year must be between 2000 and 2099',
        field: 'from',
        reason: 'date.yearOutOfRange',
        params: { min: 2000, max: 2099 },
      },
    ],
    [
      { from: '2027-11-01', to: '2027-11-13', groupBy: 'CITY' },
      400,
      {
        code: 'BAD_USER_INPUT',
        message: 'to: is more than a year after today (2027-11-13 > 2027-11-12)',
        field: 'to',
        reason: 'period.tooLate',
        params: { day: '2027-11-13', latest: '2027-11-12' },
      },
    ],
    // MAX_PERIOD_DAYS = 400 (domain/period.ts): 2025-10-07..2026-11-11 is 401 days.
    [
      { from: '2025-10-07', to: '2026-11-11', groupBy: 'CITY' },
      400,
      {
        code: 'BAD_USER_INPUT',
        message: 'to: period is 401 days, longer than the 400 allowed; split it',
        field: 'to',
        reason: 'period.tooLong',
        params: { days: 401, max: 400 },
      },
    ],
    [
      { from: '2026-11-01T00:00:00', groupBy: 'CITY' },
      400,
      {
        code: 'BAD_USER_INPUT',
        message: 'from: must be a date "YYYY-MM-DD", got "2026-11-01T00:00:00"',
        field: 'from',
        reason: 'date.badFormat',
        params: { value: '"2026-11-01T00:00:00"' },
      },
    ],
    [
      { ...PERIOD, groupBy: 'CITY', stationCodes: 'SH-99999' },
      404,
      {
        code: 'NOT_FOUND',
        message: 'Station "SH-99999" does not exist',
        field: 'stationCodes.0',
        reason: 'notFound',
        params: { entity: 'Station', key: 'SH-99999' },
      },
    ],
    [
      { ...PERIOD, groupBy: 'CITY', factorSet: 'NOPE' },
      404,
      {
        code: 'NOT_FOUND',
        message: 'Emission factor set "NOPE" does not exist',
        field: 'factorSet',
        reason: 'notFound',
        params: { entity: 'Emission factor set', key: 'NOPE' },
      },
    ],
  ])('%j → %i', async (params, status, error) => {
    const { res, text } = await download(params);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(JSON.parse(text)).toEqual({ error });
  });

  it('a period of exactly 400 days is served (2025-10-08..2026-11-11)', async () => {
    const { res, text } = await download({ from: '2025-10-08', to: '2026-11-11', groupBy: 'NETWORK' });
    expect(res.status).toBe(200);
    expect(text.trimEnd().split('\r\n').at(-1)).toBe('# end,rows=2');
  });

  it('needs a valid Bearer token in the Authorization header', async () => {
    expect((await download({ ...PERIOD, groupBy: 'CITY' }, null)).res.status).toBe(401);
    expect((await download({ ...PERIOD, groupBy: 'CITY' }, 'not-a-token')).res.status).toBe(401);
    expect((await download({ ...PERIOD, groupBy: 'CITY', token: admin }, null)).res.status).toBe(401);
    // A green-points member is nobody to the staff routes: signed in as no one here.
    expect(
      (await download({ ...PERIOD, groupBy: 'NETWORK', stationCodes: 'SH-10001' }, (await makeMember(t)).token)).res
        .status,
    ).toBe(401);
  });
});

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
    token: (await makeUser(t, role, o)).token,
  });
  /** A counter device paired at SH-10001 by the admin. */
  async function pairedDevice(): Promise<Credential> {
    const { code } = narrow(ok(await t.gql(PAIRING_CODE, { s: 'SH-10001' }, admin)).createPairingCode, 'PairingCode');
    const paired = narrow(ok(await t.gql(PAIR, { c: code })).pairDevice, 'PairedDevice');
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
      credential: () => staffToken('STATION_STAFF', { stationId: stations['SH-10001'].id }),
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
      credential: async () => ({ token: admin }),
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
        const forged = await download({ ...PERIOD, groupBy: 'NETWORK', ...SH_10001_FILE }, null, '1.forged-credential');
        expect(forged.res.status).toBe(401);
        ok(await t.gql(REVOKE, { id: c.deviceId! }, admin));
        const revoked = await download({ ...PERIOD, groupBy: 'NETWORK', ...SH_10001_FILE }, null, c.device);
        expect(revoked.res.status).toBe(401);
        expect(JSON.parse(revoked.text).error.message).toBe('This device was revoked: pair it again at /station/pair');
      },
    },
  ];
  it.each(CALLERS.map((c) => [c.name, c] as const))('%s', async (_name, caller) => {
    const c = await caller.credential();
    const got: number[] = [];
    for (const scope of Object.keys(SCOPES) as Scope[])
      got.push((await download({ ...PERIOD, groupBy: 'NETWORK', ...SCOPES[scope] }, c.token, c.device)).res.status);
    expect(got).toEqual(caller.statuses);
    const own = parseCsv(
      (await download({ ...PERIOD, groupBy: 'STATION', ...caller.own.params }, c.token, c.device)).text,
    );
    expect(own.map((r) => [r.row_type, r.station_code, r.drop_offs])).toEqual(caller.own.records);
    await caller.ends?.(c);
  });
});

describe('CSV unexpected errors', () => {
  it('answer 500 "Unexpected error." with an errorId equal to the x-request-id header', async () => {
    // A real failure before the first byte: the city table is gone while the scope is checked.
    await sql`alter table city rename to city_gone`.execute(t.db.db);
    try {
      const { res, text } = await download({ ...PERIOD, groupBy: 'CITY', cityCodes: 'SH' });
      expect(res.status).toBe(500);
      const body = JSON.parse(text);
      expect(body.error.code).toBe('INTERNAL_SERVER_ERROR');
      expect(body.error.message).toBe('Unexpected error.');
      expect(body.error.errorId).toBe(res.headers.get('x-request-id'));
    } finally {
      await sql`alter table city_gone rename to city`.execute(t.db.db);
    }
  });
});

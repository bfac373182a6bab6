// Station registry imports end to end over HTTP + GraphQL: dry run (nothing written), apply (one
// transaction), re-import (unchanged, never duplicated), update, export round trip (CSV and XLSX),
// and every kind of bad row reported by row and column with nothing written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestApp, ok, type TestApp } from '../helpers/app.ts';
import { makeStation, makeUser } from '../helpers/factories.ts';
import { csv, startImportServer, STATION_HEADER, type Job } from '../helpers/imports.ts';
import { graphql } from '../../web/src/lib/graphql.ts';

let t: TestApp;
let h: Awaited<ReturnType<typeof startImportServer>>;
let admin: string;
let manager: string;

beforeAll(async () => {
  t = await createTestApp();
  h = await startImportServer(t);
  admin = (await makeUser(t, 'ADMIN')).token;
  manager = (await makeUser(t, 'CITY_MANAGER', { cityCode: 'SH' })).token;
});
afterAll(async () => {
  await h.close();
  await t.close();
});

const count = async (table: 'station' | 'audit_entry') =>
  Number(
    (
      await t.db.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const station = (code: string) => t.db.db.selectFrom('station').selectAll().where('code', '=', code).executeTakeFirst();

// Three Shanghai stations near the centre (31.2304, 121.4737); the third is typed in GCJ-02 (AMap):
// 31.22846, 121.47822 in GCJ-02 is 31.2304, 121.4737 in WGS-84 (about 500 m away).
const ROWS = [
  ['SH-61001', '静安寺驿站', 'SH', '静安区', '南京西路 1 号', '31.2231', '121.4453', 'WGS84', '300', 'OPEN'],
  ['SH-61002', '徐家汇驿站, 东门', '上海', '徐汇区', '漕溪北路 "88" 号', '31.1950', '121.4370', 'wgs-84', '500', ''],
  [
    'SH-61003',
    '人民广场驿站',
    'Shanghai',
    '黄浦区',
    '人民大道 200 号',
    '31.22846',
    '121.47822',
    'GCJ02',
    '250',
    'maintenance',
  ],
];
const FILE = csv([STATION_HEADER.split(','), ...ROWS]);

describe('station import', () => {
  it('dry run checks every row and writes nothing', async () => {
    const [stations, audits] = [await count('station'), await count('audit_entry')];
    const dry = await h.dryRun(admin, 'stations', FILE, 'stations.csv');
    expect(dry).toMatchObject({
      mode: 'DRY_RUN',
      state: 'DONE',
      rows: 3,
      created: 3,
      updated: 0,
      unchanged: 0,
      issueCount: 0,
      fileFormat: 'CSV',
    });
    expect(await count('station')).toBe(stations);
    expect(await count('audit_entry')).toBe(audits);
    expect(await station('SH-61001')).toBeUndefined();
  });

  it('apply creates the stations in WGS-84, one audit entry each plus one for the import', async () => {
    const audits = await count('audit_entry');
    const dry = await h.dryRun(admin, 'stations', FILE);
    const applied = (await h.apply(admin, dry.id)) as Job;
    expect(applied).toMatchObject({ mode: 'APPLY', state: 'DONE', created: 3, updated: 0, unchanged: 0 });
    expect(await count('audit_entry')).toBe(audits + 4);
    expect(await station('SH-61002')).toMatchObject({
      name: '徐家汇驿站, 东门',
      address: '漕溪北路 "88" 号',
      city_code: 'SH',
      lat: 31.195,
      lng: 121.437,
      bin_capacity: 500,
      status: 'OPEN',
    });
    const gcj = (await station('SH-61003'))!;
    expect(gcj.status).toBe('MAINTENANCE');
    expect(gcj.lat).toBeCloseTo(31.2304, 4);
    expect(gcj.lng).toBeCloseTo(121.4737, 4);
    // the same dry run cannot be applied twice
    expect(await h.apply(admin, dry.id)).toMatchObject({ __typename: 'ConflictError' });
  });

  it('re-importing the same file changes nothing and says so', async () => {
    const stations = await count('station');
    const dry = await h.dryRun(admin, 'stations', FILE);
    expect(dry).toMatchObject({ state: 'DONE', created: 0, updated: 0, unchanged: 3, issueCount: 0 });
    expect(await h.apply(admin, dry.id)).toMatchObject({ state: 'DONE', created: 0, updated: 0, unchanged: 3 });
    expect(await count('station')).toBe(stations);
  });

  it('a changed row is an update, audited with before and after', async () => {
    const changed = csv([STATION_HEADER.split(','), ROWS[0]!.map((c, i) => (i === 8 ? '450' : c)), ROWS[1]!, ROWS[2]!]);
    const dry = await h.dryRun(admin, 'stations', changed);
    expect(dry).toMatchObject({ created: 0, updated: 1, unchanged: 2, issueCount: 0 });
    await h.apply(admin, dry.id);
    expect((await station('SH-61001'))!.bin_capacity).toBe(450);
    const audit = await t.db.db
      .selectFrom('audit_entry')
      .select(['before', 'after', 'city_code'])
      .where('action', '=', 'importStation:update')
      .where('entity_id', '=', 'SH-61001')
      .executeTakeFirstOrThrow();
    expect(audit.before).toEqual({ bin_capacity: 300 });
    expect(audit.after).toMatchObject({ bin_capacity: 450 });
    expect(audit.city_code).toBe('SH');
  });

  it('exports the registry in the import format: CSV and XLSX import back with every row unchanged', async () => {
    const shCount = Number(
      (
        await sql<{
          n: number;
        }>`select count(*)::int as n from station where city_code = 'SH' and decommissioned_at is null`.execute(t.db.db)
      ).rows[0]!.n,
    );
    const first = await h.exportStations(admin, 'csv', 'SH');
    expect(first.status).toBe(200);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(first.bytes);
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text.slice(1, 80).split('\r\n')[0]).toBe(STATION_HEADER);
    expect(text).toContain('SH-61002,"徐家汇驿站, 东门",SH,徐汇区,"漕溪北路 ""88"" 号",31.195,121.437,WGS84,500,OPEN');
    const again = await h.dryRun(admin, 'stations', first.bytes);
    expect(again).toMatchObject({ rows: shCount, created: 0, updated: 0, unchanged: shCount, issueCount: 0 });
    const xlsx = await h.exportStations(admin, 'xlsx', 'SH');
    expect(xlsx.type).toContain('spreadsheetml');
    expect(await h.dryRun(admin, 'stations', xlsx.bytes, 'stations.xlsx')).toMatchObject({
      fileFormat: 'XLSX',
      rows: shCount,
      unchanged: shCount,
      issueCount: 0,
    });
    // and an export after the re-import is byte for byte the same
    expect((await h.exportStations(admin, 'csv', 'SH')).bytes).toEqual(first.bytes);
  });

  it('reports every bad row by row and column, and nothing can be applied', async () => {
    await makeStation(t, { code: 'SH-69999', city_code: 'SH' });
    await t.db.db
      .updateTable('station')
      .set({ decommissioned_at: t.clock.now, decommission_reason: 'closed down' })
      .where('code', '=', 'SH-69999')
      .execute();
    const stations = await count('station');
    const bad = csv([
      STATION_HEADER.split(','),
      ['SH-62001', 'A', 'XX', 'd', 'a', '31.23', '121.47', 'WGS84', '100', ''], //      row 2: unknown city
      ['SH-62002', 'B', 'SH', 'd', 'a', '31.23', '121.47', 'WGS84', '100', ''], //      row 3: fine
      ['SH-62002', 'C', 'SH', 'd', 'a', '31.23', '121.47', 'WGS84', '100', ''], //      row 4: duplicate code
      ['SH-62004', 'D', 'SH', 'd', 'a', '39.90', '116.40', 'WGS84', '100', ''], //      row 5: Beijing's coordinates
      ['SH-62005', 'E', 'SH', 'd', 'a', '121.47', '31.23', 'WGS84', '100', ''], //      row 6: lat/lng swapped
      ['SH-62006', 'F', 'SH', 'd', 'a', '31.23', '121.47', 'BD09', '100', ''], //       row 7: unknown system
      ['SH-62007', 'G', 'SH', 'd', 'a', '31.23', '121.47', 'WGS84', '12.5', ''], //     row 8: capacity not whole
      ['BJ-62008', 'H', 'SH', 'd', 'a', '31.23', '121.47', 'WGS84', '100', ''], //      row 9: code of another city
      ['SH-62009', '', 'SH', 'd', 'a', '31.23', '121.47', 'WGS84', '100', 'SHUT'], //   row 10: no name, bad status
      ['SH-69999', 'I', 'SH', 'd', 'a', '31.23', '121.47', 'WGS84', '100', ''], //      row 11: decommissioned
    ]);
    const dry = await h.dryRun(admin, 'stations', bad);
    expect(dry.state).toBe('DONE');
    expect(dry.issues.map((i) => [i.row, i.column])).toEqual([
      [2, 'city'],
      [4, 'code'],
      [5, 'lat'],
      [6, 'lat'],
      [7, 'coord_system'],
      [8, 'bin_capacity'],
      [9, 'code'],
      [10, 'name'],
      [10, 'status'],
      [11, 'code'],
    ]);
    expect(dry.issues[1]!.message).toBe('SH-62002 appears twice in the file (also row 3)');
    expect(dry.issues[2]!.message).toMatch(/km from the centre of Shanghai: outside the city/);
    expect(dry).toMatchObject({ rows: 10, invalidRows: 9, issueCount: 10 });
    expect(await h.apply(admin, dry.id)).toMatchObject({
      __typename: 'ConflictError',
      message: expect.stringMatching(/found problems/),
    });
    expect(await count('station')).toBe(stations);
  });

  it('a city manager imports stations of their own city only', async () => {
    const file = csv([
      STATION_HEADER.split(','),
      ['BJ-63001', 'Beijing one', 'BJ', 'd', 'a', '39.90', '116.40', 'WGS84', '100', ''],
    ]);
    const dry = await h.dryRun(manager, 'stations', file);
    expect(dry.issues).toEqual([{ row: 2, column: 'city', message: 'is BJ: you can import stations of SH only' }]);
  });

  it('refuses a header with an unknown or a missing column', async () => {
    const dry = await h.dryRun(
      admin,
      'stations',
      'code,name,city,district,adress,lat,lng,coord_system,bin_capacity\r\nSH-64001,n,SH,d,a,31.23,121.47,WGS84,100\r\n',
    );
    expect(dry.issues.map((i) => [i.row, i.column])).toEqual([
      [1, 'adress'],
      [1, 'address'],
    ]);
  });
});

describe('who may import', () => {
  it('refuses anonymous callers, staff and analysts, with nothing written', async () => {
    const s = await makeStation(t);
    const staff = (await makeUser(t, 'STATION_STAFF', { stationId: s.id })).token;
    const analyst = (await makeUser(t, 'SUSTAINABILITY_ANALYST')).token;
    const jobs = async () =>
      Number((await sql<{ n: number }>`select count(*)::int as n from import_job`.execute(t.db.db)).rows[0]!.n);
    const before = await jobs();
    expect((await h.upload(null, 'stations', FILE)).status).toBe(401);
    expect(await h.upload(staff, 'stations', FILE)).toMatchObject({
      status: 403,
      body: { error: { code: 'FORBIDDEN' } },
    });
    expect(await h.upload(analyst, 'stations', FILE)).toMatchObject({ status: 403 });
    expect((await h.exportStations(staff, 'csv')).status).toBe(403);
    expect(await jobs()).toBe(before);
    const r = await t.gql(graphql('mutation { applyImport(dryRunId: 1) { __typename } }'), {}, analyst);
    expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it("a manager cannot see or apply an admin's import", async () => {
    const dry = await h.dryRun(admin, 'stations', FILE);
    expect(
      ok(await t.gql(graphql('query($id: Int!) { importJob(id: $id) { id } }'), { id: dry.id }, manager)).importJob,
    ).toBeNull();
    expect(await h.apply(manager, dry.id)).toMatchObject({ __typename: 'NotFoundError' });
  });
});

// The public finder query: nearest accepting stations from a position, a district or a city,
// distances worked by hand (1° of latitude ≈ 111.19 km), public fields only, bad input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { print } from 'graphql';
import { createTestApp, ok, type TestApp } from '../helpers/app.ts';
import { graphql, type ResultOf } from '../../web/src/lib/graphql.ts';

let t: TestApp;
const HOUR = 3600_000;
const FIND = graphql(`
  query Find($lat: Float, $lng: Float, $city: String, $district: String, $all: Boolean, $first: Int) {
    findStations(lat: $lat, lng: $lng, cityCode: $city, district: $district, acceptingOnly: $all, first: $first) {
      code
      district
      distanceKm
      status
      accepting
      binFill
      lastReportedAt
    }
  }
`);
type Found = ResultOf<typeof FIND>['findStations'][number];

beforeAll(async () => {
  t = await createTestApp();
  const at = (h: number) => new Date(t.clock.now.getTime() - h * HOUR);
  // Due north of (31.2, 121.4) at 0.01° steps (≈ 1.11 km each); FN-00002 is full, FN-00004 silent.
  await t.db.db
    .insertInto('station')
    .values([
      {
        code: 'FN-00001',
        city_code: 'SH',
        district: '甲区',
        name: '一',
        address: '一路',
        lat: 31.21,
        lng: 121.4,
        bin_capacity: 100,
        bin_items: 10,
        last_reported_at: at(1),
      },
      {
        code: 'FN-00002',
        city_code: 'SH',
        district: '甲区',
        name: '二',
        address: '二路',
        lat: 31.2,
        lng: 121.4,
        bin_capacity: 100,
        bin_items: 100,
        status: 'FULL',
        last_reported_at: at(1),
      },
      {
        code: 'FN-00003',
        city_code: 'SH',
        district: '乙区',
        name: '三',
        address: '三路',
        lat: 31.23,
        lng: 121.4,
        bin_capacity: 100,
        bin_items: 60,
        last_reported_at: at(2),
      },
      {
        code: 'FN-00004',
        city_code: 'SH',
        district: '乙区',
        name: '四',
        address: '四路',
        lat: 31.22,
        lng: 121.4,
        bin_capacity: 100,
        bin_items: 0,
        last_reported_at: at(30),
      },
    ])
    .execute();
});
afterAll(() => t.close());

describe('findStations', () => {
  it('from a position, anonymously: accepting stations only, nearest first, distances by hand', async () => {
    const r = ok(await t.gql(FIND, { lat: 31.2, lng: 121.4 })).findStations;
    expect(r).toEqual([
      {
        code: 'FN-00001',
        district: '甲区',
        distanceKm: 1.11,
        status: 'OPEN',
        accepting: true,
        binFill: 'LOW',
        lastReportedAt: '2026-11-11T03:00:00.000Z',
      },
      {
        code: 'FN-00003',
        district: '乙区',
        distanceKm: 3.34,
        status: 'OPEN',
        accepting: true,
        binFill: 'MEDIUM',
        lastReportedAt: '2026-11-11T02:00:00.000Z',
      },
    ]);
  });

  it('acceptingOnly: false lists full and silent ones too, with their status', async () => {
    const r = ok(await t.gql(FIND, { lat: 31.2, lng: 121.4, all: false, first: 3 })).findStations;
    expect(r.map((s: Found) => [s.code, s.distanceKm, s.status, s.accepting])).toEqual([
      ['FN-00002', 0, 'FULL', false],
      ['FN-00001', 1.11, 'OPEN', true],
      ['FN-00004', 2.22, 'STALE', false],
    ]);
  });

  it("by city and district: the district's accepting stations from its centre", async () => {
    const d = ok(await t.gql(graphql('{ cityDistricts(cityCode: "SH") { name stations } }'))).cityDistricts;
    expect(d).toEqual(
      [
        { name: '乙区', stations: 2 },
        { name: '甲区', stations: 2 },
      ].sort((a, b) => (a.name < b.name ? -1 : 1)),
    );
    const r = ok(await t.gql(FIND, { city: 'SH', district: '乙区' })).findStations;
    expect(r.map((s: Found) => [s.code, s.distanceKm])).toEqual([['FN-00003', 0.56]]);
  });

  it('bad input: half a position, nothing to search from, a district without a city, an unknown district, out-of-range values', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ lat: 31.2 }, 'lng'],
      [{}, 'cityCode'],
      [{ district: '甲区' }, 'cityCode'],
      [{ city: 'SH', district: '无此区' }, 'district'],
      [{ city: 'XX' }, 'cityCode'],
      [{ lat: 91, lng: 0 }, 'lat'],
      [{ lat: 31, lng: 121, first: 51 }, 'first'],
    ];
    for (const [vars, field] of cases) {
      // Variables the schema refuses on purpose: sent as a string, the answer typed as FIND's.
      const r = await t.gql<ResultOf<typeof FIND>>(print(FIND), vars);
      expect(r.errors?.[0]?.extensions, JSON.stringify(vars)).toMatchObject({ code: 'BAD_USER_INPUT' });
      expect(JSON.stringify(r.errors?.[0]?.extensions?.issues), JSON.stringify(vars)).toContain(field);
    }
  });
});

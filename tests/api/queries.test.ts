// Read queries against a small fixture whose figures are worked out by hand below.
// Cities are kept apart: GZ holds the list/pagination fixture, HZ the summary/map fixture, so
// each city's numbers do not depend on the other tests in this file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, ok, type TestApp } from '../helpers/app.ts';
import { makeStation, makeUser } from '../helpers/factories.ts';

let t: TestApp;
let admin: string;
const HOUR = 3600_000;

beforeAll(async () => {
  t = await createTestApp();
  admin = (await makeUser(t, 'ADMIN')).token;
  const now = t.clock.now.getTime();
  // --- GZ: 8 stations for the list -----------------------------------------------------------
  await makeStation(t, { code: 'GZ-001', city_code: 'GZ' });
  await makeStation(t, { code: 'GZ-002', city_code: 'GZ', last_reported_at: new Date(now - 25 * HOUR) }); // STALE
  await makeStation(t, { code: 'GZ-003', city_code: 'GZ', status: 'CLOSED', last_reported_at: new Date(now - 25 * HOUR) });
  await makeStation(t, { code: 'GZ-004', city_code: 'GZ', status: 'FULL' });
  await makeStation(t, { code: 'GZ-005', city_code: 'GZ', status: 'MAINTENANCE' });
  await makeStation(t, { code: 'GZ-006', city_code: 'GZ', name: '回收率100%驿站' });
  await makeStation(t, { code: 'GZ-007', city_code: 'GZ', name: '东_门驿站' });
  await makeStation(t, { code: 'GZ-008', city_code: 'GZ', name: '东x门驿站' });
  // --- HZ: 5 stations, one of each status, and drop-offs at two ------------------------------
  await makeStation(t, { code: 'HZ-A', city_code: 'HZ', bin_capacity: 1000 }); // OPEN
  await makeStation(t, { code: 'HZ-B', city_code: 'HZ', bin_capacity: 1000, status: 'FULL' });
  await makeStation(t, { code: 'HZ-C', city_code: 'HZ', last_reported_at: new Date(now - 25 * HOUR) }); // STALE
  await makeStation(t, { code: 'HZ-D', city_code: 'HZ', status: 'CLOSED' });
  await makeStation(t, { code: 'HZ-E', city_code: 'HZ', status: 'MAINTENANCE' });
  await log('HZ-A', [
    { idempotencyKey: 'a1', materialCode: 'BOX_M', outcome: 'REUSED', quantity: 10 }, // 10 × 0.25 kg = 2.5 kg
    { idempotencyKey: 'a2', materialCode: 'BOX_M', outcome: 'RECYCLED', quantity: 16, massKg: 4 },
    { idempotencyKey: 'a3', materialCode: 'MAILER_BAG', outcome: 'RECYCLED', quantity: 3 }, // 3 × 0.03 = 0.09 kg
  ]);
  await log('HZ-B', [
    { idempotencyKey: 'b1', materialCode: 'BOX_S', outcome: 'REUSED', quantity: 4, massKg: 0.7 },
    { idempotencyKey: 'b2', materialCode: 'FOAM_FILL', outcome: 'RECYCLED', quantity: 2 }, // 2 × 0.02 = 0.04 kg
    // Two days ago (local day 2026-11-09): outside "today", inside Nov 9..11. 5 × 0.45 = 2.25 kg
    { idempotencyKey: 'b3', materialCode: 'BOX_L', outcome: 'RECYCLED', quantity: 5, occurredAt: '2026-11-09T04:00:00Z' },
  ]);
});
afterAll(() => t.close());

async function log(stationCode: string, items: Record<string, unknown>[]) {
  const r = ok(await t.gql(
    `mutation($input: LogDropOffsInput!) { logDropOffs(input: $input) { __typename
      ... on LogDropOffsPayload { accepted } ... on InputError { message } ... on NotFoundError { message } } }`,
    { input: { stationCode, items } },
    admin,
  ));
  expect(r.logDropOffs).toEqual({ __typename: 'LogDropOffsPayload', accepted: items.length });
}

const STATIONS = `query($first: Int, $after: String, $last: Int, $cityCode: String, $status: [StationStatus!], $search: String) {
  stations(first: $first, after: $after, last: $last, cityCode: $cityCode, status: $status, search: $search) {
    totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { cursor node { code status operatingStatus } } } }`;

async function stations(vars: Record<string, unknown>) {
  return ok(await t.gql(STATIONS, vars, admin)).stations;
}
const codes = (conn: any) => conn.edges.map((e: any) => e.node.code);

describe('stations', () => {
  it('orders by code and pages with first/after, totalCount covering all pages', async () => {
    const p1 = await stations({ cityCode: 'GZ', first: 3 });
    expect(codes(p1)).toEqual(['GZ-001', 'GZ-002', 'GZ-003']);
    expect(p1.totalCount).toBe(8);
    expect(p1.pageInfo.hasNextPage).toBe(true);
    const p2 = await stations({ cityCode: 'GZ', first: 3, after: p1.pageInfo.endCursor });
    expect(codes(p2)).toEqual(['GZ-004', 'GZ-005', 'GZ-006']);
    expect(p2.totalCount).toBe(8);
    expect(p2.pageInfo.hasNextPage).toBe(true);
    const p3 = await stations({ cityCode: 'GZ', first: 3, after: p2.pageInfo.endCursor });
    expect(codes(p3)).toEqual(['GZ-007', 'GZ-008']);
    expect(p3.pageInfo.hasNextPage).toBe(false);
    // 3 + 3 + 2 = 8 distinct stations, none repeated across pages
    expect(new Set([...codes(p1), ...codes(p2), ...codes(p3)]).size).toBe(8);
  });

  it('takes the last stations with last: 2', async () => {
    expect(codes(await stations({ cityCode: 'GZ', last: 2 }))).toEqual(['GZ-007', 'GZ-008']);
  });

  it('derives STALE for an OPEN station silent for 25 h; CLOSED stays CLOSED', async () => {
    const all = await stations({ cityCode: 'GZ', first: 10 });
    const byCode = Object.fromEntries(all.edges.map((e: any) => [e.node.code, e.node]));
    expect(byCode['GZ-002']).toMatchObject({ status: 'STALE', operatingStatus: 'OPEN' });
    expect(byCode['GZ-003']).toMatchObject({ status: 'CLOSED', operatingStatus: 'CLOSED' });
    expect(byCode['GZ-001'].status).toBe('OPEN');
  });

  it('filters by status (effective status) and counts the filtered set', async () => {
    const stale = await stations({ cityCode: 'GZ', status: ['STALE'], first: 10 });
    expect(codes(stale)).toEqual(['GZ-002']);
    expect(stale.totalCount).toBe(1);
    // OPEN: 001, 006, 007, 008 (002 is STALE, not OPEN)
    const open = await stations({ cityCode: 'GZ', status: ['OPEN'], first: 10 });
    expect(codes(open)).toEqual(['GZ-001', 'GZ-006', 'GZ-007', 'GZ-008']);
    expect(open.totalCount).toBe(4);
    const twoKinds = await stations({ cityCode: 'GZ', status: ['CLOSED', 'MAINTENANCE'], first: 10 });
    expect(twoKinds.totalCount).toBe(2);
  });

  it('filters by city: GZ has 8, HZ has 5', async () => {
    expect((await stations({ cityCode: 'GZ', first: 1 })).totalCount).toBe(8);
    expect((await stations({ cityCode: 'HZ', first: 1 })).totalCount).toBe(5);
  });

  it('searches code and name, case-insensitively', async () => {
    const byCode = await stations({ search: 'gz-00', first: 10 });
    expect(byCode.totalCount).toBe(8);
    const byName = await stations({ search: '门驿站', first: 10 });
    expect(codes(byName)).toEqual(['GZ-007', 'GZ-008']);
  });

  it('treats % and _ in the search as literal characters', async () => {
    // "_" unescaped would match any one character: 东x门 as well as 东_门
    const underscore = await stations({ search: '东_门', first: 10 });
    expect(codes(underscore)).toEqual(['GZ-007']);
    expect(underscore.totalCount).toBe(1);
    // "%" unescaped would match every station
    const percent = await stations({ search: '%', first: 10 });
    expect(codes(percent)).toEqual(['GZ-006']);
    expect(percent.totalCount).toBe(1);
  });

  it('rejects a malformed cursor with BAD_USER_INPUT and a clear message', async () => {
    const r = await t.gql(STATIONS, { first: 2, after: 'not-a-cursor' }, admin);
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(r.errors?.[0]?.message).toBe('after: is not a cursor returned by this list');
  });

  it('rejects a cursor of another list (a drop-off cursor)', async () => {
    const other = Buffer.from('drop-off:5').toString('base64url');
    const r = await t.gql(STATIONS, { first: 2, after: other }, admin);
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('rejects first: 501 (max page 500) with a clear error rather than a shorter page', async () => {
    const r = await t.gql(STATIONS, { first: 501 }, admin);
    expect(r.data?.stations ?? null).toBeNull();
    expect(r.errors?.[0]?.message).toBe('first: must be at most 500 (got 501)');
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    // 500 itself is allowed
    expect((await stations({ first: 500 })).totalCount).toBe(13);
  });

  it('rejects a negative page size with the field named', async () => {
    const r = await t.gql(STATIONS, { first: -1 }, admin);
    expect(r.errors?.[0]?.message).toBe('first: must not be negative (got -1)');
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('rejects last: 501 on a station\'s drop-offs too', async () => {
    const r = await t.gql('{ station(code: "HZ-A") { dropOffs(last: 501) { edges { cursor } } } }', {}, admin);
    expect(r.errors?.[0]?.message).toBe('last: must be at most 500 (got 501)');
  });
});

describe('station, node', () => {
  it('returns null for an unknown station code', async () => {
    const r = ok(await t.gql('{ station(code: "NO-SUCH") { code } }', {}, admin));
    expect(r.station).toBeNull();
  });

  it('loads City, Station and DropOff nodes by global id', async () => {
    const s = ok(await t.gql(`{ station(code: "HZ-A") { id code city { id code }
      dropOffs(first: 1) { edges { node { id idempotencyKey } } } } }`, {}, admin)).station;
    // Relay global ids: base64("Type:key")
    expect(Buffer.from(s.city.id, 'base64').toString()).toBe('City:HZ');
    expect(Buffer.from(s.id, 'base64').toString()).toMatch(/^Station:\d+$/);
    const dropOff = s.dropOffs.edges[0].node;
    const q = `query($id: ID!) { node(id: $id) { __typename id
      ... on City { code } ... on Station { code } ... on DropOff { idempotencyKey } } }`;
    expect(ok(await t.gql(q, { id: s.city.id }, admin)).node).toEqual({ __typename: 'City', id: s.city.id, code: 'HZ' });
    expect(ok(await t.gql(q, { id: s.id }, admin)).node).toEqual({ __typename: 'Station', id: s.id, code: 'HZ-A' });
    expect(ok(await t.gql(q, { id: dropOff.id }, admin)).node).toEqual({
      __typename: 'DropOff', id: dropOff.id, idempotencyKey: dropOff.idempotencyKey,
    });
  });

  it('gives a clear error, not "Unexpected error.", for a malformed id', async () => {
    const node = async (id: string) => t.gql('query($id: ID!) { node(id: $id) { id } }', { id }, admin);
    expect((await node('garbage!')).errors?.[0]?.message).toBe('Invalid global ID: garbage!');
    const notAnInt = await node(Buffer.from('Station:abc').toString('base64'));
    expect(notAnInt.errors?.[0]?.message).toBe('id: is not a station id');
    expect(notAnInt.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await node(Buffer.from('DropOff:x').toString('base64'))).errors?.[0]?.message).toBe('id: is not a drop-off id');
    expect((await node(Buffer.from('Nope:1').toString('base64'))).errors?.[0]?.message).toMatch(/Nope/);
  });

  it('returns null for a well-formed id of a station that does not exist', async () => {
    const r = ok(await t.gql('query($id: ID!) { node(id: $id) { id } }', { id: Buffer.from('Station:99999').toString('base64') }, admin));
    expect(r.node).toBeNull();
  });
});

const SUMMARY = `query($cityCode: String, $from: Date, $to: Date, $factorSet: String) {
  summary(cityCode: $cityCode, from: $from, to: $to, factorSet: $factorSet) {
    cityCode
    stationsByStatus { total open full closed maintenance stale }
    totals { from to dropOffs items itemsReused itemsRecycled kgReused kgRecycled }
    co2eAvoided { factorSet { version } total { central low high } reuse { central low high } recycle { central low high } uncovered }
  } }`;

async function summary(vars: Record<string, unknown>) {
  return ok(await t.gql(SUMMARY, { cityCode: 'HZ', from: '2026-11-11', to: '2026-11-11', ...vars }, admin)).summary;
}

// HZ on 2026-11-11 (today), by material and outcome:
//   BOX_M REUSED 10 items 2.5 kg | BOX_S REUSED 4 items 0.7 kg            → reused 14 items, 3.2 kg
//   BOX_M RECYCLED 16 items 4 kg | MAILER_BAG RECYCLED 3 items 0.09 kg | FOAM_FILL RECYCLED 2 items 0.04 kg
//                                                                         → recycled 21 items, 4.13 kg
//   5 entries, 14 + 21 = 35 items.
const TODAY_TOTALS = { from: '2026-11-11', to: '2026-11-11', dropOffs: 5, items: 35, itemsReused: 14, itemsRecycled: 21, kgReused: 3.2, kgRecycled: 4.13 };

describe('summary', () => {
  it('counts stations by effective status: one of each in HZ', async () => {
    const s = await summary({});
    expect(s.cityCode).toBe('HZ');
    expect(s.stationsByStatus).toEqual({ total: 5, open: 1, full: 1, closed: 1, maintenance: 1, stale: 1 });
  });

  it('totals the physical quantities of the period', async () => {
    expect((await summary({})).totals).toEqual(TODAY_TOTALS);
  });

  it('computes CO2e under DESNZ-2025 (the default) as worked out by hand', async () => {
    const s = await summary({});
    expect(s.co2eAvoided.factorSet.version).toBe('DESNZ-2025');
    // reuse (board primary 1.1997/kg, low 0.185, displacement 1):
    //   central 3.2 kg × 1.1997 = 3.83904 → 3.839;  low 3.2 × 0.185 = 0.592;  high = central
    expect(s.co2eAvoided.reuse).toEqual({ central: 3.839, low: 0.592, high: 3.839 });
    // recycle: boxes 4 × 3.66 = 14.64; mailer 0.09 × 1.8129 = 0.163161; foam 0.04 × 0 = 0
    //   central 14.803161 → 14.803
    //   low  4 × 0.1016 = 0.4064 + 0.09 × 0.6696 = 0.060264 → 0.466664 → 0.467
    //   high 14.64 + 0.09 × 1.8159 = 0.163431 → 14.803431 → 14.803
    expect(s.co2eAvoided.recycle).toEqual({ central: 14.803, low: 0.467, high: 14.803 });
    // total: 3.83904 + 14.803161 = 18.642201 → 18.642; low 0.592 + 0.466664 = 1.058664 → 1.059;
    //   high 3.83904 + 14.803431 = 18.642471 → 18.642
    expect(s.co2eAvoided.total).toEqual({ central: 18.642, low: 1.059, high: 18.642 });
    expect(s.co2eAvoided.uncovered).toEqual([]);
    // the default and naming it give the same figures
    expect((await summary({ factorSet: 'DESNZ-2025' })).co2eAvoided).toEqual(s.co2eAvoided);
  });

  it('recomputes under DESNZ-2023: same quantities, different CO2e', async () => {
    const s = await summary({ factorSet: 'DESNZ-2023' });
    expect(s.totals).toEqual(TODAY_TOTALS);
    expect(s.co2eAvoided.factorSet.version).toBe('DESNZ-2023');
    // reuse: 3.2 × 0.8015 = 2.5648 → 2.565; low 3.2 × 0.185 = 0.592
    expect(s.co2eAvoided.reuse).toEqual({ central: 2.565, low: 0.592, high: 2.565 });
    // recycle: 14.64 + 0.09 × 0.6696 (= 0.060264) + 0 = 14.700264 → 14.7; low 0.4064 + 0.060264 = 0.466664 → 0.467
    expect(s.co2eAvoided.recycle).toEqual({ central: 14.7, low: 0.467, high: 14.7 });
    // total: 2.5648 + 14.700264 = 17.265064 → 17.265; low 0.592 + 0.466664 = 1.058664 → 1.059
    expect(s.co2eAvoided.total).toEqual({ central: 17.265, low: 1.059, high: 17.265 });
  });

  it('recomputes under CAINIAO-CEUCC-2021: 37 g per reused box, nothing for recycling', async () => {
    const s = await summary({ factorSet: 'CAINIAO-CEUCC-2021' });
    expect(s.totals).toEqual(TODAY_TOTALS);
    // 14 reused boxes (10 BOX_M + 4 BOX_S) × 0.037 = 0.518 (per item: the mass does not enter)
    expect(s.co2eAvoided.reuse).toEqual({ central: 0.518, low: 0.518, high: 0.518 });
    expect(s.co2eAvoided.recycle).toEqual({ central: 0, low: 0, high: 0 });
    expect(s.co2eAvoided.total).toEqual({ central: 0.518, low: 0.518, high: 0.518 });
  });

  it('includes earlier days when the period does: Nov 9..11 adds 5 BOX_L (2.25 kg) recycled', async () => {
    const s = await summary({ from: '2026-11-09' });
    // dropOffs 5 + 1 = 6; items 35 + 5 = 40; kgRecycled 4.13 + 2.25 = 6.38
    expect(s.totals).toMatchObject({ from: '2026-11-09', to: '2026-11-11', dropOffs: 6, items: 40, itemsRecycled: 26, kgRecycled: 6.38 });
    // recycle central 14.803161 + 2.25 × 3.66 (= 8.235) = 23.038161 → 23.038
    expect(s.co2eAvoided.recycle.central).toBe(23.038);
  });

  it('gives zeros for a period with no data', async () => {
    const s = await summary({ from: '2026-11-01', to: '2026-11-05' });
    expect(s.totals).toEqual({ from: '2026-11-01', to: '2026-11-05', dropOffs: 0, items: 0, itemsReused: 0, itemsRecycled: 0, kgReused: 0, kgRecycled: 0 });
    expect(s.co2eAvoided.total).toEqual({ central: 0, low: 0, high: 0 });
    // status counts are "now", whatever the period
    expect(s.stationsByStatus.total).toBe(5);
  });

  it('rejects an unknown factor set as NOT_FOUND, naming it', async () => {
    const r = await t.gql(SUMMARY, { cityCode: 'HZ', factorSet: 'IPCC-1990' }, admin);
    expect(r.errors?.[0]?.message).toBe('Emission factor set "IPCC-1990" does not exist');
    expect(r.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('rejects from after to as bad input', async () => {
    const r = await t.gql(SUMMARY, { cityCode: 'HZ', from: '2026-11-12', to: '2026-11-11' }, admin);
    expect(r.errors?.[0]?.message).toBe('from: must not be after "to" (2026-11-12 > 2026-11-11)');
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('mapStations', () => {
  it('returns aligned parallel arrays with today\'s items per station', async () => {
    const m = ok(await t.gql('{ mapStations(cityCode: "HZ") { count day codes lat lng status todayItems binFillPercent } }', {}, admin)).mapStations;
    expect(m.day).toBe('2026-11-11');
    expect(m.count).toBe(5);
    for (const k of ['codes', 'lat', 'lng', 'status', 'todayItems', 'binFillPercent']) expect(m[k]).toHaveLength(5);
    expect(m.codes).toEqual(['HZ-A', 'HZ-B', 'HZ-C', 'HZ-D', 'HZ-E']);
    expect(m.status).toEqual(['OPEN', 'FULL', 'STALE', 'CLOSED', 'MAINTENANCE']);
    // HZ-A today: 10 + 16 + 3 = 29; HZ-B today: 4 + 2 = 6 (the 5 BOX_L are from Nov 9)
    expect(m.todayItems).toEqual([29, 6, 0, 0, 0]);
    // bin: recycled items only. HZ-A 16 + 3 = 19 of 1000 = 1.9% → 2; HZ-B 2 + 5 = 7 of 1000 = 0.7% → 1
    expect(m.binFillPercent).toEqual([2, 1, 0, 0, 0]);
    // lat[i] belongs to codes[i]: compare with each station's own record
    const db = await t.db.db.selectFrom('station').select(['code', 'lat', 'lng']).where('city_code', '=', 'HZ').execute();
    const lat = Object.fromEntries(db.map((r) => [r.code, r.lat]));
    m.codes.forEach((code: string, i: number) => expect(m.lat[i]).toBeCloseTo(lat[code]!, 6)); // rounded to 6 decimals
  });
});

describe('emissionFactorSets', () => {
  it('lists the 3 seeded sets, exactly one default, each factor sourced and inside its range', async () => {
    const sets = ok(await t.gql('{ emissionFactorSets { version isDefault displacementRate factors { materialCode outcome unit value low high source year } } }', {}, admin)).emissionFactorSets;
    expect(sets.map((s: any) => s.version).sort()).toEqual(['CAINIAO-CEUCC-2021', 'DESNZ-2023', 'DESNZ-2025']);
    expect(sets.filter((s: any) => s.isDefault).map((s: any) => s.version)).toEqual(['DESNZ-2025']);
    for (const s of sets) {
      // 6 materials × 2 outcomes
      expect(s.factors, s.version).toHaveLength(12);
      for (const f of s.factors) {
        expect(f.source.length, `${s.version} ${f.materialCode}`).toBeGreaterThan(0);
        expect(f.low).toBeLessThanOrEqual(f.value);
        expect(f.value).toBeLessThanOrEqual(f.high);
      }
    }
    const desnz = sets.find((s: any) => s.version === 'DESNZ-2025');
    expect(desnz.factors.find((f: any) => f.materialCode === 'BOX_M' && f.outcome === 'REUSED')).toMatchObject({ unit: 'PER_KG', value: 1.1997, year: 2025 });
    const cainiao = sets.find((s: any) => s.version === 'CAINIAO-CEUCC-2021');
    expect(cainiao.factors.find((f: any) => f.materialCode === 'BOX_S' && f.outcome === 'REUSED')).toMatchObject({ unit: 'PER_ITEM', value: 0.037 });
  });
});

describe('materials', () => {
  it('lists the six materials in display order with typical masses, for anyone', async () => {
    const r = ok(await t.gql('{ materials { code nameZh nameEn typicalMassKg reusable } }'));
    expect(r.materials.map((m: { code: string }) => m.code)).toEqual(['BOX_S', 'BOX_M', 'BOX_L', 'MAILER_BAG', 'FOAM_FILL', 'PAPER_FILL']);
    expect(r.materials[1]).toEqual({ code: 'BOX_M', nameZh: '中号纸箱', nameEn: 'Corrugated box M', typicalMassKg: 0.25, reusable: true });
  });
});

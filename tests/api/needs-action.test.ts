// The needs-action work queue (issue 12): which stations are in it and in what order, the true
// count, keyset paging that stays stable while the queue changes, network-wide reads, and
// acknowledgements with a note (who, when, audited, shown to others). Stations in QD, built here
// with hand-set times (the test clock is 2026-11-11T04:00Z).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { print } from 'graphql';
import { createTestApp, ok, type TestApp, member } from '../helpers/app.ts';
import { graphql, type ResultOf, type SchemaType } from '../../web/src/lib/graphql.ts';
import { makeStation, makeUser } from '../helpers/factories.ts';
import { NeedsActionQueueQuery } from '../../web/src/routes/map/documents.ts';

const HOUR = 3600_000;
let t: TestApp;
let admin: string;
let manager: string;
let now: number;
const ago = (h: number) => new Date(now - h * HOUR);

beforeAll(async () => {
  t = await createTestApp();
  admin = (await makeUser(t, 'ADMIN')).token;
  manager = (await makeUser(t, 'CITY_MANAGER', { cityCode: 'QD' })).token;
  now = t.clock.now.getTime();
  const qd = (code: string, o: Parameters<typeof makeStation>[1]) => makeStation(t, { code, city_code: 'QD', ...o });
  await qd('QD-1', { last_reported_at: ago(30) }); //                                 STALE since 30 h
  await qd('QD-2', { status: 'FULL', last_reported_at: ago(50), bin_items: 90 }); //  STALE since 50 h, bin 90%
  await qd('QD-3', { status: 'FULL', bin_items: 120 }); //                            FULL since pickup 40 h ago, bin 120%
  await qd('QD-4', { status: 'FULL', bin_items: 50 }); //                             FULL, never picked up: since created (100 h)
  await qd('QD-5', { bin_items: 80 }); //                                             OPEN, bin exactly 80%, picked up 10 h ago
  await qd('QD-6', { bin_items: 79 }); //                                             OPEN, 79%: in no queue
  await qd('QD-7', { status: 'CLOSED', last_reported_at: ago(99), bin_items: 0 }); // CLOSED: in no queue
  await makeStation(t, { code: 'HZ-9', city_code: 'HZ', status: 'FULL' }); //            another city
  await t.db.db
    .updateTable('station')
    .set({ created_at: ago(100) })
    .where('city_code', '=', 'QD')
    .execute();
  await t.db.db
    .updateTable('station')
    .set({ last_pickup_at: ago(40) })
    .where('code', '=', 'QD-3')
    .execute();
  await t.db.db
    .updateTable('station')
    .set({ last_pickup_at: ago(10) })
    .where('code', '=', 'QD-5')
    .execute();
});
afterAll(() => t.close());

// The map's own query (50 a page); PAGE is the same selection with the page size as a variable.
const QUEUE = NeedsActionQueueQuery;
const PAGE = graphql(`
  query Queue($city: String, $kinds: [NeedsActionKind!], $sort: NeedsActionSort, $first: Int, $after: String) {
    needsAction(cityCode: $city, kinds: $kinds, sort: $sort, first: $first, after: $after) {
      totalCount
      counts {
        full
        stale
        bin80
      }
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          status
          since
          binFill
          station {
            code
          }
          acknowledgement {
            note
            byName
            at
          }
        }
      }
    }
  }
`);
type Edge = { node: { station: { code: string } } };

const codes = (d: { needsAction: { edges: Edge[] } }) => d.needsAction.edges.map((e) => e.node.station.code);

const STATION_ACK = graphql('query($code: String!) { station(code: $code) { latestAcknowledgement { note } } }');
const PICKUP = graphql(`
  mutation ($code: String!, $kg: Float!) {
    recordBinPickup(stationCode: $code, kg: $kg) {
      __typename
      ... on BinPickupPayload {
        station {
          code
          status
        }
      }
    }
  }
`);

describe('needsAction: what is in the queue', () => {
  it('by default: FULL and STALE stations of the city, longest wait first, with the true count', async () => {
    const d = ok(await t.gql(QUEUE, { city: 'QD' }, admin));
    expect(d.needsAction.edges.map((e) => [e.node.station.code, e.node.status, e.node.since])).toEqual([
      ['QD-4', 'FULL', ago(100).toISOString()],
      ['QD-2', 'STALE', ago(50).toISOString()],
      ['QD-3', 'FULL', ago(40).toISOString()],
      ['QD-1', 'STALE', ago(30).toISOString()],
    ]);
    // QD-2 (90%) and QD-3 (120%) of these four have a bin over 80%.
    expect(d.needsAction.totalCount).toBe(4);
    expect(d.needsAction.counts).toEqual({ full: 2, stale: 2, bin80: 2 });
    expect(d.needsAction.edges.map((e) => e.node.binFill)).toEqual([0.5, 0.9, 1.2, 0]);
  });

  it('BIN_80 alone, fullest first: 120%, 90%, and exactly 80% (79% is not in it)', async () => {
    const d = ok(await t.gql(QUEUE, { city: 'QD', kinds: ['BIN_80'], sort: 'FILL' }, admin));
    expect(codes(d)).toEqual(['QD-3', 'QD-2', 'QD-5']);
    expect(d.needsAction.totalCount).toBe(3);
    expect(d.needsAction.edges[2]?.node).toMatchObject({ status: 'OPEN', since: ago(10).toISOString() });
  });

  it('all three kinds together count each station once', async () => {
    const d = ok(await t.gql(QUEUE, { city: 'QD', kinds: ['FULL', 'STALE', 'BIN_80', 'FULL'] }, admin));
    expect(codes(d)).toEqual(['QD-4', 'QD-2', 'QD-3', 'QD-1', 'QD-5']);
    expect(d.needsAction.totalCount).toBe(5);
  });

  it('network-wide (no cityCode) holds every city: QD stations and HZ-9', async () => {
    const d = ok(await t.gql(PAGE, { first: 200 }, admin));
    expect(codes(d)).toEqual(expect.arrayContaining(['QD-1', 'QD-2', 'QD-3', 'QD-4', 'HZ-9']));
    expect(d.needsAction.totalCount).toBe(d.needsAction.edges.length);
    const qd = ok(await t.gql(QUEUE, { city: 'QD' }, admin));
    const hz = ok(await t.gql(PAGE, { city: 'HZ', first: 200 }, admin));
    expect(hz.needsAction.totalCount + qd.needsAction.totalCount).toBeLessThanOrEqual(d.needsAction.totalCount);
  });
});

describe('needsAction: paging', () => {
  it('pages of 2 walk the whole queue, and a cursor stays valid when the queue changes under it', async () => {
    const kinds: SchemaType<'NeedsActionKind'>[] = ['FULL', 'STALE', 'BIN_80'];
    const p1 = ok(await t.gql(PAGE, { city: 'QD', kinds, first: 2 }, admin));
    expect(codes(p1)).toEqual(['QD-4', 'QD-2']);
    expect(p1.needsAction.pageInfo.hasNextPage).toBe(true);
    // QD-4 gets picked up meanwhile: it leaves the queue, and the next page neither skips nor repeats.
    expect(ok(await t.gql(PICKUP, { code: 'QD-4', kg: 12.5 }, manager)).recordBinPickup).toEqual({
      __typename: 'BinPickupPayload',
      station: { code: 'QD-4', status: 'OPEN' },
    });
    const p2 = ok(await t.gql(PAGE, { city: 'QD', kinds, first: 2, after: p1.needsAction.pageInfo.endCursor }, admin));
    expect(codes(p2)).toEqual(['QD-3', 'QD-1']);
    expect(p2.needsAction.totalCount).toBe(4); // QD-4 is gone
    const p3 = ok(await t.gql(PAGE, { city: 'QD', kinds, first: 2, after: p2.needsAction.pageInfo.endCursor }, admin));
    expect(codes(p3)).toEqual(['QD-5']);
    expect(p3.needsAction.pageInfo.hasNextPage).toBe(false);
  });

  it('refuses bad input with a clear error and no data', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ city: 'QD', first: 201 }, /first.*200/],
      [{ city: 'QD', after: 'not-a-cursor!' }, /after.*cursor/],
      [{ city: 'QD', after: Buffer.from('needs-action-WAITING:[1,').toString('base64url') }, /after.*cursor/],
      [{ city: 'QD', kinds: ['EMPTY'] }, /NeedsActionKind/],
      [{ city: 'QD-LONGER-THAN-8' }, /cityCode/],
    ];
    for (const [vars, message] of cases) {
      // Variables the schema refuses on purpose: sent as a string, the answer typed as PAGE's.
      const r = await t.gql<ResultOf<typeof PAGE>>(print(PAGE), vars, admin);
      expect(r.errors?.[0]?.message, JSON.stringify(vars)).toMatch(message);
      expect(r.data?.needsAction ?? null).toBeNull();
    }
    // A cursor of one order is not a position in the other.
    const p = ok(await t.gql(PAGE, { city: 'QD', first: 1 }, admin));
    const r = await t.gql(QUEUE, { city: 'QD', sort: 'FILL', after: p.needsAction.pageInfo.endCursor }, admin);
    expect(r.errors?.[0]?.message).toMatch(/after.*cursor/);
  });
});

const ACK = graphql(`
  mutation ($code: String!, $note: String!) {
    acknowledgeStation(stationCode: $code, note: $note) {
      __typename
      ... on Acknowledgement {
        note
        byName
        byRole
        at
      }
      ... on Error {
        message
      }
      ... on InputError {
        issues {
          field
          message
        }
      }
    }
  }
`);
const countRows = async (table: 'station_acknowledgement' | 'audit_entry') =>
  Number(
    (
      await t.db.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('acknowledgeStation', () => {
  it('stores the trimmed note with who and when, audits it, and shows it to others in the queue and the drawer', async () => {
    const audits = await countRows('audit_entry');
    const a = member(
      ok(await t.gql(ACK, { code: 'QD-2', note: '  truck booked for 15:00 ' }, manager)).acknowledgeStation,
      'Acknowledgement',
    );
    expect(a).toMatchObject({
      __typename: 'Acknowledgement',
      note: 'truck booked for 15:00',
      byRole: 'CITY_MANAGER',
      at: t.clock.now.toISOString(),
    });
    expect(a.byName).toMatch(/^Test CITY_MANAGER/);
    expect(await countRows('audit_entry')).toBe(audits + 1);
    const audit = await t.db.db
      .selectFrom('audit_entry')
      .selectAll()
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ action: 'acknowledgeStation', entity: 'station', entity_id: 'QD-2' });
    // The admin (someone else) sees it on the queue item and on the station.
    const q = ok(await t.gql(QUEUE, { city: 'QD' }, admin));
    const item = q.needsAction.edges.find((e) => e.node.station.code === 'QD-2')?.node;
    expect(item?.acknowledgement).toEqual({ note: 'truck booked for 15:00', byName: a.byName, at: a.at });
    const s = ok(await t.gql(STATION_ACK, { code: 'QD-2' }, admin));
    expect(s.station?.latestAcknowledgement).toEqual({ note: 'truck booked for 15:00' });
  });

  it('an acknowledgement from before the current wait is history: not on the queue item, still on the station', async () => {
    // QD-3 waits since its pickup 40 h ago; a note from 60 h ago was about the previous full bin.
    const { id: userId } = await t.db.db
      .selectFrom('app_user')
      .select('id')
      .where('role', '=', 'ADMIN')
      .executeTakeFirstOrThrow();
    const { id: stationId } = await t.db.db
      .selectFrom('station')
      .select('id')
      .where('code', '=', 'QD-3')
      .executeTakeFirstOrThrow();
    await t.db.db
      .insertInto('station_acknowledgement')
      .values({ station_id: stationId, note: 'old news', acknowledged_by: userId, acknowledged_at: ago(60) })
      .execute();
    const q = ok(await t.gql(QUEUE, { city: 'QD' }, admin));
    expect(q.needsAction.edges.find((e) => e.node.station.code === 'QD-3')?.node.acknowledgement).toBeNull();
    const s = ok(await t.gql(STATION_ACK, { code: 'QD-3' }, admin));
    expect(s.station?.latestAcknowledgement).toEqual({ note: 'old news' });
  });

  it('refuses an empty or too long note and an unknown station, writing nothing', async () => {
    const before = [await countRows('station_acknowledgement'), await countRows('audit_entry')];
    const cases: [{ code: string; note: string }, string, string][] = [
      [{ code: 'QD-1', note: '   ' }, 'InputError', 'note'],
      [{ code: 'QD-1', note: '长'.repeat(501) }, 'InputError', 'note'],
      [{ code: 'QD-404', note: 'where is it' }, 'NotFoundError', 'stationCode'],
    ];
    for (const [vars, type, field] of cases) {
      const r = ok(await t.gql(ACK, vars, admin)).acknowledgeStation;
      expect(r.__typename).toBe(type);
      if (r.__typename === 'InputError') expect(r.issues[0]?.field).toBe(field);
      else expect('message' in r && r.message).toMatch(/QD-404/);
    }
    // 500 characters (CJK counts one each) is fine.
    expect(ok(await t.gql(ACK, { code: 'QD-1', note: '长'.repeat(500) }, admin)).acknowledgeStation.__typename).toBe(
      'Acknowledgement',
    );
    expect([await countRows('station_acknowledgement'), await countRows('audit_entry')]).toEqual([
      before[0]! + 1,
      before[1]! + 1,
    ]);
  });
});

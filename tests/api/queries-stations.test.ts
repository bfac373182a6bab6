// Read queries: the stations connection (order, pages, filters, search, STALE), station(code) and
// node(id), against the fixture in helpers/query-fixture.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok, type TestApp } from '../helpers/app.ts';
import { createQueryFixture } from '../helpers/query-fixture.ts';
import { graphql, type VariablesOf } from '../../web/src/lib/graphql.ts';

let t: TestApp;
let admin: string;
beforeAll(async () => {
  ({ t, admin } = await createQueryFixture());
});
afterAll(() => t.close());

const STATIONS = graphql(`
  query ($first: Int, $after: String, $last: Int, $cityCode: String, $status: [StationStatus!], $search: String) {
    stations(first: $first, after: $after, last: $last, cityCode: $cityCode, status: $status, search: $search) {
      totalCount
      pageInfo {
        hasNextPage
        hasPreviousPage
        endCursor
      }
      edges {
        cursor
        node {
          code
          status
          operatingStatus
        }
      }
    }
  }
`);
const NODE = graphql(`
  query ($id: ID!) {
    node(id: $id) {
      __typename
      id
      ... on City {
        code
      }
      ... on Station {
        code
      }
      ... on DropOff {
        idempotencyKey
      }
    }
  }
`);
const NODE_ID = graphql('query($id: ID!) { node(id: $id) { id } }');

async function stations(vars: VariablesOf<typeof STATIONS>) {
  return ok(await t.gql(STATIONS, vars, admin)).stations;
}
const codes = (conn: { edges: { node: { code: string } }[] }) => conn.edges.map((e) => e.node.code);

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
    const byCode = Object.fromEntries(all.edges.map((e) => [e.node.code, e.node]));
    expect(byCode['GZ-002']).toMatchObject({ status: 'STALE', operatingStatus: 'OPEN' });
    expect(byCode['GZ-003']).toMatchObject({ status: 'CLOSED', operatingStatus: 'CLOSED' });
    expect(byCode['GZ-001']?.status).toBe('OPEN');
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

  it("rejects last: 501 on a station's drop-offs too", async () => {
    const r = await t.gql(graphql('{ station(code: "HZ-A") { dropOffs(last: 501) { edges { cursor } } } }'), {}, admin);
    expect(r.errors?.[0]?.message).toBe('last: must be at most 500 (got 501)');
  });
});

describe('station, node', () => {
  it('returns null for an unknown station code', async () => {
    const r = ok(await t.gql(graphql('{ station(code: "NO-SUCH") { code } }'), {}, admin));
    expect(r.station).toBeNull();
  });

  it('loads City, Station and DropOff nodes by global id', async () => {
    const s = ok(
      await t.gql(
        graphql(`
          {
            station(code: "HZ-A") {
              id
              code
              city {
                id
                code
              }
              dropOffs(first: 1) {
                edges {
                  node {
                    id
                    idempotencyKey
                  }
                }
              }
            }
          }
        `),
        {},
        admin,
      ),
    ).station!;
    // Relay global ids: base64("Type:key")
    expect(Buffer.from(s.city.id, 'base64').toString()).toBe('City:HZ');
    expect(Buffer.from(s.id, 'base64').toString()).toMatch(/^Station:\d+$/);
    const dropOff = s.dropOffs.edges[0]!.node;
    const q = NODE;
    expect(ok(await t.gql(q, { id: s.city.id }, admin)).node).toEqual({
      __typename: 'City',
      id: s.city.id,
      code: 'HZ',
    });
    expect(ok(await t.gql(q, { id: s.id }, admin)).node).toEqual({ __typename: 'Station', id: s.id, code: 'HZ-A' });
    expect(ok(await t.gql(q, { id: dropOff.id }, admin)).node).toEqual({
      __typename: 'DropOff',
      id: dropOff.id,
      idempotencyKey: dropOff.idempotencyKey,
    });
  });

  it('gives a clear error, not "Unexpected error.", for a malformed id', async () => {
    const node = async (id: string) => t.gql(NODE_ID, { id }, admin);
    expect((await node('garbage!')).errors?.[0]?.message).toBe('Invalid global ID: garbage!');
    const notAnInt = await node(Buffer.from('Station:abc').toString('base64'));
    expect(notAnInt.errors?.[0]?.message).toBe('id: is not a station id');
    expect(notAnInt.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await node(Buffer.from('DropOff:x').toString('base64'))).errors?.[0]?.message).toBe(
      'id: is not a drop-off id',
    );
    expect((await node(Buffer.from('Nope:1').toString('base64'))).errors?.[0]?.message).toMatch(/Nope/);
  });

  it('returns null for a well-formed id of a station that does not exist', async () => {
    const r = ok(await t.gql(NODE_ID, { id: Buffer.from('Station:99999').toString('base64') }, admin));
    expect(r.node).toBeNull();
  });
});

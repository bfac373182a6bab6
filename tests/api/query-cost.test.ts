// The query budget through the real server: a query over it is refused with a typed client error
// before any SQL is sent; list arguments over their cap are an InputError naming the argument; the
// pages the web app asks for run. (The costs themselves are worked out in tests/unit/query-cost.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, ok, type TestApp } from '../helpers/app.ts';
import { makeStation, makeUser } from '../helpers/factories.ts';
import { graphql } from '../../web/src/lib/graphql.ts';

let t: TestApp;
let admin: string;
let stationGid: string;
const sent: string[] = [];

beforeAll(async () => {
  t = await createTestApp({ log: (q) => sent.push(q) });
  admin = (await makeUser(t, 'ADMIN')).token;
  const s = await makeStation(t, { city_code: 'SH' });
  stationGid = ok(await t.gql(graphql('query($c: String!) { station(code: $c) { id } }'), { c: s.code })).station!.id;
});
afterAll(() => t.close());

// Built per size, so a string with its result type stated.
type Nested = { stations: { edges: { node: { code: string; dropOffs: { edges: { node: { id: string } }[] } } }[] } };
const NESTED = (outer: number, inner: number) =>
  `{ stations(first: ${outer}) { edges { node { code dropOffs(first: ${inner}) { edges { node { id } } } } } } }`;

describe('query budget', () => {
  it('500 stations x 500 drop-offs (cost 752,001 > 30,000) is refused with QUERY_TOO_COMPLEX before any SQL', async () => {
    sent.length = 0;
    const r = await t.gql(NESTED(500, 500));
    expect(r.data ?? null).toBeNull();
    expect(r.errors).toHaveLength(1);
    expect(r.errors![0]).toMatchObject({
      message:
        'Query too complex: it would cost 752001 (budget 30000; list sizes multiply: ask for smaller pages or fewer nested lists)',
      extensions: {
        code: 'QUERY_TOO_COMPLEX',
        cost: 752_001,
        maxCost: 30_000,
        reason: 'query.tooCostly',
        params: { cost: 752_001, maxCost: 30_000 },
      },
    });
    expect(sent).toEqual([]);
  });

  it('the same shape with 10 x 10 runs (cost 1 + 10 x (1 + 1 + 1 + 1 + 10 x 3) = 341)', async () => {
    const r = await t.gql<Nested>(NESTED(10, 10), {}, admin);
    expect(r.errors).toBeUndefined();
    expect(r.data?.stations.edges.length).toBeGreaterThanOrEqual(1);
  });

  it('the 100-station admin page runs', async () => {
    const r = await t.gql(
      graphql(
        'query($first: Int) { stations(first: $first) { totalCount edges { node { code name city { code } } } } }',
      ),
      { first: 100 },
      admin,
    );
    expect(r.errors).toBeUndefined();
    expect(r.data?.stations.totalCount).toBeGreaterThanOrEqual(1);
  });
});

describe('list arguments are capped, each refusal naming its argument', () => {
  it.each([
    [
      'stations(first: 501)',
      '{ stations(first: 501) { edges { node { code } } } }',
      'first: must be at most 500 (got 501)',
      'first',
    ],
    [
      'stations(first: 1000000): capped in the cost, refused by the field',
      '{ stations(first: 1000000) { edges { node { code } } } }',
      'first: must be at most 500 (got 1000000)',
      'first',
    ],
    [
      'stations(last: 501)',
      '{ stations(last: 501) { edges { node { code } } } }',
      'last: must be at most 500 (got 501)',
      'last',
    ],
  ])('%s', async (_label, query, message, field) => {
    const r = await t.gql(query, {}, admin);
    expect(r.errors?.[0]).toMatchObject({ message, extensions: { code: 'BAD_USER_INPUT', issues: [{ field }] } });
  });

  it('nodes(ids:) takes 100 ids, not 101', async () => {
    const ids = (n: number) => Array.from({ length: n }, () => stationGid);
    const nodes = graphql('query($ids: [ID!]!) { nodes(ids: $ids) { id } }');
    const hundred = await t.gql(nodes, { ids: ids(100) });
    expect(hundred.errors).toBeUndefined();
    expect(hundred.data?.nodes).toHaveLength(100);
    const more = await t.gql(nodes, { ids: ids(101) });
    expect(more.errors?.[0]).toMatchObject({
      message: 'ids: must list at most 100 ids (got 101)',
      extensions: { code: 'BAD_USER_INPUT', issues: [{ field: 'ids' }] },
    });
  });
});

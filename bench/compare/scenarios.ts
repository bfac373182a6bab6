// The four dashboard reads of the side-by-side benchmark, as each of the three servers is asked
// for them: the product (its GraphQL API), PostGraphile v5 (its generated schema plus the bench
// functions in postgraphile.sql) and the raw node:http server (raw-server.ts, the product's SQL).
// Each answer is checked once so a wrong query cannot pass as a fast one.
export type ServerName = 'product' | 'postgraphile' | 'raw';

export interface Request {
  /** Path on the server. */
  path: string;
  /** POST body. */
  body: string;
  /** Checked on the first answer. */
  check(data: Answer): string | null;
}

/** The fields the checks read, from whichever server and request answered (each reads its own). */
export interface Answer {
  __typename: string;
  summary: { totals: { items: number } };
  citySummary: { items: string | number };
  stations: { edges: unknown[] };
  allStations: { edges: unknown[]; nodes: unknown[] };
  mapStations: { count: number };
}

export interface Scenario {
  name: string;
  /** p99 target at 10 clients (issue 14 §1), if any. */
  targetP99Ms?: number;
  byServer: Record<ServerName, Request>;
}

const gql = (query: string, check: Request['check']): Request => ({
  path: '/graphql',
  body: JSON.stringify({ query }),
  check,
});
const raw = (path: string, check: Request['check']): Request => ({ path, body: '{}', check });

export function compareScenarios(from: string, to: string): Scenario[] {
  const co2 = 'co2eAvoided { total { central low high } }';
  const pageRows = (edges: unknown[]) => (edges.length === 100 ? null : `page has ${edges.length} stations`);
  return [
    {
      name: 'empty request with a token',
      byServer: {
        product: gql('{ __typename }', (d) => (d.__typename === 'Query' ? null : 'no __typename')),
        postgraphile: gql('{ __typename }', (d) => (d.__typename === 'Query' ? null : 'no __typename')),
        raw: raw('/empty', (d) => (d.__typename === 'Query' ? null : 'no __typename')),
      },
    },
    {
      name: `city summary SH ${from}..${to}`,
      targetP99Ms: 50,
      byServer: {
        product: gql(
          `{ summary(cityCode: "SH", from: "${from}", to: "${to}") { cityCode stationsByStatus { total open full stale }
          totals { items dropOffs kgRecycled kgReused itemsReused } ${co2} } }`,
          (d) => (d.summary.totals.items > 0 ? null : 'no items'),
        ),
        postgraphile: gql(
          `{ citySummary(city: "SH", fromDay: "${from}", toDay: "${to}") { cityCode stations openCount fullCount staleCount
          items dropOffs kgRecycled kgReused itemsReused co2ECentral co2ELow co2EHigh } }`,
          (d) => (Number(d.citySummary.items) > 0 ? null : 'no items'),
        ),
        raw: raw(`/summary?city=SH&from=${from}&to=${to}`, (d) => (d.summary.totals.items > 0 ? null : 'no items')),
      },
    },
    {
      name: '100-station page (SH) with campaign totals',
      targetP99Ms: 50,
      byServer: {
        product: gql(
          `{ stations(first: 100, cityCode: "SH") { totalCount edges { node { code status binFill
          totals(from: "${from}", to: "${to}") { items dropOffs kgRecycled ${co2} } } } } }`,
          (d) => pageRows(d.stations.edges),
        ),
        postgraphile: gql(
          `{ allStations(first: 100, condition: { cityCode: "SH" }, orderBy: CODE_ASC) { totalCount edges { node {
          code effectiveStatus binItems binCapacity totals(fromDay: "${from}", toDay: "${to}") { items dropOffs kgRecycled co2ECentral co2ELow co2EHigh } } } } }`,
          (d) => pageRows(d.allStations.edges),
        ),
        raw: raw(`/page?city=SH&from=${from}&to=${to}`, (d) => pageRows(d.stations.edges)),
      },
    },
    {
      name: 'map, all 10,000 stations',
      byServer: {
        product: gql('{ mapStations { count day codes lat lng status todayItems binFillPercent } }', (d) =>
          d.mapStations.count >= 10_000 ? null : 'map < 10,000',
        ),
        postgraphile: gql(
          '{ allStations(orderBy: CODE_ASC) { nodes { code lat lng effectiveStatus itemsDay itemsOnDay binItems binCapacity } } }',
          (d) => (d.allStations.nodes.length >= 10_000 ? null : 'map < 10,000'),
        ),
        raw: raw('/map', (d) => (d.mapStations.count >= 10_000 ? null : 'map < 10,000')),
      },
    },
  ];
}

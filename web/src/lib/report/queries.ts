// The report and method pages' API calls: four carbonReport groupings, the comparison of two
// factor sets, the sensitivity table, the factor sets and the cities. The CSV download is in
// csv-download.ts.
import { gql, isResultError, type ResultError } from '../api.ts';

export interface Co2e {
  central: number;
  low: number;
  high: number;
}
export interface Co2eSplit {
  reuse: Co2e;
  recycle: Co2e;
  total: Co2e;
}
export interface ReportRow {
  cityCode: string | null;
  cityNameZh: string | null;
  cityNameEn: string | null;
  day: string | null;
  materialCode: string | null;
  outcome: string | null;
  items: number;
  itemsReused: number;
  itemsRecycled: number;
  kg: number;
  kgWeighed: number;
  kgEstimated: number;
  weighedShare: number | null;
  dataQualityScore: number | null;
  co2e: Co2eSplit;
}
export interface CarbonMethod {
  version: string;
  approvedBy: string;
  approvedOn: string;
  document: string;
}
export interface Report {
  __typename: 'CarbonReport';
  from: string;
  to: string;
  cityCodes: string[];
  stationCodes: string[];
  generatedAt: string;
  reportId: string;
  method: CarbonMethod;
  displacementRate: number;
  displacementScenario: number | null;
  factorSet: { version: string; name: string; displacementRate: number };
  uncovered: string[];
  rows: ReportRow[];
  total: ReportRow;
}
export interface Factor {
  materialCode: string;
  outcome: string;
  unit: 'PER_KG' | 'PER_ITEM';
  value: number;
  low: number;
  high: number;
  source: string;
  sourceZh: string | null;
  sourceUrls: string[];
  evidence: 'PRIMARY' | 'SECONDARY' | 'DERIVED' | 'ASSUMPTION' | null;
  year: number;
}
export interface FactorSet {
  version: string;
  name: string;
  isDefault: boolean;
  publishedAt: string | null;
  displacementRate: number;
  notes: string;
  notesZh: string | null;
  factors: Factor[];
}

/** What a report covers: the URL's filters. Empty lists mean no filter. */
export interface ReportScope {
  from: string;
  to: string;
  cityCodes: string[];
  stationCodes: string[];
  factorSet: string | null;
  /** A displacement scenario (0..1) in place of the set's own rate; null: the set's own. */
  displacementRate: number | null;
}

const CO2E = 'reuse { central low high } recycle { central low high } total { central low high }';
const ROW = `cityCode cityNameZh cityNameEn day materialCode outcome items itemsReused itemsRecycled kg
  kgWeighed kgEstimated weighedShare dataQualityScore co2e { ${CO2E} }`;
const METHOD = 'method { version approvedBy approvedOn document }';
const REPORT = `__typename ... on CarbonReport { from to cityCodes stationCodes generatedAt reportId ${METHOD} displacementRate displacementScenario
  factorSet { version name displacementRate } uncovered rows { ${ROW} } total { ${ROW} } }
  ... on Error { message } ... on InputError { field } ... on NotFoundError { field }`;
const VARS = '$from: Date, $to: Date, $cityCodes: [String!], $stationCodes: [String!], $displacementRate: Float';
const ARGS = 'from: $from, to: $to, cityCodes: $cityCodes, stationCodes: $stationCodes, displacementRate: $displacementRate';

export const GROUPINGS = ['DAY', 'CITY', 'MATERIAL', 'OUTCOME'] as const;
export type Grouping = (typeof GROUPINGS)[number];

/**
 * The report by day, city, material and outcome: four requests in parallel (one would exceed the
 * API's query breadth limit). A typed error (InputError, NotFoundError) is thrown as ResultError.
 */
export async function loadReports(scope: ReportScope, signal?: AbortSignal): Promise<Record<Grouping, Report>> {
  const query = (g: Grouping) => `query(${VARS}, $factorSet: String) {
    report: carbonReport(groupBy: [${g}], ${ARGS}, factorSet: $factorSet) { ${REPORT} } }`;
  const reports = await Promise.all(GROUPINGS.map(async (g) => {
    const r = (await gql<{ report: Report | ResultError }>(query(g), { ...scope }, { signal, timeoutMs: 30_000 })).report;
    if (isResultError(r)) throw r;
    return [g, r] as const;
  }));
  return Object.fromEntries(reports) as Record<Grouping, Report>;
}

export async function loadFactorSets(): Promise<FactorSet[]> {
  const data = await gql<{ emissionFactorSets: FactorSet[] }>(
    `{ emissionFactorSets { version name isDefault publishedAt displacementRate notes notesZh
      factors { materialCode outcome unit value low high source sourceZh sourceUrls evidence year } } }`,
  );
  return data.emissionFactorSets;
}

export async function loadCities(): Promise<{ code: string; nameZh: string; nameEn: string }[]> {
  return (await gql<{ cities: { code: string; nameZh: string; nameEn: string }[] }>('{ cities { code nameZh nameEn } }')).cities;
}

export interface ComparisonRow {
  cityCode: string | null;
  cityNameZh: string | null;
  cityNameEn: string | null;
  materialCode: string | null;
  items: number;
  kg: number;
  a: Co2eSplit;
  b: Co2eSplit;
  difference: Co2eSplit;
}
export interface Comparison {
  __typename: 'FactorSetComparison';
  reportId: string;
  displacementScenario: number | null;
  a: { version: string; displacementRate: number };
  b: { version: string; displacementRate: number };
  rows: ComparisonRow[];
  total: ComparisonRow;
}

/** The report under sets a and b side by side (compareFactorSets), by city or by material. */
export async function loadComparison(scope: ReportScope, a: string, b: string, groupBy: 'CITY' | 'MATERIAL', signal?: AbortSignal): Promise<Comparison> {
  const row = `cityCode cityNameZh cityNameEn materialCode items kg a { ${CO2E} } b { ${CO2E} } difference { ${CO2E} }`;
  const q = `query(${VARS}, $a: String!, $b: String!) { comparison: compareFactorSets(groupBy: [${groupBy}], ${ARGS}, a: $a, b: $b) {
    __typename ... on FactorSetComparison { reportId displacementScenario a { version displacementRate } b { version displacementRate } rows { ${row} } total { ${row} } }
    ... on Error { message } ... on InputError { field } ... on NotFoundError { field } } }`;
  const r = (await gql<{ comparison: Comparison | ResultError }>(q, { ...scope, a, b }, { signal, timeoutMs: 30_000 })).comparison;
  if (isResultError(r)) throw r;
  return r;
}

export interface Sensitivity {
  __typename: 'CarbonSensitivity';
  from: string;
  to: string;
  displacementScenarios: number[];
  kg: number;
  weighedShare: number | null;
  rows: { factorSet: { version: string; name: string; isDefault: boolean; displacementRate: number }; ownRate: Co2e; scenarios: { displacementRate: number; total: Co2e }[] }[];
}

/** The total under every published set and displacement scenario (the method page's table). */
export async function loadSensitivity(scope: Pick<ReportScope, 'from' | 'to' | 'cityCodes' | 'stationCodes'>): Promise<Sensitivity> {
  const q = `query($from: Date, $to: Date, $cityCodes: [String!], $stationCodes: [String!]) {
    s: carbonSensitivity(from: $from, to: $to, cityCodes: $cityCodes, stationCodes: $stationCodes) {
      __typename ... on CarbonSensitivity { from to displacementScenarios kg weighedShare
        rows { factorSet { version name isDefault displacementRate } ownRate { central low high } scenarios { displacementRate total { central low high } } } }
      ... on Error { message } } }`;
  const r = (await gql<{ s: Sensitivity | ResultError }>(q, scope, { timeoutMs: 30_000 })).s;
  if (isResultError(r)) throw r;
  return r;
}

export async function loadMethod(): Promise<CarbonMethod & { defaultFactorSet: string; displacementScenarios: number[] }> {
  return (await gql<{ carbonMethod: CarbonMethod & { defaultFactorSet: string; displacementScenarios: number[] } }>(
    '{ carbonMethod { version approvedBy approvedOn document defaultFactorSet displacementScenarios } }',
  )).carbonMethod;
}


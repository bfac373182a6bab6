// The report and method pages' API calls: the report in four groupings, the comparison of two
// factor sets, the sensitivity table, the method, the factor sets and the cities. The documents are
// in routes/reports/documents.ts; the CSV download with progress is in csv-download.svelte.ts.
import { request, unwrapResult } from '../../lib/api.ts';
import {
  CarbonMethodQuery,
  CarbonReportQuery,
  CompareFactorSetsQuery,
  ReportCitiesQuery,
  SensitivityQuery,
  type Comparison,
  type Report,
  type ReportCity,
  type Sensitivity,
} from './documents.ts';
import { FactorSetsQuery, type FactorSet } from '../../lib/documents.ts';

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

export const GROUPINGS = ['DAY', 'CITY', 'MATERIAL', 'OUTCOME'] as const;
export type Grouping = (typeof GROUPINGS)[number];

/**
 * The report by day, city, material and outcome: four requests in parallel (one would exceed the
 * API's query breadth limit). A typed error (InputError, NotFoundError) is thrown as ResultError.
 */
export async function loadReports(scope: ReportScope, signal?: AbortSignal): Promise<Record<Grouping, Report>> {
  const reports = await Promise.all(
    GROUPINGS.map(async (g) => {
      const { report } = await request(CarbonReportQuery, { ...scope, groupBy: [g] }, { signal, timeoutMs: 30_000 });
      return [g, unwrapResult(report)] as const;
    }),
  );
  return Object.fromEntries(reports) as Record<Grouping, Report>;
}

/** The report under sets a and b side by side (compareFactorSets), by city or by material. */
export async function loadComparison(
  scope: ReportScope,
  a: string,
  b: string,
  groupBy: 'CITY' | 'MATERIAL',
  signal?: AbortSignal,
): Promise<Comparison> {
  const { factorSet: _own, ...rest } = scope;
  const { comparison } = await request(
    CompareFactorSetsQuery,
    { ...rest, groupBy: [groupBy], a, b },
    { signal, timeoutMs: 30_000 },
  );
  return unwrapResult(comparison);
}

/** The total under every published set and displacement scenario (the method page's table). */
export async function loadSensitivity(
  scope: Pick<ReportScope, 'from' | 'to' | 'cityCodes' | 'stationCodes'>,
): Promise<Sensitivity> {
  return unwrapResult((await request(SensitivityQuery, scope, { timeoutMs: 30_000 })).sensitivity);
}

export async function loadMethod() {
  return (await request(CarbonMethodQuery)).carbonMethod;
}

export async function loadFactorSets(): Promise<FactorSet[]> {
  return (await request(FactorSetsQuery)).emissionFactorSets;
}

export async function loadCities(): Promise<ReportCity[]> {
  return (await request(ReportCitiesQuery)).cities;
}

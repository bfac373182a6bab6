// The report page's API calls: the report in four groupings, the factor sets, the cities, and the CSV download (fetched with the session's token and saved as a file).
import { ApiError, request, unwrapResult } from '../api.ts';
import { session } from '../session.svelte.ts';
import { CarbonReportQuery, FactorSetsQuery, ReportCitiesQuery, type FactorSet, type Report, type ReportCity } from '../../routes/reports/documents.ts';

/** What a report covers: the URL's filters. Empty lists mean no filter. */
export interface ReportScope {
  from: string;
  to: string;
  cityCodes: string[];
  stationCodes: string[];
  factorSet: string | null;
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

export async function loadFactorSets(): Promise<FactorSet[]> {
  return (await request(FactorSetsQuery)).emissionFactorSets;
}

export async function loadCities(): Promise<ReportCity[]> {
  return (await request(ReportCitiesQuery)).cities;
}

/** The CSV's address for a scope and grouping (documented in README "Carbon reports"). */
export function csvHref(scope: ReportScope, groupBy: string[]): string {
  const q = new URLSearchParams({ from: scope.from, to: scope.to, groupBy: groupBy.join(',') });
  if (scope.cityCodes.length) q.set('cityCodes', scope.cityCodes.join(','));
  if (scope.stationCodes.length) q.set('stationCodes', scope.stationCodes.join(','));
  if (scope.factorSet) q.set('factorSet', scope.factorSet);
  return `/reports/carbon.csv?${q}`;
}

/** A complete export ends with this record (README "CSV export"); a file without it was cut short. */
export const CSV_END = /\r\n# end,rows=\d+\r\n$/;

/**
 * Downloads the CSV with the Authorization header (the token never goes into a URL) and saves it
 * under the server's file name, after checking its end trailer: an export cut part-way is an
 * error, never saved as if it were complete.
 */
export async function downloadCsv(scope: ReportScope, groupBy: string[]): Promise<void> {
  const res = await fetch(csvHref(scope, groupBy), { headers: session.token ? { authorization: `Bearer ${session.token}` } : {} });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
    const kind = res.status === 401 ? 'unauthenticated' : res.status === 403 ? 'forbidden' : res.status === 503 ? 'unreachable' : 'server';
    throw new ApiError(kind, body?.error?.message ?? `HTTP ${res.status}`);
  }
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'carbon-report.csv';
  let blob: Blob;
  try {
    blob = await res.blob();
  } catch {
    throw new ApiError('incomplete', 'The download was cut short');
  }
  if (!CSV_END.test(await blob.slice(-64).text())) throw new ApiError('incomplete', 'The download was cut short');
  const url = URL.createObjectURL(blob);
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

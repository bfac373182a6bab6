// The report's CSV export: its address for a scope and grouping, and the download (fetched with
// the session's token and saved as a file). The file itself is the API's (api/src/http/).
import { ApiError } from '../../lib/api.ts';
import { session } from '../../lib/session.svelte.ts';
import type { ReportScope } from './report-state.svelte.ts';

/** The CSV's address for a scope and grouping (documented in README "Carbon reports"). */
export function csvHref(scope: ReportScope, groupBy: string[]): string {
  const q = new URLSearchParams({ from: scope.from, to: scope.to, groupBy: groupBy.join(',') });
  if (scope.cityCodes.length) q.set('cityCodes', scope.cityCodes.join(','));
  if (scope.stationCodes.length) q.set('stationCodes', scope.stationCodes.join(','));
  if (scope.factorSet) q.set('factorSet', scope.factorSet);
  return `/reports/carbon.csv?${q}`;
}

/**
 * Downloads the CSV with the Authorization header (the token never goes into a URL) and saves it
 * under the server's file name.
 */
export async function downloadCsv(scope: ReportScope, groupBy: string[]): Promise<void> {
  const res = await fetch(csvHref(scope, groupBy), { headers: session.token ? { authorization: `Bearer ${session.token}` } : {} });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
    const kind = res.status === 401 ? 'unauthenticated' : res.status === 403 ? 'forbidden' : 'server';
    throw new ApiError(kind, body?.error?.message ?? `HTTP ${res.status}`);
  }
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'carbon-report.csv';
  const url = URL.createObjectURL(await res.blob());
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

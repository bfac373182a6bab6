// The CSV export as a download the page can follow and stop: fetched with the session's token in
// the Authorization header (never in the URL), read as a stream so the page can count the rows
// received against the server's announced total (x-report-rows), and cancellable with an
// AbortController. The finished file is saved under the server's name.
import { ApiError } from '../../lib/api.ts';
import { session } from '../../lib/session.svelte.ts';
import type { ReportScope } from './queries.ts';

/** The CSV's address for a scope and grouping (documented in docs/carbon-reports). */
export function csvHref(scope: ReportScope, groupBy: string[]): string {
  const q = new URLSearchParams({ from: scope.from, to: scope.to, groupBy: groupBy.join(',') });
  if (scope.cityCodes.length) q.set('cityCodes', scope.cityCodes.join(','));
  if (scope.stationCodes.length) q.set('stationCodes', scope.stationCodes.join(','));
  if (scope.factorSet) q.set('factorSet', scope.factorSet);
  if (scope.displacementRate !== null) q.set('displacementRate', String(scope.displacementRate));
  return `/reports/carbon.csv?${q}`;
}

const CRLF = 0x0a;

/** A complete export ends with this record (docs/operations.md); a file without it was cut short. */
export const CSV_END = /\r\n# end,rows=\d+\r\n$/;

/** One download at a time: its state drives the page's progress bar and cancel button. */
export class CsvDownload {
  /** idle → running → done | cancelled | failed */
  state = $state<'idle' | 'running' | 'done' | 'cancelled' | 'failed'>('idle');
  /** "row" records received so far (lines after the header, the total row excluded at the end). */
  rows = $state(0);
  /** Rows the server announced, or null when it did not say. */
  expected = $state<number | null>(null);
  bytes = $state(0);
  error = $state<unknown>(null);
  private controller: AbortController | null = null;

  /** 0..1, or null while the total is unknown. */
  get fraction(): number | null {
    return this.expected ? Math.min(1, this.rows / this.expected) : this.expected === 0 ? 1 : null;
  }

  cancel(): void {
    this.controller?.abort();
  }

  async start(scope: ReportScope, groupBy: string[]): Promise<void> {
    this.controller?.abort();
    const controller = (this.controller = new AbortController());
    Object.assign(this, { state: 'running', rows: 0, expected: null, bytes: 0, error: null });
    try {
      const res = await fetch(csvHref(scope, groupBy), {
        headers: session.token ? { authorization: `Bearer ${session.token}` } : {},
        signal: controller.signal,
      });
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
        const kind =
          res.status === 401
            ? 'unauthenticated'
            : res.status === 403
              ? 'forbidden'
              : res.status === 503
                ? 'unreachable'
                : 'server';
        throw new ApiError(kind, body?.error?.message ?? `HTTP ${res.status}`);
      }
      const announced = res.headers.get('x-report-rows');
      this.expected = announced === null ? null : Number(announced);
      let chunks: Uint8Array[];
      try {
        chunks = await this.read(res.body!);
      } catch (e) {
        if (controller.signal.aborted) throw e;
        throw new ApiError('incomplete', 'The download was cut short');
      }
      // An export cut part-way is an error, never saved as if it were complete.
      const blob = new Blob(chunks as BlobPart[], { type: 'text/csv' });
      if (!CSV_END.test(await blob.slice(-64).text())) throw new ApiError('incomplete', 'The download was cut short');
      const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'carbon-report.csv';
      save(blob, name);
      this.state = 'done';
    } catch (e) {
      if (controller.signal.aborted) this.state = 'cancelled';
      else Object.assign(this, { state: 'failed', error: e });
    } finally {
      if (this.controller === controller) this.controller = null;
    }
  }

  /** Reads the body, counting lines; the header lines (comments and column names) are not rows. */
  private async read(body: ReadableStream<Uint8Array>): Promise<Uint8Array[]> {
    const reader = body.getReader();
    const chunks: Uint8Array[] = [];
    let lines = 0;
    let headerLines = -1;
    let text = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      this.bytes += value.length;
      for (const b of value) if (b === CRLF) lines++;
      if (headerLines < 0) {
        // The header ends with the column names line (row_type,...): count lines up to it once.
        text += new TextDecoder().decode(value);
        const at = text.indexOf('\nrow_type,');
        if (at >= 0) headerLines = text.slice(0, at + 1).split('\n').length;
      }
      this.rows = headerLines < 0 ? 0 : Math.max(0, lines - headerLines);
    }
    // the last two lines are the total row and the "# end" trailer, not groups
    this.rows = Math.max(0, this.rows - 2);
    return chunks;
  }
}

function save(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

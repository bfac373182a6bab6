// Report pages: how much of a report one GraphQL answer may carry, and the page of rows it carries.
// The CSV export has no such limit (it streams); totals are always over the whole report.
import { InputError } from './errors.ts';
import { msg } from './messages.ts';

/**
 * What one GraphQL answer of a report may carry: at most 5,000 rows, and at most 100,000 values
 * (rows x fields asked for each row, nested ones included). A longer report, or one with more
 * fields per row, is read a page at a time (`first`, `offset`) or as the CSV. The work of completing
 * and sending an answer grows with every row and every value: a 46,000-row station x day answer held
 * the process's event loop (every other request) for 0.3-1 s, the network by station for 10,000
 * stations (8 fields a row) for 95-130 ms, a 3,125-row x 32-field page for 52 ms, mostly garbage
 * collection (`pnpm bench:loop`, quiet machine).
 */
export const MAX_INLINE_REPORT_ROWS = 5_000;
export const MAX_INLINE_REPORT_VALUES = 100_000;

export interface RowPage {
  first?: number | null;
  offset?: number | null;
}

/** The most rows one answer holds when `fieldsPerRow` fields are asked for each row. */
export function maxRowsPerAnswer(fieldsPerRow: number): number {
  return Math.max(
    1,
    Math.min(MAX_INLINE_REPORT_ROWS, Math.floor(MAX_INLINE_REPORT_VALUES / Math.max(1, fieldsPerRow))),
  );
}

/** Checks `first` (1..maxRowsPerAnswer) and `offset` (>= 0) before any work is done. */
export function checkRowPage({ first, offset }: RowPage, fieldsPerRow: number): void {
  const max = maxRowsPerAnswer(fieldsPerRow);
  if (first !== null && first !== undefined && (first < 1 || first > max))
    throw InputError.of('first', msg('report.pageSize', { max, first, fields: fieldsPerRow }));
  if (offset !== null && offset !== undefined && offset < 0)
    throw InputError.of('offset', msg('report.offset', { offset }));
}

/**
 * The rows of one page: `first` rows from `offset` (default 0). Without `first`, every row from
 * `offset`, unless that is more than one answer holds with `fieldsPerRow` fields each: then an
 * InputError saying how many rows there are, so a client never mistakes a cut-off list for the whole
 * report. Nothing is refused when no row field is asked for (`fieldsPerRow` 0).
 */
export function pageOfRows<T>(rows: readonly T[], { first, offset }: RowPage, fieldsPerRow: number): T[] {
  const from = offset ?? 0;
  if (first !== null && first !== undefined) return rows.slice(from, from + first);
  const max = maxRowsPerAnswer(fieldsPerRow);
  if (fieldsPerRow > 0 && rows.length - from > max)
    throw InputError.of('first', msg('report.tooManyRows', { rows: rows.length, max, fields: fieldsPerRow }));
  return rows.slice(from);
}

// A problem found in an import file, named by row (as a spreadsheet numbers it) and column.
import type { Message, MessageParams } from '../domain/messages.ts';

export interface ImportIssue {
  /** null: the file as a whole (encoding, header, merged cells ...). */
  row: number | null;
  /** The column's name as the format documents it (e.g. "lat"); null for the row or file. */
  column: string | null;
  message: string;
  /** The message's code in domain/messages.ts and its params (issues stored before codes have none). */
  reason?: string;
  params?: MessageParams;
}

/** Example: importIssue(3, 'lat', msg('row.badLat', { value: '91' })). */
export const importIssue = (row: number | null, column: string | null, m: Message): ImportIssue => ({
  row,
  column,
  message: m.text,
  reason: m.reason,
  params: m.params,
});

/** Issues kept with a job and shown in a report; the count is kept in full. */
export const MAX_REPORTED_ISSUES = 1000;

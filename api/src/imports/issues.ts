// A problem found in an import file, named by row (as a spreadsheet numbers it) and column.
export interface ImportIssue {
  /** null: the file as a whole (encoding, header, merged cells ...). */
  row: number | null;
  /** The column's name as the format documents it (e.g. "lat"); null for the row or file. */
  column: string | null;
  message: string;
}

/** Issues kept with a job and shown in a report; the count is kept in full. */
export const MAX_REPORTED_ISSUES = 1000;

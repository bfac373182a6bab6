// CSV written in the browser (a factor set to edit, activation codes to keep): RFC 4180 quoting, so
// a comma, quote or line break inside a value survives a spreadsheet's round trip.

/** One field: as it is, or in quotes with "" for a quote when it holds a comma, quote or newline. */
export function csvCell(v: unknown): string {
  const s = Array.isArray(v) ? v.join(' ') : v === null || v === undefined ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Header and rows as CSV text, one line each, ending with a newline. */
export function csvText(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return [header.map(csvCell).join(','), ...rows.map((r) => r.map(csvCell).join(','))].join('\n') + '\n';
}

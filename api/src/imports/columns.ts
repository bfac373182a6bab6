// Maps a file's header to the format's columns. Headers are matched without case, spaces,
// dashes or underscores, and in Chinese as well, so "Bin capacity", "bin_capacity" and "回收箱容量"
// are the same column. An unknown column is an error: a typo must not drop a column silently.
import type { ImportIssue } from './issues.ts';

export interface ColumnSpec<K extends string> {
  key: K;
  required: boolean;
  aliases: readonly string[];
}

const norm = (s: string) => s.toLowerCase().replace(/[\s_\-()（）]/g, '');

/** Column index per key (-1 when the optional column is absent), or the issues with the header. */
export function mapHeader<K extends string>(
  header: string[],
  specs: readonly ColumnSpec<K>[],
): { index: Record<K, number>; issues: ImportIssue[] } {
  const lookup = new Map<string, K>();
  for (const s of specs) for (const a of [s.key, ...s.aliases]) lookup.set(norm(a), s.key);
  const index = Object.fromEntries(specs.map((s) => [s.key, -1])) as Record<K, number>;
  const issues: ImportIssue[] = [];
  header.forEach((h, i) => {
    if (h === '') return;
    const key = lookup.get(norm(h));
    if (!key)
      issues.push({
        row: 1,
        column: h,
        message: `Unknown column "${h}"; the columns are: ${specs.map((s) => s.key).join(', ')}`,
      });
    else if (index[key] !== -1)
      issues.push({
        row: 1,
        column: key,
        message: `Column "${key}" appears twice (columns ${index[key] + 1} and ${i + 1})`,
      });
    else index[key] = i;
  });
  for (const s of specs) {
    if (s.required && index[s.key] === -1)
      issues.push({ row: 1, column: s.key, message: `Required column "${s.key}" is missing` });
  }
  return { index, issues };
}

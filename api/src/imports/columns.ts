// Maps a file's header to the format's columns. Headers are matched without case, spaces,
// dashes or underscores, and in Chinese as well, so "Bin capacity", "bin_capacity" and "回收箱容量"
// are the same column. An unknown column is an error: a typo must not drop a column silently.
import { msg } from '../domain/messages.ts';
import { importIssue, type ImportIssue } from './issues.ts';

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
      issues.push(importIssue(1, h, msg('header.unknown', { column: h, columns: specs.map((s) => s.key).join(', ') })));
    else if (index[key] !== -1)
      issues.push(importIssue(1, key, msg('header.twice', { column: key, first: index[key] + 1, second: i + 1 })));
    else index[key] = i;
  });
  for (const s of specs) {
    if (s.required && index[s.key] === -1) issues.push(importIssue(1, s.key, msg('header.missing', { column: s.key })));
  }
  return { index, issues };
}

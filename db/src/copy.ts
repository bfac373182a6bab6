// Bulk load through COPY on either database: the seeder and the COPY baseline of the benchmark.
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import copyStreams from 'pg-copy-streams';
import type { DbHandle } from './client.ts';

type Cell = string | number | boolean | Date | null;

function csvCell(v: Cell): string {
  if (v === null) return '';
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'string') return /[",\n\r]/.test(v) || v === '' ? `"${v.replaceAll('"', '""')}"` : v;
  return String(v);
}

export function toCsv(rows: Cell[][]): string {
  let out = '';
  for (const row of rows) out += row.map(csvCell).join(',') + '\n';
  return out;
}

/**
 * COPY rows into `table`. Empty strings are quoted so only unquoted empties are NULL.
 * Example: await copyRows(handle, 'city', ['code', 'name_zh'], [['SH', '上海']])
 */
export async function copyRows(handle: DbHandle, table: string, columns: string[], rows: Cell[][]): Promise<void> {
  if (rows.length === 0) return;
  const statement = `copy ${table} (${columns.join(', ')}) from stdin with (format csv)`;
  const csv = toCsv(rows);
  if (handle.pglite) {
    await handle.pglite.query(statement.replace('stdin', `'/dev/blob'`), [], { blob: new Blob([csv]) });
    return;
  }
  const client = await handle.pool!.connect();
  try {
    await pipeline(Readable.from([csv]), client.query(copyStreams.from(statement)));
  } finally {
    client.release();
  }
}

// The benchmark's markdown table (printed and saved as bench/results/api-latest.md) and JSON record.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CopyResult, IngestResult } from './ingest.ts';
import type { ReadResult, SqlComparison } from './reads.ts';
import type { MachineInfo } from './setup.ts';
import { fmtInt, fmtKb, fmtMs, fmtRatio } from './stats.ts';

export interface BenchReport {
  machine: MachineInfo & { dropOffsAfter: number; loadAverageAfter: number; nodeEnv: string };
  settings: Record<string, number | string>;
  seededSeconds: number | null;
  ingest: IngestResult[];
  copy: CopyResult;
  reads: ReadResult[];
  map: { gzipBytes: number; identityBytes: number; encoding: string };
  rawVsRollup: SqlComparison[];
  rollupCheck: { ok: boolean; detail: string };
  totalSeconds: number;
}

export const INGEST_TARGET_RATIO = 0.5;
export const MAP_GZIP_TARGET_BYTES = 250 * 1024;

const yes = (ok: boolean) => (ok ? 'yes' : '**no**');

export function markdown(r: BenchReport): string {
  const m = r.machine;
  const lines: string[] = [];
  const row = (...cells: (string | number)[]) => lines.push(`| ${cells.join(' | ')} |`);
  lines.push(
    `**API benchmark** ${m.date.slice(0, 16).replace('T', ' ')} UTC: ${m.cores} cores (${m.cpu}), ${m.memoryGb} GB, ` +
      `Node ${m.node}, PostgreSQL ${m.postgres}; ${fmtInt(m.stations)} stations, ${fmtInt(m.dropOffs)} drop-offs at start ` +
      `(${fmtInt(m.dropOffsAfter)} after). API in its own process (NODE_ENV=${m.nodeEnv}); ` +
      `${r.settings.clients} concurrent keep-alive clients. Load average ${m.loadAverage} at start, ${m.loadAverageAfter} at end.`,
  );
  // Only the load before the run says something about other work: the run itself loads the machine.
  if (m.loadAverage > m.cores) {
    lines.push('');
    lines.push(
      `> **The machine was busy with other work** (load average above its ${m.cores} cores): these figures understate what it can do; rerun on a quiet machine.`,
    );
  }
  lines.push('');
  row('Ingest', 'rows', 'rows/s', 'batch p50 / p99', 'vs COPY', `target ≥ ${INGEST_TARGET_RATIO}× COPY`);
  row('---', '--:', '--:', '--:', '--:', '--');
  for (const i of r.ingest) {
    const ratio = i.rowsPerSecond / r.copy.rowsPerSecond;
    row(
      `logDropOffs over HTTP, ${i.batchSize} items/batch`,
      fmtInt(i.rows),
      fmtInt(i.rowsPerSecond),
      `${fmtMs(i.batches.p50)} / ${fmtMs(i.batches.p99)}`,
      fmtRatio(ratio),
      yes(ratio >= INGEST_TARGET_RATIO),
    );
  }
  row(
    `raw COPY into drop_off (1 stream, ${fmtInt(r.copy.chunkRows)}-row chunks)`,
    fmtInt(r.copy.rows),
    fmtInt(r.copy.rowsPerSecond),
    '',
    '1×',
    'baseline',
  );
  lines.push('');
  lines.push(
    'The API path also validates, de-duplicates, writes an audit entry and maintains the station/city day rollups and bin counters in the same statement; COPY does none of that (its rows are deleted afterwards).',
  );
  lines.push('');
  row('Read (HTTP, after warm-up)', 'clients', 'requests', 'req/s', 'p50', 'p99', 'target p99', 'met');
  row('---', '--:', '--:', '--:', '--:', '--:', '--:', '--');
  for (const q of r.reads) {
    row(
      q.name,
      q.clients,
      fmtInt(q.requests),
      q.perSecond.toFixed(0),
      fmtMs(q.p50),
      fmtMs(q.p99),
      `≤ ${q.targetP99Ms} ms`,
      yes(q.p99 <= q.targetP99Ms),
    );
  }
  row(
    'mapStations response size, gzip (uncompressed)',
    '',
    '',
    '',
    '',
    `${fmtKb(r.map.gzipBytes)} (${fmtKb(r.map.identityBytes)})`,
    `≤ ${fmtKb(MAP_GZIP_TARGET_BYTES)} gzip`,
    yes(r.map.gzipBytes <= MAP_GZIP_TARGET_BYTES),
  );
  lines.push('');
  row(
    `Same aggregation in SQL (median of ${r.rawVsRollup[0]?.runs ?? 0})`,
    'raw drop_off',
    'rollup tables',
    'speed-up',
  );
  row('---', '--:', '--:', '--:');
  for (const c of r.rawVsRollup) row(c.name, fmtMs(c.rawMs), fmtMs(c.rollupMs), fmtRatio(c.speedup));
  lines.push('');
  lines.push(
    `Rollups agree with raw rows after the run: ${r.rollupCheck.ok ? 'yes' : '**NO**'} (${r.rollupCheck.detail}).`,
  );
  return lines.join('\n') + '\n';
}

/** Writes bench/results/api-<date>.json and api-latest.md; returns their paths. */
export function writeResults(dir: string, r: BenchReport, md: string): string[] {
  mkdirSync(dir, { recursive: true });
  const json = path.join(dir, `api-${r.machine.date.slice(0, 10)}.json`);
  const latest = path.join(dir, 'api-latest.md');
  writeFileSync(json, JSON.stringify(r, null, 2) + '\n');
  writeFileSync(latest, md);
  return [json, latest];
}

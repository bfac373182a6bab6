// bench:peak's markdown (bench/results/peak-latest.md).
import type { MachineInfo } from '../lib/setup.ts';
import { fmtMs, fmtRatio } from '../lib/stats.ts';
import type { PeakResult } from './load.ts';

export interface PeakCase {
  stations: number;
  scope: '1 city' | '20 cities';
  api: PeakResult;
  raw: PeakResult;
  rawUnsharded?: PeakResult;
  /** The same statements grouped as the API groups them (IngestQueue), without HTTP and GraphQL. */
  rawGrouped?: PeakResult;
}

export const TARGET_VS_RAW = 0.7;

export function peakMarkdown(r: {
  machine: MachineInfo & { loadAverageAfter: number };
  settings: { seconds: number; thinkMs: number; pool: number; apiWorkers: number };
  cases: PeakCase[];
}): string {
  const m = r.machine;
  const s = r.settings;
  const lines = [
    `**Peak counter benchmark** ${m.date.slice(0, 16).replace('T', ' ')} UTC: ${m.cores} cores (${m.cpu}), Node ${m.node}, PostgreSQL ${m.postgres}; ` +
      `${m.dropOffs.toLocaleString('en')} drop-offs at start. Each station: a 1-item logDropOffs, then ${s.thinkMs} ms think time (0.5-1.5x), for ${s.seconds} s. ` +
      `Pool ${s.pool} connections (API and raw alike); API: ${s.apiWorkers} process(es). Load average ${m.loadAverage} at start, ${m.loadAverageAfter} at end.`,
    '',
    '| stations | cities | path | drop-offs/s | p50 | p99 | backends waiting on a lock, mean / max (top) | API vs raw | ≥ 0.7× raw |',
    '| --: | --- | --- | --: | --: | --: | --- | --: | -- |',
  ];
  for (const c of r.cases) {
    const ratio = c.api.dropOffsPerSecond / c.raw.dropOffsPerSecond;
    const waits = (x: PeakResult) =>
      `${x.lockWaits.mean} / ${x.lockWaits.max}${x.lockWaits.topRelations ? ` (${x.lockWaits.topRelations})` : ''}`;
    lines.push(
      `| ${c.stations.toLocaleString('en')} | ${c.scope} | API over HTTP | ${c.api.dropOffsPerSecond} | ${fmtMs(c.api.p50)} | ${fmtMs(c.api.p99)} | ${waits(c.api)} | ${fmtRatio(ratio)} | ${ratio >= TARGET_VS_RAW ? 'yes' : '**no**'} |`,
    );
    lines.push(
      `|  |  | same statement, raw | ${c.raw.dropOffsPerSecond} | ${fmtMs(c.raw.p50)} | ${fmtMs(c.raw.p99)} | ${waits(c.raw)} | 1× |  |`,
    );
    if (c.rawGrouped) {
      const g = c.rawGrouped;
      lines.push(
        `|  |  | same statements, raw, grouped as the API groups them | ${g.dropOffsPerSecond} | ${fmtMs(g.p50)} | ${fmtMs(g.p99)} | ${waits(g)} | API ${fmtRatio(c.api.dropOffsPerSecond / g.dropOffsPerSecond)} of it |  |`,
      );
    }
    if (c.rawUnsharded) {
      const u = c.rawUnsharded;
      lines.push(
        `|  |  | same statement, raw, city rollup unsharded (before T14-01) | ${u.dropOffsPerSecond} | ${fmtMs(u.p50)} | ${fmtMs(u.p99)} | ${waits(u)} |  |  |`,
      );
    }
  }
  lines.push(
    '',
    '"Same statement, raw": one statement per 1-item batch from a pool of the same size (the baseline of the 0.7× target). ' +
      'The API groups the batches of stations that wait for a statement into one (api/src/services/ingest-queue.ts); ' +
      '"grouped as the API groups them" runs that queue without HTTP and GraphQL, so the API\'s share of it is what HTTP, GraphQL and Node cost.',
  );
  return lines.join('\n') + '\n';
}

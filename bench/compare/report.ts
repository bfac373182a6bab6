// The side-by-side benchmark's markdown (bench/results/compare-latest.md) and JSON record.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { MachineInfo } from '../lib/setup.ts';
import { fmtMs, fmtRatio, type LatencyStats } from '../lib/stats.ts';
import type { ServerName } from './scenarios.ts';

/** Latency and req/s, plus the server's own CPU per request (its process tree, not PostgreSQL). */
export interface ServerStats extends LatencyStats {
  cpuMsPerRequest: number;
}

export interface CompareRow {
  name: string;
  targetP99Ms?: number;
  stats: Record<ServerName, ServerStats>;
  rounds: Record<ServerName, number[]>;
}

export interface CompareReport {
  machine: MachineInfo & { loadAverageAfter: number };
  settings: { clients: number; rounds: number; seconds: number; apiWorkers: number; period: string };
  rows: CompareRow[];
}

/** Issue 14's targets for the product at 10 clients. */
export const TARGET_VS_POSTGRAPHILE = 1.5;
export const TARGET_VS_RAW = 0.5;

const yes = (ok: boolean) => (ok ? 'yes' : '**no**');

export function compareMarkdown(r: CompareReport): string {
  const m = r.machine;
  const s = r.settings;
  const lines = [
    `**Side-by-side benchmark** ${m.date.slice(0, 16).replace('T', ' ')} UTC: ${m.cores} cores (${m.cpu}), Node ${m.node}, PostgreSQL ${m.postgres}; ` +
      `${m.stations.toLocaleString('en')} stations, ${m.dropOffs.toLocaleString('en')} drop-offs; period ${s.period}. ` +
      `${s.clients} keep-alive clients; ${s.rounds} rounds of ${s.seconds} s per server, servers alternating; product API: ${s.apiWorkers} process(es). ` +
      `Load average ${m.loadAverage} at start, ${m.loadAverageAfter} at end. ` +
      `Server CPU / request: user + system time of the server's processes over the rounds (not PostgreSQL's), divided by the requests answered; unlike req/s it does not depend on how much CPU other work leaves.`,
    '',
    '| read | server | req/s (median of rounds) | p50 | p99 | product vs this | server CPU / request | product vs this, by CPU | targets met |',
    '| --- | --- | --: | --: | --: | --: | --: | --: | -- |',
  ];
  for (const row of r.rows) {
    const p = row.stats.product.perSecond;
    const vsPg = p / row.stats.postgraphile.perSecond;
    const vsRaw = p / row.stats.raw.perSecond;
    const p99ok = row.targetP99Ms === undefined || row.stats.product.p99 <= row.targetP99Ms;
    const met =
      `≥ ${TARGET_VS_POSTGRAPHILE}× PostGraphile: ${yes(vsPg >= TARGET_VS_POSTGRAPHILE)}; ≥ ${TARGET_VS_RAW}× raw: ${yes(vsRaw >= TARGET_VS_RAW)}` +
      (row.targetP99Ms === undefined ? '' : `; p99 ≤ ${row.targetP99Ms} ms: ${yes(p99ok)}`);
    for (const n of ['product', 'postgraphile', 'raw'] as const) {
      const st = row.stats[n];
      const ratio = n === 'product' ? '' : fmtRatio(n === 'postgraphile' ? vsPg : vsRaw);
      // Requests per CPU second, product over this server: > 1 means the product spends less CPU.
      const cpuRatio = n === 'product' ? '' : fmtRatio(st.cpuMsPerRequest / row.stats.product.cpuMsPerRequest);
      lines.push(
        `| ${n === 'product' ? row.name : ''} | ${n} | ${st.perSecond.toFixed(0)} | ${fmtMs(st.p50)} | ${fmtMs(st.p99)} | ${ratio} | ${st.cpuMsPerRequest.toFixed(2)} ms | ${cpuRatio} | ${n === 'product' ? met : ''} |`,
      );
    }
  }
  return lines.join('\n') + '\n';
}

export function writeCompareResults(dir: string, r: CompareReport, md: string): string[] {
  mkdirSync(dir, { recursive: true });
  const json = path.join(dir, `compare-${r.machine.date.slice(0, 10)}.json`);
  const latest = path.join(dir, 'compare-latest.md');
  writeFileSync(json, JSON.stringify(r, null, 2) + '\n');
  writeFileSync(latest, md);
  return [json, latest];
}

// pnpm bench:warmup: the first ask for the network's station report over the campaign after an
// API process starts, with and without the start-up warm-up (services/report-warmup.ts), in the
// same run. Baseline: a process started with nothing noted (report_demand empty) reads it whole.
// Then, with the report noted by that first ask, a new process asked the moment it is ready (the
// ask joins the warm-up's read in flight) and another asked BENCH_WARMUP_WAIT_MS (5,000) after.
// Settings: BENCH_WARMUP_ROUNDS (3).
import './lib/production-env.ts';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { campaignFor } from '../seeds/src/index.ts';
import { startApiProcess } from './lib/api-process.ts';
import { machineInfo, prepareDatabase, requireDatabaseUrl } from './lib/setup.ts';
import { median } from './lib/stats.ts';
import { BENCH_JWT_SECRET, tokenFor } from './lib/tokens.ts';

const rounds = Number(process.env.BENCH_WARMUP_ROUNDS ?? 3);
const waitMs = Number(process.env.BENCH_WARMUP_WAIT_MS ?? 5_000);
const started = performance.now();
const log = (s: string) => console.log(`[${((performance.now() - started) / 1000).toFixed(0).padStart(3)} s] ${s}`);

const databaseUrl = requireDatabaseUrl();
const { handle } = await prepareDatabase(databaseUrl, log);
const pool = handle.pool!;
const machine = await machineInfo(handle);
const analyst = (
  await pool.query(`select id, role, station_id, city_code from app_user where email = 'analyst@demo.recycle.cn'`)
).rows[0];
const token = await tokenFor(analyst);
const { start: from, end: to } = campaignFor(new Date());
const body = JSON.stringify({
  query: `{ carbonReport(from: "${from}", to: "${to}", groupBy: [STATION]) { __typename
    ... on CarbonReport { rowCount total { items } } } }`,
});

/** Milliseconds for one ask, checked: the same row count every time. */
async function ask(url: string): Promise<{ ms: number; rows: number }> {
  const t = performance.now();
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body,
  });
  const text = await res.text();
  const report = JSON.parse(text).data?.carbonReport;
  if (report?.__typename !== 'CarbonReport') throw new Error(`HTTP ${res.status}: ${text.slice(0, 300)}`);
  return { ms: performance.now() - t, rows: report.rowCount };
}

/** Starts a process, waits `afterMs` once it is ready, asks twice; returns both times. */
async function firstAsks(afterMs: number) {
  const api = await startApiProcess(databaseUrl, BENCH_JWT_SECRET);
  try {
    await new Promise((r) => setTimeout(r, afterMs));
    const first = await ask(api.url);
    const second = await ask(api.url);
    return { first: first.ms, second: second.ms, rows: first.rows };
  } finally {
    await api.stop();
  }
}

const cases = {
  'nothing noted (baseline): a whole read': [] as number[],
  'noted, asked the moment the process is ready': [] as number[],
  [`noted, asked ${waitMs / 1000} s after the process is ready`]: [] as number[],
};
const names = Object.keys(cases);
const seconds: number[] = [];
let rows = 0;
log(`station report ${from}..${to}, ${rounds} rounds; load average ${machine.loadAverage}`);
for (let round = 1; round <= rounds; round++) {
  await pool.query('delete from report_demand');
  const cold = await firstAsks(0);
  rows = cold.rows;
  cases[names[0]!]!.push(cold.first);
  seconds.push(cold.second);
  // the first ask noted the report (written beside its answer: give it a moment)
  for (let i = 0; i < 50 && !(await pool.query('select 1 from report_demand')).rowCount; i++)
    await new Promise((r) => setTimeout(r, 100));
  cases[names[1]!]!.push((await firstAsks(0)).first);
  cases[names[2]!]!.push((await firstAsks(waitMs)).first);
  log(`round ${round}: ${names.map((n) => `${cases[n]!.at(-1)!.toFixed(0)} ms`).join(' / ')}`);
}
await pool.query('delete from report_demand');
const loadAtEnd = (await machineInfo(handle)).loadAverage;
await handle.close();

const baseline = median(cases[names[0]!]!);
const lines = [
  `**Start-up warm-up benchmark** ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC: ` +
    `${machine.cores} cores, Node ${machine.node}, PostgreSQL ${machine.postgres}; ${machine.stations.toLocaleString('en')} stations, ` +
    `${machine.dropOffs.toLocaleString('en')} drop-offs; the network's station report ${from}..${to} (${rows.toLocaleString('en')} rows); ` +
    `${rounds} rounds, a new API process for each ask. Load average ${machine.loadAverage} at start, ${loadAtEnd} at end.`,
  '',
  '| first ask after a process starts | median | each round | vs baseline |',
  '| --- | --: | --: | --: |',
  ...names.map((n) => {
    const m = median(cases[n]!);
    return `| ${n} | ${m.toFixed(0)} ms | ${cases[n]!.map((x) => x.toFixed(0)).join(', ')} ms | ${(m / baseline).toFixed(2)}× |`;
  }),
  `| (the same process asked again: its cache) | ${median(seconds).toFixed(0)} ms | ${seconds.map((x) => x.toFixed(0)).join(', ')} ms | ${(median(seconds) / baseline).toFixed(2)}× |`,
  '',
];
const md = lines.join('\n');
console.log(`\n${md}`);
const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');
mkdirSync(dir, { recursive: true });
writeFileSync(path.join(dir, 'warmup-latest.md'), md);
log('wrote bench/results/warmup-latest.md');

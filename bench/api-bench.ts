// pnpm bench: throughput and latency of the real API over HTTP on a real PostgreSQL with the
// 10,000-station network and >= 1 M drop-offs, beside raw baselines (COPY; SQL on raw rows).
// Prints figures, writes bench/results/api-<date>.json and bench/results/api-latest.md.
// Sizes: BENCH_CLIENTS (10), BENCH_ITEMS (200000 per batch size), BENCH_SECONDS (20 per batch size),
// BENCH_READS (300 per client), BENCH_MAP_READS (30 per client), BENCH_READ_SECONDS (30 per query).
import './lib/production-env.ts'; // first: sets NODE_ENV before graphql loads
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startApiProcess } from './lib/api-process.ts';
import { campaignFor } from '../seeds/src/index.ts';
import { gqlClient } from './lib/http.ts';
import { runCopyBaseline, runIngest, type IngestResult } from './lib/ingest.ts';
import {
  compareRawToRollups,
  mapSizes,
  readScenarios,
  rollupsMatchRaw,
  runRead,
  type ReadResult,
} from './lib/reads.ts';
import { markdown, writeResults, type BenchReport } from './lib/report.ts';
import { countDropOffs, machineInfo, prepareDatabase, requireDatabaseUrl } from './lib/setup.ts';
import { fmtInt, fmtMs } from './lib/stats.ts';
import { BENCH_JWT_SECRET, tokenForEmail } from './lib/tokens.ts';

const num = (name: string, dflt: number) => Number(process.env[name] ?? dflt);
const settings = {
  clients: num('BENCH_CLIENTS', 10),
  items: num('BENCH_ITEMS', 200_000),
  seconds: num('BENCH_SECONDS', 20),
  reads: num('BENCH_READS', 300),
  mapReads: num('BENCH_MAP_READS', 30),
  readSeconds: num('BENCH_READ_SECONDS', 30),
};
const started = performance.now();
const log = (s: string) => console.log(`[${((performance.now() - started) / 1000).toFixed(0).padStart(3)} s] ${s}`);

const databaseUrl = requireDatabaseUrl();
const { handle, seededMs } = await prepareDatabase(databaseUrl, log);
const pool = handle.pool!;
const machine = await machineInfo(handle);

const stations = (await pool.query('select id, code from station order by code')).rows as {
  id: number;
  code: string;
}[];
const materials = (await pool.query('select code from package_material order by sort_order')).rows.map(
  (r) => r.code as string,
);
const token = (email: string) => tokenForEmail(pool, email);
const tokens = {
  admin: await token('admin@demo.recycle.cn'),
  analyst: await token('analyst@demo.recycle.cn'),
  manager: await token('manager.sh@demo.recycle.cn'),
};

// The API runs in its own process, as deployed; this process only generates load and measures.
const api = await startApiProcess(databaseUrl, BENCH_JWT_SECRET);
const client = gqlClient(`${api.url}/graphql`);
log(
  `API listening on ${client.url}; ${fmtInt(machine.dropOffs)} drop-offs, ${machine.cores} cores, PostgreSQL ${machine.postgres}, load average ${machine.loadAverage}`,
);

// 1. Ingest, then the COPY baseline with as many rows as the 100-item run logged.
const ingest: IngestResult[] = [];
for (const batchSize of [100, 500]) {
  log(
    `ingest: ${settings.clients} clients, ${batchSize}-item batches, up to ${fmtInt(settings.items)} items or ${settings.seconds} s...`,
  );
  const r = await runIngest(client, tokens.admin, {
    clients: settings.clients,
    batchSize,
    items: settings.items,
    maxSeconds: settings.seconds,
    stationCodes: stations.map((s) => s.code),
    materials,
  });
  log(
    `  ${fmtInt(r.rows)} rows in ${r.seconds} s = ${fmtInt(r.rowsPerSecond)} rows/s (batch p50 ${fmtMs(r.batches.p50)}, p99 ${fmtMs(r.batches.p99)})`,
  );
  ingest.push(r);
}
log(`COPY baseline: ${fmtInt(ingest[0]!.rows)} rows...`);
const copy = await runCopyBaseline(
  handle,
  ingest[0]!.rows,
  stations.map((s) => s.id),
  materials,
);
log(`  ${fmtInt(copy.rowsPerSecond)} rows/s (rows deleted again)`);

// Steady state for the reads: what autovacuum would do within a minute of the bulk writes.
await pool.query('vacuum (analyze) station, station_day_total, city_day_total, drop_off');

// 2. Reads over HTTP.
const campaign = campaignFor(new Date());
const period = { from: campaign.start, to: campaign.end };
const reads: ReadResult[] = [];
for (const s of readScenarios(period, tokens, { perClient: settings.reads, mapPerClient: settings.mapReads })) {
  log(`read: ${s.name}, ${s.clients ?? settings.clients} client(s) x ${s.perClient}...`);
  const r = await runRead(client, s, settings.clients, settings.readSeconds);
  log(`  ${r.perSecond} req/s, p50 ${fmtMs(r.p50)}, p99 ${fmtMs(r.p99)}`);
  reads.push(r);
}
const mapQuery = readScenarios(period, tokens, { perClient: 1, mapPerClient: 1 }).find((s) =>
  s.name.startsWith('mapStations'),
)!.query;
const sizes = await mapSizes(client, tokens.analyst, mapQuery);

// 3. The same aggregations on raw rows vs the rollups, and a consistency check.
log('SQL: raw drop_off vs rollups...');
const pageIds = stations
  .filter((s) => s.code.startsWith('SH-'))
  .slice(0, 100)
  .map((s) => s.id);
const rawVsRollup = await compareRawToRollups(handle, period, pageIds);
const rollupCheck = await rollupsMatchRaw(handle);

await api.stop();
const report: BenchReport = {
  machine: {
    ...machine,
    dropOffsAfter: await countDropOffs(handle),
    loadAverageAfter: Math.round(os.loadavg()[0]! * 10) / 10,
    nodeEnv: process.env.NODE_ENV ?? '(unset)',
  },
  settings: { ...settings, period: `${period.from}..${period.to}` },
  seededSeconds: seededMs === null ? null : Math.round(seededMs / 1000),
  ingest,
  copy,
  reads,
  map: { gzipBytes: sizes.gzip, identityBytes: sizes.identity, encoding: sizes.encoding },
  rawVsRollup,
  rollupCheck,
  totalSeconds: Math.round((performance.now() - started) / 1000),
};
await handle.close();
const md = markdown(report);
console.log('\n' + md);
const files = writeResults(path.join(path.dirname(fileURLToPath(import.meta.url)), 'results'), report, md);
log(`wrote ${files.map((f) => path.relative(process.cwd(), f)).join(', ')}`);

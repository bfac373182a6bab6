// pnpm bench:import: onboarding a network as an operator does it, over HTTP like the console:
// upload 10,000 stations (CSV, a tenth of them in GCJ-02), dry run, apply; the same file again
// (all unchanged); 10,000 staff accounts (one per station), dry run, apply. Each import is timed
// from the upload to the applied job, with its progress in the console, beside a raw COPY of the
// same station rows into a copy of the station table (no checks, no audit) in the same run.
// Runs on a throwaway database made next to DATABASE_URL's (PostgreSQL), dropped at the end;
// without DATABASE_URL on an embedded database (say so in the figures).
// Sizes: BENCH_IMPORT_STATIONS (10000). Writes bench/results/import-latest.md and a JSON record.
import './lib/production-env.ts';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { buildApp } from '../api/src/app.ts';
import { createLogger } from '../api/src/logger.ts';
import { fromWgs84 } from '../api/src/imports/station-format.ts';
import { migrateToLatest, copyRows, type DbHandle } from '../db/src/index.ts';
import { generateStations, seedReference } from '../seeds/src/index.ts';
import { openThrowawayDb } from '@recycle/testing';
import { benchTokenKeys, tokenFor } from './lib/tokens.ts';
import { IngestQueue } from '../api/src/services/ingest-queue.ts';

const N = Number(process.env.BENCH_IMPORT_STATIONS ?? 10_000);
const started = performance.now();
const log = (s: string) => console.log(`[${((performance.now() - started) / 1000).toFixed(0).padStart(3)} s] ${s}`);

async function openDatabase(): Promise<{ handle: DbHandle; drop: () => Promise<void>; kind: string }> {
  const handle = await openThrowawayDb({ poolSize: 10 });
  const kind = handle.pool
    ? `PostgreSQL ${(await handle.pool.query('show server_version')).rows[0].server_version}`
    : 'embedded PGlite (set DATABASE_URL for PostgreSQL)';
  return { handle, kind, drop: () => handle.dispose() };
}

const cell = (v: string | number) => (/[",\r\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
const csv = (rows: (string | number)[][]) => rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';

const { handle, drop, kind } = await openDatabase();
log(`Database: ${kind}`);
await migrateToLatest(handle.db);
await seedReference(handle);
const admin = await handle.db
  .insertInto('app_user')
  .values({ email: 'bench-admin@bench.cn', display_name: 'bench', role: 'ADMIN', password_hash: 'x' })
  .returning('id')
  .executeTakeFirstOrThrow();
const token = await tokenFor({ id: admin.id, role: 'ADMIN', station_id: null, city_code: null });
const { app } = buildApp({
  db: handle.db,
  ingest: new IngestQueue(handle.db),
  logger: createLogger('warn'),
  tokenKeys: benchTokenKeys(),
  clock: () => new Date(),
});
const server = app.listen(0, '127.0.0.1');
await new Promise((r) => server.once('listening', r));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const stations = generateStations({ seed: 11, stations: N });
const stationRows = stations.map((s, i) => {
  // Every tenth row as an operator copied it from AMap: GCJ-02, converted back on import.
  const [lat, lng] = i % 10 === 0 ? fromWgs84(s.lat, s.lng, 'GCJ02') : [s.lat, s.lng];
  return [
    s.code,
    s.name,
    s.cityCode,
    s.district,
    s.address,
    lat,
    lng,
    i % 10 === 0 ? 'GCJ02' : 'WGS84',
    s.binCapacity,
    'OPEN',
  ];
});
const stationFile = csv([
  ['code', 'name', 'city', 'district', 'address', 'lat', 'lng', 'coord_system', 'bin_capacity', 'status'],
  ...stationRows,
]);
const staffFile = csv([
  ['station_code', 'name', 'phone', 'email', 'role'],
  ...stations.map((s, i) => [s.code, `店员 ${i + 1}`, `139${String(i).padStart(8, '0')}`, '', 'STATION_STAFF']),
]);

/** Posts one operation and returns its data, typed as the caller states it. */
async function gql<T>(query: string, variables: Record<string, unknown>): Promise<T> {
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data: T; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join('; '));
  return body.data;
}

interface ImportJobState {
  state: 'RUNNING' | 'DONE' | 'FAILED';
  created: number;
  updated: number;
  unchanged: number;
  issueCount: number;
  error: string | null;
  progress: { phase: string; done: number; total: number } | null;
}

/** Polls a job every 100 ms, printing its progress on one console line; returns it when done. */
async function waitFor(id: number, label: string) {
  for (;;) {
    const { importJob: j } = await gql<{ importJob: ImportJobState }>(
      `query($id: Int!) { importJob(id: $id) { state created updated unchanged issueCount error progress { phase done total } } }`,
      { id },
    );
    if (j.state !== 'RUNNING') {
      process.stdout.write('\n');
      if (j.state !== 'DONE' || j.issueCount)
        throw new Error(`${label}: ${j.state} ${j.error ?? ''} (${j.issueCount} issues)`);
      return j;
    }
    if (j.progress)
      process.stdout.write(
        `\r  ${label}: ${j.progress.phase.toLowerCase().padEnd(9)} ${j.progress.done.toLocaleString('en')} / ${j.progress.total.toLocaleString('en')}   `,
      );
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface Timing {
  what: string;
  rows: number;
  dryRunMs: number;
  applyMs: number;
  created: number;
  updated: number;
  unchanged: number;
}

async function importFile(kindPath: 'stations' | 'staff', file: string, what: string): Promise<Timing> {
  const t0 = performance.now();
  const res = await fetch(`${base}/api/imports/${kindPath}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'x-file-name': `${kindPath}.csv` },
    body: file,
  });
  const { id } = (await res.json()) as { id: number };
  await waitFor(id, `${what}, dry run`);
  const t1 = performance.now();
  const { applyImport } = await gql<{ applyImport: { id?: number; message?: string } }>(
    `mutation($id: Int!) { applyImport(dryRunId: $id) { __typename ... on ImportJob { id } ... on Error { message } } }`,
    { id },
  );
  if (!applyImport.id) throw new Error(applyImport.message);
  const applied = await waitFor(applyImport.id, `${what}, apply`);
  const t2 = performance.now();
  return { what, rows: N, dryRunMs: t1 - t0, applyMs: t2 - t1, ...applied };
}

const timings: Timing[] = [];
let copyMs = 0;
try {
  log(`Importing ${N.toLocaleString('en')} stations (${(stationFile.length / 1048576).toFixed(1)} MB CSV)...`);
  timings.push(await importFile('stations', stationFile, `${N.toLocaleString('en')} new stations`));
  log('The same file again...');
  timings.push(await importFile('stations', stationFile, 'same file again (all unchanged)'));
  log(`Importing ${N.toLocaleString('en')} staff accounts...`);
  timings.push(await importFile('staff', staffFile, `${N.toLocaleString('en')} new staff accounts`));
  log('Raw COPY of the same station rows into a copy of the station table...');
  if (handle.pool) await handle.pool.query('create table station_copy (like station including all)');
  else await handle.pglite!.query('create table station_copy (like station including all)');
  const t = performance.now();
  await copyRows(
    handle,
    'station_copy',
    ['code', 'name', 'city_code', 'district', 'address', 'lat', 'lng', 'bin_capacity', 'status'],
    stations.map((s) => [s.code, s.name, s.cityCode, s.district, s.address, s.lat, s.lng, s.binCapacity, 'OPEN']),
  );
  copyMs = performance.now() - t;
} finally {
  server.close();
  await drop();
}

const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const load = os.loadavg()[0]!.toFixed(1);
const lines = [
  `**Import benchmark** ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC: ${os.cpus().length} cores, Node ${process.version}, ${kind}; ` +
    `API in this process over HTTP (upload, GraphQL polling every 100 ms); load average ${load} at the end.`,
  '',
  '| import | rows | dry run (upload → report) | apply (→ applied) | total | created / updated / unchanged | target ≤ 10 s |',
  '| --- | --: | --: | --: | --: | --: | -- |',
  ...timings.map(
    (x) =>
      `| ${x.what} | ${x.rows.toLocaleString('en')} | ${fmt(x.dryRunMs)} | ${fmt(x.applyMs)} | ${fmt(x.dryRunMs + x.applyMs)} | ${x.created} / ${x.updated} / ${x.unchanged} | ${x.dryRunMs + x.applyMs <= 10_000 ? 'yes' : '**no**'} |`,
  ),
  `| raw COPY of the same ${N.toLocaleString('en')} station rows (no checks, no audit) | ${N.toLocaleString('en')} | | | ${fmt(copyMs)} | baseline | |`,
  '',
  `Stations import vs COPY: ${((timings[0]!.dryRunMs + timings[0]!.applyMs) / copyMs).toFixed(1)}× the time of the raw COPY.`,
];
const md = lines.join('\n');
console.log(`\n${md}\n`);
const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');
mkdirSync(dir, { recursive: true });
writeFileSync(path.join(dir, 'import-latest.md'), `${md}\n`);
writeFileSync(
  path.join(dir, `import-${new Date().toISOString().slice(0, 10)}.json`),
  JSON.stringify({ kind, stations: N, timings, copyMs, load }, null, 2),
);
process.exit(0);

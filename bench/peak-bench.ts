// pnpm bench:peak: the 11.11 counter workload. N stations (200 and 2,000) each send a 1-item
// logDropOffs batch (what the counter app sends per tap), think, and send again; all stations in
// one city (every write lands on that city's day-rollup rows) and spread over 20 cities. The same
// statement (insertDropOffBatch) is run raw from as many stations over a pool of the same size in
// the same run, one statement per batch, and again grouped as the API groups concurrent batches
// (services/ingest-queue.ts): the API's share of the grouped rate is what HTTP + GraphQL cost.
// Prints drop-offs/s, p50/p99, and lock waits sampled from pg_stat_activity every 100 ms.
// Use its own database (it adds stations to SH until it has 2,000 there), e.g.
//   createdb -O app recycle_bench_peak; DATABASE_URL=postgres://app:app@127.0.0.1:5432/recycle_bench_peak pnpm bench:peak
// Settings: BENCH_PEAK_STATIONS (200,2000), BENCH_PEAK_SECONDS (15), BENCH_PEAK_THINK_MS (100),
// BENCH_PEAK_POOL (50 connections, API and raw alike), BENCH_API_WORKERS (1),
// BENCH_PEAK_WARMUP_SECONDS (5: load on the API before the first case, not reported).
import './lib/production-env.ts';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDb } from '../db/src/index.ts';
import { insertDropOffBatch, type BatchTarget } from '../api/src/repositories/drop-off.ts';
import type { ValidDropOff } from '../api/src/domain/drop-off-rules.ts';
import { IngestQueue } from '../api/src/services/ingest-queue.ts';
import { fingerprint } from '../api/src/domain/idempotency.ts';
import { startApiProcess } from './lib/api-process.ts';
import { machineInfo, prepareDatabase, requireDatabaseUrl } from './lib/setup.ts';
import { keepAlivePoster } from './lib/http.ts';
import { newItem, runPeak, type PeakResult, type Station } from './peak/load.ts';
import { peakMarkdown, type PeakCase } from './peak/report.ts';
import { mkdirSync, writeFileSync } from 'node:fs';
import { BENCH_JWT_SECRET, tokenFor } from './lib/tokens.ts';

const list = (name: string, dflt: string) => (process.env[name] ?? dflt).split(',').map(Number);
const settings = {
  stations: list('BENCH_PEAK_STATIONS', '200,2000'),
  seconds: Number(process.env.BENCH_PEAK_SECONDS ?? 15),
  thinkMs: Number(process.env.BENCH_PEAK_THINK_MS ?? 100),
  pool: Number(process.env.BENCH_PEAK_POOL ?? 50),
  apiWorkers: Number(process.env.BENCH_API_WORKERS ?? 1),
  warmupSeconds: Number(process.env.BENCH_PEAK_WARMUP_SECONDS ?? 5),
};
const started = performance.now();
const log = (s: string) => console.log(`[${((performance.now() - started) / 1000).toFixed(0).padStart(3)} s] ${s}`);
const here = path.dirname(fileURLToPath(import.meta.url));

const databaseUrl = requireDatabaseUrl();
const { handle } = await prepareDatabase(databaseUrl, log);
const pool = handle.pool!;
// The API's pool, the raw pool and this script's own connections are open at once: say so up
// front rather than fail minutes in with "too many clients already".
const maxConnections = Number((await pool.query('show max_connections')).rows[0].max_connections);
const needed = settings.pool * (settings.apiWorkers + 1) + 20;
if (maxConnections < needed)
  throw new Error(
    `PostgreSQL allows ${maxConnections} connections; this run opens up to ${needed} (API pool ${settings.pool} x ${settings.apiWorkers} process(es), ` +
      `raw pool ${settings.pool}, and its own). Raise it (as a superuser: alter system set max_connections = ${needed}; then restart PostgreSQL) or lower BENCH_PEAK_POOL.`,
  );
const maxN = Math.max(...settings.stations);
// One city must hold maxN stations: SH gets bench stations (SH-P0001, ...) when it has fewer.
const inSh = Number((await pool.query(`select count(*) as n from station where city_code = 'SH'`)).rows[0].n);
if (inSh < maxN) {
  log(`adding ${maxN - inSh} bench stations to SH (it has ${inSh})`);
  await pool.query(
    `insert into station (code, city_code, district, name, address, lat, lng, bin_capacity, last_reported_at)
    select 'SH-P' || lpad(g::text, 4, '0'), 'SH', '压测区', '压测驿站 ' || g, '压测路 ' || g || ' 号', 31.2 + g * 0.0001, 121.4, 100000, now()
    from generate_series(1, $1::int) g on conflict (code) do nothing`,
    [maxN - inSh],
  );
}
// Bins must not fill up during the run (a FULL station still accepts drop-offs, but keep it simple).
await pool.query(`update station set bin_capacity = greatest(bin_capacity, 100000)`);
const all = (await pool.query('select id, code, city_code from station order by code')).rows as Station[];
const admin = (await pool.query(`select id, role from app_user where email = 'admin@demo.recycle.cn'`)).rows[0];
const masses = new Map(
  (await pool.query('select code, typical_mass_kg from package_material')).rows.map((r) => [
    r.code as string,
    Number(r.typical_mass_kg),
  ]),
);
const machine = await machineInfo(handle);

const sh = all.filter((s) => s.city_code === 'SH');
const byCity = [
  ...Map.prototype.values.call(
    all.reduce((m, s) => m.set(s.city_code, [...(m.get(s.city_code) ?? []), s]), new Map<string, Station[]>()),
  ),
] as Station[][];
/** n stations round-robin over the cities: every city gets n / 20. */
const spread = (n: number) =>
  Array.from({ length: n }, (_, i) => byCity[i % byCity.length]![Math.floor(i / byCity.length)]!);

const token = await tokenFor({ id: admin.id, role: admin.role, station_id: null, city_code: null });
const api = await startApiProcess(databaseUrl, BENCH_JWT_SECRET, {
  DB_POOL_SIZE: String(settings.pool),
  API_WORKERS: String(settings.apiWorkers),
});
const raw = await createDb({ databaseUrl, poolSize: settings.pool });
const grouped = new IngestQueue(raw.db);
const post = keepAlivePoster();
const LOG =
  'mutation($input: LogDropOffsInput!) { logDropOffs(input: $input) { ... on LogDropOffsPayload { accepted } ... on Error { message } } }';

async function viaApi(s: Station): Promise<number> {
  const item = newItem();
  const res = await post(
    `${api.url}/graphql`,
    { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    JSON.stringify({
      query: LOG,
      variables: { input: { stationCode: s.code, items: [{ ...item, occurredAt: item.occurredAt.toISOString() }] } },
    }),
  );
  const body = JSON.parse(res.text) as { data?: { logDropOffs?: { accepted?: number } } };
  if (body.data?.logDropOffs?.accepted !== 1)
    throw new Error(`HTTP ${res.status}: ${JSON.stringify(body).slice(0, 200)}`);
  return 1;
}

/** An item as validateDropOffBatch makes it: what was "sent" and its idempotency fingerprint. */
function withFingerprint<
  T extends { materialCode: string; outcome: 'REUSED' | 'RECYCLED'; quantity: number; occurredAt: Date },
>(i: T) {
  const sent = {
    materialCode: i.materialCode,
    outcome: i.outcome,
    quantity: i.quantity,
    massKg: null,
    occurredAt: i.occurredAt,
    memberCode: null,
  };
  return { ...i, sent, fingerprint: fingerprint(sent) };
}

/**
 * The product's statement, as the API sends it; `unsharded`: every station writes city rollup
 * shard 0 (as before migration T14-01); `grouped`: through the API's group commit (IngestQueue).
 */
async function viaSql(s: Station, how: 'alone' | 'unsharded' | 'grouped' = 'alone'): Promise<number> {
  const item = newItem();
  const now = new Date();
  const write =
    how === 'grouped'
      ? (_db: unknown, target: BatchTarget, items: ValidDropOff[]) => grouped.insert({ target, items })
      : insertDropOffBatch;
  const rows = await write(
    raw.db,
    {
      stationId: s.id,
      cityCode: s.city_code,
      stationCode: s.code,
      loggedBy: admin.id,
      deviceId: null,
      loggedAt: now,
      requestId: null,
      replayedCount: 0,
      ...(how === 'unsharded' ? { cityShard: 0 } : {}),
    },
    [withFingerprint({ ...item, massKg: masses.get(item.materialCode)!, massWeighed: false })],
  );
  return rows.length;
}

const cases: PeakCase[] = [];
try {
  // A new API process is cold (its code not yet optimised by V8): the first case ran it at ~60% of
  // the rate the same case reached later in the run. Some seconds of the same load, not timed, first.
  if (settings.warmupSeconds > 0) {
    const warm = sh.slice(0, Math.min(...settings.stations));
    await Promise.all(warm.map((st) => viaApi(st)));
    const w = await runPeak(warm, settings.warmupSeconds, settings.thinkMs, pool, viaApi);
    log(`API warm-up, ${settings.warmupSeconds} s (not reported): ${w.dropOffsPerSecond} drop-offs/s`);
  }
  for (const n of settings.stations) {
    for (const scope of ['1 city', '20 cities'] as const) {
      const stations = scope === '1 city' ? sh.slice(0, n) : spread(n);
      const run = async (label: string, send: (s: Station) => Promise<number>): Promise<PeakResult> => {
        // Warm-up: every station sends once, all at once, before the clock starts. Its first send
        // opens its connection, and a saturated Node process accepts new connections late (in a
        // 200-station storm the last were accepted 8 s in, see bench/README.md): timed from a cold
        // start, p99 measured that connect storm, not the steady peak a counter sees.
        await Promise.all(stations.map((st) => send(st)));
        const r = await runPeak(stations, settings.seconds, settings.thinkMs, pool, send);
        log(
          `${n} stations, ${scope}, ${label}: ${r.dropOffsPerSecond} drop-offs/s, p50 ${r.p50} ms, p99 ${r.p99} ms, lock waits mean ${r.lockWaits.mean} max ${r.lockWaits.max} (${r.lockWaits.topRelations || 'none'})`,
        );
        return r;
      };
      cases.push({
        stations: n,
        scope,
        api: await run('API', viaApi),
        raw: await run('raw statement', (st) => viaSql(st)),
        rawGrouped: await run('raw statements, grouped as the API', (st) => viaSql(st, 'grouped')),
        // The hot-row queue the shards remove shows with one city's stations on one rollup row.
        ...(scope === '1 city'
          ? { rawUnsharded: await run('raw statement, city rollup unsharded', (st) => viaSql(st, 'unsharded')) }
          : {}),
      });
    }
  }
} finally {
  await api.stop();
  await raw.close();
}
const report = { machine: { ...machine, loadAverageAfter: Math.round(os.loadavg()[0]! * 10) / 10 }, settings, cases };
await handle.close();
const md = peakMarkdown(report);
console.log('\n' + md);
const dir = path.join(here, 'results');
mkdirSync(dir, { recursive: true });
writeFileSync(path.join(dir, `peak-${machine.date.slice(0, 10)}.json`), JSON.stringify(report, null, 2) + '\n');
writeFileSync(path.join(dir, 'peak-latest.md'), md);
log('wrote bench/results/peak-latest.md');

// pnpm bench:carbon: the carbon report and its CSV export on a real PostgreSQL with the
// 10,000-station network (>= 1 M drop-offs), beside the same aggregation run on raw drop-offs.
// The API runs in its own process; its memory is sampled from /proc during the exports.
// Prints a markdown table and writes bench/results/carbon-<date>.json and carbon-latest.md.
// Sizes: BENCH_CARBON_RUNS (30 requests per report), BENCH_SQL_RUNS (5 per SQL query).
import './lib/production-env.ts'; // first: sets NODE_ENV before graphql loads
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { campaignFor } from '../seeds/src/index.ts';
import { startApiProcess } from './lib/api-process.ts';
import {
  compareSql,
  compareStationSql,
  timeExport,
  timeReport,
  type ExportResult,
  type ReportTiming,
  type SqlTiming,
} from './lib/carbon.ts';
import { reportWrites } from './lib/report-writes.ts';
import { machineInfo, prepareDatabase, requireDatabaseUrl } from './lib/setup.ts';
import { fmtInt, fmtMs, fmtRatio } from './lib/stats.ts';
import { BENCH_JWT_SECRET, tokenForEmail } from './lib/tokens.ts';

const runs = Number(process.env.BENCH_CARBON_RUNS ?? 30);
const sqlRuns = Number(process.env.BENCH_SQL_RUNS ?? 5);
const started = performance.now();
const log = (s: string) => console.log(`[${((performance.now() - started) / 1000).toFixed(0).padStart(3)} s] ${s}`);

const { handle } = await prepareDatabase(requireDatabaseUrl(), log);
const machine = await machineInfo(handle);
const campaign = campaignFor(new Date());
const period = { from: campaign.start, to: campaign.end };
const days = 23;

const token = await tokenForEmail(handle.pool!, 'analyst@demo.recycle.cn');
const api = await startApiProcess(process.env.DATABASE_URL!, BENCH_JWT_SECRET);
log(`API process ${api.pid} at ${api.url}`);

const writes = await reportWrites(handle, period);

const reports: ReportTiming[] = [];
const exports: ExportResult[] = [];
const sql: SqlTiming[] = [];
let stationSql: Awaited<ReturnType<typeof compareStationSql>> | null = null;
try {
  for (const [name, groupBy] of [
    ['by city', ['CITY']],
    ['by city x day', ['CITY', 'DAY']],
    ['by station (the same report again: cached)', ['STATION']],
  ] as const) {
    log(`carbonReport ${name}, ${runs} requests...`);
    reports.push(
      await timeReport(
        api.url,
        token,
        `carbonReport ${name}, ${period.from}..${period.to}`,
        { ...period, groupBy: [...groupBy] },
        runs,
      ),
    );
  }
  // A new displacement scenario per request is a new finished report: the cached rollup sums of
  // the period are grouped again under it (api/src/report-cache.ts).
  log(`carbonReport by station, a new scenario per request, ${runs} requests...`);
  reports.push(
    await timeReport(
      api.url,
      token,
      `carbonReport by station, a new scenario per request (sums cached, grouped again), ${period.from}..${period.to}`,
      { ...period, groupBy: ['STATION'] },
      runs,
      (i) => 0.5 + i / 10_000,
    ),
  );
  // New drop-offs in the period before each request, logged the way the API logs them (the same
  // statement, rollups and marks): the report then reads again only the stations they were at
  // (services/finished-report.ts readParts). At a peak a few hundred stations log between two requests.
  for (const stations of [1, 200]) {
    log(`carbonReport by station, after drop-offs at ${stations} station(s) each time, ${runs} requests...`);
    reports.push(
      await timeReport(
        api.url,
        token,
        `carbonReport by station, after drop-offs at ${fmtInt(stations)} station${stations > 1 ? 's' : ''} each time (those read again), ${period.from}..${period.to}`,
        { ...period, groupBy: ['STATION'] },
        runs,
        () => null,
        () => writes.logAtStations(stations),
      ),
    );
  }
  // Stations onboarded while reports are read: a new station notifies 'stations' (its identity
  // cache) but not 'station-names', so its first drop-off is read like any other changed station's
  // and placed in the report's order (services/finished-report.ts newcomerRanks).
  log(`carbonReport by station, after a new station's first drop-off each time, ${runs} requests...`);
  reports.push(
    await timeReport(
      api.url,
      token,
      `carbonReport by station, after a station is added and logs its first drop-off each time, ${period.from}..${period.to}`,
      { ...period, groupBy: ['STATION'] },
      runs,
      () => null,
      async () => {
        await writes.onboardAndLog();
        await new Promise((r) => setTimeout(r, 200)); // as below: any notification has arrived
      },
    ),
  );
  // A station renamed before each request (its trigger notifies 'station-names'): every process
  // puts the names as they are now into its cached parts (no sums read) and groups them again.
  log(`carbonReport by station, after a station renamed each time, ${runs} requests...`);
  reports.push(
    await timeReport(
      api.url,
      token,
      `carbonReport by station, after a station renamed each time (names put in, rows kept), ${period.from}..${period.to}`,
      { ...period, groupBy: ['STATION'] },
      runs,
      () => null,
      async () => {
        await handle.pool!.query(`update station set name = name || '·' where code = 'SH-00001'`);
        await new Promise((r) => setTimeout(r, 200)); // the notification has reached the API process
      },
    ),
  );
  await handle.pool!.query(`update station set name = rtrim(name, '·') where code = 'SH-00001'`);
  // A station moved to another city before each request (back and forth between two cities), and a
  // drop-off logged: the moved station's parts take the new city in place (the order is by code;
  // since 2026-12-04, a whole read before) and the station of the drop-off is read again.
  // The whole report read each time: a station given another code before each request (back and
  // forth), which may put another station's history under a code, as at a process's first request.
  const original = await handle.pool!.query<{ id: number; city_code: string; code: string }>(
    `select id, city_code, code from station where code = 'SH-00002'`,
  );
  const { id: movingId, city_code: homeCity, code: homeCode } = original.rows[0]!;
  try {
    for (const [what, label, change] of [
      [
        'after a station moved to another city each time',
        'after a station moved to another city before each (parts relabelled in place, the station read again)',
        `update station set city_code = case when city_code = 'SH' then 'BJ' else 'SH' end where id = $1`,
      ],
      [
        'read whole each time',
        'read whole each time (a station given another code before each)',
        `update station set code = case when code = '${homeCode}' then '${homeCode}-R' else '${homeCode}' end where id = $1`,
      ],
    ] as const) {
      log(`carbonReport by station, ${what}, ${runs} requests...`);
      reports.push(
        await timeReport(
          api.url,
          token,
          `carbonReport by station, ${label}, ${period.from}..${period.to}`,
          { ...period, groupBy: ['STATION'] },
          runs,
          () => null,
          async () => {
            await writes.logAtStations(1);
            await handle.pool!.query(change, [movingId]);
            await new Promise((r) => setTimeout(r, 200)); // delivered to the API process
          },
        ),
      );
    }
  } finally {
    await handle.pool!.query(`update station set city_code = $1, code = $2 where id = $3`, [
      homeCity,
      homeCode,
      movingId,
    ]);
  }
  const exportParams = { ...period, groupBy: 'STATION,DAY' };
  log('CSV export, station x day, first 5 days (for scale)...');
  exports.push(
    await timeExport(
      api.url,
      token,
      api.pid,
      `station x day, ${period.from}..+4 days`,
      { ...exportParams, to: addDays(period.from, 4) },
      10_000 * 5,
    ),
  );
  log('CSV export, station x day, whole campaign...');
  exports.push(
    await timeExport(
      api.url,
      token,
      api.pid,
      `station x day, ${period.from}..${period.to}`,
      exportParams,
      10_000 * days,
    ),
  );
  for (const [name, groupBy] of [
    ['by city', ['CITY']],
    ['by city x day', ['CITY', 'DAY']],
    ['by station', ['STATION']],
    ['by station x day', ['STATION', 'DAY']],
  ] as const) {
    log(`SQL ${name}: rollups vs raw drop_off, ${sqlRuns} runs each...`);
    sql.push(
      await compareSql(handle, name, { ...period, groupBy: [...groupBy], cityCodes: [], stationCodes: [] }, sqlRuns),
    );
  }
  log(`SQL by station: day rollup only (before) vs week + edge days (now) vs raw, ${sqlRuns} runs each...`);
  stationSql = await compareStationSql(
    handle,
    { ...period, groupBy: ['STATION'], cityCodes: [], stationCodes: [] },
    sqlRuns,
  );
} finally {
  await api.stop();
  await handle.close();
}

function addDays(day: string, n: number) {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

const lines: string[] = [];
const row = (...cells: (string | number)[]) => lines.push(`| ${cells.join(' | ')} |`);
lines.push(
  `**Carbon benchmark** ${machine.date.slice(0, 16).replace('T', ' ')} UTC: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGb} GB, ` +
    `Node ${machine.node}, PostgreSQL ${machine.postgres}; ${fmtInt(machine.stations)} stations, ${fmtInt(machine.dropOffs)} drop-offs. ` +
    `API in its own process (NODE_ENV=production), 1 client. Load average ${machine.loadAverage} at start, ${Math.round(os.loadavg()[0]! * 10) / 10} at end.`,
);
lines.push('');
row(
  'carbonReport over HTTP (1 client, after warm-up)',
  'rows',
  'response',
  'requests',
  'p50',
  'p99',
  'target p99',
  'met',
);
row('---', '--:', '--:', '--:', '--:', '--:', '--:', '--');
for (const r of reports) {
  const target = r.name.includes('by station') ? 500 : null;
  row(
    r.name,
    fmtInt(r.rows),
    `${fmtInt(r.responseKb)} KB`,
    r.requests,
    fmtMs(r.p50),
    fmtMs(r.p99),
    target ? `≤ ${target} ms` : '',
    target ? (r.p99 <= target ? 'yes' : '**no**') : '',
  );
}
lines.push('');
row(
  'CSV export (GET /reports/carbon.csv)',
  'rows',
  'size',
  'time',
  'rows/s',
  'API RSS before',
  'RSS at ¼ / ½ / ¾ / all rows',
  'peak RSS',
  'total CO2e (central, kg)',
);
row('---', '--:', '--:', '--:', '--:', '--:', '--:', '--:', '--:');
for (const e of exports) {
  row(
    e.name,
    fmtInt(e.rows),
    `${e.mb} MB`,
    `${e.seconds} s`,
    fmtInt(e.rows / e.seconds),
    `${e.rssBeforeMb} MB`,
    e.rssAtQuartersMb.map((m) => `${m}`).join(' / ') + ' MB',
    `${e.rssPeakMb} MB`,
    e.totalCentral,
  );
}
lines.push('');
row(
  `Same aggregation in SQL (median of ${sqlRuns})`,
  'groups x material/outcome',
  'rollup tables',
  'raw drop_off',
  'speed-up',
  'same items',
);
row('---', '--:', '--:', '--:', '--:', '--');
for (const s of sql)
  row(
    s.name,
    fmtInt(s.rollupRows),
    fmtMs(s.rollupMs),
    fmtMs(s.rawMs),
    fmtRatio(s.speedup),
    s.itemsMatch ? 'yes' : '**no**',
  );
if (stationSql) {
  lines.push('');
  row(
    `Station report SQL, ${period.from}..${period.to} (median of ${sqlRuns})`,
    'groups',
    'day rollup only (before)',
    'weeks + edge days (now)',
    'raw drop_off',
    'now vs before',
    'now vs raw',
    'same items',
  );
  row('---', '--:', '--:', '--:', '--:', '--:', '--:', '--');
  row(
    'by station',
    fmtInt(stationSql.groups),
    fmtMs(stationSql.beforeMs),
    fmtMs(stationSql.nowMs),
    fmtMs(stationSql.rawMs),
    fmtRatio(Math.round((stationSql.beforeMs / stationSql.nowMs) * 10) / 10),
    fmtRatio(Math.round((stationSql.rawMs / stationSql.nowMs) * 10) / 10),
    stationSql.same ? 'yes' : '**no**',
  );
}
const md = lines.join('\n');
console.log(`\n${md}\n`);

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');
mkdirSync(dir, { recursive: true });
writeFileSync(
  path.join(dir, `carbon-${machine.date.slice(0, 10)}.json`),
  JSON.stringify({ machine, period, runs, sqlRuns, reports, exports, sql, stationSql }, null, 2) + '\n',
);
writeFileSync(path.join(dir, 'carbon-latest.md'), md + '\n');
log('wrote bench/results/carbon-latest.md');

// pnpm bench:year: the dashboard's reads on 100,000 stations with a year of history, beside the
// 10,000-station season database in the same run (issue 14 §5: "dashboard p99 unchanged").
//   DATABASE_URL             the 10,000-station database of the other benchmarks (seeded if empty)
//   BENCH_YEAR_DATABASE_URL  an empty database the first time: seeded with 100,000 stations over the
//                            season (~11 M drop-offs), measured, then extended to a year (~100 M) and
//                            measured again; reused as it is on later runs
// Two API processes (one per database) answer the same reads in alternating rounds. The 10,000
// database is the control: a burst of other work on the machine hits both sides of a ratio alike.
// Settings: BENCH_YEAR_STATIONS (100000), BENCH_CLIENTS (10), BENCH_YEAR_ROUNDS (3),
// BENCH_YEAR_SECONDS (4).
import './lib/production-env.ts';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DbHandle } from '../db/src/index.ts';
import { campaignFor, DEMO_STATION_CODE } from '../seeds/src/index.ts';
import { startApiProcess, type ApiProcess } from './lib/api-process.ts';
import { gqlClient, runClients } from './lib/http.ts';
import { machineInfo, prepareDatabase, requireDatabaseUrl } from './lib/setup.ts';
import { fmtMs, latencyStats, median } from './lib/stats.ts';
import { rollupsMatchRaw } from './lib/reads.ts';
import { extendToYear, prepareSeasonDatabase, type YearDatabase } from './lib/year-data.ts';
import { BENCH_JWT_SECRET, tokenForEmail } from './lib/tokens.ts';

const num = (name: string, dflt: number) => Number(process.env[name] ?? dflt);
const settings = {
  stations: num('BENCH_YEAR_STATIONS', 100_000),
  clients: num('BENCH_CLIENTS', 10),
  rounds: num('BENCH_YEAR_ROUNDS', 3),
  seconds: num('BENCH_YEAR_SECONDS', 4),
};
const started = performance.now();
const log = (s: string) => console.log(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${s}`);
const here = path.dirname(fileURLToPath(import.meta.url));

const baseUrl = requireDatabaseUrl();
const yearUrl = process.env.BENCH_YEAR_DATABASE_URL;
if (!yearUrl || yearUrl === baseUrl) {
  console.error(
    'pnpm bench:year needs a second, empty PostgreSQL database for 100,000 stations and a year, e.g.\n' +
      '  createdb recycle_year && BENCH_YEAR_DATABASE_URL=postgres://app:app@localhost:5432/recycle_year \\\n' +
      '    DATABASE_URL=postgres://app:app@localhost:5432/recycle_bench pnpm bench:year\n' +
      'The first run seeds it (~5 min) and copies a year of history into it (~100 M drop-offs, ~20 GB).',
  );
  process.exit(2);
}

type Tokens = Record<'manager' | 'analyst' | 'staff', string>;

async function tokensOf(h: DbHandle): Promise<Tokens> {
  const byEmail = (email: string) => tokenForEmail(h.pool!, email, 7200);
  return {
    manager: await byEmail('manager.sh@demo.recycle.cn'),
    analyst: await byEmail('analyst@demo.recycle.cn'),
    staff: await byEmail('staff.sh00001@demo.recycle.cn'),
  };
}

interface Read {
  name: string;
  as: keyof Tokens;
  query: string;
}

function reads(from: string, to: string): Read[] {
  const co2 = 'co2eAvoided { total { central low high } }';
  const summary = `stationsByStatus { total open full stale } totals { items dropOffs kgRecycled kgReused itemsReused } ${co2}`;
  return [
    {
      name: 'summary SH',
      as: 'manager',
      query: `{ summary(cityCode: "SH", from: "${from}", to: "${to}") { ${summary} } }`,
    },
    { name: 'summary network', as: 'analyst', query: `{ summary(from: "${from}", to: "${to}") { ${summary} } }` },
    {
      name: 'stations page, 100 SH stations with totals',
      as: 'manager',
      query: `{ stations(first: 100, cityCode: "SH") { totalCount edges { node { code status binFill
        totals(from: "${from}", to: "${to}") { items dropOffs kgRecycled ${co2} } } } } }`,
    },
    {
      name: 'needs action SH, first 50',
      as: 'manager',
      query: `{ needsAction(cityCode: "SH", first: 50) { totalCount edges { node { station { code } status binFill since } } } }`,
    },
    {
      name: 'map SH',
      as: 'manager',
      query: '{ mapStations(cityCode: "SH") { count codes lat lng status todayItems binFillPercent } }',
    },
    {
      name: 'map network',
      as: 'analyst',
      query: '{ mapStations { count codes lat lng status todayItems binFillPercent } }',
    },
    {
      name: `counter: ${DEMO_STATION_CODE}'s latest 200 entries`,
      as: 'staff',
      query: `{ station(code: "${DEMO_STATION_CODE}") { dropOffs(first: 200) { edges { node { id occurredAt quantity materialCode } } } } }`,
    },
  ];
}

interface Side {
  label: string;
  api: ApiProcess;
  tokens: Tokens;
}

interface PhaseRow {
  read: string;
  clients: number;
  control: ReturnType<typeof latencyStats>;
  subject: ReturnType<typeof latencyStats>;
}

async function measurePhase(control: Side, subject: Side, period: { start: string; end: string }): Promise<PhaseRow[]> {
  const out: PhaseRow[] = [];
  for (const clients of [settings.clients, 1]) {
    for (const r of reads(period.start, period.end)) {
      const lat = { control: [] as number[], subject: [] as number[] };
      const perSecond = { control: [] as number[], subject: [] as number[] };
      const sides = { control, subject };
      for (const k of ['control', 'subject'] as const) {
        const c = gqlClient(sides[k].api.url + '/graphql');
        await c.request(sides[k].tokens[r.as], r.query); // fails loudly on an error answer
        await runClients(
          clients,
          { perClient: Infinity, deadlineMs: 1000 },
          async () => void (await c.send(sides[k].tokens[r.as], r.query)),
        );
      }
      for (let round = 0; round < settings.rounds; round++) {
        for (const k of round % 2 ? (['subject', 'control'] as const) : (['control', 'subject'] as const)) {
          const c = gqlClient(sides[k].api.url + '/graphql');
          const res = await runClients(
            clients,
            { perClient: Infinity, deadlineMs: settings.seconds * 1000 },
            async () => void (await c.send(sides[k].tokens[r.as], r.query)),
          );
          if (res.errors)
            throw new Error(`${r.name} on ${sides[k].label}: ${res.errors} errors, first: ${res.firstError}`);
          lat[k].push(...res.latencies);
          perSecond[k].push(res.latencies.length / (res.elapsedMs / 1000));
        }
      }
      const stats = (k: 'control' | 'subject') => ({
        ...latencyStats(lat[k], 0, 1),
        perSecond: Math.round(median(perSecond[k]) * 10) / 10,
      });
      const row = { read: r.name, clients, control: stats('control'), subject: stats('subject') };
      out.push(row);
      log(
        `  ${r.name}, ${clients} client(s): ${control.label} p50 ${fmtMs(row.control.p50)} p99 ${fmtMs(row.control.p99)} ${row.control.perSecond}/s | ` +
          `${subject.label} p50 ${fmtMs(row.subject.p50)} p99 ${fmtMs(row.subject.p99)} ${row.subject.perSecond}/s`,
      );
    }
  }
  return out;
}

const ratio = (a: number, b: number) => (b > 0 ? (a / b).toFixed(2) + '×' : '–');

function phaseMarkdown(title: string, rows: PhaseRow[], control: string, subject: string): string {
  const lines = [
    `#### ${title}`,
    '',
    `| read | clients | ${control} p50 / p99 | ${subject} p50 / p99 | p99 ratio | req/s ${control} / ${subject} |`,
    '|---|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows)
    lines.push(
      `| ${r.read} | ${r.clients} | ${fmtMs(r.control.p50)} / ${fmtMs(r.control.p99)} | ${fmtMs(r.subject.p50)} / ${fmtMs(r.subject.p99)} | ` +
        `${ratio(r.subject.p99, r.control.p99)} | ${r.control.perSecond} / ${r.subject.perSecond} |`,
    );
  return lines.join('\n');
}

/** Per read: how the year moved p99 against the season, each first divided by the control's in its phase. */
function historyMarkdown(season: PhaseRow[], year: PhaseRow[]): string {
  const lines = [
    '#### A year of history against the season alone (same 100,000 stations)',
    '',
    'p99 on the year ÷ p99 on the season, each first divided by the 10,000-station control measured in the same rounds (1.00× = unchanged).',
    '',
    '| read | clients | season p99 | year p99 | normalised ratio |',
    '|---|---:|---:|---:|---:|',
  ];
  for (const y of year) {
    const s = season.find((x) => x.read === y.read && x.clients === y.clients);
    if (!s) continue;
    const norm = y.subject.p99 / y.control.p99 / (s.subject.p99 / s.control.p99);
    lines.push(
      `| ${y.read} | ${y.clients} | ${fmtMs(s.subject.p99)} | ${fmtMs(y.subject.p99)} | ${norm.toFixed(2)}× |`,
    );
  }
  return lines.join('\n');
}

// ---- run -----------------------------------------------------------------------------------------
const base = await prepareDatabase(baseUrl, log);
const machine = await machineInfo(base.handle);
let year: YearDatabase = await prepareSeasonDatabase(yearUrl, settings.stations, log);
log(
  `${settings.stations.toLocaleString('en')}-station database: ${year.dropOffs.toLocaleString('en')} drop-offs, ` +
    `${year.firstDay}..${year.lastDay}${year.wasExtended ? ' (a year already)' : ''}`,
);
const control: Side = {
  label: `${machine.stations / 1000}k season`,
  api: await startApiProcess(baseUrl, BENCH_JWT_SECRET),
  tokens: await tokensOf(base.handle),
};
const subjectApi = await startApiProcess(yearUrl, BENCH_JWT_SECRET);
const subjectTokens = await tokensOf(year.handle);
const campaign = campaignFor(new Date());
const sections: string[] = [];
let seasonRows: PhaseRow[] | null = null;
try {
  if (!year.wasExtended) {
    log(`Phase 1: ${control.label} vs ${settings.stations / 1000}k season`);
    seasonRows = await measurePhase(
      control,
      { label: `${settings.stations / 1000}k season`, api: subjectApi, tokens: subjectTokens },
      campaign,
    );
    sections.push(
      phaseMarkdown(
        `${settings.stations.toLocaleString('en')} stations, season only (${year.dropOffs.toLocaleString('en')} drop-offs)`,
        seasonRows,
        control.label,
        `${settings.stations / 1000}k season`,
      ),
    );
    await subjectApi.stop(); // nothing of the season may stay cached for the year phase
    year = await extendToYear(year, log);
  }
  const agree = await rollupsMatchRaw(year.handle);
  if (!agree.ok) throw new Error(`rollups disagree with the raw rows after the copies: ${agree.detail}`);
  log(
    `Rollups agree with the raw rows: ${year.dropOffs.toLocaleString('en')} drop-offs, ${year.firstDay}..${year.lastDay}`,
  );
  const yearApi = year.wasExtended ? subjectApi : await startApiProcess(yearUrl, BENCH_JWT_SECRET);
  try {
    log(`Phase 2: ${control.label} vs ${settings.stations / 1000}k year`);
    const yearRows = await measurePhase(
      control,
      { label: `${settings.stations / 1000}k year`, api: yearApi, tokens: subjectTokens },
      campaign,
    );
    sections.push(
      phaseMarkdown(
        `${settings.stations.toLocaleString('en')} stations, a year of history (${year.dropOffs.toLocaleString('en')} drop-offs, ${year.firstDay}..${year.lastDay})`,
        yearRows,
        control.label,
        `${settings.stations / 1000}k year`,
      ),
    );
    if (seasonRows) sections.push(historyMarkdown(seasonRows, yearRows));
    else sections.push('(The season-only phase ran in an earlier run: this database already held a year.)');
  } finally {
    await yearApi.stop();
  }
} finally {
  await control.api.stop();
  await subjectApi.stop().catch(() => undefined);
}

const head =
  `**bench:year** ${machine.date.slice(0, 16).replace('T', ' ')} UTC: ${machine.cores} cores (${machine.cpu}), Node ${machine.node}, ` +
  `PostgreSQL ${machine.postgres}. Control: ${machine.stations.toLocaleString('en')} stations, ${machine.dropOffs.toLocaleString('en')} drop-offs. ` +
  `Reads over the campaign ${campaign.start}..${campaign.end}; ${settings.rounds} rounds of ${settings.seconds} s per side, sides alternating; ` +
  `load average ${machine.loadAverage} at start, ${Math.round(os.loadavg()[0]! * 10) / 10} at end.`;
const md = [head, ...sections].join('\n\n') + '\n';
console.log('\n' + md);
const file = path.join(here, 'results', 'year-latest.md');
writeFileSync(file, md);
log(`wrote ${path.relative(process.cwd(), file)}`);
await base.handle.close();
await year.handle.close();

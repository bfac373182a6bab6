// `pnpm bench:loop`: does one expensive request stall everyone else? While clients run the costliest
// reads the API allows (the whole network's carbon report by station and day over the campaign, the
// all-stations map), a prober asks /healthz every 20 ms. Printed: /healthz latency idle (the baseline,
// same run) and under that load, with the ratio, and the event-loop delay the server itself reports
// (/healthz, perf_hooks). Target (issue 9 §5): event-loop delay under 100 ms while a max-cost query runs.
// Beside the server, an idle control process samples its own loop delay in each phase: on a shared or
// busy machine the process is sometimes not scheduled for tens of milliseconds whatever it runs, and
// the control shows how much of the server's figure that explains.
// The server is the real one (`pnpm start`'s path) on DATABASE_URL's PostgreSQL when set, else PGlite,
// which runs queries inside the server process (its loop stalls by design: see docs/operations.md).
// Env: LOOP_STATIONS (default 2000), LOOP_SECONDS per phase (default 8, under the 10 s window), LOOP_CLIENTS (default 2),
// LOOP_READS: which heavy reads the clients loop, by key (default all: stationDay,byStation,map), to
// tell which one stalls the loop.
import './lib/production-env.ts'; // first: graphql and express as deployed
import { startDemoServer } from '@recycle/testing';
import { startLoopControl } from './lib/loop-control.ts';
import { latencyStats } from './lib/stats.ts';

const STATIONS = Number(process.env.LOOP_STATIONS ?? 2000);
const SECONDS = Number(process.env.LOOP_SECONDS ?? 8);
const CLIENTS = Number(process.env.LOOP_CLIENTS ?? 2);
const READS = (process.env.LOOP_READS ?? 'stationDay,byStation,map').split(',').map((k) => k.trim());

interface Window {
  p99Ms: number;
  maxMs: number;
  windowS: number;
}
interface Health {
  eventLoopDelay: { current: Window; last: Window | null };
}

const health = async (url: string) => ((await (await fetch(`${url}/healthz`)).json()) as Health).eventLoopDelay;

/** Waits until the server starts a new 10 s window, so the phase that follows is alone in it. */
async function windowStart(url: string): Promise<void> {
  while ((await health(url)).current.windowS > 0.3) await sleep(50);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function probe(url: string, until: number): Promise<number[]> {
  const latencies: number[] = [];
  while (Date.now() < until) {
    const t = performance.now();
    const res = await fetch(`${url}/healthz`);
    await res.arrayBuffer();
    latencies.push(performance.now() - t);
    await sleep(20);
  }
  return latencies;
}

async function gql(url: string, token: string | null, query: string, variables: Record<string, unknown> = {}) {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  if (!res.ok || text.includes('"errors":[')) throw new Error(`HTTP ${res.status}: ${text.slice(0, 300)}`);
  return { bytes: text.length, data: JSON.parse(text).data };
}

/**
 * The costliest reads the API answers (not refuses): the station x day report of the largest city
 * (network-wide station x day is refused inline: the CSV streams it), the network by station (one
 * row per station), and the all-stations map. Each answer is checked to be a report, not an error.
 */
const ROW_FIELDS = `cityCode cityNameZh cityNameEn stationCode stationName day materialCode outcome dropOffs items
  itemsReused itemsRecycled kg kgReused kgRecycled kgWeighed kgEstimated weighedShare dataQualityScore
  co2e { reuse { central low high } recycle { central low high } total { central low high } }`;

/**
 * The costliest reads the API answers (not refuses): a full page of the station x day report of
 * the largest city with every field (32 a row: 3,125 rows = the 100,000 values one answer holds;
 * the whole report is refused without paging, network-wide station x day is the CSV's job), the
 * network by station (a page of 5,000 rows, the most one answer holds, x 8 fields), and the
 * all-stations map. Each answer is checked.
 */
const heavyReads = (city: string) => [
  {
    key: 'stationDay',
    name: `carbon report, ${city} by station x day, 2026-10-20..2026-11-30, a page of 3,125 rows x 32 fields (the most one answer holds)`,
    query: `{ carbonReport(groupBy: [STATION, DAY], cityCodes: ["${city}"], from: "2026-10-20", to: "2026-11-30", first: 3125) {
      __typename ... on CarbonReport { rowCount rows { ${ROW_FIELDS} } } } }`,
  },
  {
    key: 'byStation',
    name: 'carbon report, network by station, 2026-10-20..2026-11-30, a page of 5,000 rows x 8 fields',
    query: `{ carbonReport(groupBy: [STATION], from: "2026-10-20", to: "2026-11-30", first: 5000) { __typename
      ... on CarbonReport { rows { stationCode items kg co2e { total { central low high } } } } } }`,
  },
  {
    key: 'map',
    name: 'mapStations, all stations',
    query: '{ mapStations { count day codes lat lng status todayItems binFillPercent } }',
  },
];

/** The city with the most stations (its code is the station code's prefix). */
function largestCity(codes: string[]): string {
  const counts = new Map<string, number>();
  for (const c of codes) counts.set(c.split('-')[0]!, (counts.get(c.split('-')[0]!) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]![0];
}

/** A report query must answer with rows: a refusal would measure nothing. */
function checkAnswer(name: string, data: Record<string, { __typename?: string }>): void {
  const typename = data.carbonReport?.__typename;
  if (typename && typename !== 'CarbonReport') throw new Error(`${name}: refused as ${typename}`);
}

const fmt = (n: number) => n.toFixed(1);
const server = await startDemoServer({ stations: STATIONS });
try {
  const signIn = await gql(
    server.url,
    null,
    'mutation { signIn(email: "analyst@demo.recycle.cn", password: "demo-analyst") { token } }',
  );
  const token = signIn.data.signIn.token as string;
  const map = await gql(server.url, token, '{ mapStations { codes } }');
  const HEAVY = heavyReads(largestCity(map.data.mapStations.codes as string[])).filter((h) => READS.includes(h.key));
  if (HEAVY.length === 0) throw new Error(`LOOP_READS=${READS.join(',')} names no read (stationDay, byStation, map)`);
  for (const h of HEAVY) checkAnswer(h.name, (await gql(server.url, token, h.query)).data); // warm caches, check

  await windowStart(server.url);
  const idleControl = startLoopControl();
  const idle = await probe(server.url, Date.now() + SECONDS * 1000);
  const idleServer = (await health(server.url)).current;
  const idleMachine = await idleControl.stop();

  await windowStart(server.url);
  const loadedControl = startLoopControl();
  const until = Date.now() + SECONDS * 1000;
  const done = { requests: 0, bytes: 0 };
  const clients = Array.from({ length: CLIENTS }, async (_, i) => {
    for (let k = i; Date.now() < until; k++) {
      const r = await gql(server.url, token, HEAVY[k % HEAVY.length]!.query);
      done.requests++;
      done.bytes += r.bytes;
    }
  });
  const [loaded] = await Promise.all([probe(server.url, until), ...clients]);
  const loadedServer = (await health(server.url)).current;
  const loadedMachine = await loadedControl.stop();

  const a = latencyStats(idle, 0, SECONDS * 1000);
  const b = latencyStats(loaded!, 0, SECONDS * 1000);
  const db = process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite (in-process)';
  console.log(
    `\n**/healthz under the costliest reads** ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${db}, ${STATIONS} stations, ${CLIENTS} clients, ${SECONDS} s per phase\n`,
  );
  console.log(
    `Heavy reads: ${HEAVY.map((h) => h.name).join('; ')}. ${done.requests} answered, ${(done.bytes / 1e6).toFixed(1)} MB.\n`,
  );
  console.log('| phase | /healthz p50 | p99 | max | server loop delay p99 | max | idle control process p99 | max |');
  console.log('| --- | --: | --: | --: | --: | --: | --: | --: |');
  console.log(
    `| idle (baseline) | ${fmt(a.p50)} ms | ${fmt(a.p99)} ms | ${fmt(a.max)} ms | ${fmt(idleServer.p99Ms)} ms | ${fmt(idleServer.maxMs)} ms | ${fmt(idleMachine.p99Ms)} ms | ${fmt(idleMachine.maxMs)} ms |`,
  );
  console.log(
    `| under load | ${fmt(b.p50)} ms | ${fmt(b.p99)} ms | ${fmt(b.max)} ms | ${fmt(loadedServer.p99Ms)} ms | ${fmt(loadedServer.maxMs)} ms | ${fmt(loadedMachine.p99Ms)} ms | ${fmt(loadedMachine.maxMs)} ms |`,
  );
  console.log(
    `\nRatio under load / idle: p99 ${(b.p99 / Math.max(a.p99, 0.1)).toFixed(1)}x. Target: server loop delay under 100 ms: ${loadedServer.maxMs < 100 ? 'met' : 'NOT met'} (max ${fmt(loadedServer.maxMs)} ms; an idle process on this machine saw ${fmt(loadedMachine.maxMs)} ms at the same time).`,
  );
} finally {
  await server.stop();
}

// Reads over HTTP (summary, a 100-station page, the whole-network map) and the same aggregations
// run directly on raw drop_off rows vs on the rollup tables, to show what the rollups buy.
import type { DbHandle } from '../../db/src/index.ts';
import { stationPeriodTotalsQuery } from '../../api/src/repositories/totals.ts';
import { responseSizes, runClients, type GqlClient } from './http.ts';
import { latencyStats, median, type LatencyStats } from './stats.ts';

export interface Period {
  from: string;
  to: string;
}

export interface ReadScenario {
  name: string;
  query: string;
  token: string;
  perClient: number;
  /** Concurrent clients when not the run's default (the map is also timed for a single user). */
  clients?: number;
  /** Checked on the first response so a wrong query cannot pass as a fast one. */
  check: (data: ReadAnswer) => string | null;
  targetP99Ms: number;
}

/** The fields the checks read, from whichever read was sent (each check reads its own). */
export interface ReadAnswer {
  summary: { totals: { items: number }; stationsByStatus: { total: number } };
  stations: { edges: unknown[] };
  mapStations: { count: number };
}

export function readScenarios(
  p: Period,
  tokens: { manager: string; analyst: string },
  sizes: { perClient: number; mapPerClient: number },
): ReadScenario[] {
  const co2 = 'co2eAvoided { total { central low high } }';
  const scenarios: ReadScenario[] = [
    {
      name: `summary SH ${p.from}..${p.to}`,
      token: tokens.manager,
      perClient: sizes.perClient,
      query: `{ summary(cityCode: "SH", from: "${p.from}", to: "${p.to}") { cityCode stationsByStatus { total open full stale }
        totals { items dropOffs kgRecycled kgReused itemsReused } ${co2} } }`,
      check: (d) => (d.summary.totals.items > 0 ? null : 'SH summary has no items'),
      targetP99Ms: 50,
    },
    {
      name: `summary network ${p.from}..${p.to}`,
      token: tokens.analyst,
      perClient: sizes.perClient,
      query: `{ summary(from: "${p.from}", to: "${p.to}") { cityCode stationsByStatus { total open full stale }
        totals { items dropOffs kgRecycled kgReused itemsReused } ${co2} } }`,
      check: (d) => (d.summary.stationsByStatus.total >= 10_000 ? null : 'network summary counts < 10,000 stations'),
      targetP99Ms: 50,
    },
    {
      name: 'stations page, 100 SH stations with totals',
      token: tokens.manager,
      perClient: sizes.perClient,
      query: `{ stations(first: 100, cityCode: "SH") { totalCount edges { node { code status binFill
        totals(from: "${p.from}", to: "${p.to}") { items dropOffs kgRecycled ${co2} } } } } }`,
      check: (d) => (d.stations.edges.length === 100 ? null : `page has ${d.stations.edges.length} stations`),
      targetP99Ms: 50,
    },
    {
      name: 'mapStations, all stations',
      token: tokens.analyst,
      perClient: sizes.mapPerClient,
      query: '{ mapStations { count day codes lat lng status todayItems binFillPercent } }',
      check: (d) => (d.mapStations.count >= 10_000 ? null : `map has ${d.mapStations.count} stations`),
      targetP99Ms: 300,
    },
  ];
  // Each read also for one user alone: latency without queueing behind nine other clients on a
  // 2-core machine that also runs PostgreSQL and the load generator.
  const single = scenarios.map((s) => ({
    ...s,
    name: `${s.name}, 1 client`,
    clients: 1,
    perClient: Math.max(60, Math.round(s.perClient / 2)),
  }));
  return [...scenarios, ...single];
}

export interface ReadResult extends LatencyStats {
  name: string;
  clients: number;
  targetP99Ms: number;
}

/** Runs a scenario for `perClient` requests per client, cut short after `maxSeconds`. */
export async function runRead(
  client: GqlClient,
  s: ReadScenario,
  defaultClients: number,
  maxSeconds: number,
  warmup = 3,
): Promise<ReadResult> {
  const clients = s.clients ?? defaultClients;
  const problem = s.check(await client.request<ReadAnswer>(s.token, s.query));
  if (problem) throw new Error(`${s.name}: ${problem}`);
  const w = await runClients(clients, { perClient: warmup }, async () => void (await client.send(s.token, s.query)));
  if (w.errors) throw new Error(`${s.name} warm-up: ${w.firstError}`);
  const r = await runClients(
    clients,
    { perClient: s.perClient, deadlineMs: maxSeconds * 1000 },
    async () => void (await client.send(s.token, s.query)),
  );
  if (r.errors) throw new Error(`${s.name}: ${r.errors} failed requests, first: ${r.firstError}`);
  return { name: s.name, clients, targetP99Ms: s.targetP99Ms, ...latencyStats(r.latencies, r.errors, r.elapsedMs) };
}

export async function mapSizes(client: GqlClient, token: string, query: string) {
  return responseSizes(client.url, token, query);
}

// ---- raw rows vs rollups, straight SQL -----------------------------------------------------------

export interface SqlComparison {
  name: string;
  rawMs: number;
  rollupMs: number;
  speedup: number;
  runs: number;
}

async function timeQuery(handle: DbHandle, text: string, params: unknown[], runs: number): Promise<number> {
  await handle.pool!.query(text, params); // warm the cache
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await handle.pool!.query(text, params);
    times.push(performance.now() - t);
  }
  return Math.round(median(times) * 10) / 10;
}

const TOTALS = 'material_code, outcome, count(*) as entries, sum(quantity) as quantity, sum(mass_kg) as mass_kg';
const ROLLUP_TOTALS =
  'material_code, outcome, sum(entries) as entries, sum(quantity) as quantity, sum(mass_kg) as mass_kg';

export async function compareRawToRollups(
  handle: DbHandle,
  p: Period,
  pageStationIds: number[],
  runs = 21,
): Promise<SqlComparison[]> {
  type Statement = { text: string; params: unknown[] };
  const period = [p.from, p.to];
  const pageRaw: Statement = {
    text: `select station_id, ${TOTALS} from drop_off where station_id = any($3) and voided_at is null
            and local_day between $1 and $2 group by 1, 2, 3`,
    params: [...period, pageStationIds],
  };
  // the page's statement as the API runs it (Station.totals through the loaders)
  const page = stationPeriodTotalsQuery(handle.db, pageStationIds, p.from, p.to).compile();
  const cases: { name: string; raw: Statement; rollup: Statement }[] = [
    {
      name: 'network summary totals',
      raw: {
        text: `select ${TOTALS} from drop_off where voided_at is null and local_day between $1 and $2 group by 1, 2`,
        params: period,
      },
      rollup: {
        text: `select ${ROLLUP_TOTALS} from city_day_total where day between $1 and $2 group by 1, 2`,
        params: period,
      },
    },
    {
      name: 'SH summary totals',
      raw: {
        text: `select ${TOTALS} from drop_off d join station s on s.id = d.station_id
            where s.city_code = 'SH' and d.voided_at is null and d.local_day between $1 and $2 group by 1, 2`,
        params: period,
      },
      rollup: {
        text: `select ${ROLLUP_TOTALS} from city_day_total where city_code = 'SH' and day between $1 and $2 group by 1, 2`,
        params: period,
      },
    },
    {
      name: "100-station page totals (whole weeks + edge days: the API's statement)",
      raw: pageRaw,
      rollup: { text: page.sql, params: [...page.parameters] },
    },
    {
      name: '100-station page totals, day rollup only (the statement before 2026-12-04)',
      raw: pageRaw,
      rollup: {
        text: `select station_id, ${ROLLUP_TOTALS} from station_day_total where station_id = any($3)
            and day between $1 and $2 group by 1, 2, 3`,
        params: [...period, pageStationIds],
      },
    },
  ];
  const out: SqlComparison[] = [];
  for (const c of cases) {
    const rawMs = await timeQuery(handle, c.raw.text, c.raw.params, runs);
    const rollupMs = await timeQuery(handle, c.rollup.text, c.rollup.params, runs);
    out.push({ name: c.name, rawMs, rollupMs, speedup: Math.round((rawMs / rollupMs) * 10) / 10, runs });
  }
  return out;
}

/**
 * Whole-history totals from raw rows and from each rollup must agree (the ingest, or the year
 * benchmark's copies, kept them in step): entries and items, raw vs the station day and week
 * rollups and the city day rollup.
 */
export async function rollupsMatchRaw(handle: DbHandle): Promise<{ ok: boolean; detail: string }> {
  const q = async (text: string) => (await handle.pool!.query(text)).rows[0];
  const sums = 'sum(entries) as entries, sum(quantity) as quantity';
  const tables = {
    raw: await q('select count(*) as entries, sum(quantity) as quantity from drop_off where voided_at is null'),
    station_day_total: await q(`select ${sums} from station_day_total`),
    station_week_total: await q(`select ${sums} from station_week_total`),
    city_day_total: await q(`select ${sums} from city_day_total`),
  };
  const all = Object.entries(tables).map(([name, r]) => [name, `${Number(r.entries)}/${Number(r.quantity)}`]);
  const ok = all.every(([, x]) => x === all[0]![1]);
  return { ok, detail: `entries/items ${all.map(([name, x]) => `${name} ${x}`).join(', ')}` };
}

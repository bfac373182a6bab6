// Pieces of the carbon benchmark: timing the report over HTTP, downloading the CSV while sampling
// the API process's memory, and the report's aggregation in SQL on the rollups vs on raw drop-offs.
import { readFileSync } from 'node:fs';
import type { DbHandle } from '../../db/src/index.ts';
import { carbonReportParts } from '../../api/src/repositories/carbon-report.ts';
import type { ReportDimension, ReportQuery } from '../../api/src/domain/carbon-report.ts';
import { maxRowsPerAnswer } from '../../api/src/domain/report-pages.ts';
import { latencyStats, median, type LatencyStats } from './stats.ts';

/** Resident memory of a process in MB (Linux). */
export function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

export interface ReportTiming extends LatencyStats {
  name: string;
  rows: number;
  responseKb: number;
}

/** One client, `runs` sequential requests after 2 warm-ups; checks the row count. */
export async function timeReport(
  url: string,
  token: string,
  name: string,
  q: Omit<ReportQuery, 'cityCodes' | 'stationCodes'>,
  runs: number,
  /** Per request: a displacement scenario (a new one each time misses the report cache), or null. */
  scenario: (i: number) => number | null = () => null,
  /** Before each request, outside its timing: e.g. new data in the period (a new data version). */
  beforeEach: () => Promise<void> = async () => {},
): Promise<ReportTiming> {
  // A long report is read a page at a time (one answer holds at most 100,000 values: rows x fields
  // asked for each row, 22 here): a request's time is all of its pages, one after the other.
  const query = `query($from: Date, $to: Date, $groupBy: [CarbonReportDimension!]!, $displacementRate: Float, $first: Int, $offset: Int) {
    carbonReport(from: $from, to: $to, groupBy: $groupBy, displacementRate: $displacementRate, first: $first, offset: $offset) {
    __typename ... on CarbonReport { rowCount factorSet { version } rows { cityCode stationCode day items itemsReused itemsRecycled kg kgReused kgRecycled
      co2e { reuse { central low high } recycle { central low high } total { central low high } } } total { items co2e { total { central } } } }
    ... on Error { message } } }`;
  const page = maxRowsPerAnswer(22);
  let n = 0;
  const once = async () => {
    const displacementRate = scenario(n++);
    let rows = 0;
    let bytes = 0;
    for (let offset = 0, rowCount = 1; offset < rowCount; offset += page) {
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables: { ...q, displacementRate, first: page, offset } }),
      });
      const text = await res.text();
      const data = JSON.parse(text).data?.carbonReport;
      if (data?.__typename !== 'CarbonReport') throw new Error(`${name}: ${text.slice(0, 300)}`);
      rowCount = data.rowCount as number;
      rows += data.rows.length as number;
      bytes += text.length;
    }
    return { rows, bytes };
  };
  await once();
  const last = await once();
  const latencies: number[] = [];
  const started = performance.now();
  for (let i = 0; i < runs; i++) {
    await beforeEach();
    const t = performance.now();
    await once();
    latencies.push(performance.now() - t);
  }
  return {
    name,
    rows: last.rows,
    responseKb: Math.round(last.bytes / 1024),
    ...latencyStats(latencies, 0, performance.now() - started),
  };
}

export interface ExportResult {
  name: string;
  rows: number;
  mb: number;
  seconds: number;
  rssBeforeMb: number;
  rssPeakMb: number;
  /** RSS when a quarter, half, three quarters and all of the rows had arrived. */
  rssAtQuartersMb: number[];
  totalCentral: string;
}

/** Downloads the CSV (counting, not keeping it) while sampling the API's RSS every 20 ms. */
export async function timeExport(
  url: string,
  token: string,
  pid: number,
  name: string,
  params: Record<string, string>,
  expectedRows: number,
): Promise<ExportResult> {
  global.gc?.();
  await new Promise((r) => setTimeout(r, 500));
  const rssBeforeMb = rssMb(pid);
  let peak = rssBeforeMb;
  const timer = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 20);
  const started = performance.now();
  const res = await fetch(`${url}/reports/carbon.csv?${new URLSearchParams(params)}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (res.status !== 200) throw new Error(`${name}: HTTP ${res.status} ${await res.text()}`);
  const decoder = new TextDecoder();
  let bytes = 0;
  let rows = 0;
  let tail = '';
  let totalLine = '';
  const quarters: number[] = [];
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    const text = tail + decoder.decode(chunk, { stream: true });
    const lines = text.split('\r\n');
    tail = lines.pop()!;
    rows += lines.filter((l) => l.startsWith('row,')).length;
    while (quarters.length < 3 && rows >= (expectedRows * (quarters.length + 1)) / 4) quarters.push(rssMb(pid));
    totalLine = lines.find((l) => l.startsWith('total,')) ?? totalLine;
  }
  const seconds = (performance.now() - started) / 1000;
  clearInterval(timer);
  quarters.push(rssMb(pid));
  const total = totalLine.split(',');
  return {
    name,
    rows,
    mb: Math.round((bytes / 2 ** 20) * 10) / 10,
    seconds: Math.round(seconds * 10) / 10,
    rssBeforeMb: Math.round(rssBeforeMb),
    rssPeakMb: Math.round(Math.max(peak, ...quarters)),
    rssAtQuartersMb: quarters.map(Math.round),
    totalCentral: total[22] ?? '?',
  };
}

export interface SqlTiming {
  name: string;
  rollupMs: number;
  rawMs: number;
  speedup: number;
  rollupRows: number;
  rawRows: number;
  itemsMatch: boolean;
}

async function timed(handle: DbHandle, text: string, params: readonly unknown[], runs: number) {
  const times: number[] = [];
  let rows: Record<string, unknown>[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    rows = (await handle.pool!.query(text, params as unknown[])).rows;
    times.push(performance.now() - t);
  }
  return { ms: Math.round(median(times) * 10) / 10, rows };
}

const RAW_KEYS: Record<Exclude<ReportDimension, 'NETWORK'>, string> = {
  CITY: 's.city_code',
  STATION: 's.code',
  DAY: 'd.local_day',
  MATERIAL: 'd.material_code',
  OUTCOME: 'd.outcome',
};

/** The report's own SQL (the repository query) vs the same grouping summed over raw drop_off rows. */
export async function compareSql(handle: DbHandle, name: string, q: ReportQuery, runs: number): Promise<SqlTiming> {
  const compiled = carbonReportParts(handle.db, q).compile();
  const keys = q.groupBy.flatMap((d) => (d === 'NETWORK' ? [] : [RAW_KEYS[d]]));
  const raw = `select ${[...keys, 'd.material_code', 'd.outcome'].join(', ')}, count(*) as entries, sum(d.quantity) as quantity, sum(d.mass_kg) as mass_kg
    from drop_off d join station s on s.id = d.station_id
    where d.voided_at is null and d.local_day between $1 and $2
    group by ${[...keys, 'd.material_code', 'd.outcome'].join(', ')}`;
  const rollup = await timed(handle, compiled.sql, compiled.parameters, runs);
  const rawR = await timed(handle, raw, [q.from, q.to], runs);
  const items = (rows: Record<string, unknown>[]) => rows.reduce((a, r) => a + Number(r.quantity), 0);
  return {
    name,
    rollupMs: rollup.ms,
    rawMs: rawR.ms,
    speedup: Math.round((rawR.ms / rollup.ms) * 10) / 10,
    rollupRows: rollup.rows.length,
    rawRows: rawR.rows.length,
    itemsMatch: items(rollup.rows) === items(rawR.rows),
  };
}

/**
 * The station report's SQL as it was before station_week_total (every station_day_total row of the
 * period summed per station, material and outcome, then names joined and sorted), beside today's
 * query and the raw sums, in the same run. Medians of `runs`.
 */
export async function compareStationSql(handle: DbHandle, q: ReportQuery, runs: number) {
  const compiled = carbonReportParts(handle.db, q).compile();
  const before = `select c.code as city_code, c.name_zh as city_name_zh, c.name_en as city_name_en, s.code as station_code,
      s.name as station_name, null as day, a.material_code, a.outcome, a.entries, a.quantity, a.mass_kg, a.mass_kg_weighed
    from (select station_id, material_code, outcome, sum(entries) as entries, sum(quantity) as quantity, sum(mass_kg) as mass_kg,
        sum(mass_kg_weighed) as mass_kg_weighed
      from station_day_total where day >= $1 and day <= $2 group by station_id, material_code, outcome) a
    join station s on s.id = a.station_id join city c on c.code = s.city_code
    order by s.code, a.material_code, a.outcome`;
  const raw = `select s.code, d.material_code, d.outcome, count(*) as entries, sum(d.quantity) as quantity, sum(d.mass_kg) as mass_kg
    from drop_off d join station s on s.id = d.station_id
    where d.voided_at is null and d.local_day between $1 and $2 group by s.code, d.material_code, d.outcome`;
  const b = await timed(handle, before, [q.from, q.to], runs);
  const now = await timed(handle, compiled.sql, compiled.parameters, runs);
  const r = await timed(handle, raw, [q.from, q.to], runs);
  const items = (rows: Record<string, unknown>[]) => rows.reduce((a, x) => a + Number(x.quantity), 0);
  return {
    beforeMs: b.ms,
    nowMs: now.ms,
    rawMs: r.ms,
    groups: now.rows.length,
    same: items(b.rows) === items(now.rows) && items(now.rows) === items(r.rows) && b.rows.length === now.rows.length,
  };
}

// pnpm bench:compare: the product's API side by side with PostGraphile v5 and a raw node:http +
// pg server running the product's own SQL: same database, same machine, same window, 10 clients.
// Rounds alternate the servers (a few seconds each, order rotated) so a burst of other work on
// the shared machine hits all three alike; req/s is the median of the rounds, p50/p99 pool them.
// Settings: BENCH_CLIENTS (10), BENCH_COMPARE_ROUNDS (3), BENCH_COMPARE_SECONDS (5),
// BENCH_API_WORKERS (API processes, default 1: the per-process comparison).
import './lib/production-env.ts';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { campaignFor } from '../seeds/src/index.ts';
import { startApiProcess, startScriptProcess, type ApiProcess } from './lib/api-process.ts';
import { runClients } from './lib/http.ts';
import { machineInfo, prepareDatabase, requireDatabaseUrl } from './lib/setup.ts';
import { latencyStats, median } from './lib/stats.ts';
import { treeCpuMs } from './lib/proc-cpu.ts';
import { compareScenarios, type ServerName, type Request } from './compare/scenarios.ts';
import { compareMarkdown, writeCompareResults, type CompareRow, type ServerStats } from './compare/report.ts';
import { BENCH_JWT_SECRET, tokenFor } from './lib/tokens.ts';

const num = (name: string, dflt: number) => Number(process.env[name] ?? dflt);
const settings = {
  clients: num('BENCH_CLIENTS', 10),
  rounds: num('BENCH_COMPARE_ROUNDS', 3),
  seconds: num('BENCH_COMPARE_SECONDS', 5),
  apiWorkers: num('BENCH_API_WORKERS', 1),
};
const started = performance.now();
const log = (s: string) => console.log(`[${((performance.now() - started) / 1000).toFixed(0).padStart(3)} s] ${s}`);
const here = path.dirname(fileURLToPath(import.meta.url));

const databaseUrl = requireDatabaseUrl();
const { handle } = await prepareDatabase(databaseUrl, log);
const machine = await machineInfo(handle);
const manager = (
  await handle.pool!.query(
    `select id, role, station_id, city_code from app_user where email = 'manager.sh@demo.recycle.cn'`,
  )
).rows[0];
const analyst = (
  await handle.pool!.query(
    `select id, role, station_id, city_code from app_user where email = 'analyst@demo.recycle.cn'`,
  )
).rows[0];
await handle.close();

const tokens = { manager: await tokenFor(manager), analyst: await tokenFor(analyst) };

const servers = {} as Record<ServerName, ApiProcess>;
const stopAll = () => Promise.all(Object.values(servers).map((s) => s.stop()));
try {
  servers.product = await startApiProcess(databaseUrl, BENCH_JWT_SECRET, { API_WORKERS: String(settings.apiWorkers) });
  const env = { DATABASE_URL: databaseUrl, BENCH_JWT_SECRET };
  servers.postgraphile = await startScriptProcess(path.join(here, 'compare', 'postgraphile-server.ts'), env);
  servers.raw = await startScriptProcess(path.join(here, 'compare', 'raw-server.ts'), env);
} catch (err) {
  await stopAll();
  throw err;
}
const names = Object.keys(servers) as ServerName[];
log(`servers up: ${names.map((n) => `${n} ${servers[n].url}`).join(', ')}; load average ${machine.loadAverage}`);

async function send(server: ServerName, r: Request, token: string): Promise<string> {
  const res = await fetch(servers[server].url + r.path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: r.body,
  });
  const text = await res.text();
  if (!res.ok || !text.startsWith('{"data"') || text.includes('"errors":['))
    throw new Error(`${server} HTTP ${res.status}: ${text.slice(0, 300)}`);
  return text;
}

const campaign = campaignFor(new Date());
const rows: CompareRow[] = [];
process.on(
  'uncaughtException',
  (err) =>
    void stopAll().finally(() => {
      console.error(err);
      process.exit(1);
    }),
);
for (const s of compareScenarios(campaign.start, campaign.end)) {
  const token = s.name.startsWith('map') || s.name.startsWith('empty') ? tokens.analyst : tokens.manager;
  for (const n of names) {
    const problem = s.byServer[n].check(JSON.parse(await send(n, s.byServer[n], token)).data);
    if (problem) throw new Error(`${s.name} on ${n}: ${problem}`);
    await runClients(
      settings.clients,
      { perClient: Infinity, deadlineMs: 1000 },
      async () => void (await send(n, s.byServer[n], token)),
    );
  }
  const perRound: Record<ServerName, number[]> = { product: [], postgraphile: [], raw: [] };
  const latencies: Record<ServerName, number[]> = { product: [], postgraphile: [], raw: [] };
  const cpuMs: Record<ServerName, number> = { product: 0, postgraphile: 0, raw: 0 };
  for (let round = 0; round < settings.rounds; round++) {
    for (const n of [...names.slice(round % names.length), ...names.slice(0, round % names.length)]) {
      const cpuBefore = treeCpuMs(servers[n].pid);
      const r = await runClients(
        settings.clients,
        { perClient: Infinity, deadlineMs: settings.seconds * 1000 },
        async () => void (await send(n, s.byServer[n], token)),
      );
      if (r.errors) throw new Error(`${s.name} on ${n}: ${r.errors} errors, first: ${r.firstError}`);
      cpuMs[n] += treeCpuMs(servers[n].pid) - cpuBefore;
      perRound[n].push(r.latencies.length / (r.elapsedMs / 1000));
      latencies[n].push(...r.latencies);
    }
  }
  const stats = Object.fromEntries(
    names.map((n) => [
      n,
      {
        ...latencyStats(latencies[n], 0, 1),
        perSecond: Math.round(median(perRound[n]) * 10) / 10,
        cpuMsPerRequest: Math.round((cpuMs[n] / latencies[n].length) * 100) / 100,
      },
    ]),
  ) as Record<ServerName, ServerStats>;
  rows.push({ name: s.name, targetP99Ms: s.targetP99Ms, stats, rounds: perRound });
  log(
    `${s.name}: ${names.map((n) => `${n} ${stats[n].perSecond} req/s (p99 ${stats[n].p99} ms, ${stats[n].cpuMsPerRequest} ms CPU/request)`).join(', ')}`,
  );
}

await stopAll();
const report = {
  machine: { ...machine, loadAverageAfter: Math.round(os.loadavg()[0]! * 10) / 10 },
  settings: { ...settings, period: `${campaign.start}..${campaign.end}` },
  rows,
};
const md = compareMarkdown(report);
console.log('\n' + md);
const files = writeCompareResults(path.join(here, 'results'), report, md);
log(`wrote ${files.map((f) => path.relative(process.cwd(), f)).join(', ')}`);

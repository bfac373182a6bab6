// pnpm bench:chaos — restart PostgreSQL under load and count what clients lose.
// Its own cluster `chaos` (PostgreSQL 15, port 5440, Debian's pg_createcluster; needs root): created
// (or started) here and dropped at the end unless it existed before or CHAOS_KEEP=1. The real server
// process (`pnpm start`'s path, seeded with 20 stations) takes batches from WORKERS counter clients
// that retry every unacknowledged batch with the SAME idempotency keys, as the counter app does.
// Mid-load the cluster is restarted (`pg_ctlcluster restart -m fast`: every backend ends).
// Printed: acknowledged entries, lost (acknowledged but not stored), doubled (stored twice),
// seconds /readyz was red, the longest client-side gap, batches/s before vs after (ratio), and
// whether the API process lived throughout. Results: bench/results/chaos-latest.md.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startDemoServer, withAdmin } from '@recycle/testing';

const PORT = 5440;
const CLUSTER = 'chaos';
const WORKERS = 4;
const ITEMS = 10;
const BEFORE_MS = 6_000;
const AFTER_MS = 8_000;

const sh = (cmd: string, args: string[]) =>
  execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function clusterStatus(): 'online' | 'down' | 'missing' {
  const line = sh('pg_lsclusters', ['-h'])
    .split('\n')
    .find((l) => l.split(/\s+/)[1] === CLUSTER);
  return !line ? 'missing' : line.includes('online') ? 'online' : 'down';
}

/** Creates/starts the cluster and the `app` role; returns what to undo at the end. */
function prepareCluster(): { created: boolean; started: boolean } {
  const status = clusterStatus();
  if (status === 'missing') sh('pg_createcluster', ['15', CLUSTER, '--port', String(PORT), '--start']);
  else if (status === 'down') sh('pg_ctlcluster', ['15', CLUSTER, 'start']);
  sh('su', [
    'postgres',
    '-c',
    `psql -p ${PORT} -qc "do \\$\\$ begin if not exists (select from pg_roles where rolname = 'app') then create role app login superuser password 'app'; end if; end \\$\\$"`,
  ]);
  return { created: status === 'missing', started: status === 'down' };
}

/** What the bench's three operations answer (each reads its own field). */
interface ChaosData {
  signIn?: { token: string };
  stations?: { edges: { node: { code: string } }[] };
  logDropOffs?: { results?: { idempotencyKey: string }[] };
}

interface Counters {
  acknowledged: Set<string>;
  okBatches: { at: number }[];
  failures: number;
  lastOk: number;
  longestGapMs: number;
}

async function main() {
  const { created, started } = prepareCluster();
  process.env.DATABASE_URL = `postgres://app:app@127.0.0.1:${PORT}/postgres`;
  console.log(`cluster ${CLUSTER} on ${PORT} ${created ? 'created' : 'reused'}; starting the API (20 stations) ...`);
  const server = await startDemoServer({ stations: 20, env: { LOG_LEVEL: 'error', DB_CONNECT_TIMEOUT_MS: '2000' } });
  const gql = async (query: string, variables: object, token?: string) => {
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      signal: AbortSignal.timeout(10_000),
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as { data?: ChaosData; errors?: { extensions?: { code?: string } }[] };
  };
  const signIn = await gql('mutation { signIn(email: "admin@demo.recycle.cn", password: "demo-admin") { token } }', {});
  const token = signIn.data!.signIn!.token;
  const page = await gql('{ stations(first: 4) { edges { node { code } } } }', {}, token);
  const stations = page.data!.stations!.edges.map((e) => e.node.code);
  const c: Counters = { acknowledged: new Set(), okBatches: [], failures: 0, lastOk: Date.now(), longestGapMs: 0 };
  const start = Date.now();
  let stop = false;

  const worker = async (w: number) => {
    for (let b = 0; !stop; b++) {
      const keys = Array.from({ length: ITEMS }, (_, i) => `chaos-${w}-${b}-${i}`);
      const items = keys.map((k) => ({ idempotencyKey: k, materialCode: 'BOX_M', outcome: 'REUSED', quantity: 1 }));
      // Retry the same batch (same keys) until it is acknowledged, as the counter app's queue does.
      for (;;) {
        try {
          const r = await gql(
            'mutation($input: LogDropOffsInput!) { logDropOffs(input: $input) { __typename ... on LogDropOffsPayload { results { idempotencyKey } } } }',
            { input: { stationCode: stations[w % stations.length], items } },
            token,
          );
          if (r.data?.logDropOffs?.results) {
            for (const k of keys) c.acknowledged.add(k);
            const now = Date.now();
            c.longestGapMs = Math.max(c.longestGapMs, now - c.lastOk);
            c.lastOk = now;
            c.okBatches.push({ at: now - start });
            break;
          }
          c.failures++;
        } catch {
          c.failures++;
        }
        await sleep(200);
      }
    }
  };

  // /readyz every 100 ms: how long it is red.
  let redSince: number | null = null;
  let redMs = 0;
  const probe = (async () => {
    while (!stop) {
      const ok = await fetch(`${server.url}/readyz`, { signal: AbortSignal.timeout(4_000) }).then(
        (r) => r.ok,
        () => false,
      );
      const now = Date.now();
      if (!ok && redSince === null) redSince = now;
      if (ok && redSince !== null) {
        redMs += now - redSince;
        redSince = null;
      }
      await sleep(100);
    }
  })();

  const workers = Array.from({ length: WORKERS }, (_, w) => worker(w));
  await sleep(BEFORE_MS);
  const restartAt = Date.now() - start;
  console.log(`restarting cluster ${CLUSTER} at ${(restartAt / 1000).toFixed(1)} s ...`);
  const t0 = Date.now();
  // Asynchronously: the clients and the probe keep running while the database is down.
  await promisify(execFile)('pg_ctlcluster', ['15', CLUSTER, 'restart', '-m', 'fast']);
  const backAt = Date.now() - start;
  const restartMs = Date.now() - t0;
  await sleep(AFTER_MS);
  stop = true;
  await Promise.all([...workers, probe]);
  const alive = server.alive();

  // Count what the database holds for the keys clients were told were stored.
  const { rows } = await withAdmin(server.databaseUrl!, (client) =>
    client.query<{ key: string; n: string }>(
      `select idempotency_key as key, count(*) as n from drop_off where idempotency_key like 'chaos-%' group by 1`,
    ),
  );
  const stored = new Map(rows.map((r) => [r.key, Number(r.n)]));
  const lost = [...c.acknowledged].filter((k) => !stored.has(k)).length;
  const doubled = rows.filter((r) => Number(r.n) > 1).length;
  const rate = (from: number, to: number) =>
    c.okBatches.filter((b) => b.at >= from && b.at < to).length / ((to - from) / 1000);
  const before = rate(1_000, restartAt);
  // Service resumed: the first batch acknowledged after the database was back.
  const firstAfter = c.okBatches.find((b) => b.at >= backAt)?.at ?? Number.NaN;
  const after = rate(firstAfter + 1_000, backAt + AFTER_MS);
  const figures = {
    acknowledged: c.acknowledged.size,
    stored: rows.length,
    lost,
    doubled,
    readyzRedSeconds: +(redMs / 1000).toFixed(1),
    longestClientGapSeconds: +(c.longestGapMs / 1000).toFixed(1),
    restartCommandSeconds: +(restartMs / 1000).toFixed(1),
    resumedAfterDatabaseBackSeconds: +((firstAfter - backAt) / 1000).toFixed(1),
    failedAttempts: c.failures,
    batchesPerSecondBefore: +before.toFixed(1),
    batchesPerSecondAfter: +after.toFixed(1),
    afterToBeforeRatio: +(after / before).toFixed(2),
    apiProcessAlive: alive,
  };
  await server.stop();
  console.log(JSON.stringify(figures, null, 2));
  console.log(
    `lost ${lost}, doubled ${doubled}, seconds unavailable ${figures.readyzRedSeconds} (/readyz red) / ${figures.longestClientGapSeconds} (longest client gap); API process ${alive ? 'alive' : 'DEAD'}`,
  );
  const dir = path.resolve('bench/results');
  mkdirSync(dir, { recursive: true });
  const md = `# pnpm bench:chaos (${new Date().toISOString()})\n\nPostgreSQL 15 cluster restarted (-m fast) under ${WORKERS} clients sending ${ITEMS}-item batches, retrying with the same keys.\n\n| figure | value |\n|---|---|\n${Object.entries(
    figures,
  )
    .map(([k, v]) => `| ${k} | ${v} |`)
    .join('\n')}\n`;
  writeFileSync(path.join(dir, 'chaos-latest.md'), md);
  // Leave the machine as found: drop a cluster created here, stop one started here.
  if (created && process.env.CHAOS_KEEP !== '1') sh('pg_dropcluster', ['15', CLUSTER, '--stop']);
  else if (started) sh('pg_ctlcluster', ['15', CLUSTER, 'stop']);
  if (lost || doubled || !alive) process.exitCode = 1;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

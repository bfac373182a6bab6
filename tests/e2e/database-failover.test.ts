// §1 from outside, on the real server process (`api/src/server.ts`, as `pnpm start` runs it) over
// PostgreSQL: its database's backends are terminated while batches stream in and while a CSV
// export is being sent, and connections are refused for a while (an outage). The process must
// live, /readyz go red then green by itself, every batch a client was told was stored be stored
// exactly once, and an export cut part-way be recognisable (no "# end" trailer).
// PGlite runs in-process and has no backends to terminate: its counterpart of this class (the
// database gone under running requests: typed 503s, red /readyz, no crash) is
// tests/api/database-faults.test.ts, which runs on both databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import pg from 'pg';
import { startDemoServer, type DemoServer } from '@recycle/testing';
import { postGql } from '../helpers/e2e-api.ts';
import { graphql, type TadaDocumentNode, type VariablesOf } from '../../web/src/lib/graphql.ts';

const PG = process.env.DATABASE_URL;
const WORKERS = 4;
const BATCHES_PER_WORKER = 25;
const ITEMS_PER_BATCH = 20;

describe.skipIf(!PG)(
  'PostgreSQL backends terminated under load (PostgreSQL only: PGlite runs in-process and has no backends to terminate; see database-faults.test.ts)',
  () => {
    let server: DemoServer;
    let admin: pg.Client;
    let dbName: string;
    let token: string;
    let stationCode: string;

    beforeAll(async () => {
      server = await startDemoServer({ stations: 20, env: { LOG_LEVEL: 'warn', DB_CONNECT_TIMEOUT_MS: '2000' } });
      dbName = decodeURIComponent(new URL(server.databaseUrl!).pathname.slice(1));
      admin = new pg.Client({ connectionString: PG });
      await admin.connect();
      const signIn = await gql(
        graphql('mutation { signIn(email: "admin@demo.recycle.cn", password: "demo-admin") { token } }'),
      );
      token = signIn.data!.signIn.token;
      stationCode = (await gql(graphql('{ stations(first: 1) { edges { node { code } } } }'))).data!.stations.edges[0]!
        .node.code;
    }, 300_000);

    afterAll(async () => {
      await admin?.query(`alter database "${dbName}" allow_connections true`).catch(() => {});
      await admin?.end();
      await server?.stop();
    });

    const gql = <D extends TadaDocumentNode<unknown, never>>(document: D, variables?: VariablesOf<D>) =>
      postGql(server.url, document, variables, token);

    const terminate = () =>
      admin.query('select count(pg_terminate_backend(pid)) from pg_stat_activity where datname = $1', [dbName]);
    const ready = async () => (await fetch(`${server.url}/readyz`)).status;

    it('a stream of batches through terminations and an outage: the process lives, /readyz goes red then green, totals = acknowledged entries, nothing doubled', async () => {
      const LOG = graphql(`
        mutation ($input: LogDropOffsInput!) {
          logDropOffs(input: $input) {
            __typename
            ... on LogDropOffsPayload {
              accepted
              replayed
            }
          }
        }
      `);
      const seen = {
        acknowledgedItems: 0,
        acknowledgedEntries: 0,
        unavailable: 0,
        networkErrors: 0,
        replayedOnRetry: 0,
      };
      const prefix = `chaos-${Date.now()}`;

      /** Sends one batch until the server acknowledges it (the client's offline queue does the same). */
      async function sendUntilAcknowledged(worker: number, n: number) {
        const items: VariablesOf<typeof LOG>['input']['items'] = Array.from({ length: ITEMS_PER_BATCH }, (_, i) => ({
          idempotencyKey: `${prefix}-${worker}-${n}-${i}`,
          materialCode: 'BOX_M',
          outcome: i % 2 ? 'RECYCLED' : 'REUSED',
          quantity: 1 + (i % 3),
        }));
        for (let attempt = 0; ; attempt++) {
          let r: Awaited<ReturnType<typeof postGql<typeof LOG>>>;
          try {
            r = await gql(LOG, { input: { stationCode, items } });
          } catch {
            seen.networkErrors++;
            await new Promise((w) => setTimeout(w, 50));
            continue;
          }
          if (r.errors?.[0]?.extensions?.code === 'SERVICE_UNAVAILABLE') {
            expect(r.status).toBe(503);
            seen.unavailable++;
            await new Promise((w) => setTimeout(w, 50 + Math.random() * 100));
            continue;
          }
          expect(r.errors).toBeUndefined();
          const p = r.data?.logDropOffs;
          expect(p?.__typename).toBe('LogDropOffsPayload');
          if (p?.__typename !== 'LogDropOffsPayload') throw new Error(JSON.stringify(p));
          expect(p.accepted + p.replayed).toBe(ITEMS_PER_BATCH);
          if (attempt > 0) seen.replayedOnRetry += p.replayed;
          seen.acknowledgedEntries += ITEMS_PER_BATCH;
          seen.acknowledgedItems += items.reduce((s, x) => s + x.quantity, 0);
          return;
        }
      }

      const load = Promise.all(
        Array.from({ length: WORKERS }, async (_, w) => {
          for (let n = 0; n < BATCHES_PER_WORKER; n++) await sendUntilAcknowledged(w, n);
        }),
      );

      // Chaos while the load runs: backends terminated five times, then a 1.5 s outage.
      for (let i = 0; i < 5; i++) {
        await new Promise((w) => setTimeout(w, 150));
        await terminate();
      }
      await admin.query(`alter database "${dbName}" allow_connections false`);
      await terminate();
      const redSeen = await ready();
      await new Promise((w) => setTimeout(w, 1500));
      await admin.query(`alter database "${dbName}" allow_connections true`);
      const back = Date.now();
      while ((await ready()) !== 200) {
        expect(Date.now() - back).toBeLessThan(10_000);
        await new Promise((w) => setTimeout(w, 100));
      }
      const greenAfterMs = Date.now() - back;
      await load;

      expect(redSeen).toBe(503);
      expect(greenAfterMs).toBeLessThan(10_000);
      expect(server.alive()).toBe(true);
      expect(seen.unavailable).toBeGreaterThan(0);
      expect(seen.acknowledgedEntries).toBe(WORKERS * BATCHES_PER_WORKER * ITEMS_PER_BATCH);

      const db = new pg.Client({ connectionString: server.databaseUrl });
      await db.connect();
      try {
        const raw = await db.query(
          `select count(*)::int as entries, count(distinct idempotency_key)::int as keys, coalesce(sum(quantity), 0)::int as items
        from drop_off where idempotency_key like $1`,
          [`${prefix}-%`],
        );
        expect(raw.rows[0]).toEqual({
          entries: seen.acknowledgedEntries,
          keys: seen.acknowledgedEntries,
          items: seen.acknowledgedItems,
        });
        // The rollups moved by exactly the same amount: raw rows and rollups of the station agree.
        const agree = await db.query(
          `select (select coalesce(sum(quantity), 0)::int from drop_off d join station s on s.id = d.station_id where s.code = $1 and voided_at is null) as raw,
        (select coalesce(sum(quantity), 0)::int from station_day_total t join station s on s.id = t.station_id where s.code = $1) as rollup`,
          [stationCode],
        );
        expect(agree.rows[0].rollup).toBe(agree.rows[0].raw);
      } finally {
        await db.end();
      }
      console.log(
        `failover test: ${seen.acknowledgedEntries} entries acknowledged, ${seen.unavailable} SERVICE_UNAVAILABLE answers, ` +
          `${seen.networkErrors} network errors, ${seen.replayedOnRetry} items replayed on retry, /readyz green ${greenAfterMs} ms after the outage`,
      );
    }, 240_000);

    it('a CSV export cut by a termination lacks its "# end" trailer; the server lives and the next export is complete', async () => {
      // ~60,000 rollup rows (1,500 stations x 40 days): several MB, more than socket buffers hold.
      const db = new pg.Client({ connectionString: server.databaseUrl });
      await db.connect();
      try {
        await db.query(`insert into station (code, city_code, district, name, address, lat, lng, bin_capacity)
        select 'SH-' || (80000 + g), 'SH', '测试区', '导出驿站 ' || g, '测试路 ' || g || ' 号', 31.2, 121.4, 100 from generate_series(1, 1500) g`);
        await db.query(`insert into station_day_total (station_id, day, material_code, outcome, entries, quantity, mass_kg)
        select s.id, date '2026-10-01' + d, 'BOX_M', 'REUSED', 1, 2, 0.8 from station s, generate_series(0, 39) d where s.code like 'SH-8%'`);
      } finally {
        await db.end();
      }
      const path = '/reports/carbon.csv?from=2026-10-01&to=2026-11-09&groupBy=STATION,DAY&cityCodes=SH';

      const cut = await new Promise<{ body: string; failed: boolean }>((resolve) => {
        let body = '';
        let paused = false;
        const req = http.get(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } }, (res) => {
          expect(res.statusCode).toBe(200);
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            body += chunk;
            if (paused) return;
            paused = true;
            // Stop reading: the server waits for the socket to drain with its cursor open. Then end
            // the backends (the cursor's among them) and read on.
            res.pause();
            void terminate().then(() => setTimeout(() => res.resume(), 300));
          });
          // An export cut part-way ends in 'error' (aborted) and 'close' without completing.
          res.on('error', () => resolve({ body, failed: true }));
          res.on('close', () => resolve({ body, failed: !res.complete }));
        });
        req.on('error', () => resolve({ body, failed: true }));
      });
      expect(cut.body.startsWith('\uFEFF# report')).toBe(true);
      expect(cut.failed).toBe(true);
      expect(cut.body).not.toMatch(/^# end,rows=\d+\r$/m);
      expect(server.alive()).toBe(true);

      const full = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
      expect(full.status).toBe(200);
      const text = await full.text();
      const records = text.trimEnd().split('\r\n');
      const columnLine = records.findIndex((l) => l.startsWith('row_type,'));
      expect(records.at(-1)).toBe(`# end,rows=${records.length - columnLine - 2}`);
      expect(records.length - columnLine - 2).toBeGreaterThanOrEqual(60_001); // rows + total
    }, 120_000);
  },
);

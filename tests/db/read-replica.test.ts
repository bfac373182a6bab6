// Read routing against a real streaming replica (a second PostgreSQL 15 cluster made by
// pg_basebackup -R; .ci/run makes one with .ci/pg-replica.sh and sets TEST_REPLICA_PRIMARY_URL and
// TEST_REPLICA_URL). Replay on the replica is paused so that the replica visibly lags: dashboard
// and report reads then show the old figures, the counter's reads (and any request that also asks
// for something else) show its writes at once. Without a replica (PGlite, or no second cluster)
// everything reads the primary: tested explicitly below.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { print } from 'graphql';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, migrateToLatest, type DbHandle } from '@recycle/db';
import { seedReference } from '@recycle/seeds';
import { buildYoga, signToken } from '@recycle/api';
import { readsFromReplica } from '../../api/src/read-routing.ts';
import { partsRefreshStats, reportCacheStats } from '../../api/src/report-cache.ts';
import { ReportDemand, warmAskedReports } from '../../api/src/services/report-warmup.ts';
import { graphql, type ResultOf, type TadaDocumentNode, type VariablesOf } from '../../web/src/lib/graphql.ts';
import type { Viewer } from '../../api/src/domain/viewer.ts';
import { createTestApp, member, ok, TEST_NOW, TEST_SECRET, type GqlResult, type TestApp } from '../helpers/app.ts';
import { makeStation, makeUser } from '../helpers/factories.ts';
import { IngestQueue } from '../../api/src/services/ingest-queue.ts';

const LOG = graphql(`
  mutation ($input: LogDropOffsInput!) {
    logDropOffs(input: $input) {
      __typename
      ... on LogDropOffsPayload {
        accepted
      }
    }
  }
`);
const items = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => ({
    idempotencyKey: `${prefix}${i}`,
    materialCode: 'BOX_M',
    outcome: 'REUSED' as const,
    quantity: 1,
  }));
const accepted = (r: ResultOf<typeof LOG>) => member(r.logDropOffs, 'LogDropOffsPayload').accepted;
const COUNTER = '{ station(code: "SH-RR1") { totals { items } } }';
const DASHBOARD =
  '{ summary(cityCode: "SH") { totals { items } } stations(cityCode: "SH", first: 5) { edges { node { code totals { items } } } } }';
const MIXED = '{ station(code: "SH-RR1") { totals { items } } summary(cityCode: "SH") { totals { items } } }';
// The same three as typed documents (readsFromReplica reads the text).
const Counter = graphql(COUNTER);
const StationReport = graphql(`
  {
    carbonReport(from: "2026-11-11", to: "2026-11-11", groupBy: [STATION]) {
      __typename
      ... on CarbonReport {
        rows {
          stationCode
          items
        }
      }
    }
  }
`);
const Dashboard = graphql(DASHBOARD);
const Mixed = graphql(MIXED);

describe('which requests may read the replica', () => {
  const replica = (q: string, name?: string) => readsFromReplica(q, name);
  it('dashboard and report queries only; never the counter, a mutation, or a mix', () => {
    expect(replica(DASHBOARD)).toBe(true);
    expect(replica('{ mapStations { count } needsAction(cityCode: "SH") { code } }')).toBe(true);
    expect(replica('{ carbonReport(groupBy: [CITY]) { __typename } }')).toBe(true);
    expect(replica(COUNTER)).toBe(false);
    expect(replica(MIXED)).toBe(false);
    expect(replica('{ viewer { email } }')).toBe(false);
    expect(replica('mutation { setDefaultFactorSet(version: "X") { __typename } }')).toBe(false);
    // The operation actually run decides, not the first one in the document.
    expect(replica(`query A ${DASHBOARD} query B ${COUNTER}`, 'B')).toBe(false);
    expect(replica(`query A ${DASHBOARD} query B ${COUNTER}`, 'A')).toBe(true);
  });
});

describe('without a replica (DATABASE_READ_URL unset), everything reads the primary', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(); // buildYoga without readDb, as the server builds it when DATABASE_READ_URL is unset
  });
  afterAll(() => t.close());
  it('a dashboard read right after a write shows it', async () => {
    await makeStation(t, { code: 'SH-RR1' });
    const admin = (await makeUser(t, 'ADMIN')).token;
    expect(accepted(ok(await t.gql(LOG, { input: { stationCode: 'SH-RR1', items: items('a', 3) } }, admin)))).toBe(3);
    const d = ok(await t.gql(Dashboard, {}, admin));
    expect(d.summary.totals.items).toBe(3);
    expect(d.stations.edges.find((e) => e.node.code === 'SH-RR1')?.node.totals.items).toBe(3);
  });
});

const primaryUrl = process.env.TEST_REPLICA_PRIMARY_URL;
const replicaUrl = process.env.TEST_REPLICA_URL;
const onPostgres = Boolean(process.env.DATABASE_URL);
if (onPostgres && !replicaUrl) {
  // CI's PostgreSQL run must have the replica (.ci/run makes it); elsewhere say how to get one.
  it.skipIf(!process.env.CI)(
    'a streaming replica is needed for the replica tests: bash .ci/pg-replica.sh up 5458 5459, then set TEST_REPLICA_PRIMARY_URL and TEST_REPLICA_URL',
    () => {
      throw new Error('TEST_REPLICA_URL is not set: .ci/run should have made a replica with .ci/pg-replica.sh');
    },
  );
}

describe.runIf(onPostgres && primaryUrl && replicaUrl)('with a streaming replica (DATABASE_READ_URL)', () => {
  const name = `recycle_rr_${randomBytes(4).toString('hex')}`;
  const url = (base: string) => Object.assign(new URL(base), { pathname: `/${name}` }).toString();
  let primary: DbHandle;
  let replica: DbHandle;
  let monitor: pg.Client;
  const clock = { now: new Date(TEST_NOW) };
  let gql: Gql;
  let token: string;
  /** GraphQL as a process whose reports read `readDb` would answer it (and note them, with `demand`). */
  const gqlVia = (readDb: DbHandle['db'], demand?: ReportDemand): Gql => {
    const yoga = buildYoga({
      db: primary.db,
      ingest: new IngestQueue(primary.db),
      readDb,
      reportDemand: demand,
      logger: pino({ level: 'silent' }),
      tokenKeys: { secret: TEST_SECRET, ttlSeconds: 3600 },
      clock: () => clock.now,
    });
    return async (document, variables) => {
      const res = await yoga.fetch('http://test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: print(document), variables }),
      });
      return ok((await res.json()) as GqlResult<ResultOf<typeof document>>);
    };
  };

  const admin = async (text: string) => {
    const c = new pg.Client({ connectionString: primaryUrl });
    await c.connect();
    try {
      await c.query(text);
    } finally {
      await c.end();
    }
  };
  /** Waits until the replica has replayed everything the primary has written so far. */
  async function caughtUp() {
    const lsn = (await primary.pool!.query('select pg_current_wal_lsn() as l')).rows[0].l;
    for (let i = 0; i < 100; i++) {
      const r = await monitor.query(`select pg_last_wal_replay_lsn() >= $1::pg_lsn as ok`, [lsn]);
      if (r.rows[0].ok) return;
      await new Promise((res) => setTimeout(res, 100));
    }
    throw new Error('the replica did not catch up within 10 s');
  }

  beforeAll(async () => {
    await admin(`create database ${name}`);
    primary = await createDb({ databaseUrl: url(primaryUrl!), poolSize: 4 });
    await migrateToLatest(primary.db);
    await seedReference(primary);
    monitor = new pg.Client({ connectionString: replicaUrl });
    await monitor.connect();
    await caughtUp();
    replica = await createDb({ databaseUrl: url(replicaUrl!), poolSize: 4 });
    const t = {
      db: { db: primary.db },
      clock,
      tokenFor: (v: Viewer) => signToken({ secret: TEST_SECRET, ttlSeconds: 3600 }, v, clock.now).then((x) => x.token),
    } as unknown as TestApp;
    await makeStation(t, { code: 'SH-RR1' });
    token = (await makeUser(t, 'ADMIN')).token;
    gql = gqlVia(replica.db);
  });
  afterAll(async () => {
    await monitor?.query('select pg_wal_replay_resume()').catch(() => {});
    await monitor?.end();
    await replica?.close();
    await primary?.close();
    await admin(`drop database if exists ${name} with (force)`);
  });

  it('dashboard reads come from the (lagging) replica; the counter reads its own writes', async () => {
    expect(accepted(await gql(LOG, { input: { stationCode: 'SH-RR1', items: items('a', 3) } }))).toBe(3);
    await caughtUp();
    expect((await gql(Dashboard)).summary.totals.items).toBe(3);

    await monitor.query('select pg_wal_replay_pause()');
    try {
      expect(accepted(await gql(LOG, { input: { stationCode: 'SH-RR1', items: items('b', 5) } }))).toBe(5);
      // The counter's own read: the primary, 3 + 5 = 8 items at once.
      expect((await gql(Counter)).station?.totals.items).toBe(8);
      // Dashboard reads: the replica, still at 3 while its replay is paused.
      const d = await gql(Dashboard);
      expect(d.summary.totals.items).toBe(3);
      expect(d.stations.edges[0]?.node.totals.items).toBe(3);
      // A request that mixes both reads the primary for all of it.
      const m = await gql(Mixed);
      expect([m.station?.totals.items, m.summary.totals.items]).toEqual([8, 8]);
    } finally {
      await monitor.query('select pg_wal_replay_resume()');
    }
    await caughtUp();
    expect((await gql(Dashboard)).summary.totals.items).toBe(8);
  });

  it("a station report read on the replica is brought up to date from the replica's own snapshots", async () => {
    const report = async () => {
      const before = partsRefreshStats.refreshes;
      const r = member((await gql(StationReport)).carbonReport, 'CarbonReport');
      return { items: r.rows.map((x) => [x.stationCode, x.items]), refreshed: partsRefreshStats.refreshes - before };
    };
    await caughtUp();
    const first = await report();
    expect(first.items).toEqual([['SH-RR1', 8]]); // the test above's 3 + 5
    await monitor.query('select pg_wal_replay_pause()');
    try {
      expect(accepted(await gql(LOG, { input: { stationCode: 'SH-RR1', items: items('c', 4) } }))).toBe(4);
      // the replica has not replayed it: the same data version there, the same report
      expect(await report()).toEqual({ items: [['SH-RR1', 8]], refreshed: 0 });
    } finally {
      await monitor.query('select pg_wal_replay_resume()');
    }
    await caughtUp();
    // replayed: the station is seen as changed since the replica's snapshot and read again there
    expect(await report()).toEqual({ items: [['SH-RR1', 12]], refreshed: 1 });
  });

  it('a starting process reads the station reports asked lately into the cache of the replica it reads', async () => {
    await caughtUp();
    // each "process" reads through a handle of its own over the replica: an empty report cache
    const first = gqlVia(replica.db.withoutPlugins(), new ReportDemand(primary.db, pino({ level: 'silent' })));
    const before = partsRefreshStats.wholeReads;
    expect(member((await first(StationReport)).carbonReport, 'CarbonReport').rows).toEqual([
      { stationCode: 'SH-RR1', items: 12 },
    ]);
    expect(partsRefreshStats.wholeReads - before).toBe(1);
    for (let i = 0; i < 100 && !(await primary.db.selectFrom('report_demand').select('key').execute()).length; i++)
      await new Promise((r) => setTimeout(r, 20));
    // the note is on the primary (a replica takes no writes); the warm-up fills the replica's cache
    const next = replica.db.withoutPlugins();
    const logger = pino({ level: 'silent' });
    expect(await warmAskedReports({ db: primary.db, readDb: next, logger, clock: () => clock.now })).toBe(1);
    // (the warm-up's own read was whole: +1) the first ask through that process is a cache hit
    expect(partsRefreshStats.wholeReads - before).toBe(2);
    const hits = reportCacheStats.hits;
    expect(member((await gqlVia(next)(StationReport)).carbonReport, 'CarbonReport').rows).toEqual([
      { stationCode: 'SH-RR1', items: 12 },
    ]);
    expect([partsRefreshStats.wholeReads - before, reportCacheStats.hits - hits]).toEqual([2, 1]);
  });
});

type Gql = <D extends TadaDocumentNode<unknown, never>>(
  document: D,
  variables?: VariablesOf<D>,
) => Promise<ResultOf<D>>;

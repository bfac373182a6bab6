// A statement that runs longer than DB_STATEMENT_TIMEOUT_MS is stopped by PostgreSQL and answered
// with a typed error (GraphQL QUERY_TIMEOUT; the CSV route 503 before any byte), while the
// server stays healthy and the next request is served. The slow statement is made by holding a
// lock on the station table from another connection (a lock wait counts towards the timeout).
// PGlite runs in-process in WebAssembly without the timer signal statement_timeout needs: it does
// not enforce it, which the second block checks, so the docs stay true when that changes.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import pg from 'pg';
import pino from 'pino';
import { sql } from 'kysely';
import { signToken, startServer, type RunningServer } from '@recycle/api';
import { createPgDatabase, type PgDatabase } from '@recycle/testing';
import { TEST_NOW, TEST_SECRET, TEST_SERVER_CONFIG } from '../helpers/app.ts';
import { createTestDb, type TestDb } from '../helpers/db.ts';

const PG = process.env.DATABASE_URL;
const TIMEOUT_MS = 300;

describe.skipIf(!PG)(
  `statement timeout of ${TIMEOUT_MS} ms (PostgreSQL only: PGlite does not enforce statement_timeout, checked below)`,
  () => {
    let database: PgDatabase;
    let server: RunningServer;
    let blocker: pg.Client;
    let token: string;

    beforeAll(async () => {
      database = await createPgDatabase(PG!, { template: inject('pgTemplate'), tag: 't' });
      server = await startServer(
        { ...TEST_SERVER_CONFIG, databaseUrl: database.url, poolSize: 4, dbStatementTimeoutMs: TIMEOUT_MS },
        { clock: () => TEST_NOW, logger: pino({ level: 'silent' }), migrate: false },
      );
      const admin = await server.db.db
        .insertInto('app_user')
        .values({ email: 'timeout.admin@test.cn', display_name: 'T', password_hash: 'x', role: 'ADMIN' })
        .returning('id')
        .executeTakeFirstOrThrow();
      token = (
        await signToken(
          { secret: TEST_SECRET, ttlSeconds: 3600 },
          { userId: admin.id, role: 'ADMIN', stationId: null, cityCode: null },
          TEST_NOW,
        )
      ).token;
      await server.db.db
        .insertInto('station')
        .values({
          code: 'SH-80001',
          city_code: 'SH',
          district: '测试区',
          name: '慢驿站',
          address: '测试路 8 号',
          lat: 31.23,
          lng: 121.47,
          bin_capacity: 100,
        })
        .execute();
      blocker = new pg.Client({ connectionString: database.url });
      await blocker.connect();
    });
    afterAll(async () => {
      await blocker?.end();
      await server?.close();
      await database?.drop();
    });

    const gql = async (query: string) => {
      const res = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query }),
      });
      return {
        status: res.status,
        ...((await res.json()) as {
          data?: { stations: { edges: { node: { code: string } }[] } };
          errors?: { message: string; extensions: Record<string, unknown> }[];
        }),
      };
    };
    const STATIONS = '{ stations(first: 5) { edges { node { code } } } }';

    /** Runs `fn` while another connection holds an exclusive lock on the station table. */
    async function whileLocked<T>(fn: () => Promise<T>): Promise<T> {
      await blocker.query('begin');
      await blocker.query('lock table station in access exclusive mode');
      try {
        return await fn();
      } finally {
        await blocker.query('rollback');
      }
    }

    it('a GraphQL query stuck past the timeout gets QUERY_TIMEOUT; /healthz answers meanwhile; the next query is served', async () => {
      const { r, ms, health } = await whileLocked(async () => {
        const started = performance.now();
        const pending = gql(STATIONS);
        const health = (await fetch(`${server.url}/healthz`)).status;
        const r = await pending;
        return { r, ms: performance.now() - started, health };
      });
      expect(r.errors?.[0]).toMatchObject({
        message:
          'The database stopped this request: it ran longer than the statement timeout. Ask for less (a shorter period, fewer stations) or retry later',
        extensions: { code: 'QUERY_TIMEOUT' },
      });
      expect(ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 20);
      expect(ms).toBeLessThan(5_000);
      expect(health).toBe(200);
      expect((await gql(STATIONS)).data?.stations.edges.map((e) => e.node.code)).toEqual(['SH-80001']);
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    });

    it('the CSV route answers 503 QUERY_TIMEOUT as JSON, before any byte of the file', async () => {
      const res = await whileLocked(() =>
        fetch(`${server.url}/reports/carbon.csv?from=2026-11-10&to=2026-11-11&groupBy=STATION&stationCodes=SH-80001`, {
          headers: { authorization: `Bearer ${token}` },
        }),
      );
      expect(res.status).toBe(503);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('QUERY_TIMEOUT');
    });
  },
);

describe.skipIf(!!PG)(
  'PGlite does not enforce statement_timeout (why the timeout test above runs on PostgreSQL only)',
  () => {
    let db: TestDb;
    beforeAll(async () => void (db = await createTestDb()));
    afterAll(() => db?.dispose());

    it('a 0.5 s statement under a 50 ms statement_timeout completes', async () => {
      await sql`set statement_timeout = 50`.execute(db.db);
      try {
        const started = performance.now();
        await sql`select pg_sleep(0.5)`.execute(db.db);
        expect(performance.now() - started).toBeGreaterThanOrEqual(450);
      } finally {
        await sql`set statement_timeout = 0`.execute(db.db);
      }
    });
  },
);

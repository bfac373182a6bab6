// A test app: private database, the real yoga server called through fetch (no port), a settable
// clock and a gql() helper; listen() serves the same over HTTP through startServer. Example:
//   const t = await createTestApp();
//   const { data } = await t.gql(graphql('query Cities { cities { code } }')); // data: { cities: { code: string }[] }
//   const { data } = await t.gql<{ cities: { code: string }[] }>('{ cities { code } }'); // the type you state
// A typed document (graphql() from web/src/lib/graphql.ts, or one of the web's own documents)
// types the variables and the result from the committed schema. A query string (a test that sends
// an invalid document on purpose) gets the type its caller states, `unknown` without one.
import { print, type DocumentNode } from 'graphql';
import pino from 'pino';
import { buildYoga, signToken, startServer, type RunningServer, type ServerConfig } from '@recycle/api';
import type { Viewer } from '../../api/src/domain/viewer.ts';
import type { Mailer } from '../../api/src/mail/mailer.ts';
import type { ResultOf, TadaDocumentNode, VariablesOf } from '../../web/src/lib/graphql.ts';
import { createTestDb, type TestDb } from './db.ts';
import { IngestQueue } from '../../api/src/services/ingest-queue.ts';

export const TEST_NOW = new Date('2026-11-11T04:00:00Z'); // 12:00 on Nov 11 in China
export const TEST_SECRET = new TextEncoder().encode('test-secret-test-secret-test-secret!');

/** The server settings tests use: a free port on 127.0.0.1, the test secret, no log. */
export const TEST_SERVER_CONFIG: ServerConfig = {
  port: 0,
  host: '127.0.0.1',
  dataDir: 'memory://',
  poolSize: 10,
  jwtSecret: TEST_SECRET,
  tokenTtlSeconds: 3600,
  logLevel: 'silent',
};

/** A GraphQL response body (also what a test that calls fetch itself reads). */
export interface GqlBody<T = unknown> {
  data?: T;
  errors?: { message: string; path?: string[]; extensions?: Record<string, unknown> }[];
}

export interface GqlResult<T = unknown> extends GqlBody<T> {
  status: number;
  headers: Headers;
}

export interface TestApp {
  db: TestDb;
  clock: { now: Date };
  /** The app's group commit of drop-off batches (its stats say how many statements were shared). */
  ingest: IngestQueue;
  gql<D extends TadaDocumentNode<unknown, never>>(
    document: D,
    variables?: VariablesOf<D>,
    token?: string | null,
  ): Promise<GqlResult<ResultOf<D>>>;
  gql<T = unknown>(query: string, variables?: Record<string, unknown>, token?: string | null): Promise<GqlResult<T>>;
  /** Signed with `viewer.sessionVersion` (default 0, a new account's version). */
  tokenFor(viewer: Viewer, now?: Date, ttlSeconds?: number): Promise<string>;
  /** The same database and clock served over HTTP by startServer, as in production (stop it with close()). */
  listen(options?: { webDist?: string; db?: TestDb; http?: ServerConfig['http'] }): Promise<RunningServer>;
  close(): Promise<void>;
}

export async function createTestApp(
  options: {
    log?: (sql: string) => void;
    /** E-mails activation codes (api/src/mail/mailer.ts). */ mailer?: Mailer;
    /** Drop-off statements at once (DB_INGEST_STATEMENTS); 1 makes concurrent batches share statements. */
    ingestStatements?: number;
  } = {},
): Promise<TestApp> {
  const log = options.log;
  const db = await createTestDb(log ? { log: (e) => void (e.level === 'query' && log(e.query.sql)) } : {});
  const clock = { now: new Date(TEST_NOW) };
  const tokenKeys = { secret: TEST_SECRET, ttlSeconds: 3600 };
  const ingest = new IngestQueue(db.db, options.ingestStatements);
  const yoga = buildYoga({
    db: db.db,
    ingest,
    logger: pino({ level: 'silent' }),
    tokenKeys,
    clock: () => clock.now,
    mailer: options.mailer,
  });
  return {
    db,
    clock,
    ingest,
    async gql(document: string | DocumentNode, variables?: object, token?: string | null) {
      const query = typeof document === 'string' ? document : print(document);
      const res = await yoga.fetch('http://test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as GqlResult;
      return { ...body, status: res.status, headers: res.headers };
    },
    async tokenFor(viewer, now = clock.now, ttlSeconds = 3600) {
      return (await signToken({ secret: TEST_SECRET, ttlSeconds }, viewer, now, viewer.sessionVersion ?? 0)).token;
    },
    listen: (o = {}) =>
      startServer(
        { ...TEST_SERVER_CONFIG, webDist: o.webDist, http: o.http },
        { db: o.db ?? db, clock: () => clock.now, logger: pino({ level: 'silent' }) },
      ),
    close: () => db.dispose(),
  };
}

/** The data of a result, failing with the errors' messages when there are any. */
export function ok<T>(r: GqlResult<T>): T {
  if (r.errors?.length) throw new Error(`GraphQL errors: ${r.errors.map((e) => e.message).join('; ')}`);
  return r.data as T;
}

/**
 * The member of a typed-error union with this __typename (a test reads its fields), failing the
 * test with the value when it is another. Example:
 *   const p = member(ok(await t.gql(LogDropOffs, vars, token)).logDropOffs, 'LogDropOffsPayload');
 */
export function member<T extends { __typename: string }, N extends T['__typename']>(
  value: T,
  typename: N,
): Extract<T, { __typename: N }> {
  if (value.__typename !== typename) throw new Error(`expected ${typename}, got ${JSON.stringify(value)}`);
  return value as Extract<T, { __typename: N }>;
}

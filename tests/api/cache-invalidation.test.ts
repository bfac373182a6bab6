// Per-process caches agree across processes: a change to reference data sends NOTIFY from the
// database (migration T14-00) and every listening process drops its cached copy at once, instead
// of serving it for the rest of its 60 s lifetime. Caches are kept per database handle, so two
// handles on one database stand for two API processes (PostgreSQL). PGlite lives in one process:
// there the same notification arrives in process, and several API processes are refused.
import pino from 'pino';
import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type DbHandle } from '@recycle/db';
import { buildYoga } from '@recycle/api';
import { startCacheInvalidation } from '../../api/src/cache-invalidation.ts';
import { loadConfig } from '../../api/src/config.ts';
import { createTestApp, ok, TEST_SECRET, type GqlResult, type TestApp } from '../helpers/app.ts';
import { makeStation, makeUser } from '../helpers/factories.ts';
import { graphql, type ResultOf, type TadaDocumentNode, type VariablesOf } from '../../web/src/lib/graphql.ts';
import { IngestQueue } from '../../api/src/services/ingest-queue.ts';

let t: TestApp;
let admin: string;
/** The "other process": its own handle (PostgreSQL) or the same one (PGlite), its own yoga. */
let other: {
  handle: DbHandle;
  gql: <D extends TadaDocumentNode<unknown, never>>(document: D, variables?: VariablesOf<D>) => Promise<ResultOf<D>>;
  stop: () => Promise<void>;
};
const stops: (() => Promise<void>)[] = [];

beforeAll(async () => {
  t = await createTestApp();
  admin = (await makeUser(t, 'ADMIN')).token;
  await makeStation(t, { code: 'SH-CACHE1' });
  stops.push(await startCacheInvalidation(t.db));
  const handle = t.db.pool ? await createDb({ databaseUrl: t.db.pool.options.connectionString!, poolSize: 2 }) : t.db;
  if (handle !== t.db) stops.push(await startCacheInvalidation(handle));
  const yoga = buildYoga({
    db: handle.db,
    ingest: new IngestQueue(handle.db),
    logger: pino({ level: 'silent' }),
    tokenKeys: { secret: TEST_SECRET, ttlSeconds: 3600 },
    clock: () => t.clock.now,
  });
  other = {
    handle,
    gql: async <D extends TadaDocumentNode<unknown, never>>(document: D, variables?: VariablesOf<D>) => {
      const res = await yoga.fetch('http://test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
        body: JSON.stringify({ query: print(document), variables }),
      });
      return ok((await res.json()) as GqlResult<ResultOf<D>>);
    },
    stop: async () => {
      if (handle !== t.db) await handle.close();
    },
  };
});
afterAll(async () => {
  for (const stop of stops) await stop();
  await other.stop();
  await t.close();
});

/** Polls `read` until it returns `expected` (a notification takes a round trip), at most 5 s: the caches live 60 s. */
async function eventually<T>(read: () => Promise<T>, expected: T): Promise<T> {
  let last = await read();
  for (let i = 0; i < 50 && JSON.stringify(last) !== JSON.stringify(expected); i++) {
    await new Promise((r) => setTimeout(r, 100));
    last = await read();
  }
  return last;
}

const LOG = graphql(`
  mutation ($input: LogDropOffsInput!) {
    logDropOffs(input: $input) {
      __typename
      ... on LogDropOffsPayload {
        results {
          dropOff {
            massKg
          }
        }
      }
    }
  }
`);
const DEFAULT_SET = graphql('{ summary(cityCode: "SH") { co2eAvoided { factorSet { version } } } }');
const SET_DEFAULT = graphql(`
  mutation ($v: String!) {
    setDefaultFactorSet(version: $v) {
      __typename
      ... on Error {
        message
      }
    }
  }
`);
let key = 0;
const defaultMass = async () => {
  const { logDropOffs: r } = await other.gql(LOG, {
    input: {
      stationCode: 'SH-CACHE1',
      items: [{ idempotencyKey: `c${++key}`, materialCode: 'BOX_M', outcome: 'REUSED', quantity: 2 }],
    },
  });
  return r.__typename === 'LogDropOffsPayload' ? r.results[0]?.dropOff?.massKg : r;
};

describe('cache invalidation across processes', () => {
  it('a material changed by hand (SQL) changes the default mass the other process fills in at once', async () => {
    // BOX_M's typical mass is 0.25 kg: 2 items → 0.5 kg. The other process now has materials cached.
    expect(await defaultMass()).toBe(0.5);
    await t.db.db.updateTable('package_material').set({ typical_mass_kg: 0.3 }).where('code', '=', 'BOX_M').execute();
    // 2 × 0.3 = 0.6 kg, without waiting out the 60 s cache.
    expect(await eventually(defaultMass, 0.6)).toBe(0.6);
  });

  it("a new default factor set, set through this process, is the other process's default at once", async () => {
    const version = async () => (await other.gql(DEFAULT_SET)).summary.co2eAvoided.factorSet.version;
    expect(await version()).toBe('CN-2026'); // the seeded default (method 2026.1)
    const r = ok(await t.gql(SET_DEFAULT, { v: 'DESNZ-2023' }, admin));
    expect(r.setDefaultFactorSet.__typename).not.toMatch(/Error/);
    expect(await eventually(version, 'DESNZ-2023')).toBe('DESNZ-2023');
  });
});

describe('several API processes', () => {
  it('need DATABASE_URL: the embedded database is refused with a message saying why', () => {
    expect(() => loadConfig({ API_WORKERS: '2', PGLITE_DATA_DIR: '.data/pglite' })).toThrow(
      /API_WORKERS > 1 needs DATABASE_URL/,
    );
    expect(
      loadConfig({ API_WORKERS: '2', DATABASE_URL: 'postgres://a:b@localhost/x', JWT_SECRET: 'x'.repeat(32) }).workers,
    ).toBe(2);
    expect(() => loadConfig({ DATABASE_READ_URL: 'postgres://a:b@localhost:5433/x' })).toThrow(/needs DATABASE_URL/);
  });
});

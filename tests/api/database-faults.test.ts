// §1 on both databases: while the database cannot be reached, every entry point answers with a
// typed, retryable error (GraphQL SERVICE_UNAVAILABLE with HTTP 503 + Retry-After, the CSV route
// 503 + Retry-After) instead of crashing or masking it; /readyz is red, /healthz stays green; and
// on PostgreSQL service resumes by itself once connections are allowed again (no restart).
import { afterEach, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { buildApp, signToken } from '@recycle/api';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { TEST_NOW, TEST_SECRET, type GqlBody } from '../helpers/app.ts';
import { makeUnreachable } from '../helpers/db-faults.ts';
import { IngestQueue } from '../../api/src/services/ingest-queue.ts';

interface Running {
  db: TestDb;
  server: http.Server;
  base: string;
  token: string;
  stationCode: string;
}
const running: Running[] = [];

async function start(): Promise<Running> {
  const db = await createTestDb();
  const station = await db.db
    .insertInto('station')
    .values({
      code: 'SH-70001',
      city_code: 'SH',
      district: '测试区',
      name: '故障驿站',
      address: '测试路 1 号',
      lat: 31.23,
      lng: 121.47,
      bin_capacity: 100,
    })
    .returning(['id', 'code'])
    .executeTakeFirstOrThrow();
  const admin = await db.db
    .insertInto('app_user')
    .values({ email: 'faults.admin@test.cn', display_name: 'Faults', password_hash: 'x', role: 'ADMIN' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const token = (
    await signToken(
      { secret: TEST_SECRET, ttlSeconds: 3600 },
      { userId: admin.id, role: 'ADMIN', stationId: null, cityCode: null },
      TEST_NOW,
    )
  ).token;
  const { app } = buildApp({
    db: db.db,
    ingest: new IngestQueue(db.db),
    logger: pino({ level: 'silent' }),
    tokenKeys: { secret: TEST_SECRET, ttlSeconds: 3600 },
    clock: () => TEST_NOW,
  });
  const server = http.createServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const r = {
    db,
    server,
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    token,
    stationCode: station.code,
  };
  running.push(r);
  return r;
}

afterEach(async () => {
  for (const r of running.splice(0)) {
    await new Promise((done) => r.server.close(done));
    await r.db.dispose().catch(() => {});
  }
});

const LOG = `mutation($input: LogDropOffsInput!) { logDropOffs(input: $input) { __typename ... on LogDropOffsPayload { accepted } } }`;

function post(r: Running, query: string, variables: Record<string, unknown> = {}) {
  return fetch(`${r.base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${r.token}` },
    body: JSON.stringify({ query, variables }),
  });
}

const batch = (r: Running) => ({
  input: {
    stationCode: r.stationCode,
    items: [{ idempotencyKey: 'fault-1', materialCode: 'BOX_M', outcome: 'RECYCLED', quantity: 2 }],
  },
});

async function expectUnavailable(res: Response) {
  expect(res.status).toBe(503);
  expect(res.headers.get('retry-after')).toBe('2');
  const body = (await res.json()) as GqlBody;
  expect(body.errors).toHaveLength(1);
  expect(body.errors?.[0]?.extensions).toEqual({ code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 2 });
  expect(body.errors?.[0]?.message).toMatch(/database is unavailable.*retry/i);
}

describe('while the database cannot be reached', () => {
  it('GraphQL reads and writes fail with SERVICE_UNAVAILABLE (HTTP 503, Retry-After: 2), the CSV route with 503, and the process stays up', async () => {
    const r = await start();
    expect((await post(r, '{ summary(cityCode: "SH") { totals { items } } }')).status).toBe(200);
    await makeUnreachable(r.db);

    await expectUnavailable(await post(r, '{ summary(cityCode: "SH") { totals { items } } }'));
    await expectUnavailable(await post(r, LOG, batch(r)));
    await expectUnavailable(await post(r, '{ station(code: "SH-70001") { name } }'));

    const csv = await fetch(`${r.base}/reports/carbon.csv?from=2026-11-01&to=2026-11-11&groupBy=CITY`, {
      headers: { authorization: `Bearer ${r.token}` },
    });
    expect(csv.status).toBe(503);
    expect(csv.headers.get('retry-after')).toBe('2');
    expect(csv.headers.get('content-type')).toMatch(/^application\/json/);
    expect(((await csv.json()) as { error: { code: string } }).error.code).toBe('SERVICE_UNAVAILABLE');

    const ready = await fetch(`${r.base}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: 'unavailable', database: 'unreachable' });
    expect((await fetch(`${r.base}/healthz`)).status).toBe(200);
  });

  it('PostgreSQL: once connections are allowed again, /readyz turns green and the same batch is accepted once, with no restart (PGlite: in-process, there is no server to come back)', async () => {
    const r = await start();
    const { restore } = await makeUnreachable(r.db);
    expect((await fetch(`${r.base}/readyz`)).status).toBe(503);
    if (!restore) {
      // The embedded database was closed under the app: it stays unavailable, typed and retryable.
      await expectUnavailable(await post(r, LOG, batch(r)));
      return;
    }
    await expectUnavailable(await post(r, LOG, batch(r)));
    await restore();
    const started = Date.now();
    while ((await fetch(`${r.base}/readyz`)).status !== 200) {
      expect(Date.now() - started).toBeLessThan(10_000);
      await new Promise((w) => setTimeout(w, 100));
    }
    const first = (await (await post(r, LOG, batch(r))).json()) as GqlBody<{ logDropOffs: unknown }>;
    expect(first.data?.logDropOffs).toEqual({ __typename: 'LogDropOffsPayload', accepted: 1 });
    const again = (await (await post(r, LOG, batch(r))).json()) as GqlBody<{ logDropOffs: unknown }>;
    expect(again.data?.logDropOffs).toEqual({ __typename: 'LogDropOffsPayload', accepted: 0 });
  });
});

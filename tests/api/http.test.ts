// The Express app over a real socket: health and readiness probes, gzip, request ids.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import { gunzipSync } from 'node:zlib';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RunningServer } from '@recycle/api';
import { createTestApp, type GqlBody, type TestApp } from '../helpers/app.ts';
import { createTestDb } from '../helpers/db.ts';
import { makeUser } from '../helpers/factories.ts';

const STATIONS = 200;
let t: TestApp;
let server: RunningServer;
let base: string;
let token: string;

beforeAll(async () => {
  t = await createTestApp();
  // Enough stations that the map response is well over compression's 1 KB threshold.
  await t.db.db
    .insertInto('station')
    .values(
      Array.from({ length: STATIONS }, (_, i) => ({
        code: `HT-${String(i + 1).padStart(4, '0')}`,
        city_code: 'SH',
        district: '测试区',
        name: `驿站 ${i + 1}`,
        address: `测试路 ${i + 1} 号`,
        lat: 31 + i * 0.0001,
        lng: 121.4,
        bin_capacity: 100,
        last_reported_at: new Date(t.clock.now.getTime() - 3600_000),
      })),
    )
    .execute();
  token = (await makeUser(t, 'ADMIN')).token;
  server = await t.listen();
  base = server.url;
});
afterAll(async () => {
  await server?.close();
  await t?.close();
});

/** A raw request with Node's http module: unlike fetch, it does not decompress the body. */
function rawRequest(path: string, method: string, headers: Record<string, string>, body?: string) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    const req = http.request(`${base}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('probes', () => {
  it('GET /healthz → 200 {status: "ok"} with the event-loop delay of the current and last 10 s window', async () => {
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      status: string;
      eventLoopDelay: { current: Record<string, number>; last: Record<string, number> | null };
    };
    expect(body.status).toBe('ok');
    const { current } = body.eventLoopDelay;
    expect(Object.keys(current).sort()).toEqual(['maxMs', 'p50Ms', 'p99Ms', 'windowS']);
    // milliseconds, ordered: p50 ≤ p99 ≤ max, and a window no longer than 10 s
    expect(current.p50Ms).toBeGreaterThanOrEqual(0);
    expect(current.p50Ms).toBeLessThanOrEqual(current.p99Ms!);
    expect(current.p99Ms).toBeLessThanOrEqual(current.maxMs!);
    expect(current.windowS).toBeLessThanOrEqual(10.5);
  });

  it('GET /readyz → 200 when the database answers', async () => {
    const res = await fetch(`${base}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready', database: 'reachable' });
  });

  it('GET /readyz → 503 when the database is gone, while /healthz stays 200', async () => {
    const gone = await createTestDb();
    const s = await t.listen({ db: gone });
    const url = s.url;
    try {
      await gone.dispose();
      const res = await fetch(`${url}/readyz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ status: 'unavailable', database: 'unreachable' });
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
    } finally {
      await s.close();
    }
  });
});

describe('compression', () => {
  it('gzips the mapStations response when the client accepts gzip', async () => {
    const body = JSON.stringify({ query: '{ mapStations { count codes lat lng status todayItems } }' });
    const res = await rawRequest(
      '/graphql',
      'POST',
      {
        'content-type': 'application/json',
        'accept-encoding': 'gzip',
        authorization: `Bearer ${token}`,
      },
      body,
    );
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    // gzip magic bytes 1f 8b, and it decodes to the full map
    expect(res.body.subarray(0, 2).toString('hex')).toBe('1f8b');
    const decoded = gunzipSync(res.body).toString('utf8');
    const json = JSON.parse(decoded);
    expect(json.data.mapStations.count).toBe(STATIONS);
    expect(json.data.mapStations.codes[0]).toBe('HT-0001');
    expect(res.body.length).toBeLessThan(Buffer.byteLength(decoded));
  });

  it('does not gzip when the client does not ask for it', async () => {
    const body = JSON.stringify({ query: '{ mapStations { count } }' });
    const res = await rawRequest(
      '/graphql',
      'POST',
      { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body,
    );
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(res.body.toString('utf8')).data.mapStations.count).toBe(STATIONS);
  });
});

describe('request ids', () => {
  it('returns a generated x-request-id (a UUID) when none is sent', async () => {
    const res = await fetch(`${base}/healthz`);
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it('echoes the x-request-id the client sends, on GraphQL requests too', async () => {
    const res = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'req-abc-123' },
      body: JSON.stringify({ query: '{ cities { code } }' }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('req-abc-123');
    expect((await res.json()).data.cities).toHaveLength(20);
  });

  it('cuts a sent id to 64 characters', async () => {
    const res = await fetch(`${base}/healthz`, { headers: { 'x-request-id': 'x'.repeat(100) } });
    expect(res.headers.get('x-request-id')).toBe('x'.repeat(64));
  });
});

describe('unexpected errors over HTTP', () => {
  it('carry the request id: errorId in the body equals the x-request-id header', async () => {
    const { sql } = await import('kysely');
    await sql`alter table city_day_total rename to city_day_total_gone`.execute(t.db.db);
    let res: Response;
    try {
      res = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${token}`,
          'x-request-id': 'support-ticket-42',
        },
        body: JSON.stringify({ query: '{ summary { totals { items } } }' }),
      });
    } finally {
      await sql`alter table city_day_total_gone rename to city_day_total`.execute(t.db.db);
    }
    const body = (await res.json()) as GqlBody;
    expect(res.headers.get('x-request-id')).toBe('support-ticket-42');
    expect(body.errors?.[0]?.message).toBe('Unexpected error.');
    expect(body.errors?.[0]?.extensions?.errorId).toBe('support-ticket-42');
  });
});

describe('the built web app', () => {
  let web: RunningServer;
  let webBase: string;
  let dir: string;

  beforeAll(async () => {
    // A stand-in build: what matters here is how each kind of file is served, not its content.
    dir = mkdtempSync(path.join(tmpdir(), 'recycle-webdist-'));
    mkdirSync(path.join(dir, 'assets'));
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>app</title>');
    writeFileSync(path.join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
    web = await t.listen({ webDist: dir });
    webBase = web.url;
  });
  afterAll(async () => {
    await web?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves hashed assets as immutable for a year', async () => {
    const res = await fetch(`${webBase}/assets/index-abc123.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('serves index.html for client routes, revalidated on every load so a release shows at once', async () => {
    for (const p of ['/', '/map?city=SH', '/station', '/reports/method']) {
      const res = await fetch(`${webBase}${p}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(await res.text()).toBe('<!doctype html><title>app</title>');
    }
  });

  it('answers a missing asset with 404, not with the app under a .js name', async () => {
    const res = await fetch(`${webBase}/assets/gone-000.js`);
    expect(res.status).toBe(404);
  });
});

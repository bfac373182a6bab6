// The Express app over a real socket: health and readiness probes, gzip, request ids.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { buildApp, signToken } from '@recycle/api';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { TEST_NOW, TEST_SECRET } from '../helpers/app.ts';

const STATIONS = 200;
let db: TestDb;
let server: http.Server;
let base: string;
let token: string;

function listen(app: http.RequestListener): Promise<http.Server> {
  return new Promise((resolve) => {
    const s = http.createServer(app);
    s.listen(0, '127.0.0.1', () => resolve(s));
  });
}

function close(s: http.Server): Promise<void> {
  return new Promise((resolve, reject) => s.close((err) => (err ? reject(err) : resolve())));
}

const deps = (handle: TestDb) => ({
  db: handle.db,
  logger: pino({ level: 'silent' }),
  tokenKeys: { secret: TEST_SECRET, ttlSeconds: 3600 },
  clock: () => TEST_NOW,
});

beforeAll(async () => {
  db = await createTestDb();
  // Enough stations that the map response is well over compression's 1 KB threshold.
  await db.db
    .insertInto('station')
    .values(Array.from({ length: STATIONS }, (_, i) => ({
      code: `HT-${String(i + 1).padStart(4, '0')}`, city_code: 'SH', district: '测试区', name: `驿站 ${i + 1}`,
      address: `测试路 ${i + 1} 号`, lat: 31 + i * 0.0001, lng: 121.4, bin_capacity: 100,
      last_reported_at: new Date(TEST_NOW.getTime() - 3600_000),
    })))
    .execute();
  const admin = await db.db
    .insertInto('app_user')
    .values({ email: 'http.admin@test.cn', display_name: 'HTTP admin', password_hash: 'scrypt$1$1$1$x$x', role: 'ADMIN' })
    .returning('id')
    .executeTakeFirstOrThrow();
  token = (await signToken({ secret: TEST_SECRET, ttlSeconds: 3600 }, { userId: admin.id, role: 'ADMIN', stationId: null, cityCode: null }, TEST_NOW)).token;
  server = await listen(buildApp(deps(db)).app);
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  if (server) await close(server);
  await db?.dispose();
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
  it('GET /healthz → 200 {status: "ok"}', async () => {
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('GET /readyz → 200 when the database answers', async () => {
    const res = await fetch(`${base}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready', database: 'reachable' });
  });

  it('GET /readyz → 503 when the database is gone, while /healthz stays 200', async () => {
    const gone = await createTestDb();
    const s = await listen(buildApp(deps(gone)).app);
    const url = `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
    try {
      await gone.dispose();
      const res = await fetch(`${url}/readyz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ status: 'unavailable', database: 'unreachable' });
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
    } finally {
      await close(s);
    }
  });
});

describe('compression', () => {
  it('gzips the mapStations response when the client accepts gzip', async () => {
    const body = JSON.stringify({ query: '{ mapStations { count codes lat lng status todayItems } }' });
    const res = await rawRequest('/graphql', 'POST', {
      'content-type': 'application/json',
      'accept-encoding': 'gzip',
      authorization: `Bearer ${token}`,
    }, body);
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
    const res = await rawRequest('/graphql', 'POST', { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body);
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
    await sql`alter table city_day_total rename to city_day_total_gone`.execute(db.db);
    let res: Response;
    try {
      res = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-request-id': 'support-ticket-42' },
        body: JSON.stringify({ query: '{ summary { totals { items } } }' }),
      });
    } finally {
      await sql`alter table city_day_total_gone rename to city_day_total`.execute(db.db);
    }
    const body = (await res.json()) as any;
    expect(res.headers.get('x-request-id')).toBe('support-ticket-42');
    expect(body.errors[0].message).toBe('Unexpected error.');
    expect(body.errors[0].extensions.errorId).toBe('support-ticket-42');
  });
});

describe('the built web app', () => {
  let web: http.Server;
  let webBase: string;
  let dir: string;

  beforeAll(async () => {
    // A stand-in build: what matters here is how each kind of file is served, not its content.
    dir = mkdtempSync(path.join(tmpdir(), 'recycle-webdist-'));
    mkdirSync(path.join(dir, 'assets'));
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>app</title>');
    writeFileSync(path.join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
    web = await listen(buildApp({ ...deps(db), webDist: dir }).app);
    webBase = `http://127.0.0.1:${(web.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    if (web) await close(web);
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

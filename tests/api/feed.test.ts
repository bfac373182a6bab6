// The open station feed over a real socket: every document validated against its committed JSON
// Schema (docs/feed/schemas), hand-checked values, public fields only, ETag/304, the TTL cache,
// gzip, CORS, 404s and the rate limit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import pino from 'pino';
import { buildApp } from '@recycle/api';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { TEST_NOW, TEST_SECRET } from '../helpers/app.ts';
import { IngestQueue } from '../../api/src/services/ingest-queue.ts';

// ajv-formats is CommonJS: its default export arrives wrapped under ESM.
const addFormats = (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;
const SCHEMA_DIR = path.resolve('docs/feed/schemas');
const ajv = new Ajv({ allErrors: true, strict: true });
addFormats(ajv);
const validators = Object.fromEntries(
  readdirSync(SCHEMA_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => [f.replace('.json', ''), ajv.compile(JSON.parse(readFileSync(path.join(SCHEMA_DIR, f), 'utf8')))]),
);

const HOUR = 3600_000;
let db: TestDb;
const clock = { now: new Date(TEST_NOW) };
const servers: http.Server[] = [];

function listen(rateLimitPerMinute = 1000): Promise<string> {
  const { app } = buildApp({
    db: db.db,
    ingest: new IngestQueue(db.db),
    logger: pino({ level: 'silent' }),
    tokenKeys: { secret: TEST_SECRET, ttlSeconds: 3600 },
    clock: () => clock.now,
    feed: { rateLimitPerMinute },
  });
  return new Promise((resolve) => {
    const s = http.createServer(app);
    servers.push(s);
    s.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(s.address() as AddressInfo).port}`));
  });
}

/** Raw request: no automatic decompression, so encodings and 304s are seen as sent. */
/** A GBFS document as these tests read it (expectValid checks it against the GBFS JSON schemas). */
interface GbfsDoc {
  ttl: number;
  last_updated: string;
  data: {
    datasets: { system_id: string }[];
    feeds: { name: string; url: string }[];
    stations: { station_id: string; status?: string }[];
  };
  error: { code: string; message: string };
}

function get(url: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer; json: () => GbfsDoc }>(
    (resolve, reject) => {
      http
        .get(url, { headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const body = Buffer.concat(chunks);
            const text = () => (res.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body).toString('utf8');
            resolve({ status: res.statusCode!, headers: res.headers, body, json: () => JSON.parse(text()) });
          });
        })
        .on('error', reject);
    },
  );
}

function expectValid(name: string, doc: unknown) {
  const validate = validators[name]!;
  expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
}

let base: string;
beforeAll(async () => {
  db = await createTestDb();
  const at = (h: number) => new Date(TEST_NOW.getTime() - h * HOUR);
  // Hand-picked states: FD-00001 open, bin 45/100 → LOW; FD-00002 full 100/100; FD-00003 closed;
  // FD-00003 closed, 70/80 → HIGH; FD-00004 open but silent for 25 h → STALE (85/100 → HIGH);
  // FD-00005 in BJ, never reported, empty bin.
  await db.db
    .insertInto('station')
    .values([
      {
        code: 'FD-00001',
        city_code: 'SH',
        district: '徐汇区',
        name: '徐汇一号店',
        address: '漕溪北路 1 号',
        lat: 31.1880001234,
        lng: 121.4360009876,
        bin_capacity: 100,
        bin_items: 45,
        status: 'OPEN',
        last_reported_at: at(1),
      },
      {
        code: 'FD-00002',
        city_code: 'SH',
        district: '徐汇区',
        name: '徐汇二号店',
        address: '漕溪北路 2 号',
        lat: 31.19,
        lng: 121.44,
        bin_capacity: 100,
        bin_items: 100,
        status: 'FULL',
        last_reported_at: at(2),
      },
      {
        code: 'FD-00003',
        city_code: 'SH',
        district: '静安区',
        name: '静安店',
        address: '南京西路 3 号',
        lat: 31.23,
        lng: 121.45,
        bin_capacity: 80,
        bin_items: 70,
        status: 'CLOSED',
        last_reported_at: at(3),
      },
      {
        code: 'FD-00004',
        city_code: 'SH',
        district: '静安区',
        name: '静安二店',
        address: '南京西路 4 号',
        lat: 31.24,
        lng: 121.46,
        bin_capacity: 100,
        bin_items: 85,
        status: 'OPEN',
        last_reported_at: at(25),
      },
      {
        code: 'FD-00005',
        city_code: 'BJ',
        district: '朝阳区',
        name: '朝阳店',
        address: '建国路 5 号',
        lat: 39.91,
        lng: 116.46,
        bin_capacity: 100,
        bin_items: 0,
        status: 'OPEN',
        last_reported_at: null,
      },
    ])
    .execute();
  base = await listen();
});
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  await db?.dispose();
});

describe('documents', () => {
  it('manifest.json lists the network and the 20 cities, each with its discovery URL on this host', async () => {
    const res = await get(`${base}/feed/manifest.json`);
    expect(res.status).toBe(200);
    const doc = res.json();
    expectValid('manifest', doc);
    expect(doc.data.datasets).toHaveLength(21);
    expect(doc.data.datasets[0]).toEqual({
      system_id: 'recycle-network',
      versions: [{ version: '1.0', url: `${base}/feed/network/gbfs.json` }],
    });
    expect(doc.data.datasets.map((d) => d.system_id)).toContain('recycle-sh');
  });

  it('SH gbfs.json links its four feeds, and each validates against its schema', async () => {
    const disc = (await get(`${base}/feed/SH/gbfs.json`)).json();
    expectValid('gbfs', disc);
    expect(disc.data.feeds.map((f) => f.name)).toEqual([
      'system_information',
      'materials',
      'station_information',
      'station_status',
    ]);
    for (const f of disc.data.feeds) {
      const res = await get(f.url);
      expect(res.status, f.url).toBe(200);
      expectValid(f.name, res.json());
    }
  });

  it('the network scope validates too and holds every city', async () => {
    for (const name of ['system_information', 'materials', 'station_information', 'station_status']) {
      const doc = (await get(`${base}/feed/network/${name}.json`)).json();
      expectValid(name, doc);
    }
    const info = (await get(`${base}/feed/network/station_information.json`)).json();
    expect(info.data.stations.map((s) => s.station_id)).toEqual([
      'FD-00001',
      'FD-00002',
      'FD-00003',
      'FD-00004',
      'FD-00005',
    ]);
    const sys = (await get(`${base}/feed/network/system_information.json`)).json();
    expect(sys.data).toMatchObject({
      system_id: 'recycle-network',
      city_id: null,
      station_count: 5,
      timezone: 'Asia/Shanghai',
    });
  });

  it('station_information: public fields only, positions rounded to 6 decimals', async () => {
    const doc = (await get(`${base}/feed/SH/station_information.json`)).json();
    expect(doc.ttl).toBe(300);
    expect(doc.data.stations).toHaveLength(4);
    expect(doc.data.stations[0]).toEqual({
      station_id: 'FD-00001',
      name: [{ text: '徐汇一号店', language: 'zh' }],
      lat: 31.188,
      lon: 121.436001,
      address: '漕溪北路 1 号',
      city_id: 'SH',
      district: '徐汇区',
      accepts: ['BOX_S', 'BOX_M', 'BOX_L', 'MAILER_BAG', 'FOAM_FILL', 'PAPER_FILL'],
    });
  });

  it('station_status: accepting, bin bucket and last report, worked out by hand', async () => {
    const doc = (await get(`${base}/feed/SH/station_status.json`)).json();
    expect(doc.ttl).toBe(60);
    expect(doc.last_updated).toBe('2026-11-11T04:00:00Z');
    expect(doc.data.stations).toEqual([
      {
        station_id: 'FD-00001',
        status: 'OPEN',
        is_accepting: true,
        bin_fill: 'LOW',
        last_reported: '2026-11-11T03:00:00Z',
      },
      {
        station_id: 'FD-00002',
        status: 'FULL',
        is_accepting: false,
        bin_fill: 'FULL',
        last_reported: '2026-11-11T02:00:00Z',
      },
      {
        station_id: 'FD-00003',
        status: 'CLOSED',
        is_accepting: false,
        bin_fill: 'HIGH',
        last_reported: '2026-11-11T01:00:00Z',
      },
      {
        station_id: 'FD-00004',
        status: 'STALE',
        is_accepting: false,
        bin_fill: 'HIGH',
        last_reported: '2026-11-10T03:00:00Z',
      },
    ]);
    const bj = (await get(`${base}/feed/BJ/station_status.json`)).json();
    expect(bj.data.stations).toEqual([
      { station_id: 'FD-00005', status: 'STALE', is_accepting: false, bin_fill: 'EMPTY', last_reported: null },
    ]);
  });
});

describe('HTTP caching', () => {
  it('sends a weak ETag, Cache-Control for the rest of the TTL, CORS, and gzip when accepted', async () => {
    const res = await get(`${base}/feed/BJ/station_information.json`, { 'accept-encoding': 'gzip' });
    expect(res.headers.etag).toMatch(/^W\/"[\w-]{27}"$/);
    expect(res.headers['cache-control']).toMatch(/^public, max-age=\d+$/);
    expect(Number(/max-age=(\d+)/.exec(res.headers['cache-control']!)![1])).toBeLessThanOrEqual(300);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.body.subarray(0, 2).toString('hex')).toBe('1f8b');
    const plain = await get(`${base}/feed/BJ/station_information.json`, { 'accept-encoding': 'identity' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.json()).toEqual(res.json());
    expect(plain.headers.etag).toBe(res.headers.etag);
  });

  it('If-None-Match with the ETag → 304 and no body; another ETag → 200', async () => {
    const first = await get(`${base}/feed/SH/station_status.json`);
    const again = await get(`${base}/feed/SH/station_status.json`, { 'if-none-match': first.headers.etag! });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect(again.headers.etag).toBe(first.headers.etag);
    const strongForm = await get(`${base}/feed/SH/station_status.json`, {
      'if-none-match': `"x", ${first.headers.etag!.slice(2)}`,
    });
    expect(strongForm.status).toBe(304);
    const other = await get(`${base}/feed/SH/station_status.json`, { 'if-none-match': 'W/"something-else"' });
    expect(other.status).toBe(200);
  });

  it('is built at most once per TTL: a change shows only after 60 s; an unchanged rebuild keeps its ETag', async () => {
    const url = `${base}/feed/SH/station_status.json`;
    const before = await get(url);
    const statusOf = (r: typeof before) => r.json().data.stations.find((s) => s.station_id === 'FD-00003')?.status;
    clock.now = new Date(TEST_NOW.getTime() + 61_000);
    const rebuilt = await get(url, { 'if-none-match': before.headers.etag! });
    expect(rebuilt.status).toBe(304); // same data after the TTL: same document
    await db.db.updateTable('station').set({ status: 'MAINTENANCE' }).where('code', '=', 'FD-00003').execute();
    clock.now = new Date(TEST_NOW.getTime() + 100_000);
    const cached = await get(url);
    expect(statusOf(cached)).toBe('CLOSED'); // still within the TTL of the rebuild at +61 s
    expect(cached.headers.etag).toBe(before.headers.etag);
    clock.now = new Date(TEST_NOW.getTime() + 122_000);
    const fresh = await get(url, { 'if-none-match': before.headers.etag! });
    expect(fresh.status).toBe(200);
    expect(statusOf(fresh)).toBe('MAINTENANCE');
    expect(fresh.json().last_updated).toBe('2026-11-11T04:02:02Z');
    expect(fresh.headers.etag).not.toBe(before.headers.etag);
    await db.db.updateTable('station').set({ status: 'CLOSED' }).where('code', '=', 'FD-00003').execute();
    clock.now = new Date(TEST_NOW);
  });
});

describe('errors and limits', () => {
  it('an unknown scope or feed is a JSON 404', async () => {
    const scope = await get(`${base}/feed/XX/station_status.json`);
    expect(scope.status).toBe(404);
    expect(scope.json()).toEqual({ error: { code: 'NOT_FOUND', message: expect.stringContaining('"XX"') } });
    const feed = await get(`${base}/feed/SH/free_bikes.json`);
    expect(feed.status).toBe(404);
    expect(feed.json().error.message).toContain('free_bikes.json');
  });

  it('rate-limits each client: past the limit → 429 with RateLimit headers and a JSON reason', async () => {
    const limited = await listen(5);
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await get(`${limited}/feed/SH/station_status.json`)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    const res = await get(`${limited}/feed/manifest.json`);
    expect(res.status).toBe(429);
    expect(res.headers.ratelimit).toMatch(/^"5-in-1min"; r=0; t=\d+$/);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(res.json()).toEqual({
      error: { code: 'RATE_LIMITED', message: expect.stringContaining('at most 5 per minute') },
    });
  });
});

// The "raw" baseline: a plain node:http server that runs the product's own SQL (its repository
// functions, over the same pg pool settings) and answers the same figures as JSON, with the same
// token check and the same CO2e arithmetic, but no GraphQL, no Express, no per-field work.
// It is the ceiling a GraphQL layer can approach. Prints "listening <port>"; stops on SIGTERM.
import '../lib/production-env.ts';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { gzip } from 'node:zlib';
import { promisify } from 'node:util';
import { createDb } from '../../db/src/index.ts';
import { verifyToken } from '../../api/src/auth/token.ts';
import { cachedFactorSets } from '../../api/src/reference-cache.ts';
import { co2eBreakdown, quantityTotals } from '../../api/src/domain/carbon.ts';
import {
  binFill,
  effectiveStatus,
  EFFECTIVE_STATUSES,
  STALE_AFTER_MS,
  type StoredStatus,
} from '../../api/src/domain/status.ts';
import { localDate, DEFAULT_TIMEZONE } from '../../api/src/domain/time.ts';
import { countStations, listStations, mapStations, stationStatusCounts } from '../../api/src/repositories/station.ts';
import { cityPeriodTotals, stationPeriodTotals } from '../../api/src/repositories/totals.ts';

const gz = promisify(gzip);
const handle = await createDb({ databaseUrl: process.env.DATABASE_URL!, poolSize: 20 });
const db = handle.db;
const tokenKeys = { secret: new TextEncoder().encode(process.env.BENCH_JWT_SECRET!), ttlSeconds: 3600 };

async function defaultSet() {
  return (await cachedFactorSets(db)).find((s) => s.is_default)!;
}

type Handler = (q: URLSearchParams, now: Date) => Promise<unknown>;

const routes: Record<string, Handler> = {
  '/empty': async () => ({ __typename: 'Query' }),
  '/summary': async (q, now) => {
    const city = q.get('city');
    const [rows, counts, set] = await Promise.all([
      cityPeriodTotals(db, city, q.get('from')!, q.get('to')!),
      stationStatusCounts(db, city, new Date(now.getTime() - STALE_AFTER_MS)),
      defaultSet(),
    ]);
    const byStatus = Object.fromEntries(EFFECTIVE_STATUSES.map((s) => [s, 0])) as Record<string, number>;
    let total = 0;
    for (const c of counts) {
      byStatus[c.status] = Number(c.n);
      total += Number(c.n);
    }
    return {
      summary: {
        cityCode: city,
        stationsByStatus: { total, ...byStatus },
        totals: quantityTotals(rows),
        co2eAvoided: co2eBreakdown(rows, set).total,
      },
    };
  },
  '/page': async (q, now) => {
    const filter = { cityCode: q.get('city'), staleBefore: new Date(now.getTime() - STALE_AFTER_MS) };
    const [stations, totalCount, set] = await Promise.all([
      listStations(db, filter, { limit: 100, inverted: false }),
      countStations(db, filter),
      defaultSet(),
    ]);
    const totals = await stationPeriodTotals(
      db,
      stations.map((s) => s.id),
      q.get('from')!,
      q.get('to')!,
    );
    const byStation = new Map<number, typeof totals>();
    for (const t of totals) byStation.set(t.station_id, [...(byStation.get(t.station_id) ?? []), t]);
    return {
      stations: {
        totalCount,
        edges: stations.map((s) => {
          const rows = byStation.get(s.id) ?? [];
          const t = quantityTotals(rows);
          return {
            node: {
              code: s.code,
              status: effectiveStatus(s.status as StoredStatus, s.last_reported_at, now),
              binFill: binFill(s.bin_items, s.bin_capacity),
              totals: {
                items: t.items,
                dropOffs: t.entries,
                kgRecycled: t.kgRecycled,
                co2eAvoided: { total: co2eBreakdown(rows, set).total },
              },
            },
          };
        }),
      },
    };
  },
  '/map': async (_q, now) => {
    const day = localDate(now, DEFAULT_TIMEZONE);
    const rows = await mapStations(db, null, day, new Date(now.getTime() - STALE_AFTER_MS));
    const round6 = (v: number) => Math.round(v * 1e6) / 1e6;
    return {
      mapStations: {
        count: rows.length,
        day,
        codes: rows.map((r) => r.code),
        lat: rows.map((r) => round6(r.lat)),
        lng: rows.map((r) => round6(r.lng)),
        status: rows.map((r) => r.status),
        todayItems: rows.map((r) => Number(r.today_items)),
        binFillPercent: rows.map((r) => Math.round((r.bin_items / r.bin_capacity) * 100)),
      },
    };
  },
};

async function serve(req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? '/', 'http://raw');
  const route = routes[url.pathname];
  if (!route) return void res.writeHead(404).end();
  const header = req.headers.authorization;
  const viewer = header?.startsWith('Bearer ') ? await verifyToken(tokenKeys, header.slice(7)) : null;
  if (!viewer) return void res.writeHead(401).end();
  for await (const _ of req); // drain the body (the load generator posts the same body as to GraphQL)
  const body = Buffer.from(JSON.stringify({ data: await route(url.searchParams, new Date()) }));
  // Compress like the product (gzip level 3 above 1 KB) so the map's bytes on the wire compare.
  if (body.length > 1024 && /\bgzip\b/.test(String(req.headers['accept-encoding']))) {
    res
      .writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' })
      .end(await gz(body, { level: 3 }));
  } else {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length }).end(body);
  }
}

const server = createServer((req, res) => {
  serve(req, res).catch((err) => {
    console.error(err);
    if (!res.headersSent) res.writeHead(500);
    res.end();
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  console.log(`listening ${typeof address === 'object' && address ? address.port : 0}`);
});
process.on('SIGTERM', () => server.close(() => void handle.close().then(() => process.exit(0))));

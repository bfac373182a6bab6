// The open station feed (docs/feed.md): read-only public JSON modelled on GBFS, per city and for
// the whole network.
//   GET /feed/manifest.json                      every scope's discovery document
//   GET /feed/{scope}/gbfs.json                  the scope's feeds (scope: a city code or "network")
//   GET /feed/{scope}/system_information.json    name, languages, timezone, station count
//   GET /feed/{scope}/materials.json             what stations take
//   GET /feed/{scope}/station_information.json   code, name, position, address, what it accepts
//   GET /feed/{scope}/station_status.json        accepting or not, coarse bin fill, last reported
// Every document carries `last_updated` and `ttl`; responses carry a weak ETag (If-None-Match →
// 304), Cache-Control for the rest of the TTL, and CORS for any origin. Documents are built at most
// once per TTL per process (feed-cache.ts) and sent pre-gzipped. Requests are rate-limited per IP.
import { Router, type Request, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { AppDeps } from '../context.ts';
import { listCities } from '../repositories/city.ts';
import { listMaterials } from '../repositories/material.ts';
import { publicStations } from '../repositories/public-station.ts';
import { currentRequestId } from '../request-id.ts';
import { cachedPerDatabase } from '../reference-cache.ts';
import { FeedCache, type CachedDocument } from './feed-cache.ts';
import {
  FEEDS,
  NETWORK,
  TTL,
  discoveryData,
  manifestData,
  materialsData,
  stationInformationData,
  stationStatusData,
  systemInformationData,
  type FeedName,
} from './feed-documents.ts';

export interface FeedOptions {
  /** Requests per minute per client IP (default 120: one poll per feed per TTL is far less). */
  rateLimitPerMinute?: number;
  /** Absolute base for the URLs in discovery documents; default: the request's own host. */
  publicUrl?: string;
}

/** Cities change only with a migration: the list is read once an hour. */
const cityCache = cachedPerDatabase('cities', 3600_000, listCities);

function fail(res: Response, status: number, code: string, message: string) {
  res.status(status).setHeader('cache-control', 'no-store').json({ error: { code, message } });
}

/** Weak comparison (RFC 9110 §13.1.2): `W/"x"` matches `"x"` and `W/"x"`; `*` matches anything. */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const bare = (t: string) => t.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((t) => t.trim() === '*' || bare(t) === bare(etag));
}

function send(req: Request, res: Response, doc: CachedDocument, now: Date) {
  const maxAge = Math.max(0, Math.ceil((doc.expiresAt - now.getTime()) / 1000));
  res.setHeader('etag', doc.etag);
  res.setHeader('cache-control', `public, max-age=${maxAge}`);
  res.setHeader('last-modified', doc.lastUpdated.toUTCString());
  res.setHeader('vary', 'Accept-Encoding');
  if (matches(req.headers['if-none-match'], doc.etag)) {
    res.status(304).end();
    return;
  }
  res.setHeader('content-type', 'application/json; charset=utf-8');
  // Pre-compressed once per build; the compression middleware leaves an encoded body alone.
  if (req.acceptsEncodings('gzip') === 'gzip') {
    res.setHeader('content-encoding', 'gzip');
    res.end(doc.gzipped);
  } else {
    res.end(doc.body);
  }
}

/** The base URL for discovery links: configured, or this request's scheme and (well-formed) host. */
function baseUrl(req: Request, options: FeedOptions): string {
  if (options.publicUrl) return options.publicUrl.replace(/\/+$/, '');
  const host = req.get('host') ?? '';
  return `${req.protocol}://${/^[A-Za-z0-9.:[\]-]{1,255}$/.test(host) ? host : 'localhost'}`;
}

export function feedRouter(deps: AppDeps, options: FeedOptions = {}): Router {
  const router = Router();
  const cache = new FeedCache(deps.clock);
  const cities = () => cityCache.get(deps.db);
  const materials = () => listMaterials(deps.db);

  router.use(
    '/feed',
    rateLimit({
      windowMs: 60_000,
      limit: options.rateLimitPerMinute ?? 120,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      handler: (_req, res, _next, o) =>
        fail(
          res,
          o.statusCode,
          'RATE_LIMITED',
          `Too many requests: at most ${o.limit} per minute; poll each document once per its ttl`,
        ),
    }),
    (_req, res, next) => {
      res.setHeader('access-control-allow-origin', '*');
      next();
    },
  );

  const build = async (scope: string, feed: FeedName): Promise<unknown> => {
    const cityCode = scope === NETWORK ? null : scope;
    switch (feed) {
      case 'system_information': {
        const city = cityCode ? ((await cities()).find((c) => c.code === cityCode) ?? null) : null;
        return systemInformationData(scope, city, (await publicStations(deps.db, cityCode)).length);
      }
      case 'materials':
        return materialsData(await materials());
      case 'station_information':
        return stationInformationData(await publicStations(deps.db, cityCode), await materials());
      case 'station_status':
        return stationStatusData(await publicStations(deps.db, cityCode), deps.clock());
    }
  };

  const handle = (fn: (req: Request, res: Response) => Promise<void>) => async (req: Request, res: Response) => {
    try {
      await fn(req, res);
    } catch (err) {
      const errorId = currentRequestId();
      deps.logger.error({ err, errorId, reqId: errorId }, 'feed request failed');
      if (!res.headersSent)
        res.status(500).json({ error: { code: 'INTERNAL_SERVER_ERROR', message: 'Unexpected error.', errorId } });
    }
  };

  router.get(
    '/feed/manifest.json',
    handle(async (req, res) => {
      const base = baseUrl(req, options);
      const list = await cities();
      send(
        req,
        res,
        await cache.get(`manifest|${base}`, TTL.manifest, async () => manifestData(base, list)),
        deps.clock(),
      );
    }),
  );

  router.get(
    '/feed/:scope/:file',
    handle(async (req, res) => {
      const scope = String(req.params.scope);
      const file = String(req.params.file);
      if (scope !== NETWORK && !(await cities()).some((c) => c.code === scope)) {
        return fail(
          res,
          404,
          'NOT_FOUND',
          `No feed for "${scope}": use a city code (see /feed/manifest.json) or "${NETWORK}"`,
        );
      }
      if (file === 'gbfs.json') {
        const base = baseUrl(req, options);
        return send(
          req,
          res,
          await cache.get(`gbfs|${scope}|${base}`, TTL.gbfs, async () => discoveryData(base, scope)),
          deps.clock(),
        );
      }
      const feed = FEEDS.find((f) => `${f}.json` === file);
      if (!feed) return fail(res, 404, 'NOT_FOUND', `No feed "${file}": see /feed/${scope}/gbfs.json`);
      send(req, res, await cache.get(`${feed}|${scope}`, TTL[feed], () => build(scope, feed)), deps.clock());
    }),
  );

  return router;
}

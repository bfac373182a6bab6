// The open feed's documents, built at most once per TTL and kept ready to send: the JSON body, its
// gzip form and a weak ETag, so a poll costs a map lookup (and a 304 costs nothing more).
//
// This cache lives in one process. With several API processes each builds its own copy (once per
// TTL each), and a document's `last_updated` (and so its ETag) can differ between processes for
// the same data; a client switching between them may get a 200 where one process would answer
// 304. A shared cache (or a `last_updated` taken from the data) is the step for multi-process.
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';

const gzipAsync = promisify(gzip);

/** Every feed document: the GBFS header around the feed's data. */
export interface FeedDocument<T = unknown> {
  last_updated: string;
  ttl: number;
  version: string;
  data: T;
}

export const FEED_VERSION = '1.0';

export interface CachedDocument {
  body: Buffer;
  gzipped: Buffer;
  etag: string;
  lastUpdated: Date;
  /** When a new build is due (ms since epoch, on the app clock). */
  expiresAt: number;
}

interface Entry extends CachedDocument {
  /** Hash of the data alone: an unchanged rebuild keeps its last_updated and ETag. */
  dataHash: string;
}

/** RFC 3339 without milliseconds, as GBFS writes timestamps. */
export const rfc3339 = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

const hash = (b: string | Buffer) => createHash('sha256').update(b).digest('base64url').slice(0, 27);

export class FeedCache {
  private entries = new Map<string, Entry>();
  private building = new Map<string, Promise<Entry>>();

  /** `maxEntries` bounds keys that include request data (a discovery document per Host). */
  constructor(
    private readonly clock: () => Date,
    private readonly maxEntries = 500,
  ) {}

  /**
   * The document under `key`, rebuilt with `build` when older than `ttl` seconds. Concurrent
   * requests for an expired document share one build. A rebuild whose data did not change keeps
   * the previous body, `last_updated` and ETag, so clients polling with If-None-Match get 304.
   */
  async get(key: string, ttl: number, build: () => Promise<unknown>): Promise<CachedDocument> {
    const now = this.clock().getTime();
    const hit = this.entries.get(key);
    if (hit && now < hit.expiresAt) return hit;
    let pending = this.building.get(key);
    if (!pending) {
      pending = this.rebuild(key, ttl, build, hit).finally(() => this.building.delete(key));
      this.building.set(key, pending);
    }
    return pending;
  }

  private async rebuild(
    key: string,
    ttl: number,
    build: () => Promise<unknown>,
    previous: Entry | undefined,
  ): Promise<Entry> {
    const data = await build();
    const now = this.clock();
    const dataHash = hash(JSON.stringify(data));
    let entry: Entry;
    if (previous && previous.dataHash === dataHash) {
      entry = { ...previous, expiresAt: now.getTime() + ttl * 1000 };
    } else {
      const doc: FeedDocument = { last_updated: rfc3339(now), ttl, version: FEED_VERSION, data };
      const body = Buffer.from(JSON.stringify(doc));
      entry = {
        body,
        gzipped: await gzipAsync(body),
        etag: `W/"${hash(body)}"`,
        lastUpdated: now,
        expiresAt: now.getTime() + ttl * 1000,
        dataHash,
      };
    }
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return entry;
  }
}

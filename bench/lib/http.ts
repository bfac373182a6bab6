// A tiny load generator: N concurrent clients over keep-alive connections (Node's fetch, i.e.
// undici, pools and reuses sockets per origin), each running a task a fixed number of times or
// until a deadline. Latency is measured per request on the client side.
import http from 'node:http';
import { gunzipSync } from 'node:zlib';

export interface GqlClient {
  url: string;
  /** POST one operation and return its data; throws on HTTP or GraphQL errors. */
  request<T>(token: string, query: string, variables?: Record<string, unknown>): Promise<T>;
  /** The same without parsing the body (the client shares the API's event loop): only checks it. */
  send(token: string, query: string, variables?: Record<string, unknown>): Promise<number>;
}

export function gqlClient(url: string): GqlClient {
  const post = async (token: string, query: string, variables?: Record<string, unknown>) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const text = await res.text();
    if (!res.ok || !text.startsWith('{"data"') || text.includes('"errors":[')) {
      throw new Error(`HTTP ${res.status}: ${text.slice(0, 300)}`);
    }
    return text;
  };
  return {
    url,
    request: async (token, query, variables) => JSON.parse(await post(token, query, variables)).data,
    send: async (token, query, variables) => (await post(token, query, variables)).length,
  };
}

export interface RunResult {
  latencies: number[];
  errors: number;
  firstError?: string;
  elapsedMs: number;
}

/**
 * Runs `task` from `clients` concurrent loops. Each loop stops after `perClient` calls, when
 * `shouldStop()` says so, or at `deadlineMs` after the start, whichever comes first.
 */
export async function runClients(
  clients: number,
  opts: { perClient: number; deadlineMs?: number; shouldStop?: () => boolean },
  task: (client: number, i: number) => Promise<void>,
): Promise<RunResult> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const deadline = started + (opts.deadlineMs ?? Infinity);
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      for (let i = 0; i < opts.perClient; i++) {
        if (performance.now() > deadline || opts.shouldStop?.()) return;
        const t = performance.now();
        try {
          await task(c, i);
          latencies.push(performance.now() - t);
        } catch (err) {
          errors++;
          firstError ??= (err as Error).message;
        }
      }
    }),
  );
  return { latencies, errors, firstError, elapsedMs: performance.now() - started };
}

/** Bytes of one response on the wire with and without gzip (node:http, so nothing is decoded). */
export function responseSizes(
  url: string,
  token: string,
  query: string,
): Promise<{ gzip: number; identity: number; encoding: string }> {
  const body = JSON.stringify({ query });
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent: false,
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${token}`,
          'accept-encoding': 'gzip',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const raw = Buffer.concat(chunks);
          const encoding = String(res.headers['content-encoding'] ?? 'identity');
          const identity = encoding === 'gzip' ? gunzipSync(raw).length : raw.length;
          resolve({ gzip: raw.length, identity, encoding });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * POST JSON over node:http with a keep-alive agent (one socket per concurrent caller, kept open),
 * resolving with the status and body. For many concurrent senders (bench:peak's 2,000 stations):
 * fetch (undici) gives up on a connect after 10 s, and a saturated Node server accepts new
 * connections late, so a storm of first connects failed there although every request would have
 * been answered.
 */
export function keepAlivePoster(): (
  url: string,
  headers: Record<string, string>,
  body: string,
) => Promise<{ status: number; text: string }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  const post = (url: string, headers: Record<string, string>, body: string, retried: boolean) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = http.request(
        url,
        { method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) } },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (text += c));
          res.on('error', reject);
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on('error', (err: NodeJS.ErrnoException) => {
        // A kept-alive socket the server closed (its keepAliveTimeout) just as it was reused: the
        // request never reached the server; send it once more, as Node's documentation advises.
        if (req.reusedSocket && err.code === 'ECONNRESET' && !retried)
          post(url, headers, body, true).then(resolve, reject);
        else reject(err);
      });
      req.end(body);
    });
  return (url, headers, body) => post(url, headers, body, false);
}

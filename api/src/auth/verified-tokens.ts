// Tokens already verified, kept per process. A counter or a dashboard sends the same bearer token
// with every request; checking its HMAC again each time went through WebCrypto's job queue and
// was the largest single cost of an empty request (~0.4 ms of CPU, profiled with
// SERVER_NODE_ARGS='--cpu-prof'). The cache keeps what a token says once its signature and claims
// passed, for as long as it is valid: its expiry is compared with the request's clock on every use,
// and revocation does not depend on it (services/sessions.ts checks the session version per request).
import { LRUCache } from 'lru-cache';
import { UnauthenticatedError } from '../domain/errors.ts';

/** Distinct tokens kept per signing key: the whole network's staff and devices signed in at once. */
const MAX_TOKENS = 20_000;

interface Verified<T> {
  value: T;
  /** The token's expiry (ms since the epoch). */
  expMs: number;
}

const caches = new WeakMap<object, LRUCache<string, Verified<unknown>>>();

/**
 * What `verify` returns for `token`, computed once per token and key (`keys`: the object the key
 * lives in, so tests with their own keys never share entries). `expired` is thrown once the
 * token's expiry has passed by `now`, exactly as a fresh verification would.
 */
export async function verifiedOnce<T>(
  keys: object,
  token: string,
  now: Date,
  verify: () => Promise<{ value: T; expMs: number }>,
  expired: () => UnauthenticatedError,
): Promise<T> {
  let cache = caches.get(keys);
  if (!cache) caches.set(keys, (cache = new LRUCache({ max: MAX_TOKENS })));
  const hit = cache.get(token) as Verified<T> | undefined;
  if (hit) {
    if (now.getTime() >= hit.expMs) throw expired();
    return hit.value;
  }
  const fresh = await verify();
  cache.set(token, fresh);
  return fresh.value;
}

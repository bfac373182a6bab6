// A token is verified once per process and key, then served from the cache until it expires: the
// expiry is still checked against each request's clock, and a forged or other-key token is never
// served from another key's entries.
import { describe, expect, it } from 'vitest';
import { signToken, verifyToken } from '../../api/src/auth/token.ts';
import { verifiedOnce } from '../../api/src/auth/verified-tokens.ts';
import { UnauthenticatedError } from '../../api/src/domain/errors.ts';

const keysOf = (s: string) => ({ secret: new TextEncoder().encode(s.padEnd(32, '!')), ttlSeconds: 3600 });
const viewer = { userId: 7, role: 'CITY_MANAGER' as const, stationId: null, cityCode: 'SH' };
const T0 = new Date('2026-11-11T04:00:00Z');

describe('verifiedOnce', () => {
  it('calls verify once for a token used three times', async () => {
    const keys = {};
    let calls = 0;
    const verify = async () => (calls++, { value: 'who', expMs: T0.getTime() + 60_000 });
    const expired = () => new UnauthenticatedError('expired');
    for (let i = 0; i < 3; i++) expect(await verifiedOnce(keys, 'tok', T0, verify, expired)).toBe('who');
    expect(calls).toBe(1);
  });

  it('refuses a cached token once its expiry has passed by the request clock (the second it expires)', async () => {
    const keys = {};
    const verify = async () => ({ value: 'who', expMs: T0.getTime() + 60_000 });
    const expired = () => new UnauthenticatedError('expired');
    await verifiedOnce(keys, 'tok', T0, verify, expired);
    expect(await verifiedOnce(keys, 'tok', new Date(T0.getTime() + 59_999), verify, expired)).toBe('who');
    await expect(verifiedOnce(keys, 'tok', new Date(T0.getTime() + 60_000), verify, expired)).rejects.toThrow(
      'expired',
    );
  });
});

describe('verifyToken with the cache', () => {
  it('a valid token verifies again to the same viewer; after expiry it is refused with the expiry message', async () => {
    const keys = keysOf('cache-test-secret');
    const { token } = await signToken(keys, viewer, T0, 3);
    const expected = { ...viewer, sessionVersion: 3 };
    expect(await verifyToken(keys, token, T0)).toEqual(expected);
    expect(await verifyToken(keys, token, new Date(T0.getTime() + 3599_000))).toEqual(expected);
    await expect(verifyToken(keys, token, new Date(T0.getTime() + 3600_000))).rejects.toThrow(
      'Token has expired; sign in again',
    );
  });

  it('a token verified under one key is refused under another (no shared entries)', async () => {
    const a = keysOf('cache-test-secret-a');
    const { token } = await signToken(a, viewer, T0);
    expect((await verifyToken(a, token, T0)).userId).toBe(7);
    await expect(verifyToken(keysOf('cache-test-secret-b'), token, T0)).rejects.toThrow('Token signature is invalid');
  });
});

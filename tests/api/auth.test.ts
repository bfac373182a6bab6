// Sign-in, bearer tokens and error masking. Token failures say what is wrong (expired, bad
// signature, malformed); anything unexpected reaches the client as "Unexpected error." plus an id
// that is also in the log, and never as SQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { print } from 'graphql';
import pino from 'pino';
import { sql } from 'kysely';
import { buildYoga, signToken } from '@recycle/api';
import { createTestApp, ok, TEST_SECRET, type GqlBody, type TestApp } from '../helpers/app.ts';
import { makeStation, makeUser } from '../helpers/factories.ts';
import { graphql, type ResultOf } from '../../web/src/lib/graphql.ts';
import { IngestQueue } from '../../api/src/services/ingest-queue.ts';

let t: TestApp;
/** Log lines written by `yoga` below, parsed. */
const logLines: Record<string, unknown>[] = [];
let yoga: ReturnType<typeof buildYoga>;

beforeAll(async () => {
  t = await createTestApp();
  // A second server on the same private database whose log we can read, and whose requests can
  // carry any Authorization header (t.gql only sends "Bearer <token>").
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n')) if (line) logLines.push(JSON.parse(line));
      done();
    },
  });
  yoga = buildYoga({
    db: t.db.db,
    ingest: new IngestQueue(t.db.db),
    logger: pino({ level: 'info' }, sink),
    tokenKeys: { secret: TEST_SECRET, ttlSeconds: 3600 },
    clock: () => t.clock.now,
  });
});
afterAll(() => t.close());

async function post(query: string, headers: Record<string, string> = {}, variables?: Record<string, unknown>) {
  const res = await yoga.fetch('http://test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, text: await res.text() };
}

const SIGN_IN = graphql(`
  mutation ($email: String!, $password: String!) {
    signIn(email: $email, password: $password) {
      token
      expiresAt
      user {
        email
        role
      }
    }
  }
`);
const VIEWER = graphql('{ viewer { email } }');
const VIEWER_STATION = graphql('{ viewer { email role station { code } } }');
const SUMMARY = graphql('{ summary(cityCode: "SH") { totals { items } } }');
/** A body read off `post` (the second server), shaped as SUMMARY's answer; the header test reads only its errors. */
const bodyOf = (r: { text: string }) => JSON.parse(r.text) as GqlBody<ResultOf<typeof SUMMARY>>;

describe('signIn', () => {
  it('returns a token that identifies the viewer, valid for the configured hour', async () => {
    const station = await makeStation(t);
    const { user } = await makeUser(t, 'STATION_STAFF', { password: 'pw-123456', stationId: station.id });
    const r = ok(await t.gql(SIGN_IN, { email: user.email!, password: 'pw-123456' }));
    expect(r.signIn.user).toEqual({ email: user.email, role: 'STATION_STAFF' });
    // clock 04:00:00Z + 3600 s = 05:00:00Z
    expect(new Date(r.signIn.expiresAt).toISOString()).toBe('2026-11-11T05:00:00.000Z');
    const me = ok(await t.gql(VIEWER_STATION, {}, r.signIn.token));
    expect(me.viewer).toEqual({ email: user.email, role: 'STATION_STAFF', station: { code: station.code } });
  });

  it('gives the same UNAUTHENTICATED answer for a wrong password and an unknown email', async () => {
    const { user } = await makeUser(t, 'CITY_MANAGER', { password: 'pw-123456', cityCode: 'SH' });
    const wrongPassword = await t.gql(SIGN_IN, { email: user.email!, password: 'pw-654321' });
    const unknownEmail = await t.gql(SIGN_IN, { email: 'nobody@test.cn', password: 'pw-123456' });
    for (const r of [wrongPassword, unknownEmail]) {
      expect(r.data ?? null).toBeNull();
      expect(r.errors?.[0]?.message).toBe('Email or password is wrong');
      expect(r.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
    // nothing in the answer tells the two apart
    expect(JSON.stringify(wrongPassword.errors)).toBe(JSON.stringify(unknownEmail.errors));
  });

  it('failed sign-ins slow down the next attempt (growing delays) instead of locking the account', async () => {
    const { user } = await makeUser(t, 'SUSTAINABILITY_ANALYST', { password: 'right-pw-1' });
    for (let i = 0; i < 5; i++) {
      const r = await t.gql(SIGN_IN, { email: user.email!, password: `wrong-${i}` });
      expect(r.errors?.[0]?.message).toBe('Email or password is wrong');
    }
    // the 6th attempt right away is refused before the password is checked (sign-in-throttle.test.ts has the rest)
    const slowed = await t.gql(SIGN_IN, { email: user.email!.toUpperCase(), password: 'right-pw-1' });
    expect(slowed.errors?.[0]?.message).toBe('Too many failed sign-ins; try again in 1 s');
    expect(slowed.errors?.[0]?.extensions?.code).toBe('TOO_MANY_REQUESTS');
    // a second later the right password works
    const before = t.clock.now;
    t.clock.now = new Date(before.getTime() + 1000);
    try {
      expect(ok(await t.gql(SIGN_IN, { email: user.email!, password: 'right-pw-1' })).signIn.user.email).toBe(
        user.email,
      );
    } finally {
      t.clock.now = before;
    }
  });

  it('without a token, viewer is null', async () => {
    expect(ok(await t.gql(VIEWER)).viewer).toBeNull();
  });
});

describe('bearer tokens', () => {
  it('rejects an expired token, saying it expired', async () => {
    const { viewer } = await makeUser(t, 'ADMIN');
    // issued 2 h before the clock with a 60 s lifetime: expired at 02:01Z, now is 04:00Z
    const token = await t.tokenFor(viewer, new Date(t.clock.now.getTime() - 2 * 3600_000), 60);
    const r = await t.gql(VIEWER, {}, token);
    expect(r.data ?? null).toBeNull();
    expect(r.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(r.errors?.[0]?.message).toMatch(/expired/);
  });

  it('accepts a token up to its expiry by the app clock (issued 59 min ago, 1 h lifetime)', async () => {
    const { viewer, user } = await makeUser(t, 'ADMIN');
    const token = await t.tokenFor(viewer, new Date(t.clock.now.getTime() - 59 * 60_000), 3600);
    expect(ok(await t.gql(VIEWER, {}, token)).viewer?.email).toBe(user.email);
  });

  it('rejects a token signed with another secret: "signature"', async () => {
    const { viewer } = await makeUser(t, 'ADMIN');
    const other = new TextEncoder().encode('not-the-server-secret-not-the-server-secret');
    const { token } = await signToken({ secret: other, ttlSeconds: 3600 }, viewer, t.clock.now);
    const r = await t.gql(VIEWER, {}, token);
    expect(r.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(r.errors?.[0]?.message).toBe('Token signature is invalid');
  });

  it('rejects a token whose payload was edited (role raised to ADMIN)', async () => {
    const { viewer } = await makeUser(t, 'SUSTAINABILITY_ANALYST');
    const token = await t.tokenFor(viewer);
    const [h, p, s] = token.split('.');
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString());
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, role: 'ADMIN' })).toString('base64url')}.${s}`;
    const r = await t.gql(VIEWER, {}, forged);
    expect(r.errors?.[0]?.message).toBe('Token signature is invalid');
  });

  it('rejects a garbage token as malformed', async () => {
    const r = await t.gql(VIEWER, {}, 'abc.def');
    expect(r.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(r.errors?.[0]?.message).toBe('Token is malformed or not issued by this server');
  });

  it('rejects an Authorization header that is not "Bearer <token>"', async () => {
    const r = await post(print(VIEWER), { authorization: 'Basic dXNlcjpwdw==' });
    const body = bodyOf(r);
    expect(body.errors?.[0]?.message).toBe('Authorization header must be "Bearer <token>"');
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('unexpected errors', () => {
  it('are masked as "Unexpected error." with an errorId that is logged, and no SQL leaks', async () => {
    const { token } = await makeUser(t, 'ADMIN');
    const query = print(SUMMARY);
    // Works before the table goes away (0 items: nothing logged in SH in this file).
    expect(bodyOf(await post(query, { authorization: `Bearer ${token}` })).data?.summary.totals.items).toBe(0);
    // The summary reads city_day_total: rename it away for one request, then put it back.
    await sql`alter table city_day_total rename to city_day_total_gone`.execute(t.db.db);
    let r: { status: number; text: string };
    try {
      r = await post(query, { authorization: `Bearer ${token}` });
    } finally {
      await sql`alter table city_day_total_gone rename to city_day_total`.execute(t.db.db);
    }
    const body = bodyOf(r);
    expect(body.data ?? null).toBeNull();
    expect(body.errors).toHaveLength(1);
    expect(body.errors?.[0]?.message).toBe('Unexpected error.');
    expect(body.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    const errorId = body.errors?.[0]?.extensions?.errorId;
    expect(errorId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    // Neither the table name, nor SQL, nor a stack reaches the client.
    expect(r.text).not.toMatch(/city_day_total|relation|select|from|\.ts:/i);
    // The log has the same id and the real cause.
    const logged = logLines.find((l) => l.errorId === errorId);
    expect(logged?.level).toBe(50); // pino "error"
    expect(JSON.stringify(logged?.err)).toMatch(/city_day_total/);
    // And the table is back: the same request works again.
    expect(bodyOf(await post(query, { authorization: `Bearer ${token}` })).data?.summary.totals.items).toBe(0);
  });
});

// Sign-in as a guesser meets it: growing delays per (account, address), per address and per
// account instead of a lockout anyone could trigger (members' code + secret too); parallel guesses counted one by one; unknown
// emails cost a password hash too; tokens must expire and never reach the log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import pino from 'pino';
import { SignJWT } from 'jose';
import { buildYoga } from '@recycle/api';
import { ACCOUNT_FREE, ADDRESS_FREE, PAIR_FREE } from '../../api/src/domain/sign-in.ts';
import { createTestApp, TEST_SECRET, type TestApp } from '../helpers/app.ts';
import { makeUser } from '../helpers/factories.ts';
import { graphql } from '../../web/src/lib/graphql.ts';
import { IngestQueue } from '../../api/src/services/ingest-queue.ts';

let t: TestApp;
let yoga: ReturnType<typeof buildYoga>;

beforeAll(async () => {
  t = await createTestApp();
  yoga = buildYoga({
    db: t.db.db,
    ingest: new IngestQueue(t.db.db),
    logger: pino({ level: 'silent' }),
    tokenKeys: { secret: TEST_SECRET, ttlSeconds: 3600 },
    clock: () => t.clock.now,
  });
});
afterAll(() => t.close());

const SIGN_IN =
  'mutation($email: String!, $password: String!) { signIn(email: $email, password: $password) { token user { email } } }';

/** signIn as seen from one client address (Express' req.ip, handed to yoga as server context). */
async function signInFrom(address: string, email: string, password: string) {
  const res = await yoga.fetch(
    'http://test/graphql',
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: SIGN_IN, variables: { email, password } }),
    },
    { req: { ip: address } } as never,
  );
  const body = (await res.json()) as {
    data?: { signIn: { user: { email: string } } } | null;
    errors?: { message: string; extensions: Record<string, unknown> }[];
  };
  return {
    ok: !!body.data?.signIn,
    code: body.errors?.[0]?.extensions.code,
    retry: body.errors?.[0]?.extensions.retryAfterSeconds,
    message: body.errors?.[0]?.message,
  };
}

async function audited(action: string, email: string) {
  const r = await t.db.db
    .selectFrom('audit_entry')
    .select(['after'])
    .where('action', '=', action)
    .where('entity_id', '=', email)
    .execute();
  return r.length;
}

function later<T>(ms: number, fn: () => Promise<T>): Promise<T> {
  const before = t.clock.now;
  t.clock.now = new Date(before.getTime() + ms);
  return fn().finally(() => void (t.clock.now = before));
}

describe('sign-in throttling', () => {
  it(`after ${PAIR_FREE} failures from one address it waits 1 s, then 2 s, ...; the owner elsewhere is not locked out`, async () => {
    const { user } = await makeUser(t, 'ADMIN', { password: 'right-pw-1' });
    for (let i = 0; i < PAIR_FREE; i++)
      expect((await signInFrom('10.0.0.1', user.email!, `wrong-${i}`)).code).toBe('UNAUTHENTICATED');
    // Refused before the password is checked, even the right one, and told how long to wait.
    const refused = await signInFrom('10.0.0.1', user.email!, 'right-pw-1');
    expect(refused).toMatchObject({
      ok: false,
      code: 'TOO_MANY_REQUESTS',
      retry: 1,
      message: 'Too many failed sign-ins; try again in 1 s',
    });
    expect(await audited('signIn:throttled', user.email!)).toBe(1);
    // The owner on another address signs in at once.
    expect((await signInFrom('10.0.0.2', user.email!, 'right-pw-1')).ok).toBe(true);
    // 1 s later the guesser may try once more; its 6th failure makes the next wait 2 s.
    await later(1_000, async () => {
      expect((await signInFrom('10.0.0.1', user.email!, 'wrong-6')).code).toBe('UNAUTHENTICATED');
      expect(await signInFrom('10.0.0.1', user.email!, 'wrong-7')).toMatchObject({
        code: 'TOO_MANY_REQUESTS',
        retry: 2,
      });
    });
    expect(await audited('signIn:failed', user.email!)).toBe(PAIR_FREE + 1);
  });

  it('40 parallel guesses from one address check the password only as often as the limit allows', async () => {
    const { user } = await makeUser(t, 'ADMIN', { password: 'right-pw-2' });
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => signInFrom('10.0.1.1', user.email!, `guess-${i}`)),
    );
    expect(results.filter((r) => r.code === 'UNAUTHENTICATED')).toHaveLength(PAIR_FREE);
    expect(results.filter((r) => r.code === 'TOO_MANY_REQUESTS')).toHaveLength(40 - PAIR_FREE);
    expect(await audited('signIn:failed', user.email!)).toBe(PAIR_FREE);
  });

  it(`one address spraying many accounts is slowed after ${ADDRESS_FREE} failures in all`, async () => {
    for (let i = 0; i < ADDRESS_FREE; i++)
      expect((await signInFrom('10.0.2.1', `nobody${i}@spray.cn`, 'x')).code).toBe('UNAUTHENTICATED');
    expect((await signInFrom('10.0.2.1', 'someone-else@spray.cn', 'x')).code).toBe('TOO_MANY_REQUESTS');
    expect((await signInFrom('10.0.2.2', 'someone-else@spray.cn', 'x')).code).toBe('UNAUTHENTICATED');
  });

  it(`one account guessed from many addresses is slowed after ${ACCOUNT_FREE} failures`, async () => {
    const { user } = await makeUser(t, 'ADMIN', { password: 'right-pw-3' });
    // Recorded failures (the audit log is what every API process counts), one per address.
    await t.db.db
      .insertInto('audit_entry')
      .values(
        Array.from({ length: ACCOUNT_FREE }, (_, i) => ({
          actor_id: null,
          action: 'signIn:failed',
          entity: 'email',
          entity_id: user.email!,
          at: t.clock.now,
          after: JSON.stringify({ address: `10.1.${i >> 8}.${i & 255}` }),
        })),
      )
      .execute();
    expect((await signInFrom('10.9.9.9', user.email!, 'right-pw-3')).code).toBe('TOO_MANY_REQUESTS');
    // After the 15-minute window the failures no longer count.
    await later(15 * 60_000 + 1_000, async () =>
      expect((await signInFrom('10.9.9.9', user.email!, 'right-pw-3')).ok).toBe(true),
    );
  });

  it('an unknown email and a wrong password get the same answer and both are audited with the address', async () => {
    const { user } = await makeUser(t, 'ADMIN', { password: 'right-pw-4' });
    const a = await signInFrom('10.0.3.1', user.email!, 'wrong');
    const b = await signInFrom('10.0.3.1', 'nobody@unknown.cn', 'wrong');
    expect(a).toEqual(b);
    const rows = await t.db.db
      .selectFrom('audit_entry')
      .select(['entity_id', 'after'])
      .where('action', '=', 'signIn:failed')
      .where('entity_id', 'in', [user.email!, 'nobody@unknown.cn'])
      .execute();
    expect(rows.map((r) => r.after)).toEqual([{ address: '10.0.3.1' }, { address: '10.0.3.1' }]);
  });
});

const MEMBER_SIGN_IN = 'mutation($c: String!, $s: String!) { memberSignIn(memberCode: $c, secret: $s) { memberCode } }';

/** memberSignIn from one client address. */
async function memberSignInFrom(address: string, code: string, secret: string) {
  const res = await yoga.fetch(
    'http://test/graphql',
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: MEMBER_SIGN_IN, variables: { c: code, s: secret } }),
    },
    { req: { ip: address } } as never,
  );
  const body = (await res.json()) as {
    data?: { memberSignIn: { memberCode: string } } | null;
    errors?: { message: string; extensions: Record<string, unknown> }[];
  };
  return {
    ok: !!body.data?.memberSignIn,
    code: body.errors?.[0]?.extensions.code,
    retry: body.errors?.[0]?.extensions.retryAfterSeconds,
  };
}

describe('member sign-in throttling (the same throttle, counted apart from staff sign-ins)', () => {
  const join = async () => {
    const m = (await t.gql(graphql('mutation { joinAsMember { memberCode secret } }'))).data!.joinAsMember;
    if (!m.secret) throw new Error('joinAsMember returned no secret'); // shown once, when joining
    return { memberCode: m.memberCode, secret: m.secret };
  };

  it(`${PAIR_FREE} wrong secrets from one address slow that address down; the member elsewhere still signs in (no lockout)`, async () => {
    const m = await join();
    for (let i = 0; i < PAIR_FREE; i++)
      expect((await memberSignInFrom('10.5.0.1', m.memberCode, 'AAAA-AAAA-AAAA-AAAA')).code).toBe('UNAUTHENTICATED');
    expect(await memberSignInFrom('10.5.0.1', m.memberCode, m.secret)).toMatchObject({
      ok: false,
      code: 'TOO_MANY_REQUESTS',
      retry: 1,
    });
    // 20 more tries from the guesser are all refused before any secret is checked: still 5 failures.
    for (let i = 0; i < 20; i++)
      expect((await memberSignInFrom('10.5.0.1', m.memberCode, 'AAAA-AAAA-AAAA-AAAA')).code).toBe('TOO_MANY_REQUESTS');
    expect(await memberSignInFrom('10.5.0.2', m.memberCode, m.secret)).toMatchObject({ ok: true });
    const actions = await t.db.db
      .selectFrom('audit_entry')
      .select(['action', 'after'])
      .where('entity', '=', 'consumer')
      .where('entity_id', '=', m.memberCode)
      .where('action', 'like', 'memberSignIn%')
      .execute();
    const count = (a: string) => actions.filter((r) => r.action === a).length;
    expect([count('memberSignIn:failed'), count('memberSignIn:throttled'), count('memberSignIn')]).toEqual([
      PAIR_FREE,
      21,
      1,
    ]);
    expect(actions.find((r) => r.action === 'memberSignIn:failed')?.after).toEqual({ address: '10.5.0.1' });
  });

  it('40 parallel guesses check the secret only as often as the limit allows', async () => {
    const m = await join();
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        memberSignInFrom('10.5.1.1', m.memberCode, `BBBB-BBBB-BBBB-${String(i).padStart(4, '0')}`),
      ),
    );
    expect(results.filter((r) => r.code === 'UNAUTHENTICATED')).toHaveLength(PAIR_FREE);
    expect(results.filter((r) => r.code === 'TOO_MANY_REQUESTS')).toHaveLength(40 - PAIR_FREE);
    expect(await audited('memberSignIn:failed', m.memberCode)).toBe(PAIR_FREE);
  });

  it('member failures do not count against staff sign-in from the same address', async () => {
    const { user } = await makeUser(t, 'ADMIN', { password: 'right-pw-5' });
    for (let i = 0; i < PAIR_FREE; i++) await memberSignInFrom('10.5.2.1', 'GM0000000000', 'CCCC-CCCC-CCCC-CCCC');
    expect((await memberSignInFrom('10.5.2.1', 'GM0000000000', 'CCCC-CCCC-CCCC-CCCC')).code).toBe('TOO_MANY_REQUESTS');
    expect((await signInFrom('10.5.2.1', user.email!, 'right-pw-5')).ok).toBe(true);
  });
});

describe('tokens', () => {
  it('a token without an expiry is refused, even when correctly signed', async () => {
    const { user } = await makeUser(t, 'ADMIN');
    const token = await new SignJWT({ role: 'ADMIN', stationId: null, cityCode: null })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(String(user.id))
      .setIssuer('recycle-stations')
      .setAudience('recycle-api')
      .setIssuedAt(Math.floor(t.clock.now.getTime() / 1000))
      .sign(TEST_SECRET);
    const r = await t.gql(graphql('{ viewer { email } }'), {}, token);
    expect(r.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(r.errors?.[0]?.message).toBe('Token has no "exp" claim (every token must expire); sign in again');
  });

  it('the request log never holds the bearer token', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (c, _e, done) => void (lines.push(String(c)), done()) });
    const { token } = await makeUser(t, 'ADMIN');
    const server = await (
      await import('@recycle/api')
    ).startServer(
      {
        port: 0,
        host: '127.0.0.1',
        dataDir: 'memory://',
        poolSize: 2,
        jwtSecret: TEST_SECRET,
        tokenTtlSeconds: 3600,
        logLevel: 'info',
      },
      { db: t.db, clock: () => t.clock.now, logger: pino({ level: 'info' }, sink), migrate: false },
    );
    try {
      const res = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${token}`,
          'x-device-token': 'device-secret-1',
        },
        body: '{"query":"{ viewer { email } }"}',
      });
      expect(res.status).toBe(200);
    } finally {
      await server.close();
    }
    const log = lines.join('');
    expect(log).toContain('"authorization":"[redacted]"');
    expect(log).not.toContain(token.split('.')[2]);
    expect(log).not.toContain('device-secret-1');
  });
});

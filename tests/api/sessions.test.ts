// Ending sessions at once: a token signed before a deactivation, a reset, a change of role or
// station, a password change or signing out is refused on its very next request; other people are
// unaffected.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, ok, type GqlResult, type TestApp, member } from '../helpers/app.ts';
import { makeStation, makeUser } from '../helpers/factories.ts';
import { graphql } from '../../web/src/lib/graphql.ts';
import { endSessionsOf } from '../../api/src/services/sessions.ts';

let t: TestApp;
let admin: string;
let station: { id: number; code: string };
let other: { id: number; code: string };

beforeAll(async () => {
  t = await createTestApp();
  admin = (await makeUser(t, 'ADMIN')).token;
  station = await makeStation(t, { city_code: 'SH' });
  other = await makeStation(t, { city_code: 'SH' });
});
afterAll(() => t.close());

const gid = (id: number) => Buffer.from(`User:${id}`).toString('base64');
const VIEWER = graphql('{ viewer { displayName } }');
const me = (token: string) => t.gql(VIEWER, {}, token);
const DEACTIVATE = graphql(
  'mutation($id: ID!, $reason: String!) { deactivateUser(id: $id, reason: $reason) { __typename } }',
);
const SIGN_OUT = graphql('mutation { signOut }');
const RESET = graphql('mutation($id: ID!) { resetUserPassword(id: $id) { __typename } }');
const UPDATE = graphql(`
  mutation ($id: ID!, $input: UpdateUserInput!) {
    updateUser(id: $id, input: $input) {
      __typename
      ... on Error {
        message
      }
    }
  }
`);
const CREATE = graphql(`
  mutation ($input: CreateUserInput!) {
    createUser(input: $input) {
      __typename
      ... on UserActivation {
        user {
          id
        }
        activation {
          code
        }
      }
    }
  }
`);
const ACTIVATE = graphql(`
  mutation ($c: String!, $p: String!) {
    activateAccount(code: $c, password: $p) {
      __typename
      ... on SessionPayload {
        token
      }
    }
  }
`);
const SIGN_IN = graphql('mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { token } }');
const CHANGE_PASSWORD = graphql(`
  mutation ($c: String!, $n: String!) {
    changePassword(currentPassword: $c, newPassword: $n) {
      __typename
      ... on SessionPayload {
        token
      }
    }
  }
`);

describe('ending sessions', () => {
  it.each<[string, (id: string) => Promise<GqlResult>, RegExp]>([
    ['deactivation', (id) => t.gql(DEACTIVATE, { id, reason: 'left the company' }, admin), /deactivated/],
    ['a password reset', (id) => t.gql(RESET, { id }, admin), /session has ended/],
    [
      'a change of role',
      (id) => t.gql(UPDATE, { id, input: { role: 'SUSTAINABILITY_ANALYST' } }, admin),
      /session has ended/,
    ],
    [
      'a change of station',
      (id) => t.gql(UPDATE, { id, input: { stationCode: other.code } }, admin),
      /session has ended/,
    ],
  ])("%s refuses the person's existing token at once", async (_label, mutation, message) => {
    const person = await makeUser(t, 'STATION_STAFF', { stationId: station.id });
    const bystander = await makeUser(t, 'STATION_STAFF', { stationId: station.id });
    expect(ok(await me(person.token)).viewer).not.toBeNull();
    expect(ok(await mutation(gid(person.user.id)))).toBeTruthy();
    const refused = await me(person.token);
    expect(refused.errors?.[0]).toMatchObject({
      message: expect.stringMatching(message),
      extensions: { code: 'UNAUTHENTICATED' },
    });
    expect(ok(await me(bystander.token)).viewer).not.toBeNull();
  });

  it("changing one's password ends the other sessions and returns a working one", async () => {
    const input = { role: 'ADMIN', displayName: 'Pat', email: 'pat@example.cn' } as const;
    const { user, activation } = member(ok(await t.gql(CREATE, { input }, admin)).createUser, 'UserActivation');
    const password = 'amber-walrus-pencil-tide';
    const first = member(
      ok(await t.gql(ACTIVATE, { c: activation.code, p: password })).activateAccount,
      'SessionPayload',
    ).token;
    const second = ok(await t.gql(SIGN_IN, { e: 'pat@example.cn', p: password })).signIn.token;
    const changed = member(
      ok(await t.gql(CHANGE_PASSWORD, { c: password, n: 'copper-heron-mint-valley' }, first)).changePassword,
      'SessionPayload',
    ).token;
    expect(user.id).toBeTruthy();
    expect((await me(first)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await me(second)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(ok(await me(changed)).viewer).toEqual({ displayName: 'Pat' });
  });
});

describe('signOut', () => {
  it('refuses the token on its very next request, audits it, and leaves other people signed in', async () => {
    const person = await makeUser(t, 'CITY_MANAGER', { cityCode: 'SH' });
    const bystander = await makeUser(t, 'CITY_MANAGER', { cityCode: 'SH' });
    expect(ok(await me(person.token)).viewer).toEqual({ displayName: person.user.display_name });
    expect(ok(await t.gql(SIGN_OUT, {}, person.token))).toEqual({ signOut: true });
    const refused = await me(person.token);
    expect(refused.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/session has ended/),
      extensions: { code: 'UNAUTHENTICATED' },
    });
    // Signing out twice with the same token: the token is already refused.
    expect((await t.gql(SIGN_OUT, {}, person.token)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(ok(await me(bystander.token)).viewer).toEqual({ displayName: bystander.user.display_name });
    const audit = await t.db.db
      .selectFrom('audit_entry')
      .select(['actor_id', 'entity', 'entity_id'])
      .where('action', '=', 'signOut')
      .where('actor_id', '=', person.user.id)
      .execute();
    expect(audit).toEqual([{ actor_id: person.user.id, entity: 'app_user', entity_id: String(person.user.id) }]);
    const version = await t.db.db
      .selectFrom('app_user')
      .select('session_version')
      .where('id', '=', person.user.id)
      .executeTakeFirstOrThrow();
    expect(version.session_version).toBe(1);
  });

  it('a new sign-in after signing out works', async () => {
    const person = await makeUser(t, 'STATION_STAFF', { stationId: station.id, password: 'violet-harbour-tin-comet' });
    const email = person.user.email ?? '';
    const first = ok(await t.gql(SIGN_IN, { e: email, p: 'violet-harbour-tin-comet' })).signIn.token;
    ok(await t.gql(SIGN_OUT, {}, first));
    const second = ok(await t.gql(SIGN_IN, { e: email, p: 'violet-harbour-tin-comet' })).signIn.token;
    expect(ok(await me(second)).viewer).toEqual({ displayName: person.user.display_name });
    expect((await me(first)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('nobody signed in: FORBIDDEN, "Sign in to do this"', async () => {
    const r = await t.gql(SIGN_OUT);
    expect(r.errors?.[0]).toMatchObject({
      message: 'Sign in to do this',
      path: ['signOut'],
      extensions: { code: 'FORBIDDEN' },
    });
  });
});

describe('a green-points member signs out on every device', () => {
  const JOIN = graphql('mutation { joinAsMember { memberCode secret token } }');
  const MEMBER = graphql('{ member { memberCode } }');
  const MEMBER_SIGN_IN = graphql(
    'mutation($c: String!, $s: String!) { memberSignIn(memberCode: $c, secret: $s) { token } }',
  );
  const signIn = async (code: string, secret: string) =>
    ok(await t.gql(MEMBER_SIGN_IN, { c: code, s: secret })).memberSignIn.token;

  it("refuses both phones' tokens at once, audits it, leaves other members signed in; signing in again works", async () => {
    const joined = ok(await t.gql(JOIN)).joinAsMember;
    const phone = joined.token;
    const tablet = await signIn(joined.memberCode, joined.secret!); // shown once, on joining
    const other = ok(await t.gql(JOIN)).joinAsMember;
    expect(ok(await t.gql(MEMBER, {}, tablet)).member).toEqual({ memberCode: joined.memberCode });

    expect(ok(await t.gql(SIGN_OUT, {}, phone))).toEqual({ signOut: true });
    for (const token of [phone, tablet]) {
      expect((await t.gql(MEMBER, {}, token)).errors?.[0]).toMatchObject({
        message: expect.stringMatching(/signed out on every device/),
        extensions: { code: 'UNAUTHENTICATED' },
      });
    }
    expect(ok(await t.gql(MEMBER, {}, other.token)).member).toEqual({ memberCode: other.memberCode });
    const audit = await t.db.db
      .selectFrom('audit_entry')
      .select(['actor_id', 'entity', 'entity_id'])
      .where('action', '=', 'memberSignOut')
      .where('entity_id', '=', joined.memberCode)
      .execute();
    expect(audit).toEqual([{ actor_id: null, entity: 'consumer', entity_id: joined.memberCode }]);

    const again = await signIn(joined.memberCode, joined.secret!);
    expect(ok(await t.gql(MEMBER, {}, again)).member).toEqual({ memberCode: joined.memberCode });
  });
});

describe('a request checked while sessions are being ended', () => {
  it('does not keep what it read before the commit: the token is refused on the first request after it', async () => {
    const person = await makeUser(t, 'CITY_MANAGER', { cityCode: 'SH' });
    const name = { displayName: person.user.display_name };
    expect(ok(await me(person.token)).viewer).toEqual(name); // checked and cached: version 0
    let commit!: () => void;
    const committing = new Promise<void>((r) => (commit = r));
    let bumped!: () => void;
    const versionBumped = new Promise<void>((r) => (bumped = r));
    // A sign-out (or deactivation, reset ...) whose transaction has bumped the version, not committed.
    const ending = t.db.db.transaction().execute(async (trx) => {
      await endSessionsOf(trx, person.user.id);
      bumped();
      await committing;
    });
    await versionBumped;
    // The page's last request, checked in between. PostgreSQL answers it from the committed row (the
    // old version: accepted); the embedded database runs one transaction at a time: there it waits.
    const during = me(person.token);
    if (t.db.kind === 'postgres') expect(ok(await during).viewer).toEqual(name);
    commit();
    await ending;
    await during;
    // Before the fix, the old version read in between was cached for 30 s and this was accepted.
    const after = await me(person.token);
    expect(after.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/session has ended/),
      extensions: { code: 'UNAUTHENTICATED' },
    });
    expect(after.data?.viewer ?? null).toBeNull();
  });
});

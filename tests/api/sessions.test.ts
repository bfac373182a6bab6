// Ending sessions at once: a token signed before a deactivation, a reset, a change of role or
// station, a password change or signing out is refused on its very next request; other people are
// unaffected.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, ok, type TestApp } from '../helpers/app.ts';
import { makeStation, makeUser } from '../helpers/factories.ts';

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
const me = (token: string) => t.gql('{ viewer { displayName } }', {}, token);

describe('ending sessions', () => {
  it.each([
    [
      'deactivation',
      (id: number) => `mutation { deactivateUser(id: "${gid(id)}", reason: "left the company") { __typename } }`,
      /deactivated/,
    ],
    [
      'a password reset',
      (id: number) => `mutation { resetUserPassword(id: "${gid(id)}") { __typename } }`,
      /session has ended/,
    ],
    [
      'a change of role',
      (id: number) =>
        `mutation { updateUser(id: "${gid(id)}", input: { role: SUSTAINABILITY_ANALYST }) { __typename } }`,
      /session has ended/,
    ],
    [
      'a change of station',
      (id: number) =>
        `mutation { updateUser(id: "${gid(id)}", input: { stationCode: "${other.code}" }) { __typename ... on Error { message } } }`,
      /session has ended/,
    ],
  ])("%s refuses the person's existing token at once", async (_label, mutation, message) => {
    const person = await makeUser(t, 'STATION_STAFF', { stationId: station.id });
    const bystander = await makeUser(t, 'STATION_STAFF', { stationId: station.id });
    expect(ok(await me(person.token)).viewer).not.toBeNull();
    expect(ok(await t.gql(mutation(person.user.id), {}, admin))).toBeTruthy();
    const refused = await me(person.token);
    expect(refused.errors?.[0]).toMatchObject({
      message: expect.stringMatching(message),
      extensions: { code: 'UNAUTHENTICATED' },
    });
    expect(ok(await me(bystander.token)).viewer).not.toBeNull();
  });

  it("changing one's password ends the other sessions and returns a working one", async () => {
    const { user, activation } = ok(
      await t.gql(
        `mutation { createUser(input: { role: ADMIN, displayName: "Pat", email: "pat@example.cn" }) {
      ... on UserActivation { user { id } activation { code } } } }`,
        {},
        admin,
      ),
    ).createUser;
    const first = ok(
      await t.gql(
        `mutation($c: String!) { activateAccount(code: $c, password: "amber-walrus-pencil-tide") { ... on SessionPayload { token } } }`,
        { c: activation.code },
      ),
    ).activateAccount.token;
    const second = ok(
      await t.gql('mutation { signIn(email: "pat@example.cn", password: "amber-walrus-pencil-tide") { token } }'),
    ).signIn.token;
    const changed = ok(
      await t.gql(
        'mutation { changePassword(currentPassword: "amber-walrus-pencil-tide", newPassword: "copper-heron-mint-valley") { ... on SessionPayload { token } } }',
        {},
        first,
      ),
    ).changePassword.token;
    expect(user.id).toBeTruthy();
    expect((await me(first)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await me(second)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(ok(await me(changed)).viewer).toEqual({ displayName: 'Pat' });
  });
});

describe('signOut', () => {
  const SIGN_OUT = 'mutation { signOut }';

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
    const first = ok(
      await t.gql(`mutation { signIn(email: "${person.user.email}", password: "violet-harbour-tin-comet") { token } }`),
    ).signIn.token;
    ok(await t.gql(SIGN_OUT, {}, first));
    const second = ok(
      await t.gql(`mutation { signIn(email: "${person.user.email}", password: "violet-harbour-tin-comet") { token } }`),
    ).signIn.token;
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
  const JOIN = 'mutation { joinAsMember { memberCode secret token } }';
  const MEMBER = '{ member { memberCode } }';
  const signIn = async (code: string, secret: string) =>
    ok(
      await t.gql('mutation($c: String!, $s: String!) { memberSignIn(memberCode: $c, secret: $s) { token } }', {
        c: code,
        s: secret,
      }),
    ).memberSignIn.token as string;

  it("refuses both phones' tokens at once, audits it, leaves other members signed in; signing in again works", async () => {
    const joined = ok(await t.gql(JOIN)).joinAsMember;
    const phone = joined.token as string;
    const tablet = await signIn(joined.memberCode, joined.secret);
    const other = ok(await t.gql(JOIN)).joinAsMember;
    expect(ok(await t.gql(MEMBER, {}, tablet)).member).toEqual({ memberCode: joined.memberCode });

    expect(ok(await t.gql('mutation { signOut }', {}, phone))).toEqual({ signOut: true });
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

    const again = await signIn(joined.memberCode, joined.secret);
    expect(ok(await t.gql(MEMBER, {}, again)).member).toEqual({ memberCode: joined.memberCode });
  });
});

// The account lifecycle through the API: create with a one-time code, activate (password rules),
// sign in by email or phone, reset, deactivate/reactivate, edit, change own password, list and
// search; who may do which; bad input writes nothing; every change audited without secrets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestApp, ok, TEST_NOW, type TestApp, member } from '../helpers/app.ts';
import { makeStation, makeUser } from '../helpers/factories.ts';
import { graphql, type VariablesOf } from '../../web/src/lib/graphql.ts';

let t: TestApp;
let admin: string;
let manager: string;
let sh: { id: number; code: string };
let bj: { id: number; code: string };

const CREATE = graphql(`
  mutation ($input: CreateUserInput!) {
    createUser(input: $input) {
      __typename
      ... on UserActivation {
        user {
          id
          email
          phone
          displayName
          role
          state
          station {
            code
          }
          city {
            code
          }
        }
        activation {
          code
          link
          expiresAt
        }
      }
      ... on Error {
        message
      }
      ... on InputError {
        field
        issues {
          field
          message
        }
      }
      ... on NotFoundError {
        field
      }
      ... on ConflictError {
        field
      }
    }
  }
`);
const ACTIVATE = graphql(`
  mutation ($code: String!, $password: String!) {
    activateAccount(code: $code, password: $password) {
      __typename
      ... on SessionPayload {
        token
        user {
          email
          role
          state
          lastSignInAt
        }
      }
      ... on InputError {
        field
        message
      }
    }
  }
`);
const SIGN_IN = graphql(
  'mutation($email: String!, $password: String!) { signIn(email: $email, password: $password) { token user { displayName } } }',
);
const VIEWER = graphql('{ viewer { displayName } }');
const RESET = graphql(`
  mutation ($id: ID!) {
    resetUserPassword(id: $id) {
      __typename
      ... on UserActivation {
        user {
          state
        }
        activation {
          code
        }
      }
    }
  }
`);
const DEACTIVATE = graphql(`
  mutation ($id: ID!, $reason: String!) {
    deactivateUser(id: $id, reason: $reason) {
      __typename
      ... on User {
        state
        deactivationReason
      }
    }
  }
`);
const REACTIVATE = graphql('mutation($id: ID!) { reactivateUser(id: $id) { __typename ... on User { state } } }');
const UPDATE = graphql(`
  mutation ($id: ID!, $input: UpdateUserInput!) {
    updateUser(id: $id, input: $input) {
      __typename
      ... on User {
        displayName
        station {
          code
        }
      }
    }
  }
`);
const CHANGE_PASSWORD = graphql(`
  mutation ($c: String!, $n: String!) {
    changePassword(currentPassword: $c, newPassword: $n) {
      __typename
      ... on SessionPayload {
        token
      }
      ... on InputError {
        field
        message
      }
    }
  }
`);
const GOOD = 'tidy-otter-lamp-harbour';

beforeAll(async () => {
  t = await createTestApp();
  admin = (await makeUser(t, 'ADMIN')).token;
  manager = (await makeUser(t, 'CITY_MANAGER', { cityCode: 'SH' })).token;
  sh = await makeStation(t, { city_code: 'SH' });
  bj = await makeStation(t, { city_code: 'BJ' });
});
afterAll(() => t.close());

type CreateInput = VariablesOf<typeof CREATE>['input'];
const create = async (input: CreateInput, token = admin) => ok(await t.gql(CREATE, { input }, token)).createUser;
/** A created account and its one-time code (a refusal fails the test). */
const created = async (input: CreateInput, token = admin) => member(await create(input, token), 'UserActivation');
const count = async (table: 'app_user' | 'audit_entry') =>
  Number((await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(t.db.db)).rows[0]!.n);

describe('create and activate', () => {
  it('an admin creates a city manager: a 72 h one-time code, audited without the code', async () => {
    const r = await created({
      role: 'CITY_MANAGER',
      displayName: '北京经理',
      email: 'Mgr.BJ@Example.cn',
      cityCode: 'BJ',
    });
    expect(r.user).toMatchObject({
      email: 'mgr.bj@example.cn',
      role: 'CITY_MANAGER',
      state: 'PENDING',
      city: { code: 'BJ' },
      station: null,
    });
    expect(r.activation.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(r.activation.link).toBe(`/activate?code=${r.activation.code}`);
    expect(new Date(r.activation.expiresAt).getTime() - TEST_NOW.getTime()).toBe(72 * 3600_000);
    const audit = await t.db.db
      .selectFrom('audit_entry')
      .select(['after', 'city_code'])
      .where('action', '=', 'createUser')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(audit.after)).not.toContain(r.activation.code);
    expect(audit.city_code).toBe('BJ');
    const hash = await t.db.db
      .selectFrom('app_user')
      .select(['activation_code_hash', 'password_hash'])
      .where('email', '=', 'mgr.bj@example.cn')
      .executeTakeFirstOrThrow();
    expect(hash).toEqual({ activation_code_hash: expect.stringMatching(/^[0-9a-f]{64}$/), password_hash: null });
  });

  it('activation refuses a guessable password, then sets a good one and signs in (email or phone)', async () => {
    const { activation } = await created(
      { role: 'STATION_STAFF', displayName: '店员 甲', phone: '+86 139-0000-1111', stationCode: sh.code },
      manager,
    );
    const weak = ok(await t.gql(ACTIVATE, { code: activation.code, password: 'password123' })).activateAccount;
    expect(weak).toEqual({
      __typename: 'InputError',
      field: 'password',
      message: 'password: is too easy to guess: it is a commonly used password; use a longer phrase of unrelated words',
    });
    const short = member(
      ok(await t.gql(ACTIVATE, { code: activation.code, password: 'short' })).activateAccount,
      'InputError',
    );
    expect(short.message).toBe('password: must be at least 8 characters');
    // typed in lower case with spaces: the same code
    const done = member(
      ok(await t.gql(ACTIVATE, { code: activation.code.toLowerCase().replace(/-/g, ' '), password: GOOD }))
        .activateAccount,
      'SessionPayload',
    );
    expect(done).toMatchObject({
      __typename: 'SessionPayload',
      user: { role: 'STATION_STAFF', state: 'ACTIVE', lastSignInAt: TEST_NOW.toISOString() },
    });
    expect(ok(await t.gql(VIEWER, {}, done.token)).viewer).toEqual({ displayName: '店员 甲' });
    expect(ok(await t.gql(SIGN_IN, { email: '13900001111', password: GOOD })).signIn.user.displayName).toBe('店员 甲');
    // a code works once
    const again = member(
      ok(await t.gql(ACTIVATE, { code: activation.code, password: GOOD })).activateAccount,
      'InputError',
    );
    expect(again.field).toBe('code');
  });

  it('an expired code is refused (72 h)', async () => {
    const { activation } = await created({
      role: 'SUSTAINABILITY_ANALYST',
      displayName: 'Late',
      email: 'late@example.cn',
    });
    const saved = t.clock.now;
    t.clock.now = new Date(saved.getTime() + 72 * 3600_000 + 1000);
    try {
      expect(ok(await t.gql(ACTIVATE, { code: activation.code, password: GOOD })).activateAccount).toMatchObject({
        __typename: 'InputError',
        field: 'code',
      });
    } finally {
      t.clock.now = saved;
    }
  });
});

describe('bad input writes nothing', () => {
  it.each<[string, CreateInput, string, string]>([
    ['no email or phone', { role: 'ADMIN', displayName: 'x' }, 'InputError', 'input.email'],
    ['a bad email', { role: 'ADMIN', displayName: 'x', email: 'not-an-email' }, 'InputError', 'input.email'],
    ['a bad phone', { role: 'ADMIN', displayName: 'x', phone: '12345' }, 'InputError', 'input.phone'],
    [
      'staff without a station',
      { role: 'STATION_STAFF', displayName: 'x', email: 'a1@example.cn' },
      'InputError',
      'input.stationCode',
    ],
    [
      'an unknown station',
      { role: 'STATION_STAFF', displayName: 'x', email: 'a2@example.cn', stationCode: 'SH-99999' },
      'NotFoundError',
      'input.stationCode',
    ],
    [
      'a manager without a city',
      { role: 'CITY_MANAGER', displayName: 'x', email: 'a3@example.cn' },
      'InputError',
      'input.cityCode',
    ],
    [
      'an email in use',
      { role: 'ADMIN', displayName: 'x', email: 'mgr.bj@example.cn' },
      'ConflictError',
      'input.email',
    ],
    ['an empty name', { role: 'ADMIN', displayName: '', email: 'a4@example.cn' }, 'InputError', 'input.displayName'],
  ])('%s', async (_label, input, type, field) => {
    const [users, audits] = [await count('app_user'), await count('audit_entry')];
    expect(await create(input)).toMatchObject({ __typename: type, field });
    expect([await count('app_user'), await count('audit_entry')]).toEqual([users, audits]);
  });
});

describe('a city manager manages the staff of their own city only', () => {
  it.each([
    ['staff of another city', { role: 'STATION_STAFF', displayName: 'x', email: 'b1@example.cn', stationCode: 'BJ' }],
    ['a manager', { role: 'CITY_MANAGER', displayName: 'x', email: 'b2@example.cn', cityCode: 'SH' }],
    ['an admin', { role: 'ADMIN', displayName: 'x', email: 'b3@example.cn' }],
  ] as [string, CreateInput][])('cannot create %s', async (_l, input) => {
    const users = await count('app_user');
    const r = await create({ ...input, ...(input.stationCode ? { stationCode: bj.code } : {}) }, manager);
    expect(r.__typename).toBe('ForbiddenError');
    expect(await count('app_user')).toBe(users);
  });
});

describe('reset, deactivate, reactivate, edit', () => {
  it('each takes effect at once at sign-in and is audited with before and after', async () => {
    const { user, activation } = await created(
      { role: 'STATION_STAFF', displayName: '店员 乙', email: 'yi@example.cn', stationCode: sh.code },
      manager,
    );
    ok(await t.gql(ACTIVATE, { code: activation.code, password: GOOD }));
    const id = user.id;
    const reset = member(ok(await t.gql(RESET, { id }, manager)).resetUserPassword, 'UserActivation');
    expect(reset.user.state).toBe('PENDING');
    expect((await t.gql(SIGN_IN, { email: 'yi@example.cn', password: GOOD })).errors?.[0]?.message).toBe(
      'Email or password is wrong',
    );
    const other = 'violet-canyon-drum-maple';
    ok(await t.gql(ACTIVATE, { code: reset.activation.code, password: other }));

    const off = ok(await t.gql(DEACTIVATE, { id, reason: 'left the company' }, manager)).deactivateUser;
    expect(off).toEqual({ __typename: 'User', state: 'DEACTIVATED', deactivationReason: 'left the company' });
    expect((await t.gql(SIGN_IN, { email: 'yi@example.cn', password: other })).errors?.[0]?.message).toBe(
      'This account is deactivated; ask your manager',
    );
    expect(ok(await t.gql(DEACTIVATE, { id, reason: 'again' }, manager)).deactivateUser.__typename).toBe(
      'ConflictError',
    );

    expect(ok(await t.gql(REACTIVATE, { id }, manager)).reactivateUser).toEqual({
      __typename: 'User',
      state: 'ACTIVE',
    });
    expect(ok(await t.gql(SIGN_IN, { email: 'yi@example.cn', password: other })).signIn.user.displayName).toBe(
      '店员 乙',
    );

    const sh2 = await makeStation(t, { city_code: 'SH' });
    const moved = ok(
      await t.gql(UPDATE, { id, input: { stationCode: sh2.code, displayName: '店员 乙二' } }, manager),
    ).updateUser;
    expect(moved).toEqual({ __typename: 'User', displayName: '店员 乙二', station: { code: sh2.code } });
    const audit = await t.db.db
      .selectFrom('audit_entry')
      .select(['before', 'after'])
      .where('action', '=', 'updateUser')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(audit.before).toMatchObject({ displayName: '店员 乙', stationCode: sh.code });
    expect(audit.after).toMatchObject({ displayName: '店员 乙二', stationCode: sh2.code });
    // ... but not to a station of another city
    expect(ok(await t.gql(UPDATE, { id, input: { stationCode: bj.code } }, manager)).updateUser.__typename).toBe(
      'ForbiddenError',
    );
    const entries = await t.db.db
      .selectFrom('audit_entry')
      .select(['action', 'city_code'])
      .where('entity', '=', 'app_user')
      .where('entity_id', '=', String(Number(Buffer.from(user.id, 'base64').toString().split(':')[1])))
      .execute();
    const actions = entries.map((a) => a.action);
    // Every entry about a Shanghai staff member is in Shanghai's log, the activation included, so
    // the city's manager sees all of them in the audit log.
    expect(entries.filter((a) => a.city_code !== 'SH')).toEqual([]);
    expect(actions).toEqual(
      expect.arrayContaining([
        'createUser',
        'activateAccount',
        'resetPassword',
        'deactivateUser',
        'reactivateUser',
        'updateUser',
      ]),
    );
  });

  it('a person changes their own password: the current one is checked and the new one judged', async () => {
    const { activation } = await created({
      role: 'SUSTAINABILITY_ANALYST',
      displayName: 'Ana',
      email: 'ana@example.cn',
    });
    const { token } = member(
      ok(await t.gql(ACTIVATE, { code: activation.code, password: GOOD })).activateAccount,
      'SessionPayload',
    );
    const change = (currentPassword: string, newPassword: string) =>
      t.gql(CHANGE_PASSWORD, { c: currentPassword, n: newPassword }, token).then((r) => ok(r).changePassword);
    expect(await change('wrong-password', 'quiet-ferry-nine-lanterns')).toMatchObject({
      __typename: 'InputError',
      field: 'currentPassword',
    });
    expect(await change(GOOD, 'ana@example.cn1')).toMatchObject({ __typename: 'InputError', field: 'newPassword' });
    expect((await change(GOOD, 'quiet-ferry-nine-lanterns')).__typename).toBe('SessionPayload');
    expect(
      ok(await t.gql(SIGN_IN, { email: 'ana@example.cn', password: 'quiet-ferry-nine-lanterns' })).signIn.user
        .displayName,
    ).toBe('Ana');
  });
});

describe('listing users', () => {
  const LIST = graphql(`
    query (
      $role: [Role!]
      $state: [AccountState!]
      $search: String
      $stationCode: String
      $first: Int
      $after: String
    ) {
      users(role: $role, state: $state, search: $search, stationCode: $stationCode, first: $first, after: $after) {
        totalCount
        edges {
          cursor
          node {
            displayName
            role
            state
            city {
              code
            }
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  `);

  it('an admin filters by role, state, station and text, newest first, paged', async () => {
    const pending = ok(await t.gql(LIST, { role: ['CITY_MANAGER'], state: ['PENDING'] }, admin)).users;
    expect(pending.edges.map((e) => e.node.displayName)).toEqual(['北京经理']);
    const staff = ok(await t.gql(LIST, { stationCode: sh.code }, admin)).users;
    expect(staff.edges.map((e) => e.node.displayName)).toEqual(['店员 甲']);
    expect(ok(await t.gql(LIST, { search: '店员' }, admin)).users.totalCount).toBe(2);
    const page1 = ok(await t.gql(LIST, { first: 2 }, admin)).users;
    const page2 = ok(await t.gql(LIST, { first: 2, after: page1.pageInfo.endCursor }, admin)).users;
    expect(page1.pageInfo.hasNextPage).toBe(true);
    expect(page2.edges[0]?.node.displayName).not.toBe(page1.edges[1]?.node.displayName);
  });

  it('a manager sees the staff of their city only; staff and analysts may not list', async () => {
    const mine = ok(await t.gql(LIST, {}, manager)).users;
    expect(mine.edges.every((e) => e.node.role === 'STATION_STAFF' && e.node.city?.code === 'SH')).toBe(true);
    expect(mine.totalCount).toBe(2);
    const analyst = (await makeUser(t, 'SUSTAINABILITY_ANALYST')).token;
    expect((await t.gql(LIST, {}, analyst)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

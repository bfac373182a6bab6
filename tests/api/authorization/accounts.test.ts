// Authorization matrix (see matrix.ts): user accounts: the list, creating staff and managers,
// resetting, editing, deactivating and reactivating, activation and password changes.
import { expect } from 'vitest';
import {
  type Answer,
  AT,
  by,
  call,
  fx,
  MANAGE,
  N,
  type Op,
  ROLE_DENIED,
  runMatrix,
  stationOf,
  t,
  targetUser,
  U,
  unique,
  Y,
} from './matrix.ts';

const target = { gid: '' };
const accountOp = (
  name: string,
  mutation: string,
  field: string,
  check: (d: Answer) => void,
  prepare?: () => Promise<void>,
): Op => ({
  name,
  expect: MANAGE,
  deniedAt: [field],
  write: true,
  unionMessage: ROLE_DENIED,
  prepare: async () => {
    target.gid = await targetUser();
    await prepare?.();
  },
  run: (c) => call(c, mutation, { id: target.gid }),
  allowed: (d) => check(d[field]),
});

runMatrix([
  {
    name: 'users (connection)',
    expect: by(N, N, Y, N, Y),
    deniedAt: ['users'],
    run: (c) => call(c, '{ users(first: 5) { totalCount edges { node { role } } } }'),
    allowed: (d, c) => {
      expect(d.users.totalCount).toBeGreaterThanOrEqual(1);
      if (c === 'CITY_MANAGER')
        expect(d.users.edges.every((e: { node: { role: string } }) => e.node.role === 'STATION_STAFF')).toBe(true);
    },
  },
  {
    name: `createUser (staff at ${AT.A})`,
    expect: MANAGE,
    deniedAt: ['createUser'],
    write: true,
    unionMessage: ROLE_DENIED,
    run: (c) =>
      call(
        c,
        `mutation($input: CreateUserInput!) { createUser(input: $input) { __typename ... on UserActivation { user { role } activation { code } } ... on Error { message } } }`,
        {
          input: {
            role: 'STATION_STAFF',
            displayName: 'New staff',
            email: `new-${unique()}@test.cn`,
            stationCode: stationOf('A').code,
          },
        },
      ),
    allowed: (d, _c, ch) => {
      expect(d.createUser.user.role).toBe('STATION_STAFF');
      expect(ch!.after.users).toBe(ch!.before.users + 1);
    },
  },
  {
    name: 'createUser (city manager of BJ)',
    expect: by(N, N, U, N, Y),
    deniedAt: ['createUser'],
    write: true,
    unionMessage: ROLE_DENIED,
    run: (c) =>
      call(
        c,
        `mutation($input: CreateUserInput!) { createUser(input: $input) { __typename ... on UserActivation { user { role } } ... on Error { message } } }`,
        {
          input: { role: 'CITY_MANAGER', displayName: 'BJ manager', email: `bj-${unique()}@test.cn`, cityCode: 'BJ' },
        },
      ),
    allowed: (d) => expect(d.createUser.user.role).toBe('CITY_MANAGER'),
  },
  accountOp(
    `updateUser (staff at ${AT.A})`,
    'mutation($id: ID!) { updateUser(id: $id, input: { displayName: "Renamed" }) { __typename ... on User { displayName } ... on Error { message } } }',
    'updateUser',
    (r) => expect(r).toEqual({ __typename: 'User', displayName: 'Renamed' }),
  ),
  accountOp(
    `resetUserPassword (staff at ${AT.A})`,
    'mutation($id: ID!) { resetUserPassword(id: $id) { __typename ... on UserActivation { user { state } } ... on Error { message } } }',
    'resetUserPassword',
    (r) => expect(r).toEqual({ __typename: 'UserActivation', user: { state: 'PENDING' } }),
  ),
  accountOp(
    `deactivateUser (staff at ${AT.A})`,
    'mutation($id: ID!) { deactivateUser(id: $id, reason: "authorization test") { __typename ... on User { state } ... on Error { message } } }',
    'deactivateUser',
    (r) => expect(r).toEqual({ __typename: 'User', state: 'DEACTIVATED' }),
  ),
  accountOp(
    `reactivateUser (staff at ${AT.A})`,
    'mutation($id: ID!) { reactivateUser(id: $id) { __typename ... on User { state } ... on Error { message } } }',
    'reactivateUser',
    (r) => expect(r).toEqual({ __typename: 'User', state: 'ACTIVE' }),
    async () =>
      void (await t.db.db
        .updateTable('app_user')
        .set({ deactivated_at: t.clock.now, deactivation_reason: 'prepared' })
        .where('id', '=', fx.target)
        .execute()),
  ),
  {
    name: 'activateAccount (a wrong code)',
    expect: by(Y, Y, Y, Y, Y),
    deniedAt: ['activateAccount'],
    run: (c) =>
      call(
        c,
        'mutation { activateAccount(code: "0000-0000-0000", password: "x") { __typename ... on InputError { field } } }',
      ),
    allowed: (d) => expect(d.activateAccount).toEqual({ __typename: 'InputError', field: 'code' }),
  },
  {
    name: 'changePassword (a wrong current password)',
    expect: by(N, Y, Y, Y, Y),
    deniedAt: ['changePassword'],
    run: (c) =>
      call(
        c,
        'mutation { changePassword(currentPassword: "wrong-one", newPassword: "quiet-ferry-nine-lanterns") { __typename ... on InputError { field } } }',
      ),
    allowed: (d) => expect(d.changePassword).toEqual({ __typename: 'InputError', field: 'currentPassword' }),
  },
]);

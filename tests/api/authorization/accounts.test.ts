// Authorization matrix (see matrix.ts): user accounts: the list, creating staff and managers,
// resetting, editing, deactivating and reactivating, activation and password changes.
import { expect } from 'vitest';
import {
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
  op,
} from './matrix.ts';
import { member } from '../../helpers/app.ts';
import { graphql, type ResultOf, type TadaDocumentNode, type VariablesOf } from '../../../web/src/lib/graphql.ts';

const target = { gid: '' };
/** An account mutation on a fresh target (`$id`); `check` reads its answer's `field`. */
const accountOp = <D extends TadaDocumentNode<Record<string, unknown>, { id: string }>, F extends keyof ResultOf<D>>(
  name: string,
  mutation: D,
  field: F & string,
  check: (d: ResultOf<D>[F]) => void,
  prepare?: () => Promise<void>,
): Op =>
  op({
    name,
    expect: MANAGE,
    deniedAt: [field],
    write: true,
    unionMessage: ROLE_DENIED,
    prepare: async () => {
      target.gid = await targetUser();
      await prepare?.();
    },
    run: (c) => call(c, mutation, { id: target.gid } as VariablesOf<D>),
    allowed: (d) => check(d[field]),
  });

runMatrix([
  op({
    name: 'users (connection)',
    expect: by(N, N, Y, N, Y),
    deniedAt: ['users'],
    run: (c) => call(c, graphql('{ users(first: 5) { totalCount edges { node { role } } } }')),
    allowed: (d, c) => {
      expect(d.users.totalCount).toBeGreaterThanOrEqual(1);
      if (c === 'CITY_MANAGER')
        expect(d.users.edges.every((e: { node: { role: string } }) => e.node.role === 'STATION_STAFF')).toBe(true);
    },
  }),
  op({
    name: `createUser (staff at ${AT.A})`,
    expect: MANAGE,
    deniedAt: ['createUser'],
    write: true,
    unionMessage: ROLE_DENIED,
    run: (c) =>
      call(
        c,
        graphql(
          'mutation ($input: CreateUserInput!) { createUser(input: $input) { __typename ... on UserActivation { user { role } activation { code } } ... on Error { message } } }',
        ),
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
      expect(member(d.createUser, 'UserActivation').user.role).toBe('STATION_STAFF');
      expect(ch!.after.users).toBe(ch!.before.users + 1);
    },
  }),
  op({
    name: 'createUser (city manager of BJ)',
    expect: by(N, N, U, N, Y),
    deniedAt: ['createUser'],
    write: true,
    unionMessage: ROLE_DENIED,
    run: (c) =>
      call(
        c,
        graphql(
          'mutation ($input: CreateUserInput!) { createUser(input: $input) { __typename ... on UserActivation { user { role } } ... on Error { message } } }',
        ),
        {
          input: { role: 'CITY_MANAGER', displayName: 'BJ manager', email: `bj-${unique()}@test.cn`, cityCode: 'BJ' },
        },
      ),
    allowed: (d) => expect(member(d.createUser, 'UserActivation').user.role).toBe('CITY_MANAGER'),
  }),
  accountOp(
    `updateUser (staff at ${AT.A})`,
    graphql(
      'mutation($id: ID!) { updateUser(id: $id, input: { displayName: "Renamed" }) { __typename ... on User { displayName } ... on Error { message } } }',
    ),
    'updateUser',
    (r) => expect(r).toEqual({ __typename: 'User', displayName: 'Renamed' }),
  ),
  accountOp(
    `resetUserPassword (staff at ${AT.A})`,
    graphql(
      'mutation($id: ID!) { resetUserPassword(id: $id) { __typename ... on UserActivation { user { state } } ... on Error { message } } }',
    ),
    'resetUserPassword',
    (r) => expect(r).toEqual({ __typename: 'UserActivation', user: { state: 'PENDING' } }),
  ),
  accountOp(
    `deactivateUser (staff at ${AT.A})`,
    graphql(
      'mutation($id: ID!) { deactivateUser(id: $id, reason: "authorization test") { __typename ... on User { state } ... on Error { message } } }',
    ),
    'deactivateUser',
    (r) => expect(r).toEqual({ __typename: 'User', state: 'DEACTIVATED' }),
  ),
  accountOp(
    `reactivateUser (staff at ${AT.A})`,
    graphql(
      'mutation($id: ID!) { reactivateUser(id: $id) { __typename ... on User { state } ... on Error { message } } }',
    ),
    'reactivateUser',
    (r) => expect(r).toEqual({ __typename: 'User', state: 'ACTIVE' }),
    async () =>
      void (await t.db.db
        .updateTable('app_user')
        .set({ deactivated_at: t.clock.now, deactivation_reason: 'prepared' })
        .where('id', '=', fx.target)
        .execute()),
  ),
  op({
    name: 'activateAccount (a wrong code)',
    expect: by(Y, Y, Y, Y, Y),
    deniedAt: ['activateAccount'],
    run: (c) =>
      call(
        c,
        graphql(
          'mutation { activateAccount(code: "0000-0000-0000", password: "x") { __typename ... on InputError { field } } }',
        ),
      ),
    allowed: (d) => expect(d.activateAccount).toEqual({ __typename: 'InputError', field: 'code' }),
  }),
  op({
    name: 'changePassword (a wrong current password)',
    expect: by(N, Y, Y, Y, Y),
    deniedAt: ['changePassword'],
    run: (c) =>
      call(
        c,
        graphql(
          'mutation { changePassword(currentPassword: "wrong-one", newPassword: "quiet-ferry-nine-lanterns") { __typename ... on InputError { field } } }',
        ),
      ),
    allowed: (d) => expect(d.changePassword).toEqual({ __typename: 'InputError', field: 'currentPassword' }),
  }),
]);

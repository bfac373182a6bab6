// Authorization matrix (see matrix.ts): counter devices: pairing codes, the device list,
// revoking, pairing and the current device.
import { expect } from 'vitest';
import { AT, by, call, N, ROLE_DENIED, runMatrix, type StationKey, stationOf, t, U, unique, Y, op } from './matrix.ts';
import { graphql } from '../../../web/src/lib/graphql.ts';
import { member } from '../../helpers/app.ts';

runMatrix([
  ...(['A', 'C'] as StationKey[]).map((k) =>
    op({
      name: `createPairingCode at ${AT[k]}`,
      expect: { A: by(N, Y, Y, U, Y), B: by(N, U, Y, U, Y), C: by(N, U, U, U, Y) }[k],
      deniedAt: ['createPairingCode'],
      write: true,
      unionMessage: ROLE_DENIED,
      run: (c) =>
        call(
          c,
          graphql(
            'mutation($s: String!) { createPairingCode(stationCode: $s) { __typename ... on PairingCode { code } ... on Error { message } } }',
          ),
          { s: stationOf(k).code },
        ),
      allowed: (d) => expect(member(d.createPairingCode, 'PairingCode').code).toMatch(/^\d{8}$/),
    }),
  ),
  ...(['A', 'C'] as StationKey[]).map((k) =>
    op({
      name: `devices(stationCode) of ${AT[k]}`,
      expect: { A: by(N, Y, Y, N, Y), B: by(N, N, Y, N, Y), C: by(N, N, N, N, Y) }[k],
      deniedAt: ['devices'],
      run: (c) =>
        call(c, graphql('query($s: String) { devices(stationCode: $s) { edges { node { name } } } }'), {
          s: stationOf(k).code,
        }),
      allowed: (d) => expect(Array.isArray(d.devices.edges)).toBe(true),
    }),
  ),
  ...(['A', 'C'] as StationKey[]).map((k) => {
    const dev = { id: 0 };
    return op({
      name: `revokeDevice of a device at ${AT[k]}`,
      expect: { A: by(N, Y, Y, U, Y), B: by(N, U, Y, U, Y), C: by(N, U, U, U, Y) }[k],
      deniedAt: ['revokeDevice'],
      write: true,
      unionMessage: ROLE_DENIED,
      prepare: async () => {
        dev.id = (
          await t.db.db
            .insertInto('counter_device')
            .values({ station_id: stationOf(k).id, name: 'authz', secret_hash: `authz-${unique()}` })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id;
      },
      run: (c) =>
        call(
          c,
          graphql(
            'mutation($id: Int!) { revokeDevice(id: $id) { __typename ... on CounterDevice { id revokedAt } ... on Error { message } } }',
          ),
          { id: dev.id },
        ),
      allowed: (d) => expect(d.revokeDevice).toMatchObject({ __typename: 'CounterDevice', id: dev.id }),
    });
  }),
  op({
    name: 'pairDevice (a wrong code)',
    expect: by(Y, Y, Y, Y, Y),
    deniedAt: ['pairDevice'],
    run: (c) =>
      call(
        c,
        graphql('mutation { pairDevice(code: "00000000", name: "x") { __typename ... on InputError { field } } }'),
      ),
    allowed: (d) => expect(d.pairDevice).toEqual({ __typename: 'InputError', field: 'code' }),
  }),
  op({
    name: 'currentDevice (no device header)',
    expect: by(Y, Y, Y, Y, Y),
    deniedAt: ['currentDevice'],
    run: (c) => call(c, graphql('{ currentDevice { id } }')),
    allowed: (d) => expect(d.currentDevice).toBeNull(),
  }),
]);

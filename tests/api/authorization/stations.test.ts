// Authorization matrix (see matrix.ts): cities, materials and stations: public fields, details
// (bin, today's totals), drop-off nodes, status, pickups, create, edit, decommission, recommission.
import { expect } from 'vitest';
import {
  AT,
  by,
  call,
  CENTRE,
  fx,
  MANAGE,
  N,
  OPERATE,
  readStation,
  ROLE_DENIED,
  runMatrix,
  nextSeq,
  STATION_READ,
  type StationKey,
  stationKeys,
  stationOf,
  t,
  U,
  Y,
  op,
} from './matrix.ts';
import { graphql } from '../../../web/src/lib/graphql.ts';

runMatrix([
  op({
    name: 'cities',
    expect: by(Y, Y, Y, Y, Y),
    deniedAt: ['cities'],
    run: (c) => call(c, graphql('{ cities { code } }')),
    allowed: (d) => {
      expect(d.cities).toHaveLength(20);
      expect(d.cities.map((x: { code: string }) => x.code)).toContain('BJ');
    },
  }),
  op({
    name: 'materials',
    expect: by(Y, Y, Y, Y, Y),
    deniedAt: ['materials'],
    run: (c) => call(c, graphql('{ materials { code } }')),
    allowed: (d) => {
      expect(d.materials).toHaveLength(6);
    },
  }),
  op({
    name: 'stations(cityCode: SH) public fields',
    expect: by(Y, Y, Y, Y, Y),
    deniedAt: ['stations'],
    run: (c) =>
      call(
        c,
        graphql('{ stations(cityCode: "SH", first: 100) { edges { node { code name address lat lng status } } } }'),
      ),
    allowed: (d) => {
      const codes = d.stations.edges.map((e: { node: { code: string } }) => e.node.code);
      expect(codes).toEqual(expect.arrayContaining([fx.station.A.code, fx.station.B.code]));
      expect(codes).not.toContain(fx.station.C.code);
    },
  }),
  ...(['A', 'C'] as StationKey[]).map((k) =>
    op({
      name: `station(code){code status} of ${AT[k]}`,
      expect: by(Y, Y, Y, Y, Y),
      deniedAt: ['station'],
      run: (c) =>
        call(c, graphql('query($code: String!) { station(code: $code) { code status } }'), {
          code: fx.station[k].code,
        }),
      allowed: (d) => expect(d.station).toEqual({ code: fx.station[k].code, status: 'OPEN' }),
    }),
  ),
  op({
    name: 'node(id) of BJ station C',
    expect: by(Y, Y, Y, Y, Y),
    deniedAt: ['node'],
    run: (c) =>
      call(c, graphql('query($id: ID!) { node(id: $id) { id ... on Station { code } } }'), { id: fx.station.C.gid }),
    allowed: (d) => expect(d.node).toEqual({ id: fx.station.C.gid, code: fx.station.C.code }),
  }),
  ...readStation(
    'binItems',
    graphql('query($code: String!) { station(code: $code) { code binItems } }'),
    'binItems',
    (s) => expect(s.binItems).toBeTypeOf('number'),
    STATION_READ,
  ),
  // Each station holds at least the 2 items logged in beforeAll today (voids in other cases hit other entries).
  ...readStation(
    'totals{items}',
    graphql('query($code: String!) { station(code: $code) { code totals { items } } }'),
    'totals',
    (s) => expect(s.totals.items).toBeGreaterThanOrEqual(2),
    STATION_READ,
  ),
  ...readStation(
    'dropOffs(first:5)',
    graphql('query($code: String!) { station(code: $code) { code dropOffs(first: 5) { edges { node { id } } } } }'),
    'dropOffs',
    (s) => expect(s.dropOffs.edges.length).toBeGreaterThanOrEqual(1),
    STATION_READ,
  ),
  ...stationKeys.map((k) =>
    op({
      // DropOff's scopes are on the type: the denial surfaces at its first field and nulls the node.
      name: `node(id) of a DropOff at ${AT[k]}`,
      expect: STATION_READ[k],
      deniedAt: ['node', 'id'],
      run: (c) =>
        call(c, graphql('query($id: ID!) { node(id: $id) { id ... on DropOff { quantity station { code } } } }'), {
          id: fx.dropOff[k],
        }),
      allowed: (d) => expect(d.node).toEqual({ id: fx.dropOff[k], quantity: 2, station: { code: fx.station[k].code } }),
    }),
  ),
  ...stationKeys.map((k) =>
    op({
      name: `setStationStatus at ${AT[k]}`,
      expect: OPERATE[k],
      deniedAt: ['setStationStatus'],
      write: true,
      run: (c) =>
        call(
          c,
          graphql(
            'mutation ($code: String!) { setStationStatus(code: $code, status: MAINTENANCE) { __typename ... on Station { code operatingStatus } ... on Error { message } } }',
          ),
          { code: fx.station[k].code },
        ),
      allowed: (d) =>
        expect(d.setStationStatus).toEqual({
          __typename: 'Station',
          code: fx.station[k].code,
          operatingStatus: 'MAINTENANCE',
        }),
      restore: async () =>
        void (await t.db.db
          .updateTable('station')
          .set({ status: 'OPEN' })
          .where('id', '=', fx.station[k].id)
          .execute()),
    }),
  ),
  ...stationKeys.map((k) =>
    op({
      name: `recordBinPickup at ${AT[k]}`,
      expect: OPERATE[k],
      deniedAt: ['recordBinPickup'],
      write: true,
      run: (c) =>
        call(
          c,
          graphql(
            'mutation ($code: String!) { recordBinPickup(stationCode: $code, kg: 3.5) { __typename ... on BinPickupPayload { kg station { code } } ... on Error { message } } }',
          ),
          { code: fx.station[k].code },
        ),
      allowed: (d, _c, ch) => {
        expect(d.recordBinPickup).toEqual({
          __typename: 'BinPickupPayload',
          kg: 3.5,
          station: { code: fx.station[k].code },
        });
        expect(ch!.after.pickups).toBe(ch!.before.pickups + 1);
      },
    }),
  ),
  ...(['SH', 'BJ'] as const).map((city) =>
    op({
      name: `createStation in ${city}`,
      expect: { SH: by(N, N, Y, N, Y), BJ: by(N, N, N, N, Y) }[city],
      deniedAt: ['createStation'],
      write: true,
      run: (c) => {
        const [lat, lng] = CENTRE[city]!;
        const code = `${city}-7${String(nextSeq()).padStart(4, '0')}`;
        return call(
          c,
          graphql(
            'mutation ($input: CreateStationInput!) { createStation(input: $input) { __typename ... on Station { code city { code } } ... on Error { message } } }',
          ),
          {
            input: {
              code,
              cityCode: city,
              district: '授权区',
              name: `授权测试 ${code}`,
              address: '测试路 1 号',
              lat: lat + 0.01,
              lng,
              binCapacity: 100,
            },
          },
        );
      },
      allowed: (d, _c, ch) => {
        expect(d.createStation).toMatchObject({ __typename: 'Station', city: { code: city } });
        expect(ch!.after.stationCount).toBe(ch!.before.stationCount + 1);
      },
    }),
  ),
  ...stationKeys.map((k) =>
    op({
      name: `updateStation at ${AT[k]}`,
      expect: { A: by(N, N, Y, N, Y), B: by(N, N, Y, N, Y), C: by(N, N, N, N, Y) }[k],
      deniedAt: ['updateStation'],
      write: true,
      run: (c) =>
        call(
          c,
          graphql(
            'mutation ($code: String!, $name: String!) { updateStation(code: $code, input: { name: $name }) { __typename ... on Station { code name } ... on Error { message } } }',
          ),
          { code: fx.station[k].code, name: `改名 ${c}` },
        ),
      allowed: (d, c) =>
        expect(d.updateStation).toEqual({ __typename: 'Station', code: fx.station[k].code, name: `改名 ${c}` }),
    }),
  ),
  ...(['B', 'C'] as StationKey[]).map((k) =>
    op({
      name: `decommissionStation at ${AT[k]}`,
      expect: { A: MANAGE, B: MANAGE, C: by(N, N, U, N, Y) }[k],
      deniedAt: ['decommissionStation'],
      write: true,
      unionMessage: ROLE_DENIED,
      run: (c) =>
        call(
          c,
          graphql(
            'mutation($code: String!) { decommissionStation(code: $code, reason: "authorization test") { __typename ... on Station { code } ... on Error { message } } }',
          ),
          { code: stationOf(k).code },
        ),
      allowed: (d) => expect(d.decommissionStation).toEqual({ __typename: 'Station', code: stationOf(k).code }),
      restore: async () =>
        void (await t.db.db
          .updateTable('station')
          .set({ decommissioned_at: null, decommission_reason: null })
          .where('id', '=', stationOf(k).id)
          .execute()),
    }),
  ),
  op({
    name: `recommissionStation at ${AT.B}`,
    expect: MANAGE,
    deniedAt: ['recommissionStation'],
    write: true,
    unionMessage: ROLE_DENIED,
    prepare: async () =>
      void (await t.db.db
        .updateTable('station')
        .set({ decommissioned_at: t.clock.now, decommission_reason: 'prepared' })
        .where('id', '=', stationOf('B').id)
        .execute()),
    run: (c) =>
      call(
        c,
        graphql(
          'mutation($code: String!) { recommissionStation(code: $code) { __typename ... on Station { code } ... on Error { message } } }',
        ),
        { code: stationOf('B').code },
      ),
    allowed: (d) => expect(d.recommissionStation).toEqual({ __typename: 'Station', code: stationOf('B').code }),
    restore: async () =>
      void (await t.db.db
        .updateTable('station')
        .set({ decommissioned_at: null, decommission_reason: null })
        .where('id', '=', stationOf('B').id)
        .execute()),
  }),
  op({
    name: 'stations(decommissioned: true, cityCode: SH)',
    expect: by(N, N, Y, N, Y),
    deniedAt: ['stations'],
    run: (c) => call(c, graphql('{ stations(decommissioned: true, cityCode: "SH") { totalCount } }')),
    allowed: (d) => expect(d.stations.totalCount).toBe(0),
  }),
]);

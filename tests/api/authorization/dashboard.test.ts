// Authorization matrix (see matrix.ts): the dashboard's reads (summary, map, daily totals) and the
// needs-action queue with its acknowledgements.
import { expect } from 'vitest';
import {
  AT,
  call,
  CITY_OF,
  CITY_READ,
  fx,
  OPERATE,
  readStation,
  runMatrix,
  STATION_READ,
  stationKeys,
  op,
} from './matrix.ts';
import { graphql } from '../../../web/src/lib/graphql.ts';

runMatrix([
  ...(['SH', 'BJ', null] as const).map((city) =>
    op({
      name: `summary(cityCode: ${city})`,
      expect: CITY_READ[String(city)]!,
      deniedAt: ['summary'],
      run: (c) =>
        call(c, graphql('query($city: String) { summary(cityCode: $city) { cityCode stationsByStatus { total } } }'), {
          city,
        }),
      allowed: (d) => {
        expect(d.summary.cityCode).toBe(city);
        expect(d.summary.stationsByStatus.total).toBeGreaterThanOrEqual(city === 'BJ' ? 1 : 2);
      },
    }),
  ),
  ...(['SH', 'BJ', null] as const).map((city) =>
    op({
      name: `mapStations(cityCode: ${city})`,
      expect: CITY_READ[String(city)]!,
      deniedAt: ['mapStations'],
      run: (c) =>
        call(c, graphql('query($city: String) { mapStations(cityCode: $city) { codes binFillPercent } }'), { city }),
      allowed: (d) => {
        const inCity = stationKeys.filter((k) => city === null || CITY_OF[k] === city).map((k) => fx.station[k].code);
        expect(d.mapStations.codes).toEqual(expect.arrayContaining(inCity));
        if (city) expect(d.mapStations.codes.every((code: string) => code.startsWith(`${city}-`))).toBe(true);
      },
    }),
  ),
  ...(['SH', 'BJ', null] as const).map((city) =>
    op({
      name: `summary(cityCode: ${city}).daily`,
      expect: CITY_READ[String(city)]!,
      deniedAt: ['summary'],
      run: (c) =>
        call(c, graphql('query($city: String) { summary(cityCode: $city) { daily { day items } } }'), { city }),
      // Each station holds the items logged in beforeAll today.
      allowed: (d) => expect(d.summary.daily.at(-1)?.items).toBeGreaterThanOrEqual(2),
    }),
  ),
  // --- issue 12: the needs-action work queue (per city, network-wide) and its acknowledgements ---
  ...(['SH', 'BJ', null] as const).map((city) =>
    op({
      name: `needsAction(cityCode: ${city})`,
      expect: CITY_READ[String(city)]!,
      deniedAt: ['needsAction'],
      run: (c) =>
        call(
          c,
          graphql(
            'query($city: String) { needsAction(cityCode: $city, kinds: [FULL, STALE, BIN_80]) { totalCount edges { node { status station { code } } } } }',
          ),
          { city },
        ),
      allowed: (d) => expect(d.needsAction.totalCount).toBe(d.needsAction.edges.length),
    }),
  ),
  ...stationKeys.map((k) =>
    op({
      name: `acknowledgeStation at ${AT[k]}`,
      expect: OPERATE[k],
      deniedAt: ['acknowledgeStation'],
      write: true,
      run: (c) =>
        call(
          c,
          graphql(
            'mutation ($code: String!) { acknowledgeStation(stationCode: $code, note: "on my way") { __typename ... on Acknowledgement { note } ... on Error { message } } }',
          ),
          { code: fx.station[k].code },
        ),
      allowed: (d, _c, ch) => {
        expect(d.acknowledgeStation).toEqual({ __typename: 'Acknowledgement', note: 'on my way' });
        expect(ch!.after.acknowledgements).toBe(ch!.before.acknowledgements + 1);
      },
    }),
  ),
  // A nullable field: a denial nulls the field only (the station's public fields stay).
  ...readStation(
    'latestAcknowledgement',
    graphql('query($code: String!) { station(code: $code) { code latestAcknowledgement { note } } }'),
    'latestAcknowledgement',
    () => {},
    STATION_READ,
  ).map((op) => ({ ...op, deniesFieldOnly: true })),
  // --- end issue 12 ---
]);

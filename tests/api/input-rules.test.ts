// §4 in every GraphQL entry point: impossible dates, years outside 2000..a year ahead and
// timestamps without an offset are an InputError naming the argument (literal or variable), and
// an unknown code (city, station, factor set) is a NotFoundError, never an answer full of zeros.
// (The CSV route's twin cases: carbon-csv/errors.test.ts; drop-off items: drop-offs.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { makeStation, makeUser } from '../helpers/factories.ts';
import { graphql } from '../../web/src/lib/graphql.ts';

let t: TestApp;
let admin: string;
let station: Awaited<ReturnType<typeof makeStation>>;
beforeAll(async () => {
  t = await createTestApp();
  admin = (await makeUser(t, 'ADMIN')).token;
  station = await makeStation(t);
});
afterAll(() => t.close());

const inputError = (field: string, message: string) => [
  expect.objectContaining({
    message: `${field}: ${message}`,
    // Coded messages also carry reason + params (domain/messages.ts), checked in server-messages.test.ts.
    extensions: expect.objectContaining({
      code: 'BAD_USER_INPUT',
      issues: [expect.objectContaining({ field, message })],
    }),
  }),
];

describe('dates in query arguments', () => {
  // TEST_NOW is 2026-11-11: a year ahead is 2027-11-12.
  it.each([
    [
      'summary(from:) literal, February 30th',
      '{ summary(from: "2026-02-30") { totals { items } } }',
      'from',
      'is not a real calendar date',
    ],
    [
      'summary(to:) literal, month 13',
      '{ summary(from: "2026-11-01", to: "2026-13-01") { totals { items } } }',
      'to',
      'is not a real calendar date',
    ],
    [
      'summary(from:) literal, year 1999',
      '{ summary(from: "1999-12-31") { totals { items } } }',
      'from',
      'year must be between 2000 and 2099',
    ],
    [
      'summary(from:) literal, not a date',
      '{ summary(from: "11/11/2026") { totals { items } } }',
      'from',
      'must be a date "YYYY-MM-DD", got "11/11/2026"',
    ],
    [
      'summary(from:) literal, a timestamp',
      '{ summary(from: "2026-11-11T00:00:00Z") { totals { items } } }',
      'from',
      'must be a date "YYYY-MM-DD", got "2026-11-11T00:00:00Z"',
    ],
    [
      'summary.daily(to:) nested field, 2026-04-31',
      '{ summary { daily(to: "2026-04-31") { day } } }',
      'to',
      'is not a real calendar date',
    ],
    [
      'summary(from:), more than a year ahead',
      '{ summary(from: "2027-12-01", to: "2027-12-02") { totals { items } } }',
      'from',
      'is more than a year after today (2027-12-01 > 2027-11-12)',
    ],
  ])('%s → InputError on the argument', async (_name, query, field, message) => {
    const r = await t.gql(query, {}, admin);
    expect(r.errors).toEqual(inputError(field, message));
  });

  it('carbonReport has InputError in its result union: the same rule answers there', async () => {
    const r = await t.gql(
      graphql(
        '{ carbonReport(from: "2027-11-01", to: "2027-11-13", groupBy: [CITY]) { __typename ... on InputError { field message } } }',
      ),
      {},
      admin,
    );
    expect(r.data?.carbonReport).toEqual({
      __typename: 'InputError',
      field: 'to',
      message: 'to: is more than a year after today (2027-11-13 > 2027-11-12)',
    });
  });

  it('the same through variables names the argument the variable feeds (not the variable)', async () => {
    const r = await t.gql(
      graphql('query($d: Date) { summary(from: $d) { totals { items } } }'),
      { d: '2026-02-29' },
      admin,
    );
    expect(r.errors).toEqual(inputError('from', 'is not a real calendar date'));
    const s = await t.gql(
      graphql('query($c: String!, $d: Date) { station(code: $c) { totals(to: $d) { items } } }'),
      { c: station.code, d: '2100-01-01' },
      admin,
    );
    expect(s.errors).toEqual(inputError('to', 'year must be between 2000 and 2099'));
  });

  it('a leap day and a year ahead exactly are fine', async () => {
    const r = await t.gql(
      graphql(
        '{ a: summary(from: "2024-02-29", to: "2024-03-01") { totals { items } } b: summary(from: "2027-11-01", to: "2027-11-12") { totals { items } } }',
      ),
      {},
      admin,
    );
    expect(r.errors).toBeUndefined();
    expect(r.data).toEqual({ a: { totals: { items: 0 } }, b: { totals: { items: 0 } } });
  });
});

describe('unknown codes are NotFoundError, never zeros', () => {
  it.each([
    ['summary(cityCode:)', '{ summary(cityCode: "XX") { totals { items } } }', 'City "XX" does not exist', 'cityCode'],
    ['mapStations(cityCode:)', '{ mapStations(cityCode: "XX") { count } }', 'City "XX" does not exist', 'cityCode'],
    [
      'needsAction(cityCode:)',
      '{ needsAction(cityCode: "XX") { totalCount } }',
      'City "XX" does not exist',
      'cityCode',
    ],
    ['stations(cityCode:)', '{ stations(cityCode: "XX") { totalCount } }', 'City "XX" does not exist', 'cityCode'],
    [
      'summary(factorSet:)',
      '{ summary(factorSet: "NOPE") { co2eAvoided { total { central } } } }',
      'Emission factor set "NOPE" does not exist',
      'factorSet',
    ],
    [
      'totals.co2eAvoided(factorSet:)',
      '{ summary { totals { co2eAvoided(factorSet: "NOPE") { total { central } } } } }',
      'Emission factor set "NOPE" does not exist',
      'factorSet',
    ],
  ])('%s', async (_name, query, message, field) => {
    const r = await t.gql(query, {}, admin);
    expect(r.errors).toEqual([
      expect.objectContaining({
        message,
        extensions: { code: 'NOT_FOUND', field, reason: 'notFound', params: expect.any(Object) },
      }),
    ]);
  });

  it('known codes still answer (SH has a station here)', async () => {
    const r = await t.gql(
      graphql(
        '{ summary(cityCode: "SH") { stationsByStatus { total } } mapStations(cityCode: "SH") { count } stations(cityCode: "SH") { totalCount } }',
      ),
      {},
      admin,
    );
    expect(r.errors).toBeUndefined();
    expect(r.data?.mapStations.count).toBeGreaterThan(0);
  });
});

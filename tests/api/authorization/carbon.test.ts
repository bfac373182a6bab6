// Authorization matrix (see matrix.ts): emission factor sets, carbon reports, comparisons and
// sensitivity, the carbon method, publishing a set and choosing the default.
import { expect } from 'vitest';
import { op, AT, by, call, CITY_READ, fx, N, type Op, runMatrix, nextSeq, STATION_READ, Y } from './matrix.ts';
import { graphql } from '../../../web/src/lib/graphql.ts';
import { member } from '../../helpers/app.ts';

runMatrix([
  op({
    name: 'emissionFactorSets',
    expect: by(N, Y, Y, Y, Y),
    deniedAt: ['emissionFactorSets'],
    run: (c) => call(c, graphql('{ emissionFactorSets { version isDefault } }')),
    allowed: (d) => expect(d.emissionFactorSets.filter((s: { isDefault: boolean }) => s.isDefault)).toHaveLength(1),
  }),
  ...(
    [
      ['network', {}, by(N, N, N, Y, Y)],
      ['cityCodes [SH]', { cityCodes: ['SH'] }, CITY_READ.SH!],
      ['cityCodes [BJ]', { cityCodes: ['BJ'] }, CITY_READ.BJ!],
      [`stationCodes [${AT.A}]`, { stationKey: 'A' }, STATION_READ.A],
      [`stationCodes [${AT.C}]`, { stationKey: 'C' }, STATION_READ.C],
    ] as const
  ).flatMap(([label, scope, e]): Op[] => {
    const vars = () => ({
      cityCodes: 'cityCodes' in scope ? [...scope.cityCodes] : null,
      stationCodes: 'stationKey' in scope ? [fx.station[scope.stationKey].code] : null,
    });
    return [
      op({
        name: `carbonReport(${label})`,
        expect: e,
        deniedAt: ['carbonReport'],
        run: (c) =>
          call(
            c,
            graphql(
              'query ($cityCodes: [String!], $stationCodes: [String!]) { carbonReport(groupBy: [NETWORK], cityCodes: $cityCodes, stationCodes: $stationCodes) { __typename ... on CarbonReport { total { items } } } }',
            ),
            vars(),
          ),
        // at least the 2 items logged at each station in beforeAll
        allowed: (d) => {
          expect(d.carbonReport.__typename).toBe('CarbonReport');
          expect(member(d.carbonReport, 'CarbonReport').total.items).toBeGreaterThanOrEqual(2);
        },
      }),
      op({
        name: `compareFactorSets(${label})`,
        expect: e,
        deniedAt: ['compareFactorSets'],
        run: (c) =>
          call(
            c,
            graphql(
              'query ($cityCodes: [String!], $stationCodes: [String!]) { compareFactorSets( a: "DESNZ-2025" b: "DESNZ-2023" groupBy: [NETWORK] cityCodes: $cityCodes stationCodes: $stationCodes ) { __typename ... on FactorSetComparison { total { items } } } }',
            ),
            vars(),
          ),
        allowed: (d) => {
          expect(d.compareFactorSets.__typename).toBe('FactorSetComparison');
          expect(member(d.compareFactorSets, 'FactorSetComparison').total.items).toBeGreaterThanOrEqual(2);
        },
      }),
      // --- issue 13: the method page's sensitivity table follows the report's scope rules ---
      op({
        name: `carbonSensitivity(${label})`,
        expect: e,
        deniedAt: ['carbonSensitivity'],
        run: (c) =>
          call(
            c,
            graphql(
              'query ($cityCodes: [String!], $stationCodes: [String!]) { carbonSensitivity(cityCodes: $cityCodes, stationCodes: $stationCodes) { __typename ... on CarbonSensitivity { kg rows { factorSet { version } } } } }',
            ),
            vars(),
          ),
        allowed: (d) => {
          expect(d.carbonSensitivity.__typename).toBe('CarbonSensitivity');
          expect(member(d.carbonSensitivity, 'CarbonSensitivity').rows[0]?.factorSet.version).toBe('CN-2026');
        },
      }),
    ];
  }),
  // --- issue 13: the versioned method is for anyone signed in ---
  op({
    name: 'carbonMethod',
    expect: by(N, Y, Y, Y, Y),
    deniedAt: ['carbonMethod'],
    run: (c) => call(c, graphql('{ carbonMethod { version approvedOn } }')),
    allowed: (d) => expect(d.carbonMethod).toEqual({ version: '2026.1', approvedOn: '2026-12-01' }),
  }),
  op({
    name: 'publishFactorSet',
    expect: by(N, N, N, N, Y),
    deniedAt: ['publishFactorSet'],
    write: true,
    run: (c) =>
      call(
        c,
        graphql(
          'mutation ($input: PublishFactorSetInput!) { publishFactorSet(input: $input) { __typename ... on EmissionFactorSet { version isDefault } ... on Error { message } } }',
        ),
        {
          input: {
            version: `AUTHZ-${nextSeq()}`,
            name: 'Authorization test set',
            displacementRate: 1,
            notes: '',
            factors: [
              {
                materialCode: 'BOX_M',
                outcome: 'REUSED',
                unit: 'PER_ITEM',
                value: 0.037,
                low: 0.037,
                high: 0.037,
                source: 'authorization test',
                year: 2026,
              },
            ],
          },
        },
      ),
    allowed: (d) => expect(d.publishFactorSet).toMatchObject({ __typename: 'EmissionFactorSet', isDefault: false }),
  }),
  op({
    name: 'setDefaultFactorSet(DESNZ-2025)',
    expect: by(N, N, N, N, Y),
    deniedAt: ['setDefaultFactorSet'],
    write: true,
    run: (c) =>
      call(
        c,
        graphql(
          'mutation { setDefaultFactorSet(version: "DESNZ-2025") { __typename ... on EmissionFactorSet { version isDefault } ... on Error { message } } }',
        ),
      ),
    allowed: (d) =>
      expect(d.setDefaultFactorSet).toEqual({
        __typename: 'EmissionFactorSet',
        version: 'DESNZ-2025',
        isDefault: true,
      }),
  }),
]);

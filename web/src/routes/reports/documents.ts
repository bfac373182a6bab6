// The carbon report pages' GraphQL documents, and the shapes their components take (read from the
// documents, so they follow the schema).
import { graphql, type ResultOf } from '../../lib/graphql.ts';
import { ResultErrorFields } from '../../lib/documents.ts';

const Co2eSplitFields = graphql(`
  fragment Co2eSplitFields on Co2eSplit {
    reuse {
      central
      low
      high
    }
    recycle {
      central
      low
      high
    }
    total {
      central
      low
      high
    }
  }
`);
export type Co2eSplit = ResultOf<typeof Co2eSplitFields>;
export type Co2e = Co2eSplit['total'];

export const ReportRowFields = graphql(
  `
    fragment ReportRowFields on CarbonReportRow {
      cityCode
      cityNameZh
      cityNameEn
      day
      materialCode
      outcome
      items
      itemsReused
      itemsRecycled
      kg
      kgWeighed
      kgEstimated
      weighedShare
      dataQualityScore
      co2e {
        ...Co2eSplitFields
      }
    }
  `,
  [Co2eSplitFields],
);
export type ReportRow = ResultOf<typeof ReportRowFields>;

const MethodFields = graphql(`
  fragment MethodFields on CarbonMethod {
    version
    approvedBy
    approvedOn
    document
  }
`);
export type CarbonMethod = ResultOf<typeof MethodFields>;

/** One grouping per request: all four in one would exceed the API's query breadth limit. */
export const CarbonReportQuery = graphql(
  `
    query CarbonReport(
      $groupBy: [CarbonReportDimension!]!
      $from: Date
      $to: Date
      $cityCodes: [String!]
      $stationCodes: [String!]
      $factorSet: String
      $displacementRate: Float
    ) {
      report: carbonReport(
        groupBy: $groupBy
        from: $from
        to: $to
        cityCodes: $cityCodes
        stationCodes: $stationCodes
        factorSet: $factorSet
        displacementRate: $displacementRate
      ) {
        __typename
        ... on CarbonReport {
          from
          to
          cityCodes
          stationCodes
          generatedAt
          reportId
          uncovered
          displacementRate
          displacementScenario
          method {
            ...MethodFields
          }
          factorSet {
            version
            name
            displacementRate
          }
          rows {
            ...ReportRowFields
          }
          total {
            ...ReportRowFields
          }
        }
        ...ResultErrorFields
      }
    }
  `,
  [ReportRowFields, MethodFields, ResultErrorFields],
);
export type Report = Extract<ResultOf<typeof CarbonReportQuery>['report'], { __typename: 'CarbonReport' }>;

const ComparisonRowFields = graphql(
  `
    fragment ComparisonRowFields on FactorSetComparisonRow {
      cityCode
      cityNameZh
      cityNameEn
      materialCode
      items
      kg
      a {
        ...Co2eSplitFields
      }
      b {
        ...Co2eSplitFields
      }
      difference {
        ...Co2eSplitFields
      }
    }
  `,
  [Co2eSplitFields],
);
export type ComparisonRow = ResultOf<typeof ComparisonRowFields>;

export const CompareFactorSetsQuery = graphql(
  `
    query CompareFactorSets(
      $groupBy: [CarbonReportDimension!]!
      $from: Date
      $to: Date
      $cityCodes: [String!]
      $stationCodes: [String!]
      $displacementRate: Float
      $a: String!
      $b: String!
    ) {
      comparison: compareFactorSets(
        groupBy: $groupBy
        from: $from
        to: $to
        cityCodes: $cityCodes
        stationCodes: $stationCodes
        displacementRate: $displacementRate
        a: $a
        b: $b
      ) {
        __typename
        ... on FactorSetComparison {
          reportId
          displacementScenario
          a {
            version
            displacementRate
          }
          b {
            version
            displacementRate
          }
          rows {
            ...ComparisonRowFields
          }
          total {
            ...ComparisonRowFields
          }
        }
        ...ResultErrorFields
      }
    }
  `,
  [ComparisonRowFields, ResultErrorFields],
);
export type Comparison = Extract<
  ResultOf<typeof CompareFactorSetsQuery>['comparison'],
  { __typename: 'FactorSetComparison' }
>;

export const SensitivityQuery = graphql(
  `
    query CarbonSensitivity($from: Date, $to: Date, $cityCodes: [String!], $stationCodes: [String!]) {
      sensitivity: carbonSensitivity(from: $from, to: $to, cityCodes: $cityCodes, stationCodes: $stationCodes) {
        __typename
        ... on CarbonSensitivity {
          from
          to
          displacementScenarios
          kg
          weighedShare
          rows {
            factorSet {
              version
              name
              isDefault
              displacementRate
            }
            ownRate {
              central
              low
              high
            }
            scenarios {
              displacementRate
              total {
                central
                low
                high
              }
            }
          }
        }
        ...ResultErrorFields
      }
    }
  `,
  [ResultErrorFields],
);
export type Sensitivity = Extract<
  ResultOf<typeof SensitivityQuery>['sensitivity'],
  { __typename: 'CarbonSensitivity' }
>;

export const CarbonMethodQuery = graphql(
  `
    query CarbonMethod {
      carbonMethod {
        ...MethodFields
        defaultFactorSet
        displacementScenarios
      }
    }
  `,
  [MethodFields],
);

export const ReportCitiesQuery = graphql(`
  query ReportCities {
    cities {
      code
      nameZh
      nameEn
    }
  }
`);
export type ReportCity = ResultOf<typeof ReportCitiesQuery>['cities'][number];

export const StationSuggestionsQuery = graphql(`
  query StationSuggestions($search: String!, $cityCode: String) {
    stations(search: $search, cityCode: $cityCode, first: 20) {
      edges {
        node {
          code
          name
        }
      }
    }
  }
`);

// The carbon report pages' GraphQL documents, and the shapes their components take (read from the
// documents, so they follow the schema).
import { graphql, type ResultOf } from '../../lib/graphql.ts';
import { ResultErrorFields } from '../../lib/documents.ts';

export const ReportRowFields = graphql(`
  fragment ReportRowFields on CarbonReportRow {
    cityCode cityNameZh cityNameEn day materialCode outcome items itemsReused itemsRecycled kg
    co2e { reuse { central low high } recycle { central low high } total { central low high } }
  }
`);
export type ReportRow = ResultOf<typeof ReportRowFields>;

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
    ) {
      report: carbonReport(
        groupBy: $groupBy
        from: $from
        to: $to
        cityCodes: $cityCodes
        stationCodes: $stationCodes
        factorSet: $factorSet
      ) {
        __typename
        ... on CarbonReport {
          from to generatedAt uncovered
          factorSet { version name }
          rows { ...ReportRowFields }
          total { ...ReportRowFields }
        }
        ...ResultErrorFields
      }
    }
  `,
  [ReportRowFields, ResultErrorFields],
);
export type Report = Extract<ResultOf<typeof CarbonReportQuery>['report'], { __typename: 'CarbonReport' }>;

export const FactorSetsQuery = graphql(`
  query FactorSets {
    emissionFactorSets {
      version name isDefault publishedAt displacementRate notes
      factors { materialCode outcome unit value low high source year }
    }
  }
`);
export type FactorSet = ResultOf<typeof FactorSetsQuery>['emissionFactorSets'][number];

export const ReportCitiesQuery = graphql(`
  query ReportCities {
    cities { code nameZh nameEn }
  }
`);
export type ReportCity = ResultOf<typeof ReportCitiesQuery>['cities'][number];

export const StationSuggestionsQuery = graphql(`
  query StationSuggestions($search: String!, $cityCode: String) {
    stations(search: $search, cityCode: $cityCode, first: 20) { edges { node { code name } } }
  }
`);

// The stations panel's documents: the station list, decommission and recommission, and the station
// form's create and edit (components in ../console/).
import { graphql, type ResultOf } from '../../../lib/graphql.ts';
import { ResultErrorFields } from '../../../lib/documents.ts';

export const AdminStationsQuery = graphql(`
  query AdminStations(
    $first: Int
    $after: String
    $last: Int
    $before: String
    $cityCode: String
    $search: String
    $status: [StationStatus!]
    $decommissioned: Boolean
    $orderBy: StationOrder
  ) {
    stations(
      first: $first
      after: $after
      last: $last
      before: $before
      cityCode: $cityCode
      search: $search
      status: $status
      decommissioned: $decommissioned
      orderBy: $orderBy
    ) {
      totalCount
      pageInfo {
        hasNextPage
        hasPreviousPage
        startCursor
        endCursor
      }
      edges {
        node {
          code
          name
          district
          lat
          lng
          binCapacity
          status
          updatedAt
          decommissionedAt
          decommissionReason
          city {
            code
            nameZh
            nameEn
          }
        }
      }
    }
  }
`);
export type AdminStation = ResultOf<typeof AdminStationsQuery>['stations']['edges'][number]['node'];

export const DecommissionStationMutation = graphql(
  `
    mutation AdminDecommissionStation($code: String!, $reason: String!) {
      decommissionStation(code: $code, reason: $reason) {
        __typename
        ...ResultErrorFields
        ... on Station {
          code
          decommissionedAt
        }
      }
    }
  `,
  [ResultErrorFields],
);

export const RecommissionStationMutation = graphql(
  `
    mutation AdminRecommissionStation($code: String!) {
      recommissionStation(code: $code) {
        __typename
        ...ResultErrorFields
        ... on Station {
          code
          decommissionedAt
        }
      }
    }
  `,
  [ResultErrorFields],
);

const EditedStationFields = graphql(`
  fragment EditedStationFields on Station {
    code
    name
    district
    address
    lat
    lng
    binCapacity
    operatingStatus
    city {
      code
    }
  }
`);
export type EditedStation = ResultOf<typeof EditedStationFields>;

export const StationCitiesQuery = graphql(`
  query AdminStationCities {
    cities {
      code
      nameZh
      nameEn
      centerLat
      centerLng
    }
  }
`);
export type StationCity = ResultOf<typeof StationCitiesQuery>['cities'][number];

export const StationForEditQuery = graphql(
  `
    query AdminStationForEdit($code: String!) {
      station(code: $code) {
        ...EditedStationFields
      }
    }
  `,
  [EditedStationFields],
);

export const CreateStationMutation = graphql(
  `
    mutation AdminCreateStation($input: CreateStationInput!) {
      createStation(input: $input) {
        __typename
        ...ResultErrorFields
        ... on Station {
          ...EditedStationFields
        }
      }
    }
  `,
  [ResultErrorFields, EditedStationFields],
);

export const UpdateStationMutation = graphql(
  `
    mutation AdminUpdateStation($code: String!, $input: StationInput!) {
      updateStation(code: $code, input: $input) {
        __typename
        ...ResultErrorFields
        ... on Station {
          ...EditedStationFields
        }
      }
    }
  `,
  [ResultErrorFields, EditedStationFields],
);

export const SetStatusMutation = graphql(
  `
    mutation AdminSetStationStatus($code: String!, $status: OperatingStatus!) {
      setStationStatus(code: $code, status: $status) {
        __typename
        ...ResultErrorFields
        ... on Station {
          code
          status
        }
      }
    }
  `,
  [ResultErrorFields],
);

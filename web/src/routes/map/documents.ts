// The map dashboard's GraphQL documents, and the shapes its components take (read from the
// documents, so they follow the schema).
import { graphql, type ResultOf } from '../../lib/graphql.ts';
import { ResultErrorFields } from '../../lib/documents.ts';

export const MapStationsQuery = graphql(`
  query MapStations($city: String) {
    mapStations(cityCode: $city) {
      count
      day
      generatedAt
      codes
      lat
      lng
      status
      todayItems
      binFillPercent
    }
  }
`);
/** Columnar: index i of each array is one station (see lib/map/stations.ts). */
export type MapData = ResultOf<typeof MapStationsQuery>['mapStations'];

export const MapReferenceQuery = graphql(`
  query MapReference {
    cities {
      code
      nameZh
      nameEn
      centerLat
      centerLng
    }
    emissionFactorSets {
      version
      name
      isDefault
    }
    materials {
      code
      nameZh
      nameEn
    }
  }
`);
export type Reference = ResultOf<typeof MapReferenceQuery>;
export type City = Reference['cities'][number];
export type FactorSetOption = Reference['emissionFactorSets'][number];
export type Material = Reference['materials'][number];

export const MapSummaryQuery = graphql(`
  query MapSummary($city: String, $from: Date, $to: Date, $fs: String, $sparkFrom: Date, $today: Date) {
    period: summary(cityCode: $city, from: $from, to: $to, factorSet: $fs) {
      stationsByStatus {
        total
        open
        full
        closed
        maintenance
        stale
      }
      totals {
        dropOffs
        items
        itemsReused
        kgRecycled
        weighedShare
      }
      co2eAvoided {
        factorSet {
          version
          name
        }
        total {
          central
          low
          high
        }
      }
    }
    today: summary(cityCode: $city) {
      totals {
        dropOffs
        items
      }
      daily(from: $sparkFrom, to: $today) {
        day
        items
      }
    }
  }
`);
export type SummaryData = ResultOf<typeof MapSummaryQuery>;

export const NeedsActionQueueQuery = graphql(`
  query NeedsActionQueue($city: String, $kinds: [NeedsActionKind!], $sort: NeedsActionSort, $after: String) {
    needsAction(cityCode: $city, kinds: $kinds, sort: $sort, first: 50, after: $after) {
      totalCount
      counts {
        full
        stale
        bin80
      }
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          status
          since
          binFill
          station {
            code
            name
            district
            lat
            lng
          }
          acknowledgement {
            note
            byName
            at
          }
        }
      }
    }
  }
`);
export type NeedsActionPage = ResultOf<typeof NeedsActionQueueQuery>['needsAction'];
export type QueueItem = NeedsActionPage['edges'][number]['node'];

export const SearchStationsQuery = graphql(`
  query SearchStations($city: String, $q: String!) {
    stations(cityCode: $city, search: $q, first: 20) {
      totalCount
      edges {
        node {
          code
          name
          district
          status
          lat
          lng
        }
      }
    }
  }
`);
export type SearchHit = ResultOf<typeof SearchStationsQuery>['stations']['edges'][number]['node'];

export const MapStationQuery = graphql(`
  query MapStation($code: String!, $from: Date!, $to: Date!) {
    station(code: $code) {
      code
      name
      district
      address
      lat
      lng
      binCapacity
      binItems
      binFill
      status
      operatingStatus
      lastReportedAt
      lastPickupAt
      city {
        code
        nameZh
        nameEn
      }
      latestAcknowledgement {
        note
        byName
        at
      }
      totals(from: $from, to: $to) {
        dropOffs
        items
        itemsReused
        kgRecycled
      }
      daily(from: $from, to: $to) {
        day
        items
      }
      dropOffs(first: 8) {
        edges {
          node {
            id
            occurredAt
            materialCode
            outcome
            quantity
            massKg
            voided
          }
        }
      }
    }
  }
`);
export type StationDetail = NonNullable<ResultOf<typeof MapStationQuery>['station']>;

export const SetStationStatusMutation = graphql(
  `
    mutation SetStationStatus($code: String!, $status: OperatingStatus!) {
      setStationStatus(code: $code, status: $status) {
        __typename
        ... on Station {
          status
          operatingStatus
          lastReportedAt
        }
        ...ResultErrorFields
      }
    }
  `,
  [ResultErrorFields],
);

/** Work on a queued station from the drawer: a bin pickup (kg) ... */
export const MapPickupMutation = graphql(
  `
    mutation MapPickup($code: String!, $kg: Float!) {
      recordBinPickup(stationCode: $code, kg: $kg) {
        __typename
        ... on BinPickupPayload {
          kg
          itemsCleared
        }
        ...ResultErrorFields
      }
    }
  `,
  [ResultErrorFields],
);

/** ... and a note everyone sees ("truck booked for 15:00"), stored with who and when. */
export const AcknowledgeStationMutation = graphql(
  `
    mutation AcknowledgeStation($code: String!, $note: String!) {
      acknowledgeStation(stationCode: $code, note: $note) {
        __typename
        ... on Acknowledgement {
          note
          byName
          at
        }
        ...ResultErrorFields
      }
    }
  `,
  [ResultErrorFields],
);

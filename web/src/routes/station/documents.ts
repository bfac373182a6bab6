// The counter app's GraphQL documents, and the shapes it keeps (read from the documents, so they
// follow the schema). Logging goes through the offline queue (gql-transport.ts); the rest is online.
import { graphql, type ResultOf } from '../../lib/graphql.ts';
import { ResultErrorFields } from '../../lib/documents.ts';

export const MaterialsQuery = graphql(`
  query Materials {
    materials {
      code
      nameZh
      nameEn
      reusable
      typicalMassKg
    }
  }
`);
export type Material = ResultOf<typeof MaterialsQuery>['materials'][number];

export const StationViewFields = graphql(`
  fragment StationViewFields on Station {
    code
    name
    status
    operatingStatus
    binItems
    binCapacity
    lastPickupAt
    totals {
      items
      itemsReused
      itemsRecycled
      dropOffs
      byMaterial {
        materialCode
        outcome
        items
      }
    }
  }
`);
/** The station with today's totals (server day), as the counter shows and caches it. */
export type StationView = ResultOf<typeof StationViewFields>;

export const ServerDropOffFields = graphql(`
  fragment ServerDropOffFields on DropOff {
    id
    idempotencyKey
    materialCode
    outcome
    quantity
    occurredAt
    localDay
    voided
    voidReason
  }
`);
/** A drop-off as the server lists it (today's list on the counter). */
export type ServerDropOff = ResultOf<typeof ServerDropOffFields>;

export const CounterStationQuery = graphql(
  `
    query CounterStation($code: String!, $since: DateTime) {
      station(code: $code) {
        ...StationViewFields
        dropOffs(first: 200, since: $since) {
          edges {
            node {
              ...ServerDropOffFields
            }
          }
        }
      }
    }
  `,
  [StationViewFields, ServerDropOffFields],
);

export const LogDropOffsMutation = graphql(
  `
    mutation LogDropOffs($input: LogDropOffsInput!) {
      logDropOffs(input: $input) {
        __typename
        ... on LogDropOffsPayload {
          results {
            idempotencyKey
            status
            dropOff {
              id
            }
            conflict {
              message
              fields
            }
          }
        }
        ...ResultErrorFields
      }
    }
  `,
  [ResultErrorFields],
);

export const VoidDropOffMutation = graphql(
  `
    mutation VoidDropOff($id: ID!, $reason: String!) {
      voidDropOff(id: $id, reason: $reason) {
        __typename
        ...ResultErrorFields
      }
    }
  `,
  [ResultErrorFields],
);

export const CounterStatusMutation = graphql(
  `
    mutation CounterStatus($code: String!, $status: OperatingStatus!) {
      setStationStatus(code: $code, status: $status) {
        __typename
        ...ResultErrorFields
      }
    }
  `,
  [ResultErrorFields],
);

export const RecordPickupMutation = graphql(
  `
    mutation RecordPickup($code: String!, $kg: Float!) {
      recordBinPickup(stationCode: $code, kg: $kg) {
        __typename
        ... on BinPickupPayload {
          itemsCleared
        }
        ...ResultErrorFields
      }
    }
  `,
  [ResultErrorFields],
);

/** /station/pair: the device trades a pairing code for its own credential (shown once). */
export const PairDeviceMutation = graphql(
  `
    mutation PairDevice($code: String!, $name: String!) {
      pairDevice(code: $code, name: $name) {
        __typename
        ...ResultErrorFields
        ... on PairedDevice {
          deviceToken
          device {
            id
            name
            station {
              code
              name
            }
          }
        }
      }
    }
  `,
  [ResultErrorFields],
);

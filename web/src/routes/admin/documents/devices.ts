// The devices panel's documents: a station's paired counter devices, pairing codes, revoking.
import { graphql, type ResultOf } from '../../../lib/graphql.ts';
import { ResultErrorFields } from '../../../lib/documents.ts';

export const DevicesQuery = graphql(`
  query AdminDevices($first: Int!, $after: String, $cityCode: String, $stationCode: String, $includeRevoked: Boolean) {
    devices(
      first: $first
      after: $after
      cityCode: $cityCode
      stationCode: $stationCode
      includeRevoked: $includeRevoked
    ) {
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          name
          pairedAt
          lastSeenAt
          revokedAt
          station {
            code
            name
          }
          pairedBy {
            displayName
          }
        }
      }
    }
  }
`);
export type AdminDevice = ResultOf<typeof DevicesQuery>['devices']['edges'][number]['node'];

export const CreatePairingCodeMutation = graphql(
  `
    mutation AdminCreatePairingCode($stationCode: String!) {
      createPairingCode(stationCode: $stationCode) {
        __typename
        ...ResultErrorFields
        ... on PairingCode {
          code
          link
          expiresAt
          station {
            code
            name
          }
        }
      }
    }
  `,
  [ResultErrorFields],
);

export const RevokeDeviceMutation = graphql(
  `
    mutation AdminRevokeDevice($id: Int!) {
      revokeDevice(id: $id) {
        __typename
        ...ResultErrorFields
        ... on CounterDevice {
          id
          revokedAt
        }
      }
    }
  `,
  [ResultErrorFields],
);

// The admin console's GraphQL documents: users, devices, imports, stations, the audit log and
// factor sets. Files go up over plain HTTP (admin/upload.ts); everything else is here.
import { graphql, type ResultOf } from '../../lib/graphql.ts';
import { ResultErrorFields } from '../../lib/documents.ts';

export const AdminUserFields = graphql(`
  fragment AdminUserFields on User {
    id
    displayName
    email
    phone
    role
    state
    lastSignInAt
    activationExpiresAt
    deactivationReason
    createdAt
    city {
      code
      nameZh
      nameEn
    }
    station {
      code
      name
    }
  }
`);
export type AdminUser = ResultOf<typeof AdminUserFields>;

export const AdminUsersQuery = graphql(
  `
    query AdminUsers(
      $first: Int!
      $after: String
      $search: String
      $role: [Role!]
      $state: [AccountState!]
      $cityCode: String
      $stationCode: String
    ) {
      users(
        first: $first
        after: $after
        search: $search
        role: $role
        state: $state
        cityCode: $cityCode
        stationCode: $stationCode
      ) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            ...AdminUserFields
          }
        }
      }
    }
  `,
  [AdminUserFields],
);

export const AdminCitiesQuery = graphql(`
  query AdminCities {
    cities {
      code
      nameZh
      nameEn
    }
  }
`);

const ActivationFields = graphql(
  `
    fragment ActivationFields on UserActivation {
      activation {
        code
        link
        expiresAt
        emailDelivered
      }
      user {
        ...AdminUserFields
      }
    }
  `,
  [AdminUserFields],
);
export type ActivationResult = ResultOf<typeof ActivationFields>;

export const CreateUserMutation = graphql(
  `
    mutation AdminCreateUser($input: CreateUserInput!) {
      createUser(input: $input) {
        __typename
        ...ResultErrorFields
        ... on UserActivation {
          ...ActivationFields
        }
      }
    }
  `,
  [ResultErrorFields, ActivationFields],
);

export const ResetUserPasswordMutation = graphql(
  `
    mutation AdminResetUserPassword($id: ID!) {
      resetUserPassword(id: $id) {
        __typename
        ...ResultErrorFields
        ... on UserActivation {
          ...ActivationFields
        }
      }
    }
  `,
  [ResultErrorFields, ActivationFields],
);

export const UpdateUserMutation = graphql(
  `
    mutation AdminUpdateUser($id: ID!, $input: UpdateUserInput!) {
      updateUser(id: $id, input: $input) {
        __typename
        ...ResultErrorFields
        ... on User {
          ...AdminUserFields
        }
      }
    }
  `,
  [ResultErrorFields, AdminUserFields],
);

export const DeactivateUserMutation = graphql(
  `
    mutation AdminDeactivateUser($id: ID!, $reason: String!) {
      deactivateUser(id: $id, reason: $reason) {
        __typename
        ...ResultErrorFields
        ... on User {
          ...AdminUserFields
        }
      }
    }
  `,
  [ResultErrorFields, AdminUserFields],
);

export const ReactivateUserMutation = graphql(
  `
    mutation AdminReactivateUser($id: ID!) {
      reactivateUser(id: $id) {
        __typename
        ...ResultErrorFields
        ... on User {
          ...AdminUserFields
        }
      }
    }
  `,
  [ResultErrorFields, AdminUserFields],
);

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

export const ImportJobFields = graphql(`
  fragment ImportJobFields on ImportJob {
    id
    kind
    mode
    state
    fileName
    fileFormat
    rows
    created
    updated
    unchanged
    invalidRows
    issueCount
    activationCodesWaiting
    error
    createdAt
    finishedAt
    dryRunId
    createdBy {
      displayName
    }
    progress {
      phase
      done
      total
    }
  }
`);
export type ImportJobView = ResultOf<typeof ImportJobFields>;

export const ImportJobQuery = graphql(
  `
    query AdminImportJob($id: Int!) {
      importJob(id: $id) {
        ...ImportJobFields
        issues {
          row
          column
          message
          reason
          params {
            name
            value
          }
        }
      }
    }
  `,
  [ImportJobFields],
);
export type ImportIssueView = NonNullable<ResultOf<typeof ImportJobQuery>['importJob']>['issues'][number];

export const ImportJobsQuery = graphql(
  `
    query AdminImportJobs($first: Int!) {
      importJobs(first: $first) {
        edges {
          node {
            ...ImportJobFields
          }
        }
      }
    }
  `,
  [ImportJobFields],
);

export const ApplyImportMutation = graphql(
  `
    mutation AdminApplyImport($dryRunId: Int!) {
      applyImport(dryRunId: $dryRunId) {
        __typename
        ...ResultErrorFields
        ... on ImportJob {
          ...ImportJobFields
        }
      }
    }
  `,
  [ResultErrorFields, ImportJobFields],
);

const CodeSheetFields = graphql(`
  fragment CodeSheetFields on ActivationCodeSheet {
    codes {
      userId
      displayName
      login
      stationCode
      code
      link
      expiresAt
    }
  }
`);
export type IssuedCode = ResultOf<typeof CodeSheetFields>['codes'][number];

export const TakeActivationCodesMutation = graphql(
  `
    mutation AdminTakeActivationCodes($importId: Int!) {
      takeActivationCodes(importId: $importId) {
        __typename
        ...ResultErrorFields
        ... on ActivationCodeSheet {
          ...CodeSheetFields
        }
      }
    }
  `,
  [ResultErrorFields, CodeSheetFields],
);

export const IssueActivationCodesMutation = graphql(
  `
    mutation AdminIssueActivationCodes($stationCode: String!) {
      issueActivationCodes(stationCode: $stationCode) {
        __typename
        ...ResultErrorFields
        ... on ActivationCodeSheet {
          ...CodeSheetFields
        }
      }
    }
  `,
  [ResultErrorFields, CodeSheetFields],
);

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

// Audit log, factor sets, station create and edit (components in ./console/).
export const AuditLogQuery = graphql(`
  query AdminAuditLog(
    $first: Int!
    $after: String
    $actor: String
    $action: String
    $entityType: String
    $entityId: String
    $from: DateTime
    $to: DateTime
  ) {
    auditLog(
      first: $first
      after: $after
      actor: $actor
      action: $action
      entityType: $entityType
      entityId: $entityId
      from: $from
      to: $to
    ) {
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          at
          action
          entityType
          entityId
          actorName
          actorLogin
          deviceId
          cityCode
          before
          after
        }
      }
    }
  }
`);
export type AuditEntry = ResultOf<typeof AuditLogQuery>['auditLog']['edges'][number]['node'];

export const FactorSetFields = graphql(`
  fragment FactorSetFields on EmissionFactorSet {
    version
    name
    isDefault
    publishedAt
    displacementRate
    notes
    notesZh
    factors {
      materialCode
      outcome
      unit
      value
      low
      high
      year
      source
      sourceZh
      sourceUrls
      evidence
    }
  }
`);
export type FactorSet = ResultOf<typeof FactorSetFields>;

export const FactorSetsQuery = graphql(
  `
    query AdminFactorSets {
      emissionFactorSets {
        ...FactorSetFields
      }
    }
  `,
  [FactorSetFields],
);

export const PublishFactorSetMutation = graphql(
  `
    mutation AdminPublishFactorSet($input: PublishFactorSetInput!) {
      publishFactorSet(input: $input) {
        __typename
        ...ResultErrorFields
        ... on EmissionFactorSet {
          ...FactorSetFields
        }
      }
    }
  `,
  [ResultErrorFields, FactorSetFields],
);

export const SetDefaultFactorSetMutation = graphql(
  `
    mutation AdminSetDefaultFactorSet($version: String!) {
      setDefaultFactorSet(version: $version) {
        __typename
        ...ResultErrorFields
        ... on EmissionFactorSet {
          version
          isDefault
        }
      }
    }
  `,
  [ResultErrorFields],
);

/** The network total of a sample period under two sets: what a report would show before and after. */
export const CompareFactorSetsQuery = graphql(
  `
    query AdminCompareFactorSets($a: String!, $b: String!, $from: Date!, $to: Date!) {
      compareFactorSets(a: $a, b: $b, from: $from, to: $to, groupBy: [NETWORK]) {
        __typename
        ...ResultErrorFields
        ... on FactorSetComparison {
          from
          to
          total {
            a {
              total {
                central
                low
                high
              }
            }
            b {
              total {
                central
                low
                high
              }
            }
          }
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

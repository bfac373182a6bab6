// The admin console's GraphQL documents: users, devices, imports, stations. Files go up over
// plain HTTP (admin/upload.ts); everything else is here.
import { graphql, type ResultOf } from '../../lib/graphql.ts';
import { ResultErrorFields } from '../../lib/documents.ts';

export const AdminUserFields = graphql(`
  fragment AdminUserFields on User {
    id displayName email phone role state lastSignInAt activationExpiresAt deactivationReason createdAt
    city { code nameZh nameEn }
    station { code name }
  }
`);
export type AdminUser = ResultOf<typeof AdminUserFields>;

export const AdminUsersQuery = graphql(
  `
  query AdminUsers($first: Int!, $after: String, $search: String, $role: [Role!], $state: [AccountState!], $cityCode: String, $stationCode: String) {
    users(first: $first, after: $after, search: $search, role: $role, state: $state, cityCode: $cityCode, stationCode: $stationCode) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { ...AdminUserFields } }
    }
  }
`,
  [AdminUserFields],
);

export const AdminCitiesQuery = graphql(`
  query AdminCities {
    cities { code nameZh nameEn }
  }
`);

const ActivationFields = graphql(
  `
  fragment ActivationFields on UserActivation {
    activation { code link expiresAt }
    user { ...AdminUserFields }
  }
`,
  [AdminUserFields],
);
export type ActivationResult = ResultOf<typeof ActivationFields>;

export const CreateUserMutation = graphql(
  `
  mutation AdminCreateUser($input: CreateUserInput!) {
    createUser(input: $input) { __typename ...ResultErrorFields ... on UserActivation { ...ActivationFields } }
  }
`,
  [ResultErrorFields, ActivationFields],
);

export const ResetUserPasswordMutation = graphql(
  `
  mutation AdminResetUserPassword($id: ID!) {
    resetUserPassword(id: $id) { __typename ...ResultErrorFields ... on UserActivation { ...ActivationFields } }
  }
`,
  [ResultErrorFields, ActivationFields],
);

export const UpdateUserMutation = graphql(
  `
  mutation AdminUpdateUser($id: ID!, $input: UpdateUserInput!) {
    updateUser(id: $id, input: $input) { __typename ...ResultErrorFields ... on User { ...AdminUserFields } }
  }
`,
  [ResultErrorFields, AdminUserFields],
);

export const DeactivateUserMutation = graphql(
  `
  mutation AdminDeactivateUser($id: ID!, $reason: String!) {
    deactivateUser(id: $id, reason: $reason) { __typename ...ResultErrorFields ... on User { ...AdminUserFields } }
  }
`,
  [ResultErrorFields, AdminUserFields],
);

export const ReactivateUserMutation = graphql(
  `
  mutation AdminReactivateUser($id: ID!) {
    reactivateUser(id: $id) { __typename ...ResultErrorFields ... on User { ...AdminUserFields } }
  }
`,
  [ResultErrorFields, AdminUserFields],
);

export const DevicesQuery = graphql(`
  query AdminDevices($first: Int!, $after: String, $cityCode: String, $stationCode: String, $includeRevoked: Boolean) {
    devices(first: $first, after: $after, cityCode: $cityCode, stationCode: $stationCode, includeRevoked: $includeRevoked) {
      pageInfo { hasNextPage endCursor }
      edges { node { id name pairedAt lastSeenAt revokedAt station { code name } pairedBy { displayName } } }
    }
  }
`);
export type AdminDevice = ResultOf<typeof DevicesQuery>['devices']['edges'][number]['node'];

export const CreatePairingCodeMutation = graphql(
  `
  mutation AdminCreatePairingCode($stationCode: String!) {
    createPairingCode(stationCode: $stationCode) { __typename ...ResultErrorFields ... on PairingCode { code link expiresAt station { code name } } }
  }
`,
  [ResultErrorFields],
);

export const RevokeDeviceMutation = graphql(
  `
  mutation AdminRevokeDevice($id: Int!) {
    revokeDevice(id: $id) { __typename ...ResultErrorFields ... on CounterDevice { id revokedAt } }
  }
`,
  [ResultErrorFields],
);

export const ImportJobFields = graphql(`
  fragment ImportJobFields on ImportJob {
    id kind mode state fileName fileFormat rows created updated unchanged invalidRows issueCount
    activationCodesWaiting error createdAt finishedAt dryRunId
    createdBy { displayName }
    progress { phase done total }
  }
`);
export type ImportJobView = ResultOf<typeof ImportJobFields>;

export const ImportJobQuery = graphql(
  `
  query AdminImportJob($id: Int!) {
    importJob(id: $id) { ...ImportJobFields issues { row column message } }
  }
`,
  [ImportJobFields],
);
export type ImportIssueView = NonNullable<ResultOf<typeof ImportJobQuery>['importJob']>['issues'][number];

export const ImportJobsQuery = graphql(
  `
  query AdminImportJobs($first: Int!) {
    importJobs(first: $first) { edges { node { ...ImportJobFields } } }
  }
`,
  [ImportJobFields],
);

export const ApplyImportMutation = graphql(
  `
  mutation AdminApplyImport($dryRunId: Int!) {
    applyImport(dryRunId: $dryRunId) { __typename ...ResultErrorFields ... on ImportJob { ...ImportJobFields } }
  }
`,
  [ResultErrorFields, ImportJobFields],
);

const CodeSheetFields = graphql(`
  fragment CodeSheetFields on ActivationCodeSheet {
    codes { userId displayName login stationCode code link expiresAt }
  }
`);
export type IssuedCode = ResultOf<typeof CodeSheetFields>['codes'][number];

export const TakeActivationCodesMutation = graphql(
  `
  mutation AdminTakeActivationCodes($importId: Int!) {
    takeActivationCodes(importId: $importId) { __typename ...ResultErrorFields ... on ActivationCodeSheet { ...CodeSheetFields } }
  }
`,
  [ResultErrorFields, CodeSheetFields],
);

export const IssueActivationCodesMutation = graphql(
  `
  mutation AdminIssueActivationCodes($stationCode: String!) {
    issueActivationCodes(stationCode: $stationCode) { __typename ...ResultErrorFields ... on ActivationCodeSheet { ...CodeSheetFields } }
  }
`,
  [ResultErrorFields, CodeSheetFields],
);

export const AdminStationsQuery = graphql(`
  query AdminStations($first: Int, $after: String, $last: Int, $before: String, $cityCode: String, $search: String, $status: [StationStatus!], $decommissioned: Boolean, $orderBy: StationOrder) {
    stations(first: $first, after: $after, last: $last, before: $before, cityCode: $cityCode, search: $search, status: $status, decommissioned: $decommissioned, orderBy: $orderBy) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { node { code name district lat lng binCapacity status updatedAt decommissionedAt decommissionReason city { code nameZh nameEn } } }
    }
  }
`);
export type AdminStation = ResultOf<typeof AdminStationsQuery>['stations']['edges'][number]['node'];

export const DecommissionStationMutation = graphql(
  `
  mutation AdminDecommissionStation($code: String!, $reason: String!) {
    decommissionStation(code: $code, reason: $reason) { __typename ...ResultErrorFields ... on Station { code decommissionedAt } }
  }
`,
  [ResultErrorFields],
);

export const RecommissionStationMutation = graphql(
  `
  mutation AdminRecommissionStation($code: String!) {
    recommissionStation(code: $code) { __typename ...ResultErrorFields ... on Station { code decommissionedAt } }
  }
`,
  [ResultErrorFields],
);

// Documents of the console's record-keeping tabs: the audit log, factor sets, and station create
// and edit (the registry table's own documents are in ../documents.ts).
import { graphql, type ResultOf } from '../../../lib/graphql.ts';
import { ResultErrorFields } from '../../../lib/documents.ts';

export const AuditLogQuery = graphql(`
  query AdminAuditLog($first: Int!, $after: String, $actor: String, $action: String, $entityType: String, $entityId: String, $from: DateTime, $to: DateTime) {
    auditLog(first: $first, after: $after, actor: $actor, action: $action, entityType: $entityType, entityId: $entityId, from: $from, to: $to) {
      pageInfo { hasNextPage endCursor }
      edges { node { id at action entityType entityId actorName actorLogin deviceId cityCode before after } }
    }
  }
`);
export type AuditEntry = ResultOf<typeof AuditLogQuery>['auditLog']['edges'][number]['node'];

export const FactorSetFields = graphql(`
  fragment FactorSetFields on EmissionFactorSet {
    version name isDefault publishedAt displacementRate notes notesZh
    factors { materialCode outcome unit value low high year source sourceZh sourceUrls evidence }
  }
`);
export type FactorSet = ResultOf<typeof FactorSetFields>;

export const FactorSetsQuery = graphql(
  `
  query AdminFactorSets {
    emissionFactorSets { ...FactorSetFields }
  }
`,
  [FactorSetFields],
);

export const PublishFactorSetMutation = graphql(
  `
  mutation AdminPublishFactorSet($input: PublishFactorSetInput!) {
    publishFactorSet(input: $input) { __typename ...ResultErrorFields ... on EmissionFactorSet { ...FactorSetFields } }
  }
`,
  [ResultErrorFields, FactorSetFields],
);

export const SetDefaultFactorSetMutation = graphql(
  `
  mutation AdminSetDefaultFactorSet($version: String!) {
    setDefaultFactorSet(version: $version) { __typename ...ResultErrorFields ... on EmissionFactorSet { version isDefault } }
  }
`,
  [ResultErrorFields],
);

/** The network total of a sample period under two sets: what a report would show before and after. */
export const CompareFactorSetsQuery = graphql(
  `
  query AdminCompareFactorSets($a: String!, $b: String!, $from: Date!, $to: Date!) {
    compareFactorSets(a: $a, b: $b, from: $from, to: $to, groupBy: [NETWORK]) {
      __typename ...ResultErrorFields
      ... on FactorSetComparison { from to total { a { total { central low high } } b { total { central low high } } } }
    }
  }
`,
  [ResultErrorFields],
);

const EditedStationFields = graphql(`
  fragment EditedStationFields on Station { code name district address lat lng binCapacity operatingStatus city { code } }
`);
export type EditedStation = ResultOf<typeof EditedStationFields>;

export const StationCitiesQuery = graphql(`
  query AdminStationCities { cities { code nameZh nameEn centerLat centerLng } }
`);
export type StationCity = ResultOf<typeof StationCitiesQuery>['cities'][number];

export const StationForEditQuery = graphql(
  `
  query AdminStationForEdit($code: String!) { station(code: $code) { ...EditedStationFields } }
`,
  [EditedStationFields],
);

export const CreateStationMutation = graphql(
  `
  mutation AdminCreateStation($input: CreateStationInput!) {
    createStation(input: $input) { __typename ...ResultErrorFields ... on Station { ...EditedStationFields } }
  }
`,
  [ResultErrorFields, EditedStationFields],
);

export const UpdateStationMutation = graphql(
  `
  mutation AdminUpdateStation($code: String!, $input: StationInput!) {
    updateStation(code: $code, input: $input) { __typename ...ResultErrorFields ... on Station { ...EditedStationFields } }
  }
`,
  [ResultErrorFields, EditedStationFields],
);

export const SetStatusMutation = graphql(
  `
  mutation AdminSetStationStatus($code: String!, $status: OperatingStatus!) {
    setStationStatus(code: $code, status: $status) { __typename ...ResultErrorFields ... on Station { code status } }
  }
`,
  [ResultErrorFields],
);

// The audit panel's document: the audit log, newest first (component in ../console/).
import { graphql, type ResultOf } from '../../../lib/graphql.ts';

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

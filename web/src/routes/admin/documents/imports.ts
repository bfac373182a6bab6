// The imports panel's documents: import jobs (dry run, progress, issues), applying one, and the
// activation-code sheets of imported staff. Files go up over plain HTTP (admin/upload.ts).
import { graphql, type ResultOf } from '../../../lib/graphql.ts';
import { ResultErrorFields } from '../../../lib/documents.ts';

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

// Documents every feature shares. Each mutation or query that returns a typed-error union spreads
// ResultErrorFields, so unwrapResult() (api.ts) always has the message, the field at fault and,
// for an InputError, one issue per field.
import { graphql } from './graphql.ts';

export const ResultErrorFields = graphql(`
  fragment ResultErrorFields on Error {
    __typename
    message
    reason
    params {
      name
      value
    }
    ... on InputError {
      field
      issues {
        field
        message
        reason
        params {
          name
          value
        }
      }
    }
    ... on NotFoundError {
      field
    }
    ... on ConflictError {
      field
    }
  }
`);

// Documents every feature shares. Each mutation or query that returns a typed-error union spreads
// ResultErrorFields, so unwrapResult() (api.ts) always has the message, the field at fault and,
// for an InputError, one issue per field.
import { graphql, type ResultOf } from './graphql.ts';

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

/** A published factor set with its factors and their sources: the reports' picker and method page and
 * the admin console's factor-set panel read the same fields. */
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
    query FactorSets {
      emissionFactorSets {
        ...FactorSetFields
      }
    }
  `,
  [FactorSetFields],
);

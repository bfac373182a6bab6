// The factor-sets panel's documents: the published sets, publishing one, choosing the default and
// comparing a sample period under two sets (components in ../console/).
import { graphql, type ResultOf } from '../../../lib/graphql.ts';
import { ResultErrorFields } from '../../../lib/documents.ts';

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

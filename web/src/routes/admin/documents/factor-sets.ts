// The factor-sets panel's documents: the published sets, publishing one, choosing the default and
// comparing a sample period under two sets (components in ../console/).
import { graphql } from '../../../lib/graphql.ts';
import { FactorSetFields, ResultErrorFields } from '../../../lib/documents.ts';

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

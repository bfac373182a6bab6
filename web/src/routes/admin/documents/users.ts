// The users panel's documents: the account list, the cities to pick from, create, edit, reset a
// password (a new one-time activation), deactivate and reactivate.
import { graphql, type ResultOf } from '../../../lib/graphql.ts';
import { ResultErrorFields } from '../../../lib/documents.ts';

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

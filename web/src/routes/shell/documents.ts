// The shell's GraphQL documents: signing in and out, and activating an account with a one-time
// code (sign-in and activation start a session from the same fields).
import { graphql, type ResultOf } from '../../lib/graphql.ts';
import { ResultErrorFields } from '../../lib/documents.ts';

export const SessionFields = graphql(`
  fragment SessionFields on SessionPayload {
    token
    expiresAt
    user {
      email
      phone
      displayName
      role
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
  }
`);
/** A new session as both sign-in and activation return it. */
export type SessionData = ResultOf<typeof SessionFields>;

export const SignInMutation = graphql(`
  mutation SignIn($email: String!, $password: String!) {
    signIn(email: $email, password: $password) {
      token
      expiresAt
      user {
        email
        phone
        displayName
        role
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
    }
  }
`);

export const ActivateAccountMutation = graphql(
  `
    mutation ActivateAccount($code: String!, $password: String!) {
      activateAccount(code: $code, password: $password) {
        __typename
        ...ResultErrorFields
        ... on SessionPayload {
          ...SessionFields
        }
      }
    }
  `,
  [ResultErrorFields, SessionFields],
);

/** Ends the session on the server too, so a copied token stops working at once. */
export const SignOutMutation = graphql(`
  mutation SignOut {
    signOut
  }
`);

// The shell's GraphQL documents: signing in.
import { graphql } from '../../lib/graphql.ts';

export const SignInMutation = graphql(`
  mutation SignIn($email: String!, $password: String!) {
    signIn(email: $email, password: $password) {
      token
      expiresAt
      user {
        email
        displayName
        role
        city { code nameZh nameEn }
        station { code name }
      }
    }
  }
`);

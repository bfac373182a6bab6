// Authorization matrix (see matrix.ts): viewer, signing in and signing out.
import { expect } from 'vitest';
import { op, by, call, fx, N, PASSWORD, runMatrix, Y } from './matrix.ts';
import { graphql } from '../../../web/src/lib/graphql.ts';

runMatrix([
  op({
    name: 'viewer',
    expect: by(Y, Y, Y, Y, Y),
    deniedAt: ['viewer'],
    run: (c) => call(c, graphql('{ viewer { role email } }')),
    allowed: (d, c) =>
      expect(d.viewer).toEqual(c === 'ANONYMOUS' || c === 'MEMBER' ? null : { role: c, email: fx.users[c].email }),
  }),
  op({
    name: "signIn (own credentials; anonymous: the staff member's)",
    expect: by(Y, Y, Y, Y, Y),
    deniedAt: ['signIn'],
    write: true,
    run: (c) =>
      call(
        c,
        graphql(
          'mutation($email: String!, $password: String!) { signIn(email: $email, password: $password) { token user { role } } }',
        ),
        { email: fx.users[c === 'ANONYMOUS' || c === 'MEMBER' ? 'STATION_STAFF' : c].email, password: PASSWORD },
      ),
    allowed: (d, c) => {
      expect(d.signIn.token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
      expect(d.signIn.user.role).toBe(c === 'ANONYMOUS' || c === 'MEMBER' ? 'STATION_STAFF' : c);
    },
  }),

  op({
    name: "signOut (ends the caller's own session; a member's on every device)",
    expect: by(N, Y, Y, Y, Y, Y),
    deniedAt: ['signOut'],
    write: true,
    run: (c) => call(c, graphql('mutation { signOut }')),
    allowed: (d) => expect(d.signOut).toBe(true),
  }),
]);

// Authorization matrix (see matrix.ts): viewer, signing in and signing out.
import { expect } from 'vitest';
import { by, call, fx, N, PASSWORD, runMatrix, Y } from './matrix.ts';

runMatrix([
  {
    name: 'viewer',
    expect: by(Y, Y, Y, Y, Y),
    deniedAt: ['viewer'],
    run: (c) => call(c, '{ viewer { role email } }'),
    allowed: (d, c) =>
      expect(d.viewer).toEqual(c === 'ANONYMOUS' || c === 'MEMBER' ? null : { role: c, email: fx.users[c].email }),
  },
  {
    name: "signIn (own credentials; anonymous: the staff member's)",
    expect: by(Y, Y, Y, Y, Y),
    deniedAt: ['signIn'],
    write: true,
    run: (c) =>
      call(
        c,
        'mutation($email: String!, $password: String!) { signIn(email: $email, password: $password) { token user { role } } }',
        { email: fx.users[c === 'ANONYMOUS' || c === 'MEMBER' ? 'STATION_STAFF' : c].email, password: PASSWORD },
      ),
    allowed: (d, c) => {
      expect(d.signIn.token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
      expect(d.signIn.user.role).toBe(c === 'ANONYMOUS' || c === 'MEMBER' ? 'STATION_STAFF' : c);
    },
  },

  {
    name: "signOut (ends the caller's own session; a member's on every device)",
    expect: by(N, Y, Y, Y, Y, Y),
    deniedAt: ['signOut'],
    write: true,
    run: (c) => call(c, 'mutation { signOut }'),
    allowed: (d) => expect(d.signOut).toBe(true),
  },
]);

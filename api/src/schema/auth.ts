// Sign-in and "who am I". Thin: the lock, password check, token and audit are in services/auth.ts.
import { signIn, signOut } from '../services/auth.ts';
import { builder } from './builder.ts';
import { grantUserRead, UserRef } from './user.ts';

const SignInPayload = builder.objectRef<{ token: string; expiresAt: Date; userId: number }>('SignInPayload').implement({
  fields: (t) => ({
    token: t.exposeString('token', { description: 'Send as "Authorization: Bearer <token>".' }),
    expiresAt: t.field({ type: 'DateTime', resolve: (p) => p.expiresAt }),
    user: t.field({ type: UserRef, resolve: (p, _a, ctx) => grantUserRead(ctx, p.userId) }),
  }),
});

builder.queryField('viewer', (t) =>
  t.field({
    type: UserRef,
    nullable: true,
    description: 'The signed-in person, or null (also for a counter device with nobody signed in).',
    resolve: (_r, _a, ctx) => ctx.viewer?.userId ?? null,
  }),
);

builder.mutationField('signIn', (t) =>
  t.field({
    type: SignInPayload,
    args: {
      email: t.arg.string({
        required: true,
        validate: { maxLength: 254 },
        description: 'Email, or the phone number of an account that has one.',
      }),
      password: t.arg.string({ required: true, validate: { maxLength: 200 } }),
    },
    resolve: (_r, args, ctx) => signIn(ctx, args.email, args.password),
  }),
);

builder.mutationField('signOut', (t) =>
  t.boolean({
    description:
      'Ends your session at once (every token of yours is refused from now on); true when done. A green-points member signs out on every device.',
    authScopes: { person: true, member: true },
    resolve: (_r, _a, ctx) => signOut(ctx),
  }),
);

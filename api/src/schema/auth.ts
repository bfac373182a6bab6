// Sign-in and "who am I". Thin: the lock, password check, token and audit are in services/auth.ts.
import { ROLES, type Role } from '../domain/viewer.ts';
import { usersByIds } from '../repositories/user.ts';
import { signIn } from '../services/auth.ts';
import { builder } from './builder.ts';
import { CityRef } from './city.ts';
import { StationRef } from './station.ts';

const RoleEnum = builder.enumType('Role', { values: ROLES });

type UserRow = Awaited<ReturnType<typeof usersByIds>>[number];

const UserRef = builder.objectRef<UserRow>('User').implement({
  fields: (t) => ({
    email: t.exposeString('email'),
    displayName: t.exposeString('display_name'),
    role: t.field({ type: RoleEnum, resolve: (u) => u.role as Role }),
    station: t.field({ type: StationRef, nullable: true, resolve: (u) => u.station_id }),
    city: t.field({ type: CityRef, nullable: true, resolve: (u) => u.city_code }),
  }),
});

const SignInPayload = builder.objectRef<{ token: string; expiresAt: Date; user: UserRow }>('SignInPayload').implement({
  fields: (t) => ({
    token: t.exposeString('token', { description: 'Send as "Authorization: Bearer <token>".' }),
    expiresAt: t.field({ type: 'DateTime', resolve: (p) => p.expiresAt }),
    user: t.field({ type: UserRef, resolve: (p) => p.user }),
  }),
});

builder.queryField('viewer', (t) =>
  t.field({
    type: UserRef,
    nullable: true,
    description: 'The signed-in user, or null.',
    resolve: async (_r, _a, ctx) => (ctx.viewer ? ((await usersByIds(ctx.db, [ctx.viewer.userId]))[0] ?? null) : null),
  }),
);

builder.mutationField('signIn', (t) =>
  t.field({
    type: SignInPayload,
    args: {
      email: t.arg.string({ required: true, validate: { maxLength: 254 } }),
      password: t.arg.string({ required: true, validate: { maxLength: 200 } }),
    },
    resolve: (_r, args, ctx) => signIn(ctx, args.email, args.password),
  }),
);

// Sign-in and "who am I". Wrong email and wrong password give the same answer on purpose.
import { verifyPassword } from '@recycle/db';
import { signToken } from '../auth/token.ts';
import { UnauthenticatedError } from '../domain/errors.ts';
import { ROLES, type Role } from '../domain/viewer.ts';
import { userByEmail, usersByIds } from '../repositories/user.ts';
import { countAuditSince, writeAudit } from '../repositories/audit.ts';
import { builder } from './builder.ts';
import { CityRef } from './city.ts';
import { StationRef } from './station.ts';

export const MAX_FAILED_SIGN_INS = 10;
export const SIGN_IN_WINDOW_MS = 15 * 60 * 1000;

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
    resolve: async (_r, args, ctx) => {
      const email = args.email.trim().toLowerCase();
      // Brute-force guard, per email and shared by every API process (it counts audit entries).
      const since = new Date(ctx.now.getTime() - SIGN_IN_WINDOW_MS);
      if ((await countAuditSince(ctx.db, 'signIn:failed', 'email', email, since)) >= MAX_FAILED_SIGN_INS) {
        throw new UnauthenticatedError(`Too many failed sign-ins for this email; try again in ${SIGN_IN_WINDOW_MS / 60_000} minutes`);
      }
      const user = await userByEmail(ctx.db, email);
      if (!user || !(await verifyPassword(args.password, user.password_hash))) {
        await writeAudit(ctx.db, { actorId: null, action: 'signIn:failed', entity: 'email', entityId: email, at: ctx.now, requestId: ctx.requestId });
        throw new UnauthenticatedError('Email or password is wrong');
      }
      const viewer = { userId: user.id, role: user.role as Role, stationId: user.station_id, cityCode: user.city_code };
      const { token, expiresAt } = await signToken(ctx.tokenKeys, viewer, ctx.now);
      await writeAudit(ctx.db, { actorId: user.id, action: 'signIn', entity: 'app_user', entityId: String(user.id), requestId: ctx.requestId });
      return { token, expiresAt, user };
    },
  }),
);

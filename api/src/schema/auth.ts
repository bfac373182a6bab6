// Sign-in and "who am I". Wrong login and wrong password give the same answer on purpose.
import { verifyPassword } from '@recycle/db';
import { signToken } from '../auth/token.ts';
import { normalizeEmail, normalizePhone } from '../domain/accounts.ts';
import { UnauthenticatedError } from '../domain/errors.ts';
import type { Role } from '../domain/viewer.ts';
import { userByLogin } from '../repositories/user.ts';
import { recordSignIn } from '../repositories/account.ts';
import { countAuditSince, writeAudit } from '../repositories/audit.ts';
import { builder } from './builder.ts';
import { grantUserRead, UserRef } from './user.ts';

export const MAX_FAILED_SIGN_INS = 10;
export const SIGN_IN_WINDOW_MS = 15 * 60 * 1000;

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
      email: t.arg.string({ required: true, validate: { maxLength: 254 }, description: 'Email, or the phone number of an account that has one.' }),
      password: t.arg.string({ required: true, validate: { maxLength: 200 } }),
    },
    resolve: async (_r, args, ctx) => {
      const login = normalizeEmail(args.email) ?? normalizePhone(args.email) ?? args.email.trim().toLowerCase();
      // Brute-force guard, per login and shared by every API process (it counts audit entries).
      const since = new Date(ctx.now.getTime() - SIGN_IN_WINDOW_MS);
      if ((await countAuditSince(ctx.db, 'signIn:failed', 'email', login, since)) >= MAX_FAILED_SIGN_INS) {
        throw new UnauthenticatedError(`Too many failed sign-ins for this email; try again in ${SIGN_IN_WINDOW_MS / 60_000} minutes`);
      }
      const user = await userByLogin(ctx.db, login);
      if (!user || !user.password_hash || !(await verifyPassword(args.password, user.password_hash))) {
        await writeAudit(ctx.db, { actorId: null, action: 'signIn:failed', entity: 'email', entityId: login, at: ctx.now, requestId: ctx.requestId });
        throw new UnauthenticatedError('Email or password is wrong');
      }
      if (user.deactivated_at) throw new UnauthenticatedError('This account is deactivated; ask your manager');
      const viewer = { userId: user.id, role: user.role as Role, stationId: user.station_id, cityCode: user.city_code };
      const { token, expiresAt } = await signToken(ctx.tokenKeys, viewer, ctx.now);
      await recordSignIn(ctx.db, user.id, ctx.now);
      await writeAudit(ctx.db, { actorId: user.id, action: 'signIn', entity: 'app_user', entityId: String(user.id), requestId: ctx.requestId });
      return { token, expiresAt, userId: user.id };
    },
  }),
);

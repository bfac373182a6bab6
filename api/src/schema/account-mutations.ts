// Account lifecycle mutations: thin over services/accounts.ts and services/activation.ts.
// Data-dependent refusals (a manager and another city's staff) are ForbiddenError members of the
// result unions; role refusals are FORBIDDEN errors.
import { ConflictError, ForbiddenError, InputError, NotFoundError } from '../domain/errors.ts';
import {
  createAccount,
  deactivateAccount,
  reactivateAccount,
  resetPassword,
  updateAccountDetails,
  type Activation,
} from '../services/accounts.ts';
import { activateAccount, changeOwnPassword, type SignedIn } from '../services/activation.ts';
import type { AccountRow } from '../repositories/account.ts';
import type { Role } from '../domain/viewer.ts';
import { builder } from './builder.ts';
import { grantUserRead, parseUserId, RoleEnum, UserRef } from './user.ts';
import { decodeGlobalID } from '@pothos/plugin-relay';
import { msg } from '../domain/messages.ts';

export const ActivationRef = builder.objectRef<Activation>('Activation').implement({
  description: 'A one-time code (72 h) for the person to set their password. Shown once: only its hash is kept.',
  fields: (t) => ({
    code: t.exposeString('code'),
    link: t.exposeString('link', {
      description:
        'Path of the activation page with the code; prefix the site origin (a QR code carries the whole URL).',
    }),
    expiresAt: t.field({ type: 'DateTime', resolve: (a) => a.expiresAt }),
    emailDelivered: t.boolean({
      nullable: true,
      description:
        'true: the code and link were e-mailed to the person; false: e-mailing failed (hand the code over yourself); null: not e-mailed (SMTP is not configured, or the account has no e-mail address).',
      resolve: (a) => a.emailDelivered ?? null,
    }),
  }),
});

const UserWithActivation = builder.objectRef<{ user: AccountRow; activation: Activation }>('UserActivation').implement({
  fields: (t) => ({
    user: t.field({ type: UserRef, resolve: (p) => p.user }),
    activation: t.field({ type: ActivationRef, resolve: (p) => p.activation }),
  }),
});

export const SessionPayload = builder.objectRef<SignedIn>('SessionPayload').implement({
  description: 'A new sign-in (every other session of the person has ended).',
  fields: (t) => ({
    token: t.exposeString('token'),
    expiresAt: t.field({ type: 'DateTime', resolve: (p) => p.expiresAt }),
    user: t.field({ type: UserRef, resolve: (p, _a, ctx) => grantUserRead(ctx, p.userId) }),
  }),
});

const name = { minLength: 1, maxLength: 100 } as const;
const CreateUserInput = builder.inputType('CreateUserInput', {
  fields: (t) => ({
    role: t.field({ type: RoleEnum, required: true }),
    displayName: t.string({ required: true, validate: name }),
    email: t.string({ required: false, validate: { maxLength: 254 } }),
    phone: t.string({ required: false, validate: { maxLength: 32 } }),
    cityCode: t.string({ required: false, validate: { maxLength: 8 }, description: 'City managers: their city.' }),
    stationCode: t.string({
      required: false,
      validate: { maxLength: 32 },
      description: 'Station staff: their station.',
    }),
  }),
});
const UpdateUserInput = builder.inputType('UpdateUserInput', {
  fields: (t) => ({
    role: t.field({ type: RoleEnum, required: false }),
    displayName: t.string({ required: false, validate: name }),
    email: t.string({ required: false, validate: { maxLength: 254 } }),
    phone: t.string({ required: false, validate: { maxLength: 32 } }),
    cityCode: t.string({ required: false, validate: { maxLength: 8 } }),
    stationCode: t.string({ required: false, validate: { maxLength: 32 } }),
  }),
});

/** A User global id (or a plain number) to the account id. */
function userId(id: string): number {
  if (/^\d+$/.test(id)) return parseUserId(id, 'id');
  let decoded: { typename: string; id: string };
  try {
    decoded = decodeGlobalID(id);
  } catch {
    throw InputError.of('id', msg('input.badId'));
  }
  if (decoded.typename !== 'User') throw InputError.of('id', msg('input.notIdOf', { kind: 'User' }));
  return parseUserId(decoded.id, 'id');
}

const ERRORS = [InputError, NotFoundError, ConflictError, ForbiddenError];
const password = { minLength: 1, maxLength: 200 } as const;

builder.mutationFields((t) => ({
  createUser: t.field({
    type: UserWithActivation,
    description:
      'Admins: any role. City managers: station staff of their city. Returns the one-time activation code (shown once).',
    errors: { types: ERRORS, directResult: true },
    authScopes: { manager: true },
    args: { input: t.arg({ type: CreateUserInput, required: true }) },
    resolve: (_r, { input }, ctx) => createAccount(ctx, { ...input, role: input.role as Role }),
  }),
  updateUser: t.field({
    type: UserRef,
    description: "Name, email, phone; role, city or station (which ends the person's sessions).",
    errors: { types: ERRORS, directResult: true },
    authScopes: { manager: true },
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateUserInput, required: true }) },
    resolve: (_r, { id, input }, ctx) =>
      updateAccountDetails(ctx, userId(String(id)), { ...input, role: (input.role ?? undefined) as Role | undefined }),
  }),
  resetUserPassword: t.field({
    type: UserWithActivation,
    description: "A new one-time code; the old password stops working and the person's sessions end.",
    errors: { types: ERRORS, directResult: true },
    authScopes: { manager: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_r, { id }, ctx) => resetPassword(ctx, userId(String(id))),
  }),
  deactivateUser: t.field({
    type: UserRef,
    errors: { types: ERRORS, directResult: true },
    authScopes: { manager: true },
    args: {
      id: t.arg.id({ required: true }),
      reason: t.arg.string({ required: true, validate: { minLength: 3, maxLength: 500 } }),
    },
    resolve: (_r, { id, reason }, ctx) => deactivateAccount(ctx, userId(String(id)), reason.trim()),
  }),
  reactivateUser: t.field({
    type: UserRef,
    errors: { types: ERRORS, directResult: true },
    authScopes: { manager: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_r, { id }, ctx) => reactivateAccount(ctx, userId(String(id))),
  }),
  activateAccount: t.field({
    type: SessionPayload,
    description: 'Anyone with a one-time code: sets the password and signs in.',
    errors: { types: [InputError], directResult: true },
    args: {
      code: t.arg.string({ required: true, validate: { minLength: 4, maxLength: 40 } }),
      password: t.arg.string({ required: true, validate: password }),
    },
    resolve: (_r, args, ctx) => activateAccount(ctx, args.code, args.password),
  }),
  changePassword: t.field({
    type: SessionPayload,
    description: 'Your own password; every other session of yours ends.',
    errors: { types: [InputError], directResult: true },
    authScopes: { person: true },
    args: {
      currentPassword: t.arg.string({ required: true, validate: password }),
      newPassword: t.arg.string({ required: true, validate: password }),
    },
    resolve: (_r, args, ctx) => changeOwnPassword(ctx, args.currentPassword, args.newPassword),
  }),
}));

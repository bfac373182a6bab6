// User: a person's account. The person reads their own; admins read everyone's; a city manager
// reads the station staff of their city. Listing is a Relay connection with filters.
import { resolveCursorConnection, type ResolveCursorConnectionArgs } from '@pothos/plugin-relay';
import { ACCOUNT_STATES, canManageAccount, type AccountState } from '../domain/accounts.ts';
import { InputError } from '../domain/errors.ts';
import { ROLES, type Role } from '../domain/viewer.ts';
import { accountsByIds, countAccounts, listAccounts, type AccountRow } from '../repositories/account.ts';
import { stationsByCodes } from '../repositories/station.ts';
import type { Context } from '../context.ts';
import { builder } from './builder.ts';
import { CityRef } from './city.ts';
import { decodeCursor, encodeCursor, pageSizes } from './cursor.ts';
import { StationRef } from './station.ts';
import { msg } from '../domain/messages.ts';

export const RoleEnum = builder.enumType('Role', { values: ROLES });
export const AccountStateEnum = builder.enumType('AccountState', {
  description: 'PENDING: invited, the one-time code not used yet. DEACTIVATED: cannot sign in.',
  values: ACCOUNT_STATES,
});

/** Accounts a request may read although it is not signed in as them (sign-in and activation answers). */
const granted = new WeakMap<object, Set<number>>();
export function grantUserRead(ctx: Context, userId: number): number {
  const set = granted.get(ctx) ?? new Set<number>();
  granted.set(ctx, set.add(userId));
  return userId;
}

const canRead = (u: AccountRow, ctx: Context) =>
  ctx.viewer?.userId === u.id ||
  !!granted.get(ctx)?.has(u.id) ||
  canManageAccount(ctx.viewer, { role: u.role as Role, cityCode: u.account_city });

export const UserRef = builder.loadableNodeRef('User', {
  id: { resolve: (u) => u.id, parse: (id) => parseUserId(id, 'id') },
  load: (ids: number[], ctx: Context) => accountsByIds(ctx.db, ids),
  sort: (u) => u.id,
});

UserRef.implement({
  // Yourself, or an account you manage; anyone else's is refused (FORBIDDEN), not shown.
  authScopes: (u, ctx) => canRead(u, ctx),
  fields: (t) => ({
    email: t.exposeString('email', { nullable: true }),
    phone: t.exposeString('phone', { nullable: true }),
    displayName: t.exposeString('display_name'),
    role: t.field({ type: RoleEnum, resolve: (u) => u.role as Role }),
    state: t.field({ type: AccountStateEnum, resolve: (u) => u.state }),
    station: t.field({ type: StationRef, nullable: true, resolve: (u) => u.station_id }),
    city: t.field({
      type: CityRef,
      nullable: true,
      description: "A manager's city, or a staff member's station's city.",
      resolve: (u) => u.account_city,
    }),
    createdAt: t.field({ type: 'DateTime', resolve: (u) => u.created_at }),
    activatedAt: t.field({ type: 'DateTime', nullable: true, resolve: (u) => u.activated_at }),
    activationExpiresAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the open one-time code stops working (PENDING accounts).',
      resolve: (u) => u.activation_expires_at,
    }),
    deactivatedAt: t.field({ type: 'DateTime', nullable: true, resolve: (u) => u.deactivated_at }),
    deactivationReason: t.exposeString('deactivation_reason', { nullable: true }),
    lastSignInAt: t.field({ type: 'DateTime', nullable: true, resolve: (u) => u.last_sign_in_at }),
  }),
});

export function parseUserId(id: string | number, field: string): number {
  const n = Number(id);
  if (!Number.isSafeInteger(n) || n <= 0) throw InputError.of(field, msg('input.notIdOf', { kind: 'user' }));
  return n;
}

builder.queryFields((t) => ({
  users: t.connection(
    {
      type: UserRef,
      description:
        'Accounts the viewer manages (admins: all; city managers: the station staff of their city), newest first.',
      authScopes: { manager: true },
      args: {
        cityCode: t.arg.string({ required: false, validate: { maxLength: 8 } }),
        stationCode: t.arg.string({ required: false, validate: { maxLength: 32 } }),
        role: t.arg({ type: [RoleEnum], required: false }),
        state: t.arg({ type: [AccountStateEnum], required: false }),
        search: t.arg.string({
          required: false,
          validate: { maxLength: 100 },
          description: 'Part of a name, email, phone or station code.',
        }),
      },
      resolve: async (_r, args, ctx) => {
        const v = ctx.viewer!;
        const managerOnly = v.role === 'CITY_MANAGER';
        let stationId: number | null = null;
        if (args.stationCode)
          stationId = (await stationsByCodes(ctx.db, [args.stationCode.trim().toUpperCase()]))[0]?.id ?? -1;
        const filter = {
          cityCode: managerOnly ? v.cityCode : args.cityCode,
          // A manager sees staff only, whatever the filter asks.
          roles: managerOnly ? ['STATION_STAFF'] : args.role,
          states: args.state as AccountState[] | null,
          stationId,
          search: args.search?.trim() || null,
        };
        if (managerOnly && args.cityCode && args.cityCode !== v.cityCode)
          return {
            edges: [],
            pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
            totalCount: 0,
          };
        const num = (c: string | undefined) => (c === undefined ? undefined : parseUserId(c, 'after'));
        const after = num(decodeCursor('user', args.after, 'after'));
        const before = num(decodeCursor('user', args.before, 'before'));
        const [connection, totalCount] = await Promise.all([
          resolveCursorConnection(
            { args, toCursor: (u: AccountRow) => encodeCursor('user', u.id), ...pageSizes(args) },
            ({ limit, inverted }: ResolveCursorConnectionArgs) =>
              listAccounts(ctx.db, filter, { after, before, limit, inverted }),
          ),
          countAccounts(ctx.db, filter),
        ]);
        return { ...connection, totalCount };
      },
    },
    {
      fields: (c) => ({
        totalCount: c.int({ resolve: (conn) => (conn as unknown as { totalCount: number }).totalCount }),
      }),
    },
  ),
}));

// The Pothos builder and its plugins; no types are defined here (see the domain modules), and no
// rules: each scope names a permission function of domain/viewer.ts.
import SchemaBuilder from '@pothos/core';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import ErrorsPlugin from '@pothos/plugin-errors';
import RelayPlugin from '@pothos/plugin-relay';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import ZodPlugin from '@pothos/plugin-zod';
import ComplexityPlugin from '@pothos/plugin-complexity';
import type { Context } from '../context.ts';
import { canListAccounts } from '../domain/accounts.ts';
import { ForbiddenError, InputError } from '../domain/errors.ts';
import { zodFieldIssue } from '../domain/zod-issues.ts';
import {
  canLogAtStation,
  canManageCity,
  canOperateStation,
  canReadCity,
  canReadEverything,
  canReadReport,
  canReadStation,
  canWriteSomething,
  isAdmin,
  type ReportScope,
  type StationRef,
} from '../domain/viewer.ts';
import { checkNodeIds, COST_LIMIT, costError, listCost, MAX_NODE_IDS, pageCost } from './cost.ts';
import GlobalIdErrorsPlugin from './global-id-errors.ts';
import { msg } from '../domain/messages.ts';

export interface Scopes {
  signedIn: boolean;
  admin: boolean;
  /** Analysts and admins: read everything, everywhere. */
  readAll: boolean;
  /** Anyone who may write something (everyone signed in but analysts). */
  writer: boolean;
  readStation: StationRef;
  operateStation: StationRef;
  /** Log drop-offs at a station: its own staff, or an admin. */
  logAtStation: StationRef;
  manageCity: string;
  /** Admins and city managers (signed in as a person): accounts, devices, imports. */
  manager: boolean;
  /** Signed in as a person (not a counter device alone). */
  person: boolean;
  readCity: string | null;
  /** Carbon reports and their CSV: the report's city filter and stations. */
  readReport: ReportScope;
  /** A green-points member signed in with a member token (docs/points.md). */
  member: boolean;
}

export const builder = new SchemaBuilder<{
  Context: Context;
  AuthScopes: Scopes;
  DefaultFieldNullability: false;
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    Date: { Input: string; Output: string };
    ID: { Input: string; Output: string | number };
  };
}>({
  // Order matters: the first wraps outermost (scope-auth checks before the errors plugin answers);
  // GlobalIdErrors sits between errors and relay (see global-id-errors.ts).
  plugins: [
    ScopeAuthPlugin,
    ErrorsPlugin,
    GlobalIdErrorsPlugin,
    ZodPlugin,
    RelayPlugin,
    DataloaderPlugin,
    ComplexityPlugin,
  ],
  defaultFieldNullability: false,
  scopeAuth: {
    authScopes: (ctx) => {
      const v = ctx.viewer;
      return {
        signedIn: v !== null,
        admin: isAdmin(v),
        readAll: canReadEverything(v),
        writer: canWriteSomething(v),
        readStation: (s) => canReadStation(v, s),
        operateStation: (s) => canOperateStation(v, s),
        logAtStation: (s) => canLogAtStation(v, s),
        manageCity: (code) => canManageCity(v, code),
        manager: canListAccounts(v),
        person: v !== null && v.userId !== null,
        readCity: (code) => canReadCity(v, code),
        readReport: (scope) => canReadReport(v, scope),
        member: ctx.member !== null,
      };
    },
    unauthorizedError: (_parent, ctx) =>
      new ForbiddenError(ctx.viewer || ctx.member ? msg('auth.roleForbidden') : msg('auth.signInToDoThis')),
  },
  errors: { defaultTypes: [InputError] },
  zod: {
    // A GraphQLError, so yoga shows it (a plain zod error would be masked as "Unexpected error.").
    validationError: (zodError) => new InputError(zodError.issues.map((i) => zodFieldIssue(i.path.join('.'), i))),
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    // Page sizes are not a plugin option: see pageSizes() in cursor.ts.
    // Query cost (cost.ts): a connection multiplies its selection by its page size, and its edges
    // then count once (not a second default x10).
    defaultConnectionFieldOptions: { complexity: pageCost },
    edgesFieldOptions: { complexity: { field: 1, multiplier: 1 } },
    nodesQueryOptions: {
      description: `Nodes by global id, in the order asked (at most ${MAX_NODE_IDS}).`,
      complexity: (args) => listCost(args.ids.length, 0, MAX_NODE_IDS),
      resolve: (_root, args, _ctx, _info, resolveNodes) => resolveNodes(checkNodeIds(args.ids)),
    },
  },
  complexity: {
    defaultComplexity: 1,
    // A list without a size argument (cities, materials, a report's rows...) counts as 10 rows.
    defaultListMultiplier: 10,
    limit: COST_LIMIT,
    complexityError: costError,
  },
});

builder.queryType({});
builder.mutationType({});

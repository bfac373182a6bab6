// Decommissioning: a station leaves the map and the lists, its history stays in the reports.
import { ConflictError, ForbiddenError, NotFoundError } from '../domain/errors.ts';
import { decommission, recommission } from '../services/station-lifecycle.ts';
import { builder } from './builder.ts';
import { StationRef } from './station.ts';

const code = { required: true, validate: { minLength: 1, maxLength: 32 } } as const;

builder.mutationFields((t) => ({
  decommissionStation: t.field({
    type: StationRef,
    description: "Admins and the city's manager. Drop-offs, totals and reports keep the station's history.",
    errors: { types: [NotFoundError, ConflictError, ForbiddenError], directResult: true },
    authScopes: { manager: true },
    args: {
      code: t.arg.string(code),
      reason: t.arg.string({ required: true, validate: { minLength: 3, maxLength: 500 } }),
    },
    resolve: (_r, args, ctx) => decommission(ctx, args.code.trim().toUpperCase(), args.reason.trim()),
  }),
  recommissionStation: t.field({
    type: StationRef,
    description: 'Puts a decommissioned station back in service.',
    errors: { types: [NotFoundError, ConflictError, ForbiddenError], directResult: true },
    authScopes: { manager: true },
    args: { code: t.arg.string(code) },
    resolve: (_r, args, ctx) => recommission(ctx, args.code.trim().toUpperCase()),
  }),
}));

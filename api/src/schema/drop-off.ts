// Drop-offs: logged in idempotent batches by station staff, corrected by voiding (never deleted).
import { resolveCursorConnection, type ResolveCursorConnectionArgs } from '@pothos/plugin-relay';
import { ConflictError, ForbiddenError, NotFoundError } from '../domain/errors.ts';
import { MAX_BATCH, MAX_KEY_LENGTH } from '../domain/drop-off-rules.ts';
import { dropOffsByIds, listStationDropOffs, type DropOffRow } from '../repositories/drop-off.ts';
import { logDropOffs, voidDropOff, type DropOffResult, type IdempotencyConflict } from '../services/drop-offs.ts';
import { ErrorInterface } from './errors.ts';
import type { Context } from '../context.ts';
import { builder } from './builder.ts';
import { StationRef } from './station.ts';
import { stationScope } from './station-mutations.ts';
import { decodeCursor, encodeCursor, pageSizes } from './cursor.ts';
import { serialId } from './ids.ts';

export const OutcomeEnum = builder.enumType('Outcome', {
  values: {
    REUSED: { description: 'Kept at the station and handed out again.' },
    RECYCLED: { description: 'Put in the bin for the recycler.' },
  },
});

export const DropOffRef = builder.loadableNodeRef('DropOff', {
  id: { resolve: (d) => d.id, parse: serialId('drop-off') },
  load: (ids: number[], ctx: Context) => dropOffsByIds(ctx.db, ids),
  sort: (d) => d.id,
});

DropOffRef.implement({
  // Read rules follow the station's: load it and check.
  authScopes: async (d, ctx) => {
    const s = await StationRef.getDataloader(ctx).load(d.station_id);
    return { readStation: s };
  },
  fields: (t) => ({
    station: t.field({ type: StationRef, resolve: (d) => d.station_id }),
    occurredAt: t.field({ type: 'DateTime', resolve: (d) => d.occurred_at }),
    localDay: t.field({ type: 'Date', resolve: (d) => d.local_day }),
    materialCode: t.exposeString('material_code'),
    outcome: t.field({ type: OutcomeEnum, resolve: (d) => d.outcome as 'REUSED' | 'RECYCLED' }),
    quantity: t.exposeInt('quantity'),
    massKg: t.exposeFloat('mass_kg'),
    massWeighed: t.exposeBoolean('mass_weighed', {
      description: 'True when massKg was weighed and sent; false when it is the typical mass x quantity.',
    }),
    idempotencyKey: t.exposeString('idempotency_key'),
    loggedAt: t.field({ type: 'DateTime', resolve: (d) => d.created_at }),
    voided: t.boolean({ resolve: (d) => d.voided_at !== null }),
    voidedAt: t.field({ type: 'DateTime', nullable: true, resolve: (d) => d.voided_at }),
    voidReason: t.exposeString('void_reason', { nullable: true }),
  }),
});

builder.objectField(StationRef, 'dropOffs', (t) =>
  t.connection({
    type: DropOffRef,
    description: 'Latest first, voided ones included (flagged).',
    authScopes: (s) => ({ readStation: s }),
    args: {
      since: t.arg({
        type: 'DateTime',
        required: false,
        description:
          "Only entries that occurred at or after this moment (the counter asks for today's). The read then touches only the months they can be in, however long the history.",
      }),
    },
    resolve: (s, args, ctx) => {
      const after = decodeCursor('drop-off', args.after, 'after');
      const before = decodeCursor('drop-off', args.before, 'before');
      return resolveCursorConnection(
        { args, toCursor: (d: DropOffRow) => encodeCursor('drop-off', d.id), ...pageSizes(args) },
        ({ limit, inverted }: ResolveCursorConnectionArgs) =>
          listStationDropOffs(ctx.db, s.id, {
            after: after ? Number(after) : undefined,
            before: before ? Number(before) : undefined,
            since: args.since ?? undefined,
            limit,
            inverted,
          }),
      );
    },
  }),
);

const DropOffItemInput = builder.inputType('DropOffItemInput', {
  fields: (t) => ({
    idempotencyKey: t.string({
      required: true,
      description: `Made by the client (a UUID, or the waybill number), at most ${MAX_KEY_LENGTH} characters; unique per station.`,
    }),
    materialCode: t.string({ required: true, validate: { maxLength: 32 } }),
    outcome: t.field({ type: OutcomeEnum, required: true }),
    quantity: t.int({ required: true }),
    massKg: t.float({
      required: false,
      description:
        "Send it only when weighed (the entry is then marked weighed); default: the material's typical mass × quantity, marked estimated.",
    }),
    occurredAt: t.field({ type: 'DateTime', required: false, description: 'Default: when the server receives it.' }),
    memberCode: t.string({
      required: false,
      validate: { maxLength: 32 },
      description: 'Green points: the member code scanned with this drop-off (docs/points.md).',
    }),
  }),
});

const LogDropOffsInput = builder.inputType('LogDropOffsInput', {
  fields: (t) => ({
    stationCode: t.string({ required: true, validate: { minLength: 1, maxLength: 32 } }),
    items: t.field({ type: [DropOffItemInput], required: true, description: `1 to ${MAX_BATCH} items.` }),
  }),
});

const ResultStatusEnum = builder.enumType('DropOffResultStatus', {
  values: {
    ACCEPTED: { description: 'Stored and counted now.' },
    REPLAYED: {
      description:
        'This key was already stored with the same payload: the original is returned, nothing counted twice.',
    },
    CONFLICT: {
      description:
        'This key was already stored with a different payload: nothing was written for this item (see conflict).',
    },
  },
});

const ConflictRef = builder.objectRef<IdempotencyConflict>('IdempotencyConflict').implement({
  description: 'An idempotency key already stored with a different payload. The stored entry stays as it was.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    field: t.string({
      description: 'The first differing input, e.g. "input.items.3.quantity".',
      resolve: (c) => `input.items.${c.index}.${c.fields[0]}`,
    }),
    index: t.exposeInt('index', { description: "The item's position in the batch." }),
    idempotencyKey: t.exposeString('key'),
    fields: t.stringList({
      description: 'Every differing field: materialCode, outcome, quantity, massKg, occurredAt, memberCode.',
      resolve: (c) => c.fields,
    }),
  }),
});

export const DropOffResultRef = builder.objectRef<DropOffResult>('DropOffResult').implement({
  fields: (t) => ({
    idempotencyKey: t.exposeString('key'),
    status: t.field({ type: ResultStatusEnum, resolve: (r) => r.status }),
    replayed: t.boolean({
      description:
        'True when this key was already logged with the same payload: the original is returned, nothing counted twice.',
      resolve: (r) => r.status === 'REPLAYED',
    }),
    conflict: t.field({
      type: ConflictRef,
      nullable: true,
      description: 'Set when the key was already logged with a different payload (status CONFLICT).',
      resolve: (r) => r.conflict,
    }),
    dropOff: t.field({
      type: DropOffRef,
      description: 'The entry stored under this key (for a conflict: the original, unchanged).',
      resolve: (r) => r.dropOff,
    }),
  }),
});

const count = (p: { results: DropOffResult[] }, status: DropOffResult['status']) =>
  p.results.filter((r) => r.status === status).length;

const LogDropOffsPayload = builder
  .objectRef<{ stationId: number; results: DropOffResult[] }>('LogDropOffsPayload')
  .implement({
    fields: (t) => ({
      accepted: t.int({ description: 'Items counted now.', resolve: (p) => count(p, 'ACCEPTED') }),
      replayed: t.int({
        description: 'Items already logged before with the same payload (not counted again).',
        resolve: (p) => count(p, 'REPLAYED'),
      }),
      conflicts: t.int({
        description: 'Items whose key was already logged with a different payload (not stored).',
        resolve: (p) => count(p, 'CONFLICT'),
      }),
      results: t.field({
        type: [DropOffResultRef],
        description: 'One per input item, in input order.',
        resolve: (p) => p.results,
      }),
      station: t.field({ type: StationRef, resolve: (p) => p.stationId }),
    }),
  });

builder.mutationFields((t) => ({
  logDropOffs: t.field({
    type: LogDropOffsPayload,
    errors: { types: [NotFoundError], directResult: true },
    args: { input: t.arg({ type: LogDropOffsInput, required: true }) },
    complexity: 5,
    authScopes: (_r, args, ctx) => stationScope(ctx, args.input.stationCode, 'logAtStation'),
    resolve: (_r, { input }, ctx) => logDropOffs(ctx, input),
  }),
  voidDropOff: t.field({
    type: DropOffRef,
    errors: { types: [NotFoundError, ConflictError, ForbiddenError], directResult: true },
    args: {
      id: t.arg.globalID({ required: true, for: DropOffRef, description: 'The DropOff node id.' }),
      reason: t.arg.string({
        required: true,
        validate: { minLength: [3, { message: 'must say why (3+ characters)' }], maxLength: 200 },
      }),
    },
    authScopes: { writer: true },
    resolve: (_r, args, ctx) => voidDropOff(ctx, args.id.id, args.reason.trim()),
  }),
}));

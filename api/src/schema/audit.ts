// The audit log as the console reads it: newest first, filtered by actor, action, entity and time,
// keyset-paged. Admins read every entry, a city manager their city's (domain/audit.ts says why).
import { resolveCursorConnection, type ResolveCursorConnectionArgs } from '@pothos/plugin-relay';
import { InputError } from '../domain/errors.ts';
import { readAuditLog, type AuditKey, type AuditRow } from '../services/audit.ts';
import { builder } from './builder.ts';
import { decodeCursor, encodeCursor, pageSizes } from './cursor.ts';
import { msg } from '../domain/messages.ts';

const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));

const AuditEntryRef = builder.objectRef<AuditRow>('AuditEntry').implement({
  description: 'One recorded change: who, what, when, and the entity before and after it.',
  fields: (t) => ({
    id: t.string({ resolve: (e) => String(e.id) }),
    at: t.field({ type: 'DateTime', resolve: (e) => e.at }),
    action: t.exposeString('action', {
      description: 'The operation, e.g. "updateStation"; failures end in ":failed".',
    }),
    entityType: t.exposeString('entity', {
      description: 'Table-like name: station, app_user, counter_device, emission_factor_set ...',
    }),
    entityId: t.exposeString('entity_id', { description: 'Station code, user id, ... as recorded.' }),
    actorId: t.exposeInt('actor_id', {
      nullable: true,
      description: 'null: nobody signed in (a device alone, a failed sign-in).',
    }),
    // Plain text rather than a User: the log shows who acted even where the reader may not open that account.
    actorName: t.exposeString('actor_name', { nullable: true }),
    actorLogin: t.string({ nullable: true, resolve: (e) => e.actor_email ?? e.actor_phone }),
    deviceId: t.exposeInt('device_id', { nullable: true }),
    cityCode: t.exposeString('city_code', { nullable: true }),
    requestId: t.exposeString('request_id', { nullable: true }),
    before: t.string({
      nullable: true,
      description: 'JSON text of the state before, or null.',
      resolve: (e) => json(e.before),
    }),
    after: t.string({
      nullable: true,
      description: 'JSON text of the state after, or null.',
      resolve: (e) => json(e.after),
    }),
  }),
});

const toCursor = (e: AuditRow) => encodeCursor('audit', `${e.at_key}|${e.id}`);

function afterKey(cursor: string | null | undefined): AuditKey | undefined {
  const text = decodeCursor('audit', cursor, 'after');
  if (text === undefined) return undefined;
  const m = /^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d{1,6})?[+-]\d\d(?::\d\d)?)\|(\d{1,18})$/.exec(text);
  if (!m) throw InputError.of('after', msg('input.badCursor'));
  return { at: m[1]!, id: m[2]! };
}

builder.queryFields((t) => ({
  auditLog: t.connection({
    type: AuditEntryRef,
    description: 'Recorded changes, newest first. Admins: every entry; a city manager: the entries of their city.',
    authScopes: { manager: true },
    args: {
      actor: t.arg.string({
        required: false,
        description: "Part of the actor's name, email or phone.",
        validate: { maxLength: [100, { message: 'must be at most 100 characters' }] },
      }),
      action: t.arg.string({
        required: false,
        validate: { maxLength: [64, { message: 'must be at most 64 characters' }] },
      }),
      entityType: t.arg.string({
        required: false,
        validate: { maxLength: [64, { message: 'must be at most 64 characters' }] },
      }),
      entityId: t.arg.string({
        required: false,
        validate: { maxLength: [200, { message: 'must be at most 200 characters' }] },
      }),
      from: t.arg({ type: 'DateTime', required: false, description: 'Inclusive.' }),
      to: t.arg({ type: 'DateTime', required: false, description: 'Exclusive.' }),
    },
    resolve: (_r, args, ctx) => {
      const after = afterKey(args.after);
      const blank = (s: string | null | undefined) => (s?.trim() ? s.trim() : null);
      const filter = {
        actor: blank(args.actor),
        action: blank(args.action),
        entity: blank(args.entityType),
        entityId: blank(args.entityId),
        from: args.from ?? null,
        to: args.to ?? null,
      };
      return resolveCursorConnection(
        { args: { first: args.first, after: args.after }, toCursor, ...pageSizes(args) },
        ({ limit }: ResolveCursorConnectionArgs) => readAuditLog(ctx, filter, { after, limit }),
      );
    },
  }),
}));

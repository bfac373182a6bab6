// Expected failures as schema types: mutations return them in their result unions.
import { ConflictError, ForbiddenError, InputError, NotFoundError, type FieldIssue } from '../domain/errors.ts';
import type { MessageParams } from '../domain/messages.ts';
import { builder } from './builder.ts';

/** A message's parameter, e.g. { name: "row", value: "12" }. */
export const MessageParamRef = builder.objectRef<[string, string | number]>('MessageParam').implement({
  fields: (t) => ({
    name: t.string({ resolve: ([name]) => name }),
    value: t.string({ resolve: ([, value]) => String(value) }),
  }),
});

export const REASON_DESCRIPTION =
  'The message\'s stable code (e.g. "activation.badCode"), for a client to show it in its own language with `params`; null: English only.';

export const ErrorInterface = builder.interfaceRef<Error>('Error').implement({
  fields: (t) => ({
    message: t.exposeString('message'),
    reason: t.string({
      nullable: true,
      description: REASON_DESCRIPTION,
      resolve: (e) => (e as { reason?: string | null }).reason ?? null,
    }),
    params: t.field({
      type: [MessageParamRef],
      description: 'Values to fill into the translated message ({name} placeholders).',
      resolve: (e) => Object.entries((e as { params?: MessageParams }).params ?? {}),
    }),
  }),
});

const FieldIssueRef = builder.objectRef<FieldIssue>('FieldIssue').implement({
  description: 'One input at fault.',
  fields: (t) => ({
    field: t.exposeString('field', { description: 'Dotted path, e.g. "input.items.3.quantity".' }),
    message: t.exposeString('message'),
    reason: t.string({ nullable: true, description: REASON_DESCRIPTION, resolve: (i) => i.reason ?? null }),
    params: t.field({ type: [MessageParamRef], resolve: (i) => Object.entries(i.params ?? {}) }),
  }),
});

builder.objectType(InputError, {
  name: 'InputError',
  description: 'The input was rejected and nothing was written.',
  interfaces: [ErrorInterface],
  isTypeOf: (v) => v instanceof InputError,
  fields: (t) => ({
    field: t.string({ resolve: (e) => e.field }),
    issues: t.field({ type: [FieldIssueRef], resolve: (e) => e.issues }),
  }),
});

builder.objectType(NotFoundError, {
  name: 'NotFoundError',
  interfaces: [ErrorInterface],
  isTypeOf: (v) => v instanceof NotFoundError,
  fields: (t) => ({ field: t.exposeString('field') }),
});

builder.objectType(ConflictError, {
  name: 'ConflictError',
  description: 'Valid input, but not possible in the current state (e.g. voiding twice).',
  interfaces: [ErrorInterface],
  isTypeOf: (v) => v instanceof ConflictError,
  fields: (t) => ({ field: t.exposeString('field') }),
});

builder.objectType(ForbiddenError, {
  name: 'ForbiddenError',
  interfaces: [ErrorInterface],
  isTypeOf: (v) => v instanceof ForbiddenError,
  fields: () => ({}),
});

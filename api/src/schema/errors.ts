// Expected failures as schema types: mutations return them in their result unions.
import { ConflictError, ForbiddenError, InputError, NotFoundError, type FieldIssue } from '../domain/errors.ts';
import { builder } from './builder.ts';

export const ErrorInterface = builder.interfaceRef<Error>('Error').implement({
  fields: (t) => ({ message: t.exposeString('message') }),
});

const FieldIssueRef = builder.objectRef<FieldIssue>('FieldIssue').implement({
  description: 'One input at fault.',
  fields: (t) => ({
    field: t.exposeString('field', { description: 'Dotted path, e.g. "input.items.3.quantity".' }),
    message: t.exposeString('message'),
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

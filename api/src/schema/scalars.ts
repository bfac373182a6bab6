// Date and DateTime: strict on input (real calendar dates, years in a sane window, instants with an
// explicit offset). A refusal is a ScalarInputError, which the input-error-paths plugin turns into
// an InputError naming the argument path (e.g. "input.items.3.occurredAt").
import { Kind } from 'graphql';
import type { Message } from '../domain/messages.ts';
import { dayProblem, instantProblem } from '../domain/time.ts';
import { builder } from './builder.ts';

/**
 * Not a GraphQLError on purpose: graphql-js then wraps it with the value's location (literals) or
 * variable path, and keeps it as originalError, which is what the plugin needs to name the field.
 */
export class ScalarInputError extends Error {
  readonly extensions = { code: 'BAD_USER_INPUT' };
  constructor(readonly problem: Message) {
    super(problem.text);
    this.name = 'ScalarInputError';
  }
}

function parseDate(value: unknown): string {
  const problem = dayProblem(value);
  if (problem) throw new ScalarInputError(problem);
  return value as string;
}

function parseDateTime(value: unknown): Date {
  const problem = instantProblem(value);
  if (problem) throw new ScalarInputError(problem);
  return new Date(value as string);
}

const literal = (ast: { kind: Kind; value?: unknown }) => (ast.kind === Kind.STRING ? ast.value : `(${ast.kind})`);

builder.scalarType('Date', {
  description: 'A calendar day in the station\'s local time zone, "YYYY-MM-DD" (a real date, years 2000-2099).',
  serialize: (v) => v,
  parseValue: parseDate,
  parseLiteral: (ast) => parseDate(literal(ast)),
});

builder.scalarType('DateTime', {
  description:
    'An instant, ISO 8601 with "Z" or an explicit offset, e.g. "2026-11-11T09:30:00+08:00" (years 2000-2099).',
  serialize: (v) => (v instanceof Date ? v : new Date(v as string)).toISOString(),
  parseValue: parseDateTime,
  parseLiteral: (ast) => parseDateTime(literal(ast)),
});

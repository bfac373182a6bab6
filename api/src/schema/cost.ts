// What a query may cost, counted by the Pothos complexity plugin before any field resolves:
// every field costs 1, and a list multiplies the cost of its selection by the rows it can return,
// read from its arguments (`first`, `last`, `ids`, a period's days), so nested pages multiply:
// stations(first: 100) { dropOffs(first: 200) } costs 100 x 200 x the fields asked for.
// Multipliers are capped at each argument's own maximum: a larger argument is refused by the
// field itself with an InputError naming it, which says more than "too expensive".
import { complexityFromQuery } from '@pothos/plugin-complexity';
import type { DocumentNode, GraphQLSchema } from 'graphql';
import { InputError, QueryTooComplexError } from '../domain/errors.ts';
import { MAX_PERIOD_DAYS } from '../domain/period.ts';
import { addDays, daySpan, DEFAULT_TIMEZONE, localDate } from '../domain/time.ts';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './cursor.ts';
import { msg } from '../domain/messages.ts';

/** The per-request budget: the 100-station page and every screen of the web app fit (tests/unit/query-cost.test.ts). */
export const COST_LIMIT = { complexity: 30_000, depth: 12, breadth: 120 };
/** `nodes(ids:)` takes at most this many ids. */
export const MAX_NODE_IDS = 100;

const capped = (n: number | null | undefined, dflt: number, max: number) => Math.min(Math.max(n ?? dflt, 0), max);

/** A connection's cost: its selection times the page size asked (`first` or `last`, default DEFAULT_PAGE_SIZE). */
export const pageCost = (args: { first?: number | null; last?: number | null }) => ({
  field: 1,
  multiplier: capped(args.first ?? args.last, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE),
});

/** A plain list with a size argument (`first`, `last`, `limit`): at most `max` rows, `dflt` when absent. */
export const listCost = (n: number | null | undefined, dflt: number, max: number, field = 1) => ({
  field,
  multiplier: capped(n, dflt, max),
});

/**
 * A per-day list over an optional period: one row per day at most. "to" defaults to today and
 * "from" to `defaultDays` days ending on "to", as the fields resolve them.
 */
export function periodCost(args: { from?: string | null; to?: string | null }, now: Date, defaultDays: number) {
  const to = args.to ?? localDate(now, DEFAULT_TIMEZONE);
  const from = args.from ?? addDays(to, -(defaultDays - 1));
  const days = daySpan(from, to);
  return { field: 1, multiplier: Number.isFinite(days) ? Math.min(Math.max(days, 1), MAX_PERIOD_DAYS) : 1 };
}

/** The plugin's error, typed: a clear client error instead of a masked internal one. */
export function costError(
  kind: string,
  m: {
    complexity: number;
    depth: number;
    breadth: number;
    maxComplexity?: number;
    maxDepth?: number;
    maxBreadth?: number;
  },
) {
  const measure = {
    cost: m.complexity,
    maxCost: m.maxComplexity,
    depth: m.depth,
    maxDepth: m.maxDepth,
    breadth: m.breadth,
    maxBreadth: m.maxBreadth,
  };
  const message =
    kind === 'Depth'
      ? msg('query.tooDeep', { depth: m.depth, maxDepth: m.maxDepth ?? '' })
      : kind === 'Breadth'
        ? msg('query.tooBroad', { breadth: m.breadth, maxBreadth: m.maxBreadth ?? '' })
        : msg('query.tooCostly', { cost: m.complexity, maxCost: m.maxComplexity ?? '' });
  return new QueryTooComplexError(message, measure);
}

/** `nodes(ids:)` refuses more than MAX_NODE_IDS ids (an InputError naming `ids`). */
export function checkNodeIds<T>(ids: T[]): T[] {
  if (ids.length > MAX_NODE_IDS)
    throw InputError.of('ids', msg('input.tooManyIds', { max: MAX_NODE_IDS, got: ids.length }));
  return ids;
}

/**
 * What a document costs under this rule, without running it (the web documents' budget test).
 * Example: queryCost(schema, parse('{ stations(first: 10) { edges { node { code } } } }'), {}, now) → 1 + 10 x 3 = 31
 */
export function queryCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown>,
  now: Date,
): number {
  return complexityFromQuery(document, { schema, variables, ctx: { now } }).complexity;
}

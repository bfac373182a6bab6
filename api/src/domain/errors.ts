// Expected failures. Each is a GraphQLError, so yoga shows its message instead of masking it,
// and each is a class the errors plugin can put into a mutation's result union.
// Messages a person meets carry a stable `reason` code and `params` (domain/messages.ts) beside the
// English text, so the web shows them in the person's language.
import { GraphQLError } from 'graphql';
import { msg, type Message, type MessageParams } from './messages.ts';

export interface FieldIssue {
  /** Dotted path of the input at fault, e.g. "input.items.3.quantity". */
  field: string;
  message: string;
  /** The message's code in domain/messages.ts, when it has one. */
  reason?: string | null;
  params?: MessageParams;
}

/** The English text, code and params of a message given either way. */
export function messageOf(m: string | Message): { message: string; reason: string | null; params: MessageParams } {
  return typeof m === 'string'
    ? { message: m, reason: null, params: {} }
    : { message: m.text, reason: m.reason, params: m.params };
}

/** A FieldIssue from a message: `issue('input.email', msg('account.badEmail'))`. */
export function issue(field: string, m: string | Message): FieldIssue {
  const { message, reason, params } = messageOf(m);
  return reason ? { field, message, reason, params } : { field, message };
}

export class AppError extends GraphQLError {
  /** The message's code in domain/messages.ts (null: English only). */
  readonly reason: string | null;
  readonly params: MessageParams;
  constructor(m: string | Message, code: string, extra: Record<string, unknown> = {}) {
    const { message, reason, params } = messageOf(m);
    super(message, { extensions: { code, ...(reason ? { reason, params } : {}), ...extra } });
    this.name = new.target.name;
    this.reason = reason;
    this.params = params;
  }
}

/** Bad input: nothing was written. `issues` names every field at fault. */
export class InputError extends AppError {
  readonly issues: FieldIssue[];
  constructor(issues: FieldIssue[]) {
    const first = issues[0];
    const message =
      issues.length === 1 && first
        ? `${first.field}: ${first.message}`
        : `${issues.length} invalid inputs: ${issues
            .slice(0, 5)
            .map((i) => `${i.field}: ${i.message}`)
            .join('; ')}`;
    // One issue: its code is the error's own; several: the client translates each issue.
    super(
      first?.reason && issues.length === 1
        ? { text: message, reason: first.reason as Message['reason'], params: first.params ?? {} }
        : message,
      'BAD_USER_INPUT',
      { issues },
    );
    this.issues = issues;
  }
  get field(): string {
    return this.issues[0]?.field ?? '';
  }
  static of(field: string, message: string | Message): InputError {
    return new InputError([issue(field, message)]);
  }
}

export class NotFoundError extends AppError {
  constructor(
    readonly entity: string,
    readonly key: string,
    readonly field: string,
  ) {
    super(msg('notFound', { entity, key }), 'NOT_FOUND', { field });
  }
}

/** The operation is valid but not allowed in the current state (e.g. voiding twice). */
export class ConflictError extends AppError {
  constructor(
    message: string | Message,
    readonly field: string,
  ) {
    super(message, 'CONFLICT', { field });
  }
}

export class ForbiddenError extends AppError {
  constructor(message: string | Message = msg('forbidden')) {
    super(message, 'FORBIDDEN');
  }
}

export class UnauthenticatedError extends AppError {
  constructor(message: string | Message) {
    super(message, 'UNAUTHENTICATED');
  }
}

/** Seconds a client should wait before retrying while the database is unreachable. */
export const RETRY_AFTER_SECONDS = 2;

/**
 * The database could not be reached (restart, failover, network): nothing of this request was
 * acknowledged, so retrying it (with the same idempotency keys) is safe. GraphQL answers carry
 * `extensions.code = "SERVICE_UNAVAILABLE"` and HTTP 503 with Retry-After.
 */
export class ServiceUnavailableError extends AppError {
  constructor(message = 'The database is unavailable for a moment; retry shortly') {
    super(message, 'SERVICE_UNAVAILABLE', {
      retryAfterSeconds: RETRY_AFTER_SECONDS,
      // yoga turns this into the response's status and headers and leaves it out of the body.
      http: { status: 503, headers: { 'retry-after': String(RETRY_AFTER_SECONDS) } },
    });
  }
}

/**
 * Too many attempts (sign-in throttling): nothing was checked or written; retry after the given
 * seconds. GraphQL answers carry `extensions.code = "TOO_MANY_REQUESTS"` and `retryAfterSeconds`.
 */
export class TooManyRequestsError extends AppError {
  constructor(
    message: string | Message,
    readonly retryAfterSeconds: number,
  ) {
    super(message, 'TOO_MANY_REQUESTS', { retryAfterSeconds });
  }
}

/**
 * The query would cost more than the per-request budget (schema/cost.ts): list sizes multiply,
 * so `first: 500` inside `first: 500` costs 250,000 rows. Refused before any field resolves.
 * GraphQL answers carry `extensions.code = "QUERY_TOO_COMPLEX"` with the cost and the budget.
 */
export class QueryTooComplexError extends AppError {
  constructor(
    message: string | Message,
    measure: { cost: number; maxCost?: number; depth: number; maxDepth?: number; breadth: number; maxBreadth?: number },
  ) {
    super(message, 'QUERY_TOO_COMPLEX', measure);
  }
}

/**
 * The database stopped one of this request's statements at the statement timeout
 * (DB_STATEMENT_TIMEOUT_MS, PostgreSQL server only): nothing of it was written. GraphQL answers
 * carry `extensions.code = "QUERY_TIMEOUT"`; plain routes answer 503.
 */
export class QueryTimeoutError extends AppError {
  constructor() {
    super(msg('db.timeout'), 'QUERY_TIMEOUT');
  }
}

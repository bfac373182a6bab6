// Which database failures mean "the database cannot be reached right now" (retry later) rather
// than "this query is wrong". The API turns the first kind into a typed, retryable error
// (GraphQL SERVICE_UNAVAILABLE, HTTP 503 with Retry-After) and its readiness probe goes red.

/** Thrown for any failure to get a connection from the pool (refused, timed out, server starting). */
export class DatabaseUnavailableError extends Error {
  constructor(readonly reason: unknown) {
    super(`database unavailable: ${reason instanceof Error ? reason.message : String(reason)}`, { cause: reason });
    this.name = 'DatabaseUnavailableError';
  }
}

/**
 * SQLSTATEs that say the server or the connection went away, is not accepting work yet, or is a
 * read-only standby (a failover still in progress). Class 08 = connection exception.
 */
const UNAVAILABLE_SQLSTATES = new Set([
  '57P01', // admin_shutdown: pg_terminate_backend, a fast shutdown or restart
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up, shutting down, in recovery
  '53300', // too_many_connections
  '25006', // read_only_sql_transaction: writing to a standby during a failover
  '3D000', // invalid_catalog_name: the database is gone (dropped, or not restored yet)
]);

/** Node socket errors and the messages pg and PGlite use when the connection is lost or closed. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNABORTED',
]);
const LOST_CONNECTION = [
  /Connection terminated/i, // pg: the server closed the socket (unexpectedly, or during a query)
  /not queryable/i, // pg: a client whose socket already failed
  /timeout exceeded when trying to connect/i, // pg-pool: connectionTimeoutMillis
  /is not currently accepting connections/i, // ALTER DATABASE ... ALLOW_CONNECTIONS false
  /the database system is (starting up|shutting down|in recovery mode)/i,
  /PGlite is closed/i, // the embedded database was closed under a running request
];

function causes(err: unknown): unknown[] {
  const chain: unknown[] = [];
  for (
    let e = err;
    e != null && chain.length < 8;
    e = (e as { cause?: unknown; originalError?: unknown }).cause ?? (e as { originalError?: unknown }).originalError
  ) {
    if (chain.includes(e)) break;
    chain.push(e);
  }
  return chain;
}

/** True when `err` (or anything in its cause chain) means the database is unreachable for now. */
export function isDatabaseUnavailable(err: unknown): boolean {
  return causes(err).some((e) => {
    if (e instanceof DatabaseUnavailableError) return true;
    if (typeof e !== 'object' || e === null) return false;
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (
      typeof code === 'string' &&
      (code.startsWith('08') || UNAVAILABLE_SQLSTATES.has(code) || NETWORK_CODES.has(code))
    )
      return true;
    return typeof message === 'string' && LOST_CONNECTION.some((re) => re.test(message));
  });
}

/** True when a statement ran into statement_timeout (SQLSTATE 57014 with that reason). */
export function isStatementTimeout(err: unknown): boolean {
  return causes(err).some((e) => {
    const { code, message } = (e ?? {}) as { code?: unknown; message?: unknown };
    return code === '57014' && typeof message === 'string' && /statement timeout/i.test(message);
  });
}

// One mapping from a failure to what a client is told, for GraphQL (yoga's maskError) and for
// every plain HTTP route (Express' error handler below): expected failures keep their typed code,
// a database that cannot be reached is SERVICE_UNAVAILABLE (HTTP 503 + Retry-After, retryable),
// a statement stopped at the statement timeout is QUERY_TIMEOUT (HTTP 503), anything else is
// masked and logged with the request's id.
import type { ErrorRequestHandler, Response } from 'express';
import { isDatabaseUnavailable, isStatementTimeout } from '@recycle/db';
import { AppError, QueryTimeoutError, RETRY_AFTER_SECONDS, ServiceUnavailableError } from '../domain/errors.ts';
import type { Logger } from '../logger.ts';
import { msg, type Message } from '../domain/messages.ts';
import { currentRequestId } from '../request-id.ts';

/** The typed error a failure stands for, or null when it is unexpected (a bug: mask and log). */
export function expectedError(err: unknown): AppError | null {
  if (err instanceof AppError) return err;
  if (isDatabaseUnavailable(err)) return new ServiceUnavailableError();
  if (isStatementTimeout(err)) return new QueryTimeoutError();
  return null;
}

/** Expected, but an operator wants to see them: the database away, or a statement stopped. */
export const worthAWarning = (known: AppError | null): boolean =>
  known instanceof ServiceUnavailableError || known instanceof QueryTimeoutError;

export const HTTP_STATUS: Record<string, number> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  QUERY_TIMEOUT: 503,
  TOO_MANY_REQUESTS: 429,
  SERVICE_UNAVAILABLE: 503,
};

/** `{ error: { code, message, field?, errorId?, reason?, params? } }` with the status for the code. */
export function sendError(
  res: Response,
  status: number,
  code: string,
  message: string,
  extra: { field?: string; errorId?: string; reason?: string | null; params?: Record<string, string | number> } = {},
) {
  if (status === 503) res.setHeader('retry-after', String(RETRY_AFTER_SECONDS));
  res.status(status).json({
    error: {
      code,
      message,
      ...(extra.field ? { field: extra.field } : {}),
      ...(extra.errorId ? { errorId: extra.errorId } : {}),
      ...(extra.reason ? { reason: extra.reason, params: extra.params ?? {} } : {}),
    },
  });
}

/** Sends a typed error as JSON; its status comes from its code. */
export function sendAppError(res: Response, err: AppError) {
  const code = String(err.extensions.code);
  sendError(res, HTTP_STATUS[code] ?? 400, code, err.message, {
    field: (err as AppError & { field?: string }).field,
    reason: err.reason,
    params: err.params,
  });
}

/** Express' body parsers and static files fail with http-errors (status, type). */
function httpErrorOf(err: unknown): { status: number; code: string; message: string; coded?: Message } | null {
  const e = err as { status?: unknown; statusCode?: unknown; type?: unknown; expose?: unknown; message?: unknown };
  const status = typeof e?.status === 'number' ? e.status : typeof e?.statusCode === 'number' ? e.statusCode : null;
  if (status === null || status < 400 || status >= 500) return null;
  if (status === 413) {
    const coded = msg('http.bodyTooLarge');
    return { status, code: 'PAYLOAD_TOO_LARGE', message: coded.text, coded };
  }
  return {
    status,
    code: status === 404 ? 'NOT_FOUND' : 'BAD_REQUEST',
    message: e.expose && typeof e.message === 'string' ? e.message : 'Bad request',
  };
}

/**
 * Last middleware of the app: every plain route (present and future) throws or calls next(err)
 * and gets the same answers as GraphQL. After the first byte of a response the status is sent,
 * so the connection is cut (a streamed file then lacks its end trailer: see carbon-csv.ts).
 */
export function httpErrorHandler(logger: Logger): ErrorRequestHandler {
  return (err, _req, res, _next) => {
    const known = expectedError(err);
    const errorId = currentRequestId();
    if (worthAWarning(known)) logger.warn({ err, reqId: errorId }, `${known!.extensions.code} during a request`);
    else if (!known && !httpErrorOf(err))
      logger.error({ err, errorId, reqId: errorId }, 'unexpected error in an HTTP route');
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (known) return sendAppError(res, known);
    const http = httpErrorOf(err);
    if (http)
      return sendError(res, http.status, http.code, http.message, {
        reason: http.coded?.reason,
        params: http.coded?.params,
      });
    sendError(res, 500, 'INTERNAL_SERVER_ERROR', 'Unexpected error.', { errorId });
  };
}

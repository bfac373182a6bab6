// The one way the web app talks to the API: POST /graphql with the session's bearer token.
// Failures become an ApiError whose `kind` the UI can turn into a clear message.
import { session } from './session.svelte.ts';

export type ApiErrorKind = 'unreachable' | 'unauthenticated' | 'forbidden' | 'invalid' | 'incomplete' | 'server';

export class ApiError extends Error {
  constructor(
    readonly kind: ApiErrorKind,
    message: string,
    readonly errorId?: string,
    /** kind 'invalid': the inputs at fault (e.g. "input.items.3.occurredAt"). */
    readonly issues: { field: string; message: string }[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

interface GraphQLResponse<T> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string; errorId?: string; issues?: { field: string; message: string }[] } }[];
}

export interface GqlOptions {
  signal?: AbortSignal;
  /** Milliseconds before the request is abandoned as unreachable (default 15 s). */
  timeoutMs?: number;
}

export async function gql<T>(query: string, variables: Record<string, unknown> = {}, options: GqlOptions = {}): Promise<T> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (session.token) headers.authorization = `Bearer ${session.token}`;
  const timeout = AbortSignal.timeout(options.timeoutMs ?? 15_000);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let res: Response;
  try {
    res = await fetch('/graphql', { method: 'POST', headers, body: JSON.stringify({ query, variables }), signal });
  } catch (e) {
    if (options.signal?.aborted) throw e;
    throw new ApiError('unreachable', e instanceof Error ? e.message : String(e));
  }
  // 503 is also the API's own answer while its database is unreachable (SERVICE_UNAVAILABLE):
  // nothing was stored, so the caller retries later like after a network failure.
  if (res.status >= 502 && res.status <= 504) throw new ApiError('unreachable', `HTTP ${res.status}`);
  let body: GraphQLResponse<T>;
  try {
    body = (await res.json()) as GraphQLResponse<T>;
  } catch {
    throw new ApiError('server', `HTTP ${res.status}`);
  }
  const first = body.errors?.[0];
  if (first) {
    const code = first.extensions?.code;
    if (code === 'UNAUTHENTICATED') {
      session.clear();
      throw new ApiError('unauthenticated', first.message);
    }
    if (code === 'FORBIDDEN') throw new ApiError('forbidden', first.message);
    if (code === 'BAD_USER_INPUT') throw new ApiError('invalid', first.message, undefined, first.extensions?.issues ?? []);
    if (code === 'SERVICE_UNAVAILABLE') throw new ApiError('unreachable', first.message);
    throw new ApiError('server', first.message, first.extensions?.errorId);
  }
  if (!body.data) throw new ApiError('server', `HTTP ${res.status}`);
  return body.data;
}

/** A typed-error union member (InputError, NotFoundError, ...) returned as data, not thrown. */
export interface ResultError {
  __typename: string;
  message: string;
  field?: string;
  issues?: { field: string; message: string }[];
}

export function isResultError(x: { __typename: string }): x is ResultError {
  return x.__typename.endsWith('Error');
}

// The one way the web app talks to the API: POST /graphql with the session's bearer token.
// Failures become an ApiError whose `kind` the UI can turn into a clear message.
import { session } from './session.svelte.ts';

export type ApiErrorKind = 'unreachable' | 'unauthenticated' | 'forbidden' | 'server';

export class ApiError extends Error {
  constructor(
    readonly kind: ApiErrorKind,
    message: string,
    readonly errorId?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

interface GraphQLResponse<T> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string; errorId?: string } }[];
}

export interface GqlOptions {
  signal?: AbortSignal;
  /** Milliseconds before the request is abandoned as unreachable (default 15 s). */
  timeoutMs?: number;
  /** Another bearer token than the staff session's (a green-points member's, lib/member/). */
  token?: string | null;
}

export async function gql<T>(query: string, variables: Record<string, unknown> = {}, options: GqlOptions = {}): Promise<T> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const token = options.token !== undefined ? options.token : session.token;
  if (token) headers.authorization = `Bearer ${token}`;
  const timeout = AbortSignal.timeout(options.timeoutMs ?? 15_000);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let res: Response;
  try {
    res = await fetch('/graphql', { method: 'POST', headers, body: JSON.stringify({ query, variables }), signal });
  } catch (e) {
    if (options.signal?.aborted) throw e;
    throw new ApiError('unreachable', e instanceof Error ? e.message : String(e));
  }
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
      if (options.token === undefined) session.clear();
      throw new ApiError('unauthenticated', first.message);
    }
    if (code === 'FORBIDDEN') throw new ApiError('forbidden', first.message);
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

// The one way the web app talks to the API: request(document, variables) POSTs a typed document
// (lib/graphql.ts) to /graphql with the session's bearer token and returns its typed data.
// Transport and GraphQL failures become an ApiError whose `kind` the UI turns into a clear message;
// typed errors returned as data (InputError, NotFoundError, ...) are thrown by unwrapResult().
import { print } from '@0no-co/graphql.web';
import type { ResultOf, TadaDocumentNode, VariablesOf } from './graphql.ts';
import { session } from './session.svelte.ts';
import { device } from './device.svelte.ts';

export type ApiErrorKind = 'unreachable' | 'unauthenticated' | 'forbidden' | 'invalid' | 'incomplete' | 'server';

/** Parameters of a coded message, to fill into its translation (lib/errors.ts). */
export type MessageParams = Record<string, string | number>;

/**
 * What the API says about a failure: its English `message` and, when it has one, the message's
 * stable code (`reason`) and `params`, which lib/errors.ts translates.
 */
export interface CodedMessage {
  message: string;
  reason?: string | null;
  params?: MessageParams;
}

/** One input at fault (e.g. "input.items.3.occurredAt"). */
export interface Issue extends CodedMessage {
  field: string;
}

export class ApiError extends Error implements CodedMessage {
  constructor(
    readonly kind: ApiErrorKind,
    message: string,
    readonly errorId?: string,
    /** kind 'invalid': the inputs at fault (e.g. "input.items.3.occurredAt"). */
    readonly issues: Issue[] = [],
    readonly reason: string | null = null,
    readonly params: MessageParams = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

interface GraphQLResponse {
  data?: unknown;
  errors?: {
    message: string;
    extensions?: { code?: string; errorId?: string; issues?: Issue[]; reason?: string; params?: MessageParams };
  }[];
}

/** A GraphQL list of { name, value } params as a record. */
export const paramRecord = (list: readonly { name: string; value: string }[] | null | undefined): MessageParams =>
  Object.fromEntries((list ?? []).map((p) => [p.name, p.value]));

export interface RequestOptions {
  signal?: AbortSignal;
  /** Milliseconds before the request is abandoned as unreachable (default 15 s). */
  timeoutMs?: number;
  /** Another bearer token than the staff session's (a green-points member's, lib/member/). */
  token?: string | null;
}

/** Any typed document: its result and variables are read back with ResultOf and VariablesOf. */
type AnyDocument = TadaDocumentNode<unknown, never>;
/** Variables may be left out when the operation has no required ones. */
type RequestArgs<D extends AnyDocument> =
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- `{} extends V`: are all of V's keys optional?
  {} extends VariablesOf<D>
    ? [variables?: VariablesOf<D>, options?: RequestOptions]
    : [variables: VariablesOf<D>, options?: RequestOptions];

const printed = new WeakMap<AnyDocument, string>();
const queryText = (document: AnyDocument): string => {
  let text = printed.get(document);
  if (text === undefined) printed.set(document, (text = print(document)));
  return text;
};

/**
 * Example: `const { station } = await request(StationQuery, { code: 'SH-00001' });`
 * Throws ApiError; an unauthenticated answer also ends the session (remembered as lapsed: session.expire)
 * or unpairs a revoked device.
 */
export async function request<D extends AnyDocument>(
  document: D,
  ...[variables, options = {}]: RequestArgs<D>
): Promise<ResultOf<D>> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const token = options.token !== undefined ? options.token : session.token;
  if (token) headers.authorization = `Bearer ${token}`;
  // A paired counter device's credential, beside the person's (not with a member's token).
  const deviceToken = options.token === undefined ? device.token : null;
  if (deviceToken) headers['x-device-token'] = deviceToken;
  const timeout = AbortSignal.timeout(options.timeoutMs ?? 15_000);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const body = JSON.stringify({ query: queryText(document), variables: variables ?? {} });
  let res: Response;
  try {
    res = await fetch('/graphql', { method: 'POST', headers, body, signal });
  } catch (e) {
    if (options.signal?.aborted) throw e;
    throw new ApiError('unreachable', e instanceof Error ? e.message : String(e));
  }
  // 503 is also the API's own answer while its database is unreachable (SERVICE_UNAVAILABLE):
  // nothing was stored, so the caller retries later like after a network failure.
  if (res.status >= 502 && res.status <= 504) throw new ApiError('unreachable', `HTTP ${res.status}`);
  let answer: GraphQLResponse;
  try {
    answer = (await res.json()) as GraphQLResponse;
  } catch {
    throw new ApiError('server', `HTTP ${res.status}`);
  }
  const first = answer.errors?.[0];
  if (first) {
    const ext = first.extensions ?? {};
    const code = ext.code;
    const coded = (kind: ApiErrorKind, issues: Issue[] = []) =>
      new ApiError(kind, first.message, ext.errorId, issues, ext.reason ?? null, ext.params ?? {});
    if (code === 'UNAUTHENTICATED') {
      // A revoked (or unknown) device, by the API's code: forget its credential and keep the code
      // for /station/pair to explain in the person's language (the person, if any, stays signed in).
      if (deviceToken && ext.reason?.startsWith('device.')) device.clear(ext.reason);
      // A lapsed sign-in (not an explicit token, e.g. a member's): remembered, so the counter keeps logging.
      else if (options.token === undefined) session.expire();
      throw coded('unauthenticated');
    }
    if (code === 'FORBIDDEN') throw coded('forbidden');
    if (code === 'BAD_USER_INPUT') throw coded('invalid', ext.issues ?? []);
    if (code === 'SERVICE_UNAVAILABLE') throw coded('unreachable');
    throw coded('server');
  }
  if (!answer.data) throw new ApiError('server', `HTTP ${res.status}`);
  return answer.data as ResultOf<D>;
}

/** A typed error the API returned as data (a member of a result union such as InputError). */
export class ResultError extends Error implements CodedMessage {
  constructor(
    /** InputError, NotFoundError, ConflictError, ForbiddenError. */
    readonly typename: string,
    message: string,
    /** The argument at fault, when the error names one. */
    readonly field: string | null = null,
    /** An InputError's issues, one per invalid field (e.g. `input.items.3.quantity`). */
    readonly issues: Issue[] = [],
    readonly reason: string | null = null,
    readonly params: MessageParams = {},
  ) {
    super(message);
    this.name = 'ResultError';
  }
}

/** The error members of a result union: every typed error's name ends in "Error". */
type ErrorMember = { __typename: `${string}Error` };

/**
 * The success member of a typed-error union, or a thrown ResultError. Select the union with
 * `__typename`, the success fields and `...ResultErrorFields` (lib/documents.ts).
 * Example: `const station = unwrapResult((await request(SetStatus, vars)).setStationStatus);`
 */
export function unwrapResult<T extends { __typename: string }>(result: T): Exclude<T, ErrorMember> {
  if (!result.__typename.endsWith('Error')) return result as Exclude<T, ErrorMember>;
  type Params = { name: string; value: string }[] | null;
  const e = result as {
    __typename: string;
    message?: string;
    field?: string;
    reason?: string | null;
    params?: Params;
    issues?: { field: string; message: string; reason?: string | null; params?: Params }[];
  };
  const issues = (e.issues ?? []).map((i) => ({ ...i, params: paramRecord(i.params) }));
  throw new ResultError(
    e.__typename,
    e.message ?? e.__typename,
    e.field ?? null,
    issues,
    e.reason ?? null,
    paramRecord(e.params),
  );
}

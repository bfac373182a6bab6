// How the queue reaches the server. The real one is routes/station/gql-transport.ts; tests pass a fake.
import type { Outcome } from './types.ts';

export interface SentItem {
  idempotencyKey: string;
  materialCode: string;
  outcome: Outcome;
  quantity: number;
  massKg: number | null;
  occurredAt: string;
  memberCode?: string;
}

export interface ItemResult {
  key: string;
  /** The key was already logged (an earlier send whose response was lost): counted once. */
  replayed: boolean;
  dropOffId: string;
  /**
   * The key was already logged with a different payload (e.g. the same waybill scanned on another
   * device as another material): this entry was NOT stored; `fields` name what differs.
   */
  conflict?: { fields: string[]; message: string } | null;
}

/** What the server said about a batch it answered. */
export type BatchOutcome =
  | { kind: 'ok'; results: ItemResult[] }
  /** Nothing was written. `index` names the item at fault; null means the whole batch (e.g. unknown station). */
  | { kind: 'invalid'; issues: { index: number | null; message: string }[] };

/** A batch the server did not answer (network, timeout, 5xx) or refused outright (forbidden). */
export class TransportError extends Error {
  constructor(
    message: string,
    /** True when resending cannot help (e.g. this user may not log at that station). */
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

/** What the server said about a void: `already` when the drop-off was voided before (a resend
 *  whose answer was lost, or someone else): either way it is voided once. */
export type VoidOutcome = { kind: 'ok' } | { kind: 'already' } | { kind: 'refused'; message: string };

export interface Transport {
  send(stationCode: string, items: SentItem[]): Promise<BatchOutcome>;
  /** Voids one drop-off; throws TransportError when the server did not answer (like send). */
  voidDropOff(dropOffId: string, reason: string): Promise<VoidOutcome>;
}

/** An API field issue as a queue issue: "input.items.3.quantity" → item 3, "quantity …"; any other field concerns the whole batch. */
export function issueOf(field: string, message: string): { index: number | null; message: string } {
  const m = /^input\.items\.(\d+)(?:\.(.+))?$/.exec(field);
  if (!m) return { index: null, message: `${field} ${message}` };
  return { index: Number(m[1]), message: m[2] ? `${m[2]} ${message}` : message };
}

/**
 * What a failed sync records as the queue's lastError, so the screen can say it in the UI
 * language: `offline` (the device has no network, set by the queue), `unreachable` (a network,
 * but no answer from the server), `signed-out` (the sign-in lapsed), `server:<detail>` (the server
 * answered with an error). Anything else is a device error (storage).
 */
export const SYNC_ERROR = {
  offline: 'offline',
  unreachable: 'unreachable',
  signedOut: 'signed-out',
  server: 'server:',
} as const;

export type SyncProblem = 'offline' | 'unreachable' | 'signed-out' | 'server' | 'device' | null;

/** Which kind of problem a lastError is, and its detail (server and device errors). */
export function syncProblem(lastError: string | null): { kind: SyncProblem; detail: string } {
  if (!lastError) return { kind: null, detail: '' };
  if (lastError === SYNC_ERROR.offline || lastError === SYNC_ERROR.unreachable || lastError === SYNC_ERROR.signedOut) {
    return { kind: lastError, detail: '' };
  }
  if (lastError.startsWith(SYNC_ERROR.server))
    return { kind: 'server', detail: lastError.slice(SYNC_ERROR.server.length) };
  return { kind: 'device', detail: lastError };
}

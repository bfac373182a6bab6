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

export interface Transport {
  send(stationCode: string, items: SentItem[]): Promise<BatchOutcome>;
}

/** An API field issue as a queue issue: "input.items.3.quantity" → item 3, "quantity …"; any other field concerns the whole batch. */
export function issueOf(field: string, message: string): { index: number | null; message: string } {
  const m = /^input\.items\.(\d+)(?:\.(.+))?$/.exec(field);
  if (!m) return { index: null, message: `${field} ${message}` };
  return { index: Number(m[1]), message: m[2] ? `${m[2]} ${message}` : message };
}

// Today's list on the counter: the server's latest rows merged with the device's entries by
// idempotency key (an entry the server has is shown once, with the server's DropOff id).
import type { Outcome, QueuedEntry, ServerDropOff } from './types.ts';

export interface TodayRow {
  key: string;
  localId?: string;
  dropOffId?: string;
  materialCode: string;
  outcome: Outcome;
  quantity: number;
  occurredAt: string;
  /** voiding: voided on the device, the void not yet confirmed by the server. */
  state: 'pending' | 'synced' | 'rejected' | 'voided' | 'voiding';
  reason?: string | null;
}

/** Newest first. `dayOf` maps an ISO time to its China-time day. */
export function mergeToday(
  server: ServerDropOff[],
  local: QueuedEntry[],
  today: string,
  dayOf: (iso: string) => string,
): TodayRow[] {
  const rows = new Map<string, TodayRow>();
  for (const d of server) {
    if (d.localDay !== today) continue;
    rows.set(d.idempotencyKey, {
      key: d.idempotencyKey,
      dropOffId: d.id,
      materialCode: d.materialCode,
      outcome: d.outcome,
      quantity: d.quantity,
      occurredAt: d.occurredAt,
      state: d.voided ? 'voided' : 'synced',
      reason: d.voidReason,
    });
  }
  for (const e of local) {
    if (dayOf(e.occurredAt) !== today) continue;
    const prior = rows.get(e.key);
    const state =
      prior?.state === 'voided' || (e.voidedAt && e.voidState !== 'pending')
        ? 'voided'
        : e.voidState === 'pending'
          ? 'voiding'
          : e.state;
    const reason =
      e.reason ??
      (e.voidState === 'rejected' ? e.voidError : undefined) ??
      prior?.reason ??
      (e.voidedAt ? e.voidReason : undefined);
    rows.set(e.key, {
      key: e.key,
      localId: e.id,
      dropOffId: e.dropOffId ?? prior?.dropOffId,
      materialCode: e.materialCode,
      outcome: e.outcome,
      quantity: e.quantity,
      occurredAt: e.occurredAt,
      state,
      reason,
    });
  }
  return [...rows.values()].sort((a, b) => b.occurredAt.localeCompare(a.occurredAt));
}

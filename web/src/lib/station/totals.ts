// Today's running totals on the counter: the server's figures plus what the device holds that
// the server had not counted when those figures were fetched. Pure, so it is easy to check.
import type { QueuedEntry } from './types.ts';

export interface ServerTotals {
  /** China-time day the figures are for. */
  day: string;
  /** Device time (ms) when the request for them was sent. */
  asOf: number;
  items: number;
  itemsReused: number;
  itemsRecycled: number;
  byMaterial: { materialCode: string; outcome: string; items: number }[];
}

export interface RunningTotals {
  items: number;
  reused: number;
  recycled: number;
  /** Items per "MATERIAL|OUTCOME". */
  byPair: Map<string, number>;
  /** Items counted here that the server has not confirmed yet. */
  onDevice: number;
}

export const pairKey = (materialCode: string, outcome: string) => `${materialCode}|${outcome}`;

/**
 * `dayOf` maps an entry's occurredAt to its China-time day. An entry confirmed before the server
 * figures were requested is already in them; one confirmed later (or still pending) is added.
 */
export function runningTotals(
  server: ServerTotals | null,
  local: QueuedEntry[],
  today: string,
  dayOf: (iso: string) => string,
): RunningTotals {
  const fresh = server && server.day === today ? server : null;
  const t: RunningTotals = {
    items: fresh?.items ?? 0,
    reused: fresh?.itemsReused ?? 0,
    recycled: fresh?.itemsRecycled ?? 0,
    byPair: new Map(),
    onDevice: 0,
  };
  for (const m of fresh?.byMaterial ?? []) t.byPair.set(pairKey(m.materialCode, m.outcome), m.items);
  const add = (e: QueuedEntry, n: number) => {
    t.items += n;
    if (e.outcome === 'REUSED') t.reused += n;
    else t.recycled += n;
    const k = pairKey(e.materialCode, e.outcome);
    t.byPair.set(k, (t.byPair.get(k) ?? 0) + n);
  };
  for (const e of local) {
    if (e.state === 'rejected' || dayOf(e.occurredAt) !== today) continue;
    const counted = e.state === 'synced' && fresh !== null && (e.syncedAt ?? 0) < fresh.asOf;
    if (e.voidedAt) {
      // Voided, but in the server's figures (the void was not confirmed before they were read): take it off.
      const voidCounted = e.voidSyncedAt !== undefined && fresh !== null && e.voidSyncedAt < fresh.asOf;
      if (counted && !voidCounted) add(e, -e.quantity);
      continue;
    }
    if (counted) continue;
    add(e, e.quantity);
    if (e.state === 'pending') t.onDevice += e.quantity;
  }
  return t;
}

/**
 * The bin's items now: the server's count (read with the totals, at `server.asOf`) plus recycled
 * entries since the last pickup that it had not counted then, minus counted ones voided on the
 * device whose void it had not counted (the same rule as runningTotals; the bin is not per day).
 * Example: the server read 40 at asOf; one pending recycled entry of 3 → 43; then one counted
 * entry of 2 voided while offline → 41.
 */
export function binItemsNow(
  station: { binItems: number; lastPickupAt: string | null } | null,
  server: Pick<ServerTotals, 'asOf'> | null,
  local: readonly QueuedEntry[],
): number {
  if (!station) return 0;
  const since = station.lastPickupAt ?? '';
  const asOf = server?.asOf ?? 0;
  let items = station.binItems;
  for (const e of local) {
    if (e.outcome !== 'RECYCLED' || e.state === 'rejected' || !(e.occurredAt > since)) continue;
    const counted = e.state === 'synced' && (e.syncedAt ?? 0) < asOf;
    if (e.voidedAt) {
      const voidCounted = e.voidSyncedAt !== undefined && e.voidSyncedAt < asOf;
      if (counted && !voidCounted) items -= e.quantity;
    } else if (!counted) items += e.quantity;
  }
  return Math.max(0, items); // as the server's void does (never below an empty bin)
}

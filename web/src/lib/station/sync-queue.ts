// The offline-first queue of drop-offs. `record` stores an entry on the device before anything
// else (the tap is safe once it resolves); a background loop sends pending entries oldest first,
// in batches of up to 500 per station, and retries failed sends with exponential backoff and
// jitter. Every entry keeps its idempotency key across resends, so a batch whose response was
// lost is sent again and the server counts it once (it answers `replayed`). Entries the server
// refuses are kept as `rejected` with its reason until staff deal with them; nothing is dropped.
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.ts';
import { noLock, systemClock, type Clock, type Lock } from './clock.ts';
import { entryId, newKey, waybillKey } from './keys.ts';
import type { QueueStore } from './store.ts';
import { TransportError, type BatchOutcome, type ItemResult, type SentItem, type Transport } from './transport.ts';
import { rejections } from './rejections.ts';
import type { NewEntry, QueuedEntry, VoidTarget } from './types.ts';

export const MAX_BATCH = 500;

export interface QueueOptions {
  store: QueueStore;
  transport: Transport;
  clock?: Clock;
  /** In [0, 1): jitter source. */
  random?: () => number;
  /** Cross-tab mutual exclusion for sending (webLock() in the browser). */
  lock?: Lock;
  /** False when the device knows it has no network (navigator.onLine): no send is tried. */
  online?: () => boolean;
  batchSize?: number;
  backoff?: BackoffOptions;
  /** Wait after a tap before sending, so a burst of taps goes as one batch. */
  debounceMs?: number;
  /** When another tab holds the lock, look again after this long. */
  busyRecheckMs?: number;
  /** Called after anything a screen shows may have changed. */
  onChange?: () => void;
  /**
   * Send only this station's entries. On a shared device another station's entries wait for
   * someone allowed to log there, instead of being refused under the wrong sign-in.
   */
  station?: string;
}

export interface QueueStatus {
  pending: number;
  /** Voids (undo, void) asked for on the device and not yet confirmed by the server. */
  voids: number;
  rejected: number;
  /** Device time (ms) of the last batch the server answered. */
  lastSyncAt: number | null;
  /** Why the last send failed (cleared by a successful one). */
  lastError: string | null;
  /** Failed sends in a row (0 = not backing off). */
  attempt: number;
  nextAttemptAt: number | null;
  syncing: boolean;
}

export class InvalidWaybillError extends Error {
  constructor(readonly raw: string) {
    super(`"${raw}" is not a waybill number`);
    this.name = 'InvalidWaybillError';
  }
}

export class SyncQueue {
  readonly status: QueueStatus = {
    pending: 0,
    voids: 0,
    rejected: 0,
    lastSyncAt: null,
    lastError: null,
    attempt: 0,
    nextAttemptAt: null,
    syncing: false,
  };
  private readonly store: QueueStore;
  private readonly transport: Transport;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly lock: Lock;
  private readonly online: () => boolean;
  private readonly batchSize: number;
  private readonly backoff: BackoffOptions;
  private readonly debounceMs: number;
  private readonly busyRecheckMs: number;
  private readonly onChange: () => void;
  private readonly station: string | undefined;
  private counter = 0;
  private timer: unknown = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private readonly inFlight = new Set<string>();

  constructor(o: QueueOptions) {
    this.store = o.store;
    this.transport = o.transport;
    this.clock = o.clock ?? systemClock;
    this.random = o.random ?? Math.random;
    this.lock = o.lock ?? noLock;
    this.online = o.online ?? (() => true);
    this.batchSize = Math.min(o.batchSize ?? MAX_BATCH, MAX_BATCH);
    this.backoff = o.backoff ?? DEFAULT_BACKOFF;
    this.debounceMs = o.debounceMs ?? 300;
    this.busyRecheckMs = o.busyRecheckMs ?? 5_000;
    this.onChange = o.onChange ?? (() => {});
    this.station = o.station;
  }

  /**
   * Forgets entries the server confirmed more than `keepSyncedMs` ago (default 2 days: today's
   * list needs only today's), reads counts and the last sync time, then sends whatever is pending.
   */
  async start(keepSyncedMs = 2 * 24 * 60 * 60 * 1000): Promise<void> {
    await this.store.pruneSynced(this.clock.now() - keepSyncedMs);
    await this.refresh();
    this.onChange();
    this.requestSync(0);
  }

  stop(): void {
    this.stopped = true;
    this.clearTimer();
  }

  /**
   * Stores one entry on the device and schedules a send. With a waybill, the waybill is the key:
   * recording the same parcel again returns the first entry with `duplicate: true`.
   */
  async record(input: NewEntry): Promise<{ entry: QueuedEntry; duplicate: boolean }> {
    let key = newKey();
    if (input.waybill !== undefined) {
      const k = waybillKey(input.waybill);
      if (!k) throw new InvalidWaybillError(input.waybill);
      key = k;
    }
    const now = this.clock.now();
    const entry: QueuedEntry = {
      id: entryId(input.stationCode, key),
      stationCode: input.stationCode,
      key,
      seq: now * 1000 + (this.counter++ % 1000),
      materialCode: input.materialCode,
      outcome: input.outcome,
      quantity: input.quantity,
      massKg: input.massKg ?? null,
      occurredAt: new Date(now).toISOString(),
      source: input.waybill !== undefined ? 'scan' : 'tap',
      state: 'pending',
      ...(input.memberCode ? { memberCode: input.memberCode } : {}),
    };
    const added = await this.store.add(entry);
    if (!added) return { entry: (await this.store.get(entry.id))!, duplicate: true };
    if (this.station === undefined || this.station === entry.stationCode) this.status.pending++;
    this.onChange();
    this.requestSync();
    return { entry, duplicate: false };
  }

  /**
   * Takes an entry off the device: a pending one not being sent right now (undo before sync), or
   * a rejected one staff have dealt with. False when it is in flight or already on the server
   * (void it through the API instead).
   */
  async discard(id: string): Promise<boolean> {
    if (this.inFlight.has(id)) return false;
    const e = await this.store.get(id);
    if (!e || e.state === 'synced') return false;
    await this.store.remove(id);
    await this.refreshCounts();
    this.onChange();
    return true;
  }

  /** Puts a rejected entry back in the queue (e.g. after the station was reopened). */
  async retryRejected(id: string): Promise<void> {
    const e = await this.store.get(id);
    if (!e || e.state !== 'rejected') return;
    await this.store.put([{ ...e, state: 'pending', reason: undefined, conflictFields: undefined }]);
    await this.refreshCounts();
    this.onChange();
    void this.syncNow();
  }

  /**
   * Undo or void, with or without a network. An entry only on the device and not being sent is
   * taken off it ('discarded'). Otherwise the void is stored with its own key and leaves the
   * running totals at once ('queued'); the loop sends it after the entries, until the server
   * answers. A row only the server listed (logged on another device) is stored here as a synced
   * entry carrying the void. 'none': nothing to void (rejected, or voided already).
   */
  async requestVoid(target: VoidTarget, reason: string): Promise<'discarded' | 'queued' | 'none'> {
    const id = entryId(target.stationCode, target.key);
    const e = await this.store.get(id);
    if (e && (e.state === 'rejected' || e.voidedAt)) return 'none';
    if (e && e.state === 'pending' && !this.inFlight.has(id)) {
      await this.store.remove(id);
      await this.refreshCounts();
      this.onChange();
      return 'discarded';
    }
    if (!e && !target.dropOffId) return 'none';
    const now = this.clock.now();
    // A server-only row: counted in the server's figures (syncedAt 0), so the totals take it off.
    const base: QueuedEntry = e ?? {
      id,
      stationCode: target.stationCode,
      key: target.key,
      seq: now * 1000 + (this.counter++ % 1000),
      materialCode: target.materialCode,
      outcome: target.outcome,
      quantity: target.quantity,
      massKg: null,
      occurredAt: target.occurredAt,
      source: 'tap',
      state: 'synced',
      dropOffId: target.dropOffId,
      syncedAt: 0,
    };
    await this.store.put([{ ...base, voidedAt: now, voidKey: newKey(), voidReason: reason, voidState: 'pending' }]);
    await this.refreshCounts();
    this.onChange();
    this.requestSync(0);
    return 'queued';
  }

  /** Every entry of a station kept on this device, oldest first. */
  entries(stationCode: string): Promise<QueuedEntry[]> {
    return this.store.forStation(stationCode);
  }

  /** Re-reads counts and the sync time (another tab changed the store). */
  async refresh(): Promise<void> {
    this.status.lastSyncAt = (await this.store.getMeta<number>('lastSyncAt')) ?? null;
    await this.refreshCounts();
  }

  isInFlight(id: string): boolean {
    return this.inFlight.has(id);
  }

  /** Asks for a send soon; does nothing while backing off (the retry timer is already set). */
  requestSync(delayMs = this.debounceMs): void {
    if (this.stopped) return;
    if (this.running) this.again = true;
    else if (this.status.attempt === 0) this.schedule(delayMs);
  }

  /** Sends now, forgetting any backoff (the network came back, or staff asked). */
  syncNow(): Promise<void> {
    this.status.attempt = 0;
    return this.run();
  }

  /** Resolves when no send is running. */
  async whenIdle(): Promise<void> {
    while (this.running) await this.running;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.clearTimer();
    this.status.nextAttemptAt = this.clock.now() + ms;
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      void this.run();
    }, ms);
  }

  private clearTimer(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.status.nextAttemptAt = null;
  }

  private run(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.clearTimer();
    this.status.syncing = true;
    this.onChange();
    this.running = (async () => {
      let result: 'done' | 'retry' | undefined;
      try {
        result = await this.lock(() => this.drain());
      } catch (e) {
        // The device store failed (quota, private mode): try again later like a network failure.
        this.status.lastError = e instanceof Error ? e.message : String(e);
        result = 'retry';
      }
      if (result === undefined)
        this.schedule(this.busyRecheckMs); // another tab is sending
      else if (result === 'retry') {
        this.status.attempt++;
        this.schedule(backoffDelay(this.status.attempt, this.random(), this.backoff));
      } else this.status.attempt = 0;
      await this.refreshCounts().catch(() => {});
    })().finally(() => {
      this.running = null;
      this.status.syncing = false;
      this.onChange();
      if (this.again) {
        this.again = false;
        if (this.status.attempt === 0 && this.timer === null) this.schedule(0);
      }
    });
    return this.running;
  }

  /** Sends batches until the queue is empty ('done') or a send fails ('retry'). */
  private async drain(): Promise<'done' | 'retry'> {
    for (;;) {
      if (this.stopped) return 'done';
      if (!this.online()) {
        this.status.lastError = 'offline';
        return 'retry';
      }
      const pending = await this.store.pending(this.batchSize, this.station);
      // Voids go after the entries: an entry voided while being sent needs its DropOff id first.
      if (pending.length === 0) return this.sendVoids();
      const batch = pending.filter((e) => e.stationCode === pending[0]!.stationCode);
      if ((await this.sendBatch(batch)) === 'retry') return 'retry';
    }
  }

  private async sendBatch(batch: QueuedEntry[]): Promise<'continue' | 'retry'> {
    const items: SentItem[] = batch.map((e) => ({
      idempotencyKey: e.key,
      materialCode: e.materialCode,
      outcome: e.outcome,
      quantity: e.quantity,
      massKg: e.massKg,
      occurredAt: e.occurredAt,
      ...(e.memberCode ? { memberCode: e.memberCode } : {}),
    }));
    for (const e of batch) this.inFlight.add(e.id);
    let outcome: BatchOutcome;
    try {
      outcome = await this.transport.send(batch[0]!.stationCode, items);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      if (e instanceof TransportError && e.permanent) {
        await this.reject(batch.map((x) => [x, message]));
        return 'continue';
      }
      // Failures are counted per queue (status.attempt), not written per entry: rewriting 500
      // entries on every failed try kept the store busy when the network came back.
      this.status.lastError = message;
      return 'retry';
    } finally {
      for (const e of batch) this.inFlight.delete(e.id);
    }
    this.status.lastError = null;
    if (outcome.kind === 'ok') await this.confirm(batch, outcome.results);
    else await this.reject(rejections(batch, outcome.issues));
    return 'continue';
  }

  private async confirm(batch: QueuedEntry[], results: ItemResult[]): Promise<void> {
    const byKey = new Map(results.map((r) => [r.key, r]));
    const now = this.clock.now();
    // Read again: staff may have voided an entry while it was on its way (its void is kept).
    const current = await Promise.all(batch.map(async (e) => (await this.store.get(e.id)) ?? e));
    const updated = current.map((e): QueuedEntry => {
      const r = byKey.get(e.key);
      // Cannot happen with this API (one result per item); never leave an entry pending forever.
      if (!r) return { ...e, state: 'rejected', reason: 'The server returned no result for this entry' };
      // Its key stands for another entry on the server: this one was not stored. Resending cannot
      // help (the key is the same), so it waits in the refused list for staff to check and delete.
      if (r.conflict) return { ...e, state: 'rejected', reason: r.conflict.message, conflictFields: r.conflict.fields };
      return { ...e, state: 'synced', dropOffId: r.dropOffId, replayed: r.replayed, syncedAt: now };
    });
    await this.store.put(updated);
    this.status.lastSyncAt = now;
    await this.store.setMeta('lastSyncAt', now);
  }

  /** Sends the voids waiting on the device, oldest first; 'retry' when the server did not answer. */
  private async sendVoids(): Promise<'done' | 'retry'> {
    for (const e of await this.store.voidsPending(this.station)) {
      if (this.stopped) return 'done';
      // Its entry is not on the server yet (rejected, or still pending): nothing to send now.
      if (e.state !== 'synced' || !e.dropOffId) continue;
      let outcome;
      try {
        outcome = await this.transport.voidDropOff(e.dropOffId, e.voidReason ?? '');
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        if (!(err instanceof TransportError && err.permanent)) {
          this.status.lastError = message;
          return 'retry';
        }
        outcome = { kind: 'refused', message } as const;
      }
      this.status.lastError = null;
      const now = this.clock.now();
      // Refused (e.g. past the 24-hour window): the entry counts again and staff see why.
      const done: QueuedEntry =
        outcome.kind === 'refused'
          ? { ...e, voidState: 'rejected', voidError: outcome.message, voidedAt: undefined }
          : { ...e, voidState: 'sent', voidSyncedAt: now };
      await this.store.put([done]);
      this.status.lastSyncAt = now;
      await this.store.setMeta('lastSyncAt', now);
    }
    return 'done';
  }

  private async reject(list: [QueuedEntry, string][]): Promise<void> {
    // A void asked for while it was being sent has nothing left to void.
    await this.store.put(
      list.map(([e, reason]) => ({
        ...e,
        state: 'rejected',
        reason,
        voidedAt: undefined,
        voidKey: undefined,
        voidReason: undefined,
        voidState: undefined,
      })),
    );
  }

  private async refreshCounts(): Promise<void> {
    this.status.pending = await this.store.countByState('pending', this.station);
    this.status.rejected = await this.store.countByState('rejected', this.station);
    this.status.voids = (await this.store.voidsPending(this.station)).length;
  }
}

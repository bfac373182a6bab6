// Fakes for the station app's offline queue: a clock moved by hand and a server that keeps a
// ledger by idempotency key and voids each drop-off once, like the real API.
import type { Clock } from '../../web/src/lib/station/clock.ts';
import {
  TransportError,
  type BatchOutcome,
  type SentItem,
  type Transport,
  type VoidOutcome,
} from '../../web/src/lib/station/transport.ts';

export class FakeClock implements Clock {
  t = Date.parse('2026-11-25T02:00:00Z');
  private id = 0;
  private timers = new Map<number, { at: number; fn: () => void }>();
  now = () => this.t;
  setTimeout = (fn: () => void, ms: number) => {
    this.timers.set(++this.id, { at: this.t + ms, fn });
    return this.id;
  };
  clearTimeout = (h: unknown) => void this.timers.delete(h as number);
  /** Moves time on and fires the timers that fall due. */
  advance(ms: number): void {
    this.t += ms;
    for (const [id, timer] of [...this.timers].sort((a, b) => a[1].at - b[1].at)) {
      if (timer.at <= this.t) {
        this.timers.delete(id);
        timer.fn();
      }
    }
  }
}

/** Counts each idempotency key once, like the real API. */
export class FakeServer implements Transport {
  readonly ledger = new Map<string, { id: string; item: SentItem }>();
  readonly calls: SentItem[][] = [];
  /** Sends that fail before reaching the server. */
  failNext = 0;
  /** Sends the server applies but whose response is lost. */
  loseNext = 0;
  forbidden = false;
  /** Resolves a send only when released (to hold a batch in flight). */
  hold: Promise<void> | null = null;
  private onSend: (() => void) | null = null;

  /** Resolves when the next send reaches the server: no waiting on the real clock for it. */
  nextSend(): Promise<void> {
    return new Promise((resolve) => (this.onSend = resolve));
  }

  async send(_station: string, items: SentItem[]): Promise<BatchOutcome> {
    this.calls.push(items);
    this.onSend?.();
    this.onSend = null;
    if (this.hold) await this.hold;
    if (this.failNext > 0) {
      this.failNext--;
      throw new TransportError('Failed to fetch', false);
    }
    if (this.forbidden) throw new TransportError('Station staff can log only at their own station', true);
    const issues = items.flatMap((it, index) =>
      it.quantity > 500 ? [{ index, message: 'quantity must be at most 500 per entry' }] : [],
    );
    if (issues.length) return { kind: 'invalid', issues };
    const results = items.map((it) => {
      const prior = this.ledger.get(it.idempotencyKey);
      // Same key, other payload (the same waybill scanned elsewhere as another material): refused.
      const fields = prior
        ? (['materialCode', 'outcome', 'quantity'] as const).filter((f) => prior.item[f] !== it[f])
        : [];
      if (prior && fields.length)
        return {
          key: it.idempotencyKey,
          replayed: false,
          dropOffId: prior.id,
          conflict: {
            fields: [...fields],
            message: `Key "${it.idempotencyKey}" was already logged with a different ${fields.join(', ')}`,
          },
        };
      if (prior) return { key: it.idempotencyKey, replayed: true, dropOffId: prior.id };
      const id = `D${this.ledger.size + 1}`;
      this.ledger.set(it.idempotencyKey, { id, item: it });
      return { key: it.idempotencyKey, replayed: false, dropOffId: id };
    });
    if (this.loseNext > 0) {
      this.loseNext--;
      throw new TransportError('net::ERR_CONNECTION_RESET', false);
    }
    return { kind: 'ok', results };
  }

  /** Voids by DropOff id (voided once, like the real API: a second void is a conflict). */
  readonly voided = new Map<string, string>();
  readonly voidCalls: string[] = [];
  /** Void sends that fail before reaching the server, or whose response is lost. */
  failVoids = 0;
  loseVoids = 0;
  /** Refuse voids as the API does past the staff's 24-hour window. */
  refuseVoids: string | null = null;

  async voidDropOff(dropOffId: string, reason: string): Promise<VoidOutcome> {
    this.voidCalls.push(dropOffId);
    if (this.failVoids > 0) {
      this.failVoids--;
      throw new TransportError('Failed to fetch', false);
    }
    if (this.refuseVoids) return { kind: 'refused', message: this.refuseVoids };
    if (this.voided.has(dropOffId)) return { kind: 'already' };
    this.voided.set(dropOffId, reason);
    if (this.loseVoids > 0) {
      this.loseVoids--;
      throw new TransportError('net::ERR_CONNECTION_RESET', false);
    }
    return { kind: 'ok' };
  }

  /** Items counted and not voided. */
  get itemsLive(): number {
    return [...this.ledger.values()].filter((e) => !this.voided.has(e.id)).reduce((s, e) => s + e.item.quantity, 0);
  }

  get itemsCounted(): number {
    return [...this.ledger.values()].reduce((s, e) => s + e.item.quantity, 0);
  }
}

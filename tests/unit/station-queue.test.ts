// The station app's offline queue (web/src/lib/station) against IndexedDB (fake-indexeddb) and a
// fake server that keeps a ledger by idempotency key, with a clock the test moves by hand.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { backoffDelay } from '../../web/src/lib/station/backoff.ts';
import type { Lock } from '../../web/src/lib/station/clock.ts';
import { openStore, type QueueStore } from '../../web/src/lib/station/store.ts';
import { InvalidWaybillError, SyncQueue, type QueueOptions } from '../../web/src/lib/station/sync-queue.ts';
import { FakeClock, FakeServer } from '../helpers/station-fakes.ts';

let dbCount = 0;
const stores: QueueStore[] = [];
async function setup(options: Partial<QueueOptions> = {}, dbName = `station-test-${++dbCount}`) {
  const store = await openStore(dbName);
  stores.push(store);
  const clock = (options.clock as FakeClock | undefined) ?? new FakeClock();
  const server = (options.transport as FakeServer | undefined) ?? new FakeServer();
  const queue = new SyncQueue({ random: () => 0.5, debounceMs: 300, ...options, store, clock, transport: server });
  return { store, clock, server, queue, dbName };
}
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
});

const tap = (quantity = 1, materialCode = 'BOX_M') => ({
  stationCode: 'SH-00001',
  materialCode,
  outcome: 'REUSED' as const,
  quantity,
});

describe('station queue: keys', () => {
  it('gives every tap its own UUID key and keeps creation order', async () => {
    const { queue, store } = await setup();
    for (let i = 0; i < 3; i++) await queue.record(tap());
    const entries = await store.forStation('SH-00001');
    expect(entries).toHaveLength(3);
    expect(new Set(entries.map((e) => e.key)).size).toBe(3);
    for (const e of entries) {
      expect(e.key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(e.id).toBe(`SH-00001|${e.key}`);
      expect(e.state).toBe('pending');
    }
    expect(entries[0]!.seq).toBeLessThan(entries[1]!.seq);
    expect(entries[1]!.seq).toBeLessThan(entries[2]!.seq);
    expect(queue.status.pending).toBe(3);
  });

  it('uses the waybill as the key, so scanning the same parcel twice stores one entry', async () => {
    const { queue, store, server } = await setup();
    const first = await queue.record({ ...tap(), waybill: ' sf1234567890 ' });
    const second = await queue.record({ ...tap(), waybill: 'SF1234567890' });
    expect(first.duplicate).toBe(false);
    expect(second.duplicate).toBe(true);
    expect(second.entry.id).toBe(first.entry.id);
    expect(first.entry.key).toBe('SF1234567890');
    expect(await store.forStation('SH-00001')).toHaveLength(1);
    await queue.syncNow();
    expect(server.calls.flat().map((i) => i.idempotencyKey)).toEqual(['SF1234567890']);
  });

  it('refuses scanned text that cannot be a waybill and stores nothing', async () => {
    const { queue, store } = await setup();
    await expect(queue.record({ ...tap(), waybill: 'SF 123 456' })).rejects.toBeInstanceOf(InvalidWaybillError);
    await expect(queue.record({ ...tap(), waybill: '123' })).rejects.toBeInstanceOf(InvalidWaybillError);
    expect(await store.forStation('SH-00001')).toHaveLength(0);
  });
});

describe('station queue: sending', () => {
  it('sends oldest first in batches of at most batchSize, and records the sync time', async () => {
    const { queue, store, server, clock } = await setup({ batchSize: 3 });
    for (let q = 1; q <= 7; q++) await queue.record(tap(q));
    const keys = (await store.forStation('SH-00001')).map((e) => e.key);
    await queue.syncNow();
    expect(server.calls.map((c) => c.length)).toEqual([3, 3, 1]);
    expect(server.calls.flat().map((i) => i.idempotencyKey)).toEqual(keys);
    expect(server.calls.flat().map((i) => i.quantity)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(server.itemsCounted).toBe(28);
    expect(queue.status).toMatchObject({ pending: 0, rejected: 0, lastSyncAt: clock.t, attempt: 0 });
    expect((await store.forStation('SH-00001')).map((e) => e.state)).toEqual(Array(7).fill('synced'));
  });

  it('a burst of taps within the debounce goes as one batch', async () => {
    const { queue, server, clock } = await setup();
    for (let i = 0; i < 5; i++) await queue.record(tap());
    expect(server.calls).toHaveLength(0);
    clock.advance(300);
    await queue.whenIdle();
    expect(server.calls.map((c) => c.length)).toEqual([5]);
  });

  it('entries survive closing the app: a new queue over the same database sends them', async () => {
    const first = await setup();
    await first.queue.record(tap(2));
    await first.queue.record(tap(3));
    first.queue.stop();
    first.store.close();
    const second = await setup({}, first.dbName);
    await second.queue.start();
    expect(second.queue.status.pending).toBe(2);
    await second.queue.syncNow();
    expect(second.server.itemsCounted).toBe(5);
    expect(second.queue.status.pending).toBe(0);
  });
});

describe('station queue: retry and backoff', () => {
  it('backoff doubles from 1 s with equal jitter and stops growing at 60 s', () => {
    expect([1, 2, 3, 4].map((a) => backoffDelay(a, 0))).toEqual([500, 1000, 2000, 4000]);
    expect([1, 2, 3, 4].map((a) => backoffDelay(a, 0.999999))).toEqual([1000, 2000, 4000, 8000]);
    expect(backoffDelay(7, 1)).toBe(60_000);
    expect(backoffDelay(30, 0)).toBe(30_000);
  });

  it('retries a failed send after 0.75 s, 1.5 s, 3 s (random 0.5), and a tap meanwhile does not jump the queue', async () => {
    const { queue, server, clock, store } = await setup();
    server.failNext = 3;
    await queue.record(tap());
    clock.advance(300);
    await queue.whenIdle();
    expect(server.calls).toHaveLength(1);
    expect(queue.status.attempt).toBe(1);
    expect(queue.status.nextAttemptAt! - clock.t).toBe(750);
    expect(queue.status.lastError).toBe('Failed to fetch');

    await queue.record(tap(2)); // during backoff: waits for the timer
    clock.advance(749);
    await queue.whenIdle();
    expect(server.calls).toHaveLength(1);
    clock.advance(1);
    await queue.whenIdle();
    expect(server.calls).toHaveLength(2);
    expect(server.calls[1]!.map((i) => i.quantity)).toEqual([1, 2]);
    expect(queue.status.nextAttemptAt! - clock.t).toBe(1500);
    clock.advance(1500);
    await queue.whenIdle();
    expect(queue.status.nextAttemptAt! - clock.t).toBe(3000);
    clock.advance(3000);
    await queue.whenIdle();
    expect(server.calls).toHaveLength(4);
    expect(queue.status).toMatchObject({ pending: 0, attempt: 0, nextAttemptAt: null, lastError: null });
    expect((await store.forStation('SH-00001')).map((e) => e.state)).toEqual(['synced', 'synced']);
  });

  it('tries no send while the device knows it is offline', async () => {
    let online = false;
    const { queue, server } = await setup({ online: () => online });
    await queue.record(tap());
    await queue.syncNow();
    expect(server.calls).toHaveLength(0);
    expect(queue.status).toMatchObject({ attempt: 1, lastError: 'offline', pending: 1 });
    online = true;
    await queue.syncNow();
    expect(server.calls).toHaveLength(1);
    expect(queue.status.pending).toBe(0);
  });

  it('syncNow (network back online) skips the rest of the backoff', async () => {
    const { queue, server, clock } = await setup();
    server.failNext = 1;
    await queue.record(tap());
    await queue.syncNow();
    expect(queue.status.attempt).toBe(1);
    await queue.syncNow();
    expect(server.calls).toHaveLength(2);
    expect(queue.status.pending).toBe(0);
    expect(clock.t).toBe(Date.parse('2026-11-25T02:00:00Z'));
  });
});

describe('station queue: lost responses and rejections', () => {
  it('a batch whose response is lost is resent and counted once', async () => {
    const { queue, server, clock, store } = await setup();
    server.loseNext = 1;
    for (let i = 0; i < 20; i++) await queue.record(tap());
    await queue.syncNow();
    expect(server.ledger.size).toBe(20); // the server wrote them...
    expect(queue.status.pending).toBe(20); // ...but the device does not know yet
    clock.advance(1000);
    await queue.whenIdle();
    expect(server.calls).toHaveLength(2);
    expect(server.calls[1]!.map((i) => i.idempotencyKey)).toEqual(server.calls[0]!.map((i) => i.idempotencyKey));
    expect(server.ledger.size).toBe(20);
    expect(server.itemsCounted).toBe(20);
    const entries = await store.forStation('SH-00001');
    expect(entries.every((e) => e.state === 'synced' && e.replayed === true)).toBe(true);
    expect(new Set(entries.map((e) => e.dropOffId)).size).toBe(20);
  });

  it('an item the server refuses is kept with the reason; the rest of its batch goes through', async () => {
    const { queue, server, store } = await setup();
    await queue.record(tap(1));
    const bad = await queue.record(tap(501));
    await queue.record(tap(3));
    await queue.syncNow();
    expect(server.calls.map((c) => c.length)).toEqual([3, 2]);
    expect(server.itemsCounted).toBe(4);
    expect(queue.status).toMatchObject({ pending: 0, rejected: 1, attempt: 0 });
    const kept = await store.get(bad.entry.id);
    expect(kept).toMatchObject({ state: 'rejected', reason: 'quantity must be at most 500 per entry', quantity: 501 });
    // Staff dismiss it once dealt with: only then does it leave the device.
    expect(await queue.discard(bad.entry.id)).toBe(true);
    expect(queue.status.rejected).toBe(0);
  });

  it('a key the server already holds with another payload is refused as a conflict naming the fields, never marked synced', async () => {
    const { queue, server, store } = await setup();
    // Another device logged this waybill as a reused box M first.
    server.ledger.set('SF1234567890', {
      id: 'D900',
      item: {
        idempotencyKey: 'SF1234567890',
        materialCode: 'BOX_M',
        outcome: 'REUSED',
        quantity: 1,
        massKg: null,
        occurredAt: '2026-11-25T01:00:00Z',
      },
    });
    const scanned = await queue.record({
      stationCode: 'SH-00001',
      materialCode: 'BOX_L',
      outcome: 'RECYCLED',
      quantity: 1,
      waybill: 'SF1234567890',
    });
    await queue.record(tap(2));
    await queue.syncNow();
    expect(queue.status).toMatchObject({ pending: 0, rejected: 1, attempt: 0 });
    expect(await store.get(scanned.entry.id)).toMatchObject({
      state: 'rejected',
      conflictFields: ['materialCode', 'outcome'],
      reason: 'Key "SF1234567890" was already logged with a different materialCode, outcome',
    });
    expect(server.itemsCounted).toBe(3); // the first device's box and the tap of 2: the conflicting scan is not counted
  });

  it('a refusal for the whole batch (not allowed at this station) rejects every entry, without retrying', async () => {
    const { queue, server, store, clock } = await setup();
    server.forbidden = true;
    await queue.record(tap());
    await queue.record(tap());
    await queue.syncNow();
    expect(queue.status).toMatchObject({ pending: 0, rejected: 2, attempt: 0, nextAttemptAt: null });
    const entries = await store.forStation('SH-00001');
    expect(entries.map((e) => e.reason)).toEqual(Array(2).fill('Station staff can log only at their own station'));
    clock.advance(120_000);
    expect(server.calls).toHaveLength(1);
  });
});

describe('station queue: housekeeping', () => {
  it('forgets entries the server confirmed more than two days ago, keeping pending and rejected ones', async () => {
    const { queue, store, server, clock } = await setup();
    await queue.record(tap(1));
    await queue.syncNow();
    server.forbidden = true;
    await queue.record(tap(2));
    await queue.syncNow(); // rejected
    server.forbidden = false;
    clock.t += 2 * 24 * 3600 * 1000 + 1;
    await queue.record(tap(3)); // pending
    await queue.start();
    expect((await store.forStation('SH-00001')).map((e) => [e.quantity, e.state])).toEqual([
      [2, 'rejected'],
      [3, 'pending'],
    ]);
  });
});

describe('station queue: shared device', () => {
  it("a queue for one station sends and counts only that station's entries", async () => {
    const { queue, store, server } = await setup({ station: 'SH-00002' });
    await queue.record(tap()); // SH-00001: left for someone allowed to log there
    await queue.record({ ...tap(4), stationCode: 'SH-00002' });
    expect(queue.status.pending).toBe(1);
    await queue.syncNow();
    expect(server.calls.map((c) => c.map((i) => i.quantity))).toEqual([[4]]);
    expect(queue.status.pending).toBe(0);
    expect(await store.countByState('pending')).toBe(1);
    expect(await store.countByState('pending', 'SH-00001')).toBe(1);
  });
});

describe('station queue: undo and tabs', () => {
  it('undo takes a pending entry off the device, but not one being sent', async () => {
    const { queue, server } = await setup();
    const a = await queue.record(tap());
    expect(await queue.discard(a.entry.id)).toBe(true);
    const b = await queue.record(tap());
    let release!: () => void;
    server.hold = new Promise((r) => (release = r));
    const arrived = server.nextSend();
    const sending = queue.syncNow();
    await arrived;
    expect(queue.isInFlight(b.entry.id)).toBe(true);
    expect(await queue.discard(b.entry.id)).toBe(false);
    release();
    await sending;
    expect(server.calls.flat().map((i) => i.idempotencyKey)).toEqual([b.entry.key]);
    expect(await queue.discard(b.entry.id)).toBe(false); // synced: void it through the API instead
  });

  it('a second tab does not send while the first holds the lock, and looks again later', async () => {
    let held = false;
    const lock: Lock = async (fn) => {
      if (held) return undefined;
      held = true;
      try {
        return await fn();
      } finally {
        held = false;
      }
    };
    const tab1 = await setup({ lock, busyRecheckMs: 5000 });
    const clock = tab1.clock;
    const store2 = await openStore(tab1.dbName);
    stores.push(store2);
    const tab2 = new SyncQueue({ store: store2, clock, transport: tab1.server, lock, busyRecheckMs: 5000 });
    await tab1.queue.record(tap());
    let release!: () => void;
    tab1.server.hold = new Promise((r) => (release = r));
    const arrived = tab1.server.nextSend();
    const sending = tab1.queue.syncNow();
    await arrived; // tab 1 holds the lock with its batch in flight
    await tab2.syncNow();
    expect(tab1.server.calls).toHaveLength(1);
    expect(tab2.status.nextAttemptAt! - clock.t).toBe(5000);
    release();
    await sending;
    clock.advance(5000);
    await tab2.whenIdle();
    expect(tab1.server.calls).toHaveLength(1);
    expect(tab1.server.ledger.size).toBe(1);
  });
});

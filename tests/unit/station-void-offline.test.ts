// Undo and void on the counter without a network (issue 12 §4): a void is stored on the device
// with its own key, leaves the running totals at once, is sent when the network is back, and is
// applied exactly once even when a response is lost. IndexedDB is fake-indexeddb; the server is a
// fake ledger that voids each drop-off once, like the real API.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type QueueStore } from '../../web/src/lib/station/store.ts';
import { SyncQueue, type QueueOptions } from '../../web/src/lib/station/sync-queue.ts';
import { runningTotals } from '../../web/src/lib/station/totals.ts';
import { mergeToday } from '../../web/src/lib/station/today.ts';
import type { QueuedEntry } from '../../web/src/lib/station/types.ts';
import { FakeClock, FakeServer } from '../helpers/station-fakes.ts';

let dbCount = 0;
const stores: QueueStore[] = [];
async function setup(options: Partial<QueueOptions> = {}) {
  const store = await openStore(`station-void-test-${++dbCount}`);
  stores.push(store);
  const clock = new FakeClock();
  const server = new FakeServer();
  let online = true;
  const queue = new SyncQueue({
    random: () => 0.5,
    debounceMs: 300,
    online: () => online,
    ...options,
    store,
    clock,
    transport: server,
  });
  return { store, clock, server, queue, setOnline: (v: boolean) => (online = v) };
}
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
});

const STATION = 'SH-00001';
const tap = (quantity: number) => ({
  stationCode: STATION,
  materialCode: 'BOX_M',
  outcome: 'REUSED' as const,
  quantity,
});
const target = (e: QueuedEntry) => ({
  stationCode: e.stationCode,
  key: e.key,
  dropOffId: e.dropOffId,
  materialCode: e.materialCode,
  outcome: e.outcome,
  quantity: e.quantity,
  occurredAt: e.occurredAt,
});
const dayOf = (iso: string) => iso.slice(0, 10);

/** Records entries of 3 and 5 items and sends them; returns the stored (synced) entries. */
async function twoSynced(s: Awaited<ReturnType<typeof setup>>) {
  await s.queue.record(tap(3));
  s.clock.advance(1); // the 5 is newer (today's list is newest first)
  await s.queue.record(tap(5));
  await s.queue.syncNow();
  const entries = await s.store.forStation(STATION);
  expect(entries.map((e) => e.state)).toEqual(['synced', 'synced']);
  return entries;
}

describe('station queue: undo and void offline', () => {
  it('a void made offline is kept on the device, leaves the totals at once, and is sent once the network is back', async () => {
    const s = await setup();
    const [, five] = await twoSynced(s);
    const serverFigures = {
      day: dayOf(new Date(s.clock.t).toISOString()),
      asOf: s.clock.t + 1,
      items: 8,
      itemsReused: 8,
      itemsRecycled: 0,
      byMaterial: [{ materialCode: 'BOX_M', outcome: 'REUSED', items: 8 }],
    };
    s.clock.advance(10);
    s.setOnline(false);
    expect(await s.queue.requestVoid(target(five!), 'Tapped by mistake')).toBe('queued');
    await s.queue.syncNow();
    expect(s.server.voidCalls).toEqual([]);
    expect(s.queue.status.voids).toBe(1);
    expect(s.queue.status.lastError).toBe('offline');
    const local = await s.store.forStation(STATION);
    const totals = runningTotals(serverFigures, local, serverFigures.day, dayOf);
    // 3 + 5 on the server, the 5 voided on the device: 3 shown.
    expect(totals.items).toBe(3);
    expect(totals.byPair.get('BOX_M|REUSED')).toBe(3);
    expect(mergeToday([], local, serverFigures.day, dayOf).map((r) => r.state)).toEqual(['voiding', 'synced']);

    s.setOnline(true);
    await s.queue.syncNow();
    expect(s.server.voidCalls).toEqual([five!.dropOffId]);
    expect(s.server.voided.get(five!.dropOffId!)).toBe('Tapped by mistake');
    expect(s.server.itemsLive).toBe(3);
    expect(s.queue.status.voids).toBe(0);
    const after = (await s.store.get(five!.id))!;
    expect(after.voidState).toBe('sent');
    expect(after.voidKey).toMatch(/^[0-9a-f-]{36}$/);
    // Still 3 with the old figures, and with figures read after the void (which no longer count it).
    expect(runningTotals(serverFigures, [after], serverFigures.day, dayOf).items).toBe(8 - 5);
    const fresh = {
      ...serverFigures,
      asOf: s.clock.t + 1,
      items: 3,
      itemsReused: 3,
      byMaterial: [{ materialCode: 'BOX_M', outcome: 'REUSED', items: 3 }],
    };
    expect(runningTotals(fresh, await s.store.forStation(STATION), fresh.day, dayOf).items).toBe(3);
  });

  it('is applied exactly once: a failed send and a lost response are retried with the same void, a second undo does nothing', async () => {
    const s = await setup();
    const [three] = await twoSynced(s);
    s.server.failVoids = 1;
    s.server.loseVoids = 1;
    expect(await s.queue.requestVoid(target(three!), 'Wrong quantity')).toBe('queued');
    expect(await s.queue.requestVoid(target(three!), 'Wrong quantity')).toBe('none');
    await s.queue.syncNow(); // fails before the server
    expect(s.queue.status.voids).toBe(1);
    await s.queue.syncNow(); // applied, answer lost
    expect(s.queue.status.voids).toBe(1);
    await s.queue.syncNow(); // resent: the server says it is voided already
    expect(s.queue.status.voids).toBe(0);
    expect(s.server.voidCalls).toEqual([three!.dropOffId, three!.dropOffId, three!.dropOffId]);
    expect(s.server.voided.size).toBe(1);
    expect(s.server.itemsLive).toBe(5);
    await s.queue.syncNow();
    expect(s.server.voidCalls).toHaveLength(3);
  });

  it('undo of an entry never sent takes it off the device; one voided while being sent is voided after it lands', async () => {
    const s = await setup();
    const a = await s.queue.record(tap(2));
    expect(await s.queue.requestVoid(target(a.entry), 'Tapped by mistake')).toBe('discarded');
    expect(await s.store.forStation(STATION)).toEqual([]);

    const b = await s.queue.record(tap(4));
    let release!: () => void;
    s.server.hold = new Promise((r) => (release = r));
    const sending = s.queue.syncNow();
    await new Promise((r) => setTimeout(r, 10));
    expect(s.queue.isInFlight(b.entry.id)).toBe(true);
    expect(await s.queue.requestVoid(target(b.entry), 'Tapped by mistake')).toBe('queued');
    release();
    s.server.hold = null;
    await sending;
    await s.queue.whenIdle();
    await s.queue.syncNow();
    const stored = (await s.store.get(b.entry.id))!;
    expect(stored.state).toBe('synced');
    expect(stored.voidState).toBe('sent');
    expect(s.server.ledger.size).toBe(1);
    expect(s.server.itemsLive).toBe(0);
  });

  it('a row only the server listed (logged on another device) is voided offline too', async () => {
    const s = await setup();
    s.setOnline(false);
    const row = {
      stationCode: STATION,
      key: 'other-device-key',
      dropOffId: 'D42',
      materialCode: 'BOX_M',
      outcome: 'RECYCLED' as const,
      quantity: 6,
      occurredAt: new Date(s.clock.t).toISOString(),
    };
    expect(await s.queue.requestVoid(row, 'Wrong material or outcome')).toBe('queued');
    const day = dayOf(row.occurredAt);
    const figures = {
      day,
      asOf: s.clock.t,
      items: 6,
      itemsReused: 0,
      itemsRecycled: 6,
      byMaterial: [{ materialCode: 'BOX_M', outcome: 'RECYCLED', items: 6 }],
    };
    expect(runningTotals(figures, await s.store.forStation(STATION), day, dayOf).items).toBe(0);
    s.setOnline(true);
    await s.queue.syncNow();
    expect(s.server.voided.get('D42')).toBe('Wrong material or outcome');
  });

  it('a void the server refuses (past 24 hours) is not retried, and the entry counts again', async () => {
    const s = await setup();
    const [three] = await twoSynced(s);
    s.server.refuseVoids = 'Station staff can void entries only within 24 hours of logging them; ask your city manager';
    await s.queue.requestVoid(target(three!), 'Tapped by mistake');
    await s.queue.syncNow();
    const e = (await s.store.get(three!.id))!;
    expect(e.voidState).toBe('rejected');
    expect(e.voidError).toMatch(/24 hours/);
    expect(e.voidedAt).toBeUndefined();
    expect(s.queue.status.voids).toBe(0);
    await s.queue.syncNow();
    expect(s.server.voidCalls).toHaveLength(1);
    const day = dayOf(e.occurredAt);
    const local = await s.store.forStation(STATION);
    expect(runningTotals(null, local, day, dayOf).items).toBe(8);
  });
});

// The counter's running totals (server figures + what only the device holds), today's merged list,
// and how API field issues map to queued items: pure functions of the station app (web/src/lib/station).
import { describe, expect, it } from 'vitest';
import { binItemsNow, runningTotals, type ServerTotals } from '../../web/src/lib/station/totals.ts';
import { mergeToday } from '../../web/src/lib/station/today.ts';
import { issueOf } from '../../web/src/lib/station/transport.ts';
import type { QueuedEntry } from '../../web/src/lib/station/types.ts';

const dayOf = (iso: string) => iso.slice(0, 10); // the tests use times whose UTC and China days agree
const server: ServerTotals = {
  day: '2026-11-25',
  asOf: 1_000,
  items: 10,
  itemsReused: 6,
  itemsRecycled: 4,
  byMaterial: [
    { materialCode: 'BOX_M', outcome: 'REUSED', items: 6 },
    { materialCode: 'MAILER_BAG', outcome: 'RECYCLED', items: 4 },
  ],
};
let n = 0;
function entry(over: Partial<QueuedEntry>): QueuedEntry {
  n++;
  return {
    id: `SH-00001|k${n}`,
    stationCode: 'SH-00001',
    key: `k${n}`,
    seq: n,
    materialCode: 'BOX_M',
    outcome: 'REUSED',
    quantity: 1,
    massKg: null,
    occurredAt: '2026-11-25T03:00:00Z',
    source: 'tap',
    state: 'pending',
    ...over,
  };
}

describe('bin items now', () => {
  const station = { binItems: 40, lastPickupAt: '2026-11-25T01:00:00Z' };
  const recycled = (over: Partial<QueuedEntry>) => entry({ outcome: 'RECYCLED', materialCode: 'MAILER_BAG', ...over });

  it("adds recycled entries the server had not counted, since the last pickup, to the server's count", () => {
    const items = binItemsNow(station, server, [
      recycled({ quantity: 3 }), // pending: +3
      recycled({ state: 'synced', syncedAt: 500, quantity: 5 }), // already in the 40
      recycled({ state: 'synced', syncedAt: 1_500, quantity: 2 }), // confirmed after the read: +2
      entry({ quantity: 7 }), // kept for reuse: not in the bin
      recycled({ quantity: 4, occurredAt: '2026-11-25T00:30:00Z' }), // before the pickup
      recycled({ state: 'rejected', quantity: 9 }),
    ]);
    expect(items).toBe(40 + 3 + 2);
  });

  it('takes off a counted entry voided on the device until the server has counted the void', () => {
    const voided = recycled({ state: 'synced', syncedAt: 500, quantity: 2, voidedAt: 1_200 });
    expect(binItemsNow(station, server, [voided])).toBe(38); // offline: the void is still queued
    expect(binItemsNow(station, server, [{ ...voided, voidSyncedAt: 1_300 }])).toBe(38); // confirmed after the read
    expect(binItemsNow(station, server, [{ ...voided, voidSyncedAt: 900 }])).toBe(40); // the 40 already leaves it out
    // voided before it was ever counted: nothing to add or take off
    expect(binItemsNow(station, server, [recycled({ state: 'synced', syncedAt: 1_500, voidedAt: 1_600 })])).toBe(40);
    // never below an empty bin, as the server's void
    expect(binItemsNow({ ...station, binItems: 1 }, server, [voided])).toBe(0);
  });

  it('is 0 before the station is known, and counts every pending entry without server figures', () => {
    expect(binItemsNow(null, server, [recycled({ quantity: 3 })])).toBe(0);
    expect(binItemsNow({ binItems: 0, lastPickupAt: null }, null, [recycled({ quantity: 3 })])).toBe(3);
  });
});

describe('running totals', () => {
  it('adds pending entries and entries confirmed after the figures were fetched, not those before', () => {
    const t = runningTotals(
      server,
      [
        entry({ quantity: 2 }), // pending: +2 reused
        entry({ state: 'synced', syncedAt: 500, quantity: 5 }), // already in the server figures
        entry({ state: 'synced', syncedAt: 1_500, outcome: 'RECYCLED', materialCode: 'MAILER_BAG', quantity: 3 }), // after: +3 recycled
      ],
      '2026-11-25',
      dayOf,
    );
    expect({ items: t.items, reused: t.reused, recycled: t.recycled, onDevice: t.onDevice }).toEqual({
      items: 15,
      reused: 8,
      recycled: 7,
      onDevice: 2,
    });
    expect(t.byPair.get('BOX_M|REUSED')).toBe(8);
    expect(t.byPair.get('MAILER_BAG|RECYCLED')).toBe(7);
  });

  it('leaves out rejected and voided entries, and entries of another day', () => {
    const t = runningTotals(
      server,
      [
        entry({ state: 'rejected', reason: 'no' }),
        entry({ state: 'synced', syncedAt: 2_000, voidedAt: 2_500 }),
        entry({ occurredAt: '2026-11-24T03:00:00Z' }),
      ],
      '2026-11-25',
      dayOf,
    );
    expect(t.items).toBe(10);
  });

  it('ignores server figures of an earlier day (the device was left on overnight)', () => {
    const t = runningTotals({ ...server, day: '2026-11-24' }, [entry({ quantity: 4 })], '2026-11-25', dayOf);
    expect({ items: t.items, reused: t.reused, recycled: t.recycled }).toEqual({ items: 4, reused: 4, recycled: 0 });
  });
});

describe('API field issues as queue issues', () => {
  it('names the item and the field', () => {
    expect(issueOf('input.items.3.quantity', 'must be at most 500 per entry')).toEqual({
      index: 3,
      message: 'quantity must be at most 500 per entry',
    });
    expect(issueOf('input.items.0', 'is bad')).toEqual({ index: 0, message: 'is bad' });
  });
  it('treats any other field as the whole batch', () => {
    expect(issueOf('input.stationCode', 'was not found')).toEqual({
      index: null,
      message: 'input.stationCode was not found',
    });
  });
});

describe("today's list", () => {
  const serverRow = (key: string, at: string, voided = false) => ({
    id: `D-${key}`,
    idempotencyKey: key,
    materialCode: 'BOX_S',
    outcome: 'RECYCLED' as const,
    quantity: 1,
    occurredAt: at,
    localDay: at.slice(0, 10),
    voided,
    voidReason: voided ? 'Wrong quantity' : null,
  });

  it('shows an entry the server and the device both hold once, newest first, with the server id', () => {
    const synced = entry({ key: 'same', id: 'SH-00001|same', state: 'synced', occurredAt: '2026-11-25T04:00:00Z' });
    const rows = mergeToday(
      [
        serverRow('same', '2026-11-25T04:00:00Z'),
        serverRow('old', '2026-11-25T01:00:00Z', true),
        serverRow('yesterday', '2026-11-24T09:00:00Z'),
      ],
      [synced, entry({ key: 'new', state: 'pending', occurredAt: '2026-11-25T05:00:00Z' })],
      '2026-11-25',
      dayOf,
    );
    expect(rows.map((r) => [r.key, r.state, r.dropOffId ?? null])).toEqual([
      ['new', 'pending', null],
      ['same', 'synced', 'D-same'],
      ['old', 'voided', 'D-old'],
    ]);
    expect(rows[2]!.reason).toBe('Wrong quantity');
  });
});

// logDropOffs through the GraphQL API: counts, defaults and rejected input that writes nothing.
// Idempotency (also under concurrency): drop-off-idempotency.test.ts. Voiding: void-drop-off.test.ts.
import { describe, expect, it } from 'vitest';
import { member, ok, type GqlResult, TEST_NOW } from '../helpers/app.ts';
import { dropOffApp, item, LogDropOffs, type Item, type LogItems } from '../helpers/drop-off-checks.ts';
import type { ResultOf } from '../../web/src/lib/graphql.ts';

const app = dropOffApp();
const { staffAt, footprint, stationDay, cityQuantity, rowCount } = app;
/** The payload of an accepted batch (a test failure when the batch was refused). */
const payload = (r: GqlResult<ResultOf<typeof LogDropOffs>>) => member(ok(r).logDropOffs, 'LogDropOffsPayload');

describe('logDropOffs: accepted items', () => {
  it('counts items, fills mass and local day, and updates bin, totals and rollups', async () => {
    // A city of its own (HZ), so the city rollup starts at zero for this test.
    const { station, log } = await staffAt({ city_code: 'HZ' });
    const r = ok(
      await log([
        item('a1', { quantity: 3 }), // 3 × BOX_M 0.25 kg
        item('a2', {
          materialCode: 'BOX_S',
          outcome: 'REUSED',
          quantity: 2,
          massKg: 0.4,
          occurredAt: '2026-11-10T17:30:00Z',
        }),
        item('a3', { materialCode: 'MAILER_BAG', quantity: 10, occurredAt: '2026-11-10T15:59:00Z' }), // 23:59 on Nov 10 in Shanghai
      ]),
    ).logDropOffs;
    expect(r.__typename).toBe('LogDropOffsPayload');
    if (r.__typename !== 'LogDropOffsPayload') return;
    expect(r.accepted).toBe(3);
    expect(r.replayed).toBe(0);
    const [a1, a2, a3] = r.results.map((x) => x.dropOff);
    expect(a1).toMatchObject({
      quantity: 3,
      massKg: 0.75,
      localDay: '2026-11-11',
      occurredAt: TEST_NOW.toISOString(),
      voided: false,
    });
    expect(a2).toMatchObject({ quantity: 2, massKg: 0.4, localDay: '2026-11-11', outcome: 'REUSED' });
    expect(a3).toMatchObject({ quantity: 10, massKg: 0.3, localDay: '2026-11-10', materialCode: 'MAILER_BAG' });
    // Bin: RECYCLED only (3 + 10), not the 2 reused boxes.
    expect(r.station.binItems).toBe(13);
    expect(r.station.status).toBe('OPEN');
    // Today's (Nov 11) totals: a1 and a2.
    expect(r.station.totals).toEqual({
      items: 5,
      dropOffs: 2,
      itemsRecycled: 3,
      itemsReused: 2,
      kgRecycled: 0.75,
      kgReused: 0.4,
    });
    expect(await stationDay(station.id)).toEqual([
      { day: '2026-11-10', material_code: 'MAILER_BAG', outcome: 'RECYCLED', entries: 1, quantity: 10, mass_kg: 0.3 },
      { day: '2026-11-11', material_code: 'BOX_M', outcome: 'RECYCLED', entries: 1, quantity: 3, mass_kg: 0.75 },
      { day: '2026-11-11', material_code: 'BOX_S', outcome: 'REUSED', entries: 1, quantity: 2, mass_kg: 0.4 },
    ]);
    expect(await cityQuantity('HZ')).toEqual({ q: 15, e: 3 });
  });

  it('marks the station FULL when the bin reaches its capacity, and only then', async () => {
    const { log } = await staffAt({ bin_capacity: 10, bin_items: 4 });
    const r1 = payload(await log([item('f1', { quantity: 5 }), item('f2', { outcome: 'REUSED', quantity: 50 })]));
    expect(r1.station).toMatchObject({ binItems: 9, status: 'OPEN' });
    const r2 = payload(await log([item('f3', { quantity: 1 })]));
    expect(r2.station).toMatchObject({ binItems: 10, binCapacity: 10, status: 'FULL', operatingStatus: 'FULL' });
  });

  it('accepts an occurredAt 4 minutes ahead (clock skew) and rejects one 6 minutes ahead', async () => {
    const { station, log } = await staffAt();
    const at = (min: number) => new Date(TEST_NOW.getTime() + min * 60_000).toISOString();
    const r = payload(await log([item('s1', { occurredAt: at(4) })]));
    expect(r.accepted).toBe(1);
    expect(r.results[0]!.dropOff.occurredAt).toBe('2026-11-11T04:04:00.000Z');
    const bad = ok(await log([item('s2', { occurredAt: at(6) })])).logDropOffs;
    expect(bad).toMatchObject({ __typename: 'InputError', field: 'input.items.0.occurredAt' });
    expect(await rowCount(station.id)).toBe(1);
  });
});

describe('logDropOffs: rejected input writes nothing', () => {
  const ahead = (ms: number) => new Date(TEST_NOW.getTime() + ms).toISOString();
  const DAY = 86_400_000;
  const cases: [string, Item[], string][] = [
    ['quantity 0', [item('b', { quantity: 0 })], 'input.items.0.quantity'],
    ['negative quantity', [item('b', { quantity: -2 })], 'input.items.0.quantity'],
    ['quantity over 500', [item('b', { quantity: 501 })], 'input.items.0.quantity'],
    ['50 kg for one item', [item('b', { massKg: 50 })], 'input.items.0.massKg'],
    ['mass 0', [item('b', { massKg: 0 })], 'input.items.0.massKg'],
    ['mass that would be stored as 0 kg', [item('b', { massKg: 0.0004 })], 'input.items.0.massKg'],
    ['occurredAt 6 minutes ahead', [item('b', { occurredAt: ahead(6 * 60_000) })], 'input.items.0.occurredAt'],
    ['occurredAt 31 days ago', [item('b', { occurredAt: ahead(-31 * DAY) })], 'input.items.0.occurredAt'],
    ['a bad item after good ones', [item('g1'), item('g2'), item('b', { quantity: 0 })], 'input.items.2.quantity'],
    ['501 items', Array.from({ length: 501 }, (_, i) => item(`k${i}`)), 'input.items'],
    ['no items', [], 'input.items'],
    ['empty key', [item('')], 'input.items.0.idempotencyKey'],
    ['key of 101 characters', [item('k'.repeat(101))], 'input.items.0.idempotencyKey'],
    ['key with a space', [item('SF 1234')], 'input.items.0.idempotencyKey'],
  ];
  it.each(cases.map(([name, items, field]) => ({ name, items, field })))(
    '$name → InputError on $field',
    async ({ items, field }) => {
      const { log } = await staffAt();
      const before = await footprint();
      const r = ok(await log(items)).logDropOffs;
      expect(r.__typename).toBe('InputError');
      const e = member(r, 'InputError');
      expect(e.field).toBe(field);
      expect(e.issues[0]!.field).toBe(field);
      expect(await footprint()).toEqual(before);
    },
  );

  it('accepts a key of exactly 100 characters and an item exactly 30 days old', async () => {
    const { log } = await staffAt();
    const r = payload(await log([item('k'.repeat(100)), item('old', { occurredAt: ahead(-30 * DAY + 60_000) })]));
    expect(r.accepted).toBe(2);
    expect(r.results[1]!.dropOff.localDay).toBe('2026-10-12'); // 2026-10-12T04:01Z is noon in Shanghai
  });

  it('reports every item and field at fault in one error', async () => {
    const { log } = await staffAt();
    const r = ok(
      await log([item('ok'), item('b1', { quantity: 0 }), item('b2', { materialCode: 'NOPE', massKg: 0 })]),
    ).logDropOffs;
    expect(
      member(r, 'InputError')
        .issues.map((i) => i.field)
        .sort(),
    ).toEqual(['input.items.1.quantity', 'input.items.2.massKg']);
  });

  it('an unknown material → NotFoundError naming the item (once the rest is valid); nothing is written', async () => {
    const { log } = await staffAt();
    const before = await footprint();
    const r = ok(await log([item('m0'), item('m1', { materialCode: 'GLASS_JAR' })])).logDropOffs;
    expect(r).toEqual({
      __typename: 'NotFoundError',
      field: 'input.items.1.materialCode',
      message: 'Material "GLASS_JAR" does not exist',
    });
    expect(await footprint()).toEqual(before);
  });

  it('accepts 0.001 kg (one gram, the stored precision)', async () => {
    const { log } = await staffAt();
    const r = payload(await log([item('g1', { massKg: 0.001 }), item('g2', { massKg: 0.0016 })]));
    expect(r.results.map((x) => x.dropOff.massKg)).toEqual([0.001, 0.002]);
  });

  it('unknown station → NotFoundError on input.stationCode', async () => {
    const before = await footprint();
    const r = ok(
      await app.t.gql(
        LogDropOffs,
        { input: { stationCode: 'SH-00000', items: [item('n1')] as LogItems } },
        app.admin.token,
      ),
    ).logDropOffs;
    expect(r).toMatchObject({ __typename: 'NotFoundError', field: 'input.stationCode' });
    expect(await footprint()).toEqual(before);
  });

  // Each refusal carries its message code and params (domain/messages.ts), so the counter shows it
  // in the person's language.
  const YEARS = { min: 2000, max: 2099 };
  it.each([
    [
      'a malformed DateTime',
      '11/11/2026 10:00',
      'must be an ISO 8601 timestamp with an offset, e.g. "2026-11-11T09:30:00+08:00", got "11/11/2026 10:00"',
      'instant.badFormat',
      { value: '"11/11/2026 10:00"' },
    ],
    ['a DateTime that is not a date', '2026-13-45T99:00:00Z', 'is not a real calendar date', 'date.notReal', {}],
    ['February 30th', '2026-02-30T10:00:00Z', 'is not a real calendar date', 'date.notReal', {}],
    ['a time of 24:00', '2026-11-11T24:00:00Z', 'is not a real time of day', 'instant.notTimeOfDay', {}],
    [
      'a DateTime without an offset',
      '2026-11-11T10:00:00',
      'needs an explicit offset ("Z" or e.g. "+08:00"), got "2026-11-11T10:00:00"',
      'instant.noOffset',
      { value: '"2026-11-11T10:00:00"' },
    ],
    ['a year before 2000', '1999-12-31T23:00:00Z', 'year must be between 2000 and 2099', 'date.yearOutOfRange', YEARS],
    ['a year far ahead', '2999-01-01T00:00:00Z', 'year must be between 2000 and 2099', 'date.yearOutOfRange', YEARS],
  ])(
    '%s is an InputError naming input.items.0.occurredAt; nothing is written',
    async (_name, occurredAt, message, reason, params) => {
      const { log } = await staffAt();
      const before = await footprint();
      const r = await log([item('v0'), item('v1', { occurredAt })]);
      expect(r.data?.logDropOffs).toBeUndefined();
      expect(r.errors).toEqual([
        expect.objectContaining({
          message: `input.items.1.occurredAt: ${message}`,
          extensions: {
            code: 'BAD_USER_INPUT',
            reason,
            params,
            issues: [{ field: 'input.items.1.occurredAt', message, reason, params }],
          },
        }),
      ]);
      expect(await footprint()).toEqual(before);
    },
  );

  it.each([
    ['an outcome outside the enum', { outcome: 'BURNED' }, /BURNED/],
    ['a non-integer quantity', { quantity: 1.5 }, /non-integer/],
  ])('%s is a GraphQL validation error', async (_name, o, message) => {
    const { log } = await staffAt();
    const before = await footprint();
    const r = await log([item('v1', o)]);
    expect(r.data?.logDropOffs).toBeUndefined();
    expect(r.errors).toHaveLength(1);
    expect(r.errors![0]!.message).toMatch(message);
    expect(r.errors![0]!.message).toContain('input.items[0]');
    expect(await footprint()).toEqual(before);
  });
});

// logDropOffs through the GraphQL API: counts, defaults, idempotency (also under concurrency) and
// rejected input that writes nothing. Voiding: void-drop-off.test.ts.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, member, ok, TEST_NOW, type GqlResult, type TestApp } from '../helpers/app.ts';
import { makeUser } from '../helpers/factories.ts';
import * as checks from '../helpers/drop-off-checks.ts';
import { item, LogDropOffs, type Item, type LogItems } from '../helpers/drop-off-checks.ts';
import { ledgerSum, makeCampaign, makeMember } from '../helpers/points.ts';
import { graphql, type ResultOf } from '../../web/src/lib/graphql.ts';

const CONFLICTS = graphql(`
  mutation ($input: LogDropOffsInput!) {
    logDropOffs(input: $input) {
      __typename
      ... on LogDropOffsPayload {
        accepted
        replayed
        conflicts
        results {
          status
          replayed
          dropOff {
            id
            quantity
          }
          conflict {
            __typename
            message
            field
            index
            idempotencyKey
            fields
          }
        }
      }
    }
  }
`);
const BIN_ITEMS = graphql(`
  query ($c: String!) {
    station(code: $c) {
      binItems
    }
  }
`);

let t: TestApp;
let admin: Awaited<ReturnType<typeof makeUser>>;
beforeAll(async () => {
  t = await createTestApp();
  admin = await makeUser(t, 'ADMIN');
});
afterAll(() => t.close());
beforeEach(() => {
  t.clock.now = new Date(TEST_NOW);
});

const staffAt = (o: Parameters<typeof checks.staffAt>[1] = {}) => checks.staffAt(t, o);
const footprint = () => checks.footprint(t);
const stationDay = (stationId: number) => checks.stationDay(t, stationId);
const cityQuantity = (cityCode: string) => checks.cityQuantity(t, cityCode);
const rowCount = (stationId: number) => checks.rowCount(t, stationId);
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

describe('logDropOffs: idempotency', () => {
  it('a replayed batch returns the originals and counts nothing twice', async () => {
    const { station, log } = await staffAt({ city_code: 'BJ' });
    const items = [item('r1', { quantity: 2 }), item('r2', { materialCode: 'BOX_L', outcome: 'REUSED' })];
    const first = payload(await log(items));
    expect(await cityQuantity('BJ')).toEqual({ q: 3, e: 2 });
    const again = payload(await log([...items, item('r3')]));
    expect(again).toMatchObject({ accepted: 1, replayed: 2, conflicts: 0 });
    expect(again.results.map((x) => [x.status, x.replayed])).toEqual([
      ['REPLAYED', true],
      ['REPLAYED', true],
      ['ACCEPTED', false],
    ]);
    expect(again.results[0]!.dropOff).toEqual(first.results[0]!.dropOff);
    expect(again.results[1]!.dropOff.id).toBe(first.results[1]!.dropOff.id);
    expect(again.station.binItems).toBe(3); // 2 (r1) + 1 (r3)
    expect(await rowCount(station.id)).toBe(3);
    expect(await cityQuantity('BJ')).toEqual({ q: 4, e: 3 });
    const third = payload(await log(items));
    expect(third).toMatchObject({ accepted: 0, replayed: 2 });
    expect(await rowCount(station.id)).toBe(3);
    expect((await stationDay(station.id)).reduce((s, r) => s + r.quantity, 0)).toBe(4);
  });

  it('a key resent naming another member code, or none, is a CONFLICT on memberCode: no credit to the second member', async () => {
    const { station } = await staffAt({ city_code: 'SZ' });
    const [a, b] = [await makeMember(t), await makeMember(t)];
    const send = async (memberCode?: string) =>
      member(
        ok(
          await t.gql(
            CONFLICTS,
            {
              input: {
                stationCode: station.code,
                items: [{ ...item('m1'), ...(memberCode === undefined ? {} : { memberCode }) }] as LogItems,
              },
            },
            admin.token,
          ),
        ).logDropOffs,
        'LogDropOffsPayload',
      ).results[0]!;
    await makeCampaign(t, { code: 'TEST-I9' });
    expect((await send(a.code)).status).toBe('ACCEPTED');
    expect((await send(a.code.toLowerCase())).status).toBe('REPLAYED'); // the same code, as typed
    expect(await send(b.code)).toMatchObject({
      status: 'CONFLICT',
      conflict: { fields: ['memberCode'], field: 'input.items.0.memberCode' },
    });
    expect(await send()).toMatchObject({ status: 'CONFLICT', conflict: { fields: ['memberCode'] } });
    expect(await ledgerSum(t, a.id)).toBe(4); // BOX_M recycled: 4 points, credited once
    expect(await ledgerSum(t, b.id)).toBe(0);
    expect(await rowCount(station.id)).toBe(1);
  });

  it('a key resent with a different payload is a per-item CONFLICT naming the field; nothing of it is written, the rest of the batch is', async () => {
    const { station, log } = await staffAt({ city_code: 'BJ' });
    const at = '2026-11-11T03:00:00.000Z';
    const first = payload(
      await log([item('q1', { quantity: 2 }), item('q2', { massKg: 0.5, occurredAt: at }), item('q4')]),
    );
    const before = {
      rows: await rowCount(station.id),
      day: await stationDay(station.id),
      city: await cityQuantity('BJ'),
    };
    const r = ok(
      await t.gql(
        CONFLICTS,
        {
          input: {
            stationCode: station.code,
            items: [
              item('q1', { quantity: 7 }), // quantity differs
              item('q2', { massKg: 0.5, occurredAt: at }), // the same: a replay
              item('q3'), // new
              item('q4', { massKg: 0.6, outcome: 'REUSED' }), // outcome and mass differ
            ] as LogItems,
          },
        },
        admin.token,
      ),
    ).logDropOffs;
    expect(r).toMatchObject({ __typename: 'LogDropOffsPayload', accepted: 1, replayed: 1, conflicts: 2 });
    if (r.__typename !== 'LogDropOffsPayload') return;
    expect(r.results.map((x) => x.status)).toEqual(['CONFLICT', 'REPLAYED', 'ACCEPTED', 'CONFLICT']);
    expect(r.results[0]!.conflict).toEqual({
      __typename: 'IdempotencyConflict',
      index: 0,
      idempotencyKey: 'q1',
      field: 'input.items.0.quantity',
      fields: ['quantity'],
      message: 'Key "q1" was already logged with a different quantity: this item was not stored',
    });
    expect(r.results[3]!.conflict).toMatchObject({
      index: 3,
      field: 'input.items.3.outcome',
      fields: ['outcome', 'massKg'],
    });
    // The stored entry is returned unchanged.
    expect(r.results[0]!.dropOff).toMatchObject({ id: first.results[0]!.dropOff.id, quantity: 2 });
    expect(r.results[0]!.replayed).toBe(false);
    expect(await rowCount(station.id)).toBe(before.rows + 1);
    expect(await cityQuantity('BJ')).toEqual({ q: before.city.q + 1, e: before.city.e + 1 });
    const audit = await t.db.db
      .selectFrom('audit_entry')
      .select(['after'])
      .where('action', '=', 'logDropOffs:conflict')
      .where('entity_id', '=', station.code)
      .execute();
    expect(audit.map((a) => a.after)).toEqual([
      {
        conflicts: [
          { key: 'q1', fields: ['quantity'] },
          { key: 'q4', fields: ['outcome', 'massKg'] },
        ],
      },
    ]);
  });

  it.each([
    ['materialCode', { materialCode: 'BOX_L' }],
    ['outcome', { outcome: 'REUSED' }],
    ['quantity', { quantity: 3 }],
    ['massKg (sent now, not before)', { massKg: 0.25 }],
    ['occurredAt (sent now, not before)', { occurredAt: '2026-11-11T03:59:00.000Z' }],
  ])('a resend differing only in %s is a conflict', async (name, o) => {
    const { station, log } = await staffAt();
    ok(await log([item('one')]));
    const r = payload(await log([item('one', o)]));
    expect(r.results[0]!.conflict?.fields).toEqual([name.split(' ')[0]]);
    expect(await rowCount(station.id)).toBe(1);
  });

  it('an item sent without occurredAt or massKg replays as such, later too (the server defaults are not the payload)', async () => {
    const { log } = await staffAt();
    const first = payload(await log([item('d0')]));
    t.clock.now = new Date(TEST_NOW.getTime() + 60_000);
    const again = payload(await log([item('d0')]));
    expect(again.results[0]).toMatchObject({
      status: 'REPLAYED',
      dropOff: { id: first.results[0]!.dropOff.id, occurredAt: TEST_NOW.toISOString() },
    });
    // The same mass stated explicitly where it was left to the default is a different payload.
    expect(payload(await log([item('d0', { massKg: 0.25 })])).results[0]!.status).toBe('CONFLICT');
  });

  it('a key logged before fingerprints existed is compared on its stored values', async () => {
    const { station, log } = await staffAt();
    ok(await log([item('legacy', { quantity: 2, massKg: 0.5 })]));
    await t.db.db
      .updateTable('drop_off')
      .set({ payload_fingerprint: null })
      .where('station_id', '=', station.id)
      .execute();
    expect(payload(await log([item('legacy', { quantity: 2, massKg: 0.5 })])).results[0]!.status).toBe('REPLAYED');
    expect(payload(await log([item('legacy', { quantity: 2 })])).results[0]!.status).toBe('REPLAYED');
    expect(payload(await log([item('legacy', { quantity: 3 })])).results[0]!.conflict?.fields).toEqual(['quantity']);
  });

  it('a key repeated inside one batch is one row, counted once', async () => {
    const { station, log } = await staffAt();
    const r = payload(await log([item('d1', { quantity: 4 }), item('d2'), item('d1', { quantity: 4 })]));
    expect(r.results).toHaveLength(3);
    expect(r.results[0]!.dropOff.id).toBe(r.results[2]!.dropOff.id);
    expect(r.accepted).toBe(2);
    expect(r.replayed).toBe(1);
    expect(r.results.map((x) => x.replayed)).toEqual([false, false, true]);
    expect(r.station.binItems).toBe(5);
    expect(await rowCount(station.id)).toBe(2);
    expect(await stationDay(station.id)).toMatchObject([{ entries: 2, quantity: 5 }]);
  });

  it.each([
    ['quantity', { quantity: 2 }],
    ['massKg', { massKg: 0.3 }],
    ['occurredAt', { occurredAt: '2026-11-11T03:00:00Z' }],
    ['materialCode', { materialCode: 'BOX_S' }],
    ['outcome', { outcome: 'REUSED' }],
  ])(
    'a key repeated inside one batch with a different %s is an input error naming that field; nothing is written',
    async (field, o) => {
      const { station, log } = await staffAt();
      const before = await footprint();
      const r = ok(await log([item('x0'), item('x1', { quantity: 1 }), item('x1', { quantity: 1, ...o })])).logDropOffs;
      expect(r).toMatchObject({ __typename: 'InputError', field: `input.items.2.${field}` });
      expect(member(r, 'InputError').message).toBe(
        `input.items.2.${field}: repeats the key of item 1 ("x1") with a different ${field}`,
      );
      expect(await rowCount(station.id)).toBe(0);
      expect(await footprint()).toEqual(before);
    },
  );

  it('two concurrent requests with the same key give one row', async () => {
    const { station, log } = await staffAt({ city_code: 'HZ' });
    const cityBefore = await cityQuantity('HZ');
    const [a, b] = await Promise.all([log([item('c1', { quantity: 3 })]), log([item('c1', { quantity: 3 })])]);
    const pa = payload(a);
    const pb = payload(b);
    expect(pa.results[0]!.dropOff.id).toBe(pb.results[0]!.dropOff.id);
    expect([pa.accepted, pb.accepted].sort()).toEqual([0, 1]);
    expect(await rowCount(station.id)).toBe(1);
    expect(await cityQuantity('HZ')).toEqual({ q: cityBefore.q + 3, e: cityBefore.e + 1 });
    expect(await stationDay(station.id)).toMatchObject([{ entries: 1, quantity: 3 }]);
  });

  it('20 concurrent copies of one batch give one row per key', async () => {
    const { station, staff, log } = await staffAt();
    const items = Array.from({ length: 5 }, (_, i) => item(`p${i}`, { quantity: i + 1 }));
    const results = await Promise.all(Array.from({ length: 20 }, () => log(items)));
    expect(results.every((r) => ok(r).logDropOffs.__typename === 'LogDropOffsPayload')).toBe(true);
    const payloads = results.map(payload);
    expect(payloads.reduce((s, p) => s + p.accepted, 0)).toBe(5);
    expect(payloads.reduce((s, p) => s + p.replayed, 0)).toBe(95);
    const ids = new Set(payloads.flatMap((p) => p.results.map((x) => x.dropOff.id)));
    expect(ids.size).toBe(5);
    expect(await rowCount(station.id)).toBe(5);
    const after = ok(await t.gql(BIN_ITEMS, { c: station.code }, staff.token));
    expect(after.station?.binItems).toBe(15); // 1+2+3+4+5
    expect(await stationDay(station.id)).toMatchObject([{ entries: 5, quantity: 15 }]);
  });

  // On PostgreSQL this deadlocked (masked as "Unexpected error.") until rows were inserted in key
  // order; the race is timing-dependent, so three rounds of 20 requests of 400 keys each.
  it('20 concurrent requests with the same 400 keys in opposite orders count each key once', async () => {
    for (let round = 0; round < 3; round++) {
      const { station, log } = await staffAt({ bin_capacity: 1000 });
      const keys = Array.from({ length: 400 }, (_, i) => `o${i}`);
      const batches = Array.from({ length: 20 }, (_, n) => (n % 2 ? [...keys].reverse() : keys).map((k) => item(k)));
      const results = await Promise.all(batches.map((items) => log(items)));
      const payloads = results.map(payload);
      expect(payloads.reduce((s, p) => s + p.accepted, 0)).toBe(400);
      expect(await rowCount(station.id)).toBe(400);
      expect(await stationDay(station.id)).toMatchObject([{ entries: 400, quantity: 400 }]);
    }
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
      await t.gql(LogDropOffs, { input: { stationCode: 'SH-00000', items: [item('n1')] as LogItems } }, admin.token),
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

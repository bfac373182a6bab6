// logDropOffs idempotency through the GraphQL API: a batch resent (the counter retries on a patchy
// network) counts once, a key resent with another payload is a per-item conflict, and concurrent
// copies of a batch give one row per key. Counts, defaults and rejected input: drop-offs.test.ts.
import { describe, expect, it } from 'vitest';
import { member, ok, type GqlResult, TEST_NOW } from '../helpers/app.ts';
import { dropOffApp, item, LogDropOffs, type LogItems } from '../helpers/drop-off-checks.ts';
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

const app = dropOffApp();
const { staffAt, footprint, stationDay, cityQuantity, rowCount } = app;
/** The payload of an accepted batch (a test failure when the batch was refused). */
const payload = (r: GqlResult<ResultOf<typeof LogDropOffs>>) => member(ok(r).logDropOffs, 'LogDropOffsPayload');

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
    const [a, b] = [await makeMember(app.t), await makeMember(app.t)];
    const send = async (memberCode?: string) =>
      member(
        ok(
          await app.t.gql(
            CONFLICTS,
            {
              input: {
                stationCode: station.code,
                items: [{ ...item('m1'), ...(memberCode === undefined ? {} : { memberCode }) }] as LogItems,
              },
            },
            app.admin.token,
          ),
        ).logDropOffs,
        'LogDropOffsPayload',
      ).results[0]!;
    await makeCampaign(app.t, { code: 'TEST-I9' });
    expect((await send(a.code)).status).toBe('ACCEPTED');
    expect((await send(a.code.toLowerCase())).status).toBe('REPLAYED'); // the same code, as typed
    expect(await send(b.code)).toMatchObject({
      status: 'CONFLICT',
      conflict: { fields: ['memberCode'], field: 'input.items.0.memberCode' },
    });
    expect(await send()).toMatchObject({ status: 'CONFLICT', conflict: { fields: ['memberCode'] } });
    expect(await ledgerSum(app.t, a.id)).toBe(4); // BOX_M recycled: 4 points, credited once
    expect(await ledgerSum(app.t, b.id)).toBe(0);
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
      await app.t.gql(
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
        app.admin.token,
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
    const audit = await app.t.db.db
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
    app.t.clock.now = new Date(TEST_NOW.getTime() + 60_000);
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
    await app.t.db.db
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
    const after = ok(await app.t.gql(BIN_ITEMS, { c: station.code }, staff.token));
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

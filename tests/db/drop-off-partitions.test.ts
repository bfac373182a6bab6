// drop_off partitioned by UTC month of occurred_at (migration 2026-12-01T14-30, docs/scaling.md):
// rows land in their month's partition, a month with no partition yet is created before the
// write (not a 500), a key stays one entry across months, occurredAt older than 30 days is
// refused, and retention drops only old raw rows while the reports (read from rollups) keep
// their totals. Runs on PGlite and on PostgreSQL alike.
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dropOffRetention, ensureDropOffPartitions, listDropOffPartitions } from '@recycle/db';
import { createTestApp, member, ok, TEST_NOW, type TestApp } from '../helpers/app.ts';
import { makeUser } from '../helpers/factories.ts';
import * as checks from '../helpers/drop-off-checks.ts';
import { item, type LogItems } from '../helpers/drop-off-checks.ts';
import { graphql, type SchemaType } from '../../web/src/lib/graphql.ts';

const STATUS = graphql(`
  mutation ($input: LogDropOffsInput!) {
    logDropOffs(input: $input) {
      __typename
      ... on LogDropOffsPayload {
        accepted
        replayed
        conflicts
        results {
          status
          dropOff {
            id
            occurredAt
          }
          conflict {
            fields
          }
        }
      }
      ... on InputError {
        field
        message
      }
      ... on Error {
        message
      }
    }
  }
`);

const REPORT = graphql(`
  query ($from: Date, $to: Date, $cityCodes: [String!], $groupBy: [CarbonReportDimension!]!) {
    carbonReport(from: $from, to: $to, groupBy: $groupBy, cityCodes: $cityCodes) {
      __typename
      ... on CarbonReport {
        total {
          dropOffs
          itemsReused
          itemsRecycled
          kgReused
          kgRecycled
          co2e {
            total {
              central
            }
          }
        }
      }
      ... on Error {
        message
      }
    }
  }
`);

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());
beforeEach(() => {
  t.clock.now = new Date(TEST_NOW);
});

/** A station of `city`; `send` signs its staff in at the test clock's time (tokens expire as the clock moves). */
async function staff(city = 'SH') {
  const s = await checks.staffAt(t, { city_code: city });
  const send = async (items: unknown[]) => {
    const { token } = await makeUser(t, 'STATION_STAFF', { stationId: s.station.id });
    return t.gql(STATUS, { input: { stationCode: s.station.code, items: items as LogItems } }, token);
  };
  /** The payload of an accepted batch (a test failure when the batch was refused). */
  const accepted = async (items: unknown[]) => member(ok(await send(items)).logDropOffs, 'LogDropOffsPayload');
  return { ...s, send, accepted };
}

/** Partition of each of the station's rows, by key. */
async function partitionsOf(stationId: number) {
  const r = await sql<{ key: string; part: string }>`select idempotency_key as key, tableoid::regclass::text as part
    from drop_off where station_id = ${stationId} order by 1`.execute(t.db.db);
  return Object.fromEntries(r.rows.map((x) => [x.key, x.part]));
}

describe('drop_off partitions', () => {
  it('are declared by month on drop_off (pg_inherits), with this month and two ahead made at migrate', async () => {
    const parts = await listDropOffPartitions(t.db.db);
    const names = parts.map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(['drop_off_y2026m10', 'drop_off_y2026m11']));
    const now = new Date();
    const ahead = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 2, 1));
    expect(names).toContain(`drop_off_y${ahead.toISOString().slice(0, 4)}m${ahead.toISOString().slice(5, 7)}`);
    const kind = await sql<{ k: string }>`select relkind::text as k from pg_class where relname = 'drop_off'`.execute(
      t.db.db,
    );
    expect(kind.rows[0]!.k).toBe('p');
  });

  it('rows land in the partition of their UTC month (tableoid)', async () => {
    const { station, accepted } = await staff();
    const r = await accepted([
      item('nov', { occurredAt: '2026-11-01T00:00:00Z' }), // first instant of November
      item('oct', { occurredAt: '2026-10-31T23:59:59Z' }), // 07:59 on Nov 1 in Shanghai, still October's row
    ]);
    expect(r.accepted).toBe(2);
    expect(await partitionsOf(station.id)).toEqual({ nov: 'drop_off_y2026m11', oct: 'drop_off_y2026m10' });
  });

  it('a write to a month with no partition yet creates it first (no error, no 500)', async () => {
    t.clock.now = new Date('2028-03-10T04:00:00Z');
    expect((await listDropOffPartitions(t.db.db)).map((p) => p.name)).not.toContain('drop_off_y2028m03');
    const { station, send } = await staff();
    const r = ok(await send([item('far', { occurredAt: '2028-02-28T04:00:00Z' }), item('far2')])).logDropOffs;
    expect(r.__typename).toBe('LogDropOffsPayload');
    expect(member(r, 'LogDropOffsPayload').accepted).toBe(2);
    expect(await partitionsOf(station.id)).toEqual({ far: 'drop_off_y2028m02', far2: 'drop_off_y2028m03' });
    // made twice (another process racing): nothing new, no error
    expect(await ensureDropOffPartitions(t.db.db, new Date('2028-02-01'), new Date('2028-03-31'))).toBe(0);
  });

  it("a station's entries since a moment: only those, newest first, read from those months' partitions alone", async () => {
    const { station, accepted } = await staff();
    await accepted([
      item('oct-28', { occurredAt: '2026-10-28T02:00:00Z' }),
      item('nov-10', { occurredAt: '2026-11-10T02:00:00Z' }),
      item('nov-11-a', { occurredAt: '2026-11-11T01:00:00Z' }),
      item('nov-11-b', { occurredAt: '2026-11-11T03:00:00Z' }),
    ]);
    const { token } = await makeUser(t, 'STATION_STAFF', { stationId: station.id });
    const list = async (since: string | null) => {
      const r = await t.gql<{ station: { dropOffs: { edges: { node: { idempotencyKey: string } }[] } } }>(
        'query ($code: String!, $since: DateTime) { station(code: $code) { dropOffs(first: 10, since: $since) { edges { node { idempotencyKey } } } } }',
        { code: station.code, since },
        token,
      );
      return ok(r).station.dropOffs.edges.map((e) => e.node.idempotencyKey);
    };
    // Nov 11 from midnight China time (16:00 UTC the day before), in the list's own order (newest id
    // first; a batch's ids follow its keys), as without `since`.
    const all = await list(null);
    expect([...all].sort()).toEqual(['nov-10', 'nov-11-a', 'nov-11-b', 'oct-28']);
    expect(await list('2026-11-11T00:00:00+08:00')).toEqual(all.filter((k) => k.startsWith('nov-11')));
    const r = await t.gql('{ station(code: "x") { dropOffs(since: "yesterday") { edges { cursor } } } }', {}, token);
    expect(r.errors?.[0]?.message).toMatch(/^since: must be an ISO 8601 timestamp/);
    // The same read in SQL: October's partition and earlier ones are not planned at all.
    const plan = await sql<{ 'QUERY PLAN': string }>`explain select * from drop_off where station_id = ${station.id}
      and occurred_at >= '2026-11-10T16:00:00Z'::timestamptz order by id desc limit 201`.execute(t.db.db);
    const text = plan.rows.map((x) => x['QUERY PLAN']).join('\n');
    expect(text).toContain('drop_off_y2026m11');
    expect(text).not.toContain('drop_off_y2026m10');
  });

  it('a direct insert into a month with no partition is refused by the database with a clear error', async () => {
    const { station } = await staff();
    await expect(
      sql`insert into drop_off (station_id, occurred_at, local_day, material_code, quantity, mass_kg, outcome, idempotency_key)
        values (${station.id}, '2031-01-05T00:00:00Z', '2031-01-05', 'BOX_M', 1, 0.25, 'RECYCLED', 'nowhere')`.execute(
        t.db.db,
      ),
    ).rejects.toThrow(/no partition of relation "drop_off" found for row/);
  });

  it('a retry of an acknowledged drop-off is replayed exactly once, also after the month turned', async () => {
    const { station, send, accepted } = await staff();
    t.clock.now = new Date('2026-11-30T23:55:00Z');
    const first = await accepted([item('ack', { occurredAt: '2026-11-30T23:50:00Z', quantity: 2 })]);
    expect(first.results[0]!.status).toBe('ACCEPTED');
    t.clock.now = new Date('2026-12-01T00:10:00Z');
    const again = await accepted([item('ack', { occurredAt: '2026-11-30T23:50:00Z', quantity: 2 })]);
    expect(again).toMatchObject({ accepted: 0, replayed: 1, conflicts: 0 });
    expect(again.results[0]!.dropOff.id).toBe(first.results[0]!.dropOff.id);
    // the same key sent with another occurredAt, in another month: a conflict, nothing written
    const moved = await accepted([item('ack', { occurredAt: '2026-12-01T00:05:00Z', quantity: 2 })]);
    expect(moved).toMatchObject({ accepted: 0, replayed: 0, conflicts: 1 });
    expect(moved.results[0]!.conflict?.fields).toEqual(['occurredAt']);
    expect(await checks.rowCount(t, station.id)).toBe(1);
    // racing copies of one new item across the month line: one row
    const racing = await Promise.all(
      ['2026-11-30T23:55:00Z', '2026-12-01T00:01:00Z', '2026-11-30T23:55:00Z'].map((at) =>
        send([item('race', { occurredAt: at })]),
      ),
    );
    const payloads = racing.map((x) => member(ok(x).logDropOffs, 'LogDropOffsPayload'));
    expect(payloads.map((p) => p.accepted).reduce((a, b) => a + b)).toBe(1);
    expect(await checks.rowCount(t, station.id)).toBe(2);
  });

  it('occurredAt older than 30 days is refused with an InputError naming the field; nothing written', async () => {
    const { send } = await staff();
    const before = await checks.footprint(t);
    const r = ok(
      await send([
        item('fresh'),
        item('stale', { occurredAt: new Date(TEST_NOW.getTime() - 31 * 86_400_000).toISOString() }),
      ]),
    ).logDropOffs;
    expect(r.__typename).toBe('InputError');
    expect(member(r, 'InputError').field).toBe('input.items.1.occurredAt');
    expect(await checks.footprint(t)).toEqual(before);
  });
});

describe('retention', () => {
  it('drops only the raw rows of months past the horizon; reports keep their totals', async () => {
    // Its own city (GZ): October and November rows, logged while they were recent.
    const { station, send } = await staff('GZ');
    t.clock.now = new Date('2026-10-20T04:00:00Z');
    ok(await send([item('r-oct', { quantity: 4 }), item('r-oct2', { outcome: 'REUSED', materialCode: 'BOX_S' })]));
    t.clock.now = new Date(TEST_NOW);
    ok(await send([item('r-nov', { quantity: 3 })]));
    // grouped another way after retention, so the answer is computed again, not the cached one
    const report = async (groupBy: SchemaType<'CarbonReportDimension'>[]) =>
      member(
        ok(
          await t.gql(
            REPORT,
            { from: '2026-10-01', to: '2026-11-30', cityCodes: ['GZ'], groupBy },
            (await makeUser(t, 'ADMIN')).token,
          ),
        ).carbonReport,
        'CarbonReport',
      );
    const before = await report(['STATION']);
    expect(before.total).toMatchObject({ dropOffs: 3, itemsRecycled: 7, itemsReused: 1 });
    const rowsBefore = await sql<{ n: number }>`select count(*)::int as n from drop_off`.execute(t.db.db);
    const oct = await sql<{ n: number }>`select count(*)::int as n from drop_off_y2026m10`.execute(t.db.db);

    // On 2027-01-05 with a horizon of 2 whole months: raw rows are kept from 2026-11-01.
    const r = await dropOffRetention(t.db.db, { months: 2, now: new Date('2027-01-05T00:00:00Z') });
    expect(r.keepFrom.toISOString()).toBe('2026-11-01T00:00:00.000Z');
    expect(r.dropped).toEqual(['drop_off_y2026m10']);
    const names = (await listDropOffPartitions(t.db.db)).map((p) => p.name);
    expect(names).not.toContain('drop_off_y2026m10');
    expect(names).toContain('drop_off_y2026m11');
    expect(await partitionsOf(station.id)).toEqual({ 'r-nov': 'drop_off_y2026m11' });
    const rowsAfter = await sql<{ n: number }>`select count(*)::int as n from drop_off`.execute(t.db.db);
    expect(rowsAfter.rows[0]!.n).toBe(rowsBefore.rows[0]!.n - oct.rows[0]!.n);
    // the report reads rollups: unchanged, to the gram and the CO2e
    t.clock.now = new Date('2027-01-05T00:00:00Z');
    expect(await report(['OUTCOME'])).toEqual(before);
    // a second run drops nothing; a horizon shorter than the API's write window is refused
    expect((await dropOffRetention(t.db.db, { months: 2, now: new Date('2027-01-05T00:00:00Z') })).dropped).toEqual([]);
    await expect(dropOffRetention(t.db.db, { months: 1 })).rejects.toThrow(/months must be a whole number >= 2/);
  });

  it('deletes key claims older than the retry window, and keeps the rest', async () => {
    const { station, send } = await staff();
    t.clock.now = new Date('2026-11-20T04:00:00Z');
    ok(await send([item('claim-a', { occurredAt: '2026-11-01T04:00:00Z' }), item('claim-b')]));
    await dropOffRetention(t.db.db, { months: 13, now: new Date('2026-12-10T00:00:00Z') });
    const r = await sql<{ k: string }>`select idempotency_key as k from drop_off_key
      where station_id = ${station.id} order by 1`.execute(t.db.db);
    expect(r.rows.map((x) => x.k)).toEqual(['claim-b']);
  });
});

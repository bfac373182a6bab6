// voidDropOff through the GraphQL API: a void takes the entry out of every rollup and the bin,
// is audited, and bad input (twice, unknown or malformed id, no reason) writes nothing.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { makeUser } from '../helpers/factories.ts';
import { ok, member } from '../helpers/app.ts';
import { dropOffApp, item, LOG, VOID } from '../helpers/drop-off-checks.ts';
import { graphql, type VariablesOf } from '../../web/src/lib/graphql.ts';

// The shared drop-off documents, typed (their text is a literal, so graphql() reads it).
const LogDropOffs = graphql(LOG);
const VoidDropOff = graphql(VOID);
const VOIDED = graphql('query($id: ID!) { node(id: $id) { ... on DropOff { voided } } }');
type LogItems = VariablesOf<typeof LogDropOffs>['input']['items'];

const app = dropOffApp();
const { staffAt, footprint, stationDay, cityQuantity } = app;

describe('voidDropOff', () => {
  async function logged(quantity = 4, cityCode = 'SH') {
    const ctx = await staffAt({ city_code: cityCode, bin_capacity: 5 });
    // item() leaves the outcome a plain string (the validation tests send bad ones): these two are good.
    const items = [item('v1', { quantity }), item('v2', { outcome: 'REUSED', materialCode: 'BOX_S' })] as LogItems;
    const answer = await app.t.gql(LogDropOffs, { input: { stationCode: ctx.station.code, items } }, ctx.staff.token);
    const r = member(ok(answer).logDropOffs, 'LogDropOffsPayload');
    const [recycled, reused] = r.results.map((x) => x.dropOff!);
    return { ...ctx, recycled: recycled!, reused: reused!, station: ctx.station, payload: r };
  }
  const audits = async (entityId: string) =>
    (
      await sql<{
        action: string;
        before: Record<string, unknown> | null;
        after: Record<string, unknown> | null;
        actor_id: number;
      }>`select action, before, after, actor_id from audit_entry
      where entity = 'drop_off' and entity_id = ${entityId} order by id`.execute(app.t.db.db)
    ).rows;

  it('voids an entry: flagged with its reason, out of the rollups and the bin, audited', async () => {
    const { recycled, station, staff, payload } = await logged(4, 'BJ');
    expect(payload.station.binItems).toBe(4);
    const cityBefore = await cityQuantity('BJ');
    const r = member(
      ok(await app.t.gql(VoidDropOff, { id: recycled.id, reason: 'scanned twice' }, staff.token)).voidDropOff,
      'DropOff',
    );
    expect(r).toMatchObject({
      __typename: 'DropOff',
      id: recycled.id,
      voided: true,
      voidReason: 'scanned twice',
      quantity: 4,
    });
    expect(r.station.binItems).toBe(0);
    expect(r.station.totals).toEqual({ items: 1, dropOffs: 1, itemsRecycled: 0 });
    expect(await stationDay(station.id)).toEqual([
      { day: '2026-11-11', material_code: 'BOX_M', outcome: 'RECYCLED', entries: 0, quantity: 0, mass_kg: 0 },
      { day: '2026-11-11', material_code: 'BOX_S', outcome: 'REUSED', entries: 1, quantity: 1, mass_kg: 0.15 },
    ]);
    expect(await cityQuantity('BJ')).toEqual({ q: cityBefore.q - 4, e: cityBefore.e - 1 });
    const rowId = String(Buffer.from(recycled.id, 'base64').toString().split(':')[1]);
    const entries = await audits(rowId);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      action: 'voidDropOff',
      before: { voided: false },
      after: { voided: true, reason: 'scanned twice' },
      actor_id: staff.user.id,
    });
  });

  it('voiding a REUSED entry leaves the bin alone', async () => {
    const { reused, staff } = await logged(3);
    const r = ok(await app.t.gql(VoidDropOff, { id: reused.id, reason: 'wrong outcome' }, staff.token)).voidDropOff;
    expect(member(r, 'DropOff').station.binItems).toBe(3);
  });

  it('voiding twice is a ConflictError and changes nothing the second time', async () => {
    const { recycled, staff, station } = await logged();
    ok(await app.t.gql(VoidDropOff, { id: recycled.id, reason: 'duplicate' }, staff.token));
    const before = await footprint();
    const rollup = await stationDay(station.id);
    const r = ok(await app.t.gql(VoidDropOff, { id: recycled.id, reason: 'duplicate again' }, staff.token)).voidDropOff;
    expect(r).toMatchObject({ __typename: 'ConflictError', field: 'id' });
    expect(member(r, 'ConflictError').message).toContain('already voided (duplicate)');
    expect(await footprint()).toEqual(before);
    expect(await stationDay(station.id)).toEqual(rollup);
  });

  it('an unknown id → NotFoundError', async () => {
    const id = Buffer.from('DropOff:99999999').toString('base64');
    const r = ok(await app.t.gql(VoidDropOff, { id, reason: 'typo' }, app.admin.token)).voidDropOff;
    expect(r).toMatchObject({ __typename: 'NotFoundError', field: 'id' });
  });

  it.each([
    ['xyz', 'xyz'],
    ['a Station id', Buffer.from('Station:1').toString('base64')],
    ['DropOff:0', Buffer.from('DropOff:0').toString('base64')],
    ['DropOff:abc', Buffer.from('DropOff:abc').toString('base64')],
  ])('a malformed id (%s) → InputError on id', async (_name, id) => {
    const before = await footprint();
    const r = ok(await app.t.gql(VoidDropOff, { id, reason: 'typo' }, app.admin.token)).voidDropOff;
    expect(r).toMatchObject({ __typename: 'InputError', field: 'id' });
    expect(await footprint()).toEqual(before);
  });

  it('the role check comes first: an analyst or a signed-out caller is refused (FORBIDDEN) even with a malformed id', async () => {
    const analyst = await makeUser(app.t, 'SUSTAINABILITY_ANALYST');
    for (const token of [analyst.token, null]) {
      const r = await app.t.gql(VoidDropOff, { id: 'xyz', reason: 'typo' }, token);
      expect(r.data?.voidDropOff ?? null).toBeNull();
      expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
  });

  it('a reason under 3 characters → InputError on reason, nothing voided', async () => {
    const { recycled, staff } = await logged();
    const before = await footprint();
    const r = ok(await app.t.gql(VoidDropOff, { id: recycled.id, reason: 'no' }, staff.token)).voidDropOff;
    expect(r).toMatchObject({ __typename: 'InputError', field: 'reason' });
    expect(await footprint()).toEqual(before);
    const { node } = ok(await app.t.gql(VOIDED, { id: recycled.id }, staff.token));
    expect(node).toMatchObject({ voided: false });
  });
});

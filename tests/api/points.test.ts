// Green points on the drop-off path, worked by hand: the test campaign gives BOX_M reused 10,
// BOX_M recycled 4, MAILER_BAG recycled 2 points per item; a member earns at most 100 a day and a
// station credits at most 300 a day. Credits come with logDropOffs, once per drop-off key; a void
// reverses them; the balance is always the ledger's sum.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestApp, ok, type TestApp, member } from '../helpers/app.ts';
import { makeStation, makeUser } from '../helpers/factories.ts';
import { ledgerSum, makeCampaign, makeMember } from '../helpers/points.ts';
import { graphql, type VariablesOf } from '../../web/src/lib/graphql.ts';

let t: TestApp;
let staff: Awaited<ReturnType<typeof makeUser>>;
let station: Awaited<ReturnType<typeof makeStation>>;
let seq = 0;

const LOG = graphql(`
  mutation ($input: LogDropOffsInput!) {
    logDropOffs(input: $input) {
      __typename
      ... on LogDropOffsPayload {
        accepted
        replayed
        results {
          idempotencyKey
          replayed
          dropOff {
            id
          }
          points {
            memberCode
            points
            requested
            cut
            message
            campaignCode
          }
        }
      }
      ... on InputError {
        message
        issues {
          field
          message
        }
      }
    }
  }
`);
const BALANCE = graphql(
  '{ member { memberCode balance entries(first: 20) { edges { node { kind points day stationCode } } } } }',
);
const VOID = graphql('mutation($id: ID!, $reason: String!) { voidDropOff(id: $id, reason: $reason) { __typename } }');

type LogItem = VariablesOf<typeof LOG>['input']['items'][number];
type Item = Omit<LogItem, 'idempotencyKey'> & { idempotencyKey?: string };
const item = (i: Item): LogItem => ({ idempotencyKey: `pts-${++seq}`, ...i });

async function logAnswer(items: LogItem[], at = station.code, token = staff.token) {
  return ok(await t.gql(LOG, { input: { stationCode: at, items } }, token)).logDropOffs;
}
/** Logs the items, which must be accepted (points may still be refused). */
async function log(items: LogItem[], at = station.code, token = staff.token) {
  return member(await logAnswer(items, at, token), 'LogDropOffsPayload');
}
async function balance(token: string) {
  const member = ok(await t.gql(BALANCE, {}, token)).member;
  expect(member).not.toBeNull();
  return member!;
}
const count = async (table: 'points_entry' | 'drop_off' | 'audit_entry') =>
  Number(
    (
      await t.db.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

beforeAll(async () => {
  t = await createTestApp();
  station = await makeStation(t);
  staff = await makeUser(t, 'STATION_STAFF', { stationId: station.id });
  await makeCampaign(t, { code: 'TEST-NOV' });
});
afterAll(() => t.close());

describe('credits, caps and reversals, by hand', () => {
  let a: Awaited<ReturnType<typeof makeMember>>;
  let firstBatch: LogItem[];
  let firstIds: string[];

  it('3 boxes reused (3 × 10) and 2 mailer bags recycled (2 × 2): 34 points', async () => {
    a = await makeMember(t);
    firstBatch = [
      item({ materialCode: 'BOX_M', outcome: 'REUSED', quantity: 3, memberCode: a.code }),
      item({ materialCode: 'MAILER_BAG', outcome: 'RECYCLED', quantity: 2, memberCode: a.code.toLowerCase() }),
      item({ materialCode: 'BOX_M', outcome: 'RECYCLED', quantity: 5 }), // no member: no points
    ];
    const r = await log(firstBatch);
    expect(r.accepted).toBe(3);
    expect(r.results.map((x) => x.points)).toEqual([
      { memberCode: a.code, points: 30, requested: 30, cut: null, message: null, campaignCode: 'TEST-NOV' },
      { memberCode: a.code, points: 4, requested: 4, cut: null, message: null, campaignCode: 'TEST-NOV' },
      null,
    ]);
    firstIds = r.results.map((x) => x.dropOff?.id ?? '');
    const m = await balance(a.token);
    expect(m.balance).toBe(34);
    expect(m.entries.edges.map((e) => e.node)).toEqual([
      { kind: 'CREDIT', points: 4, day: '2026-11-11', stationCode: station.code },
      { kind: 'CREDIT', points: 30, day: '2026-11-11', stationCode: station.code },
    ]);
  });

  it('a replayed batch credits nothing twice and reports the original points', async () => {
    const entries = await count('points_entry');
    const r = await log(firstBatch);
    expect(r).toMatchObject({ accepted: 0, replayed: 3 });
    expect(r.results.map((x) => x.points?.points ?? null)).toEqual([30, 4, null]);
    expect(await count('points_entry')).toBe(entries);
    expect((await balance(a.token)).balance).toBe(34);
  });

  it('8 more boxes ask 80 but the member has 66 left of 100 today: 66, with the reason', async () => {
    const r = await log([item({ materialCode: 'BOX_M', outcome: 'REUSED', quantity: 8, memberCode: a.code })]);
    expect(r.results[0]?.points).toEqual({
      memberCode: a.code,
      points: 66,
      requested: 80,
      cut: 'CONSUMER_DAILY_CAP',
      campaignCode: 'TEST-NOV',
      message: 'Daily limit of 100 points for this member reached: 66 of 80 points credited',
    });
    expect((await balance(a.token)).balance).toBe(100);
    const none = await log([item({ materialCode: 'BOX_M', outcome: 'REUSED', quantity: 1, memberCode: a.code })]);
    expect(none.accepted).toBe(1); // the drop-off counts; only the points are refused
    expect(none.results[0]?.points).toMatchObject({ points: 0, requested: 10, cut: 'CONSUMER_DAILY_CAP' });
    expect(await ledgerSum(t, a.id)).toBe(100);
  });

  it("voiding the 30-point drop-off reverses exactly 30 and frees 30 of today's limit", async () => {
    const before = await count('points_entry');
    const v = ok(await t.gql(VOID, { id: firstIds[0]!, reason: 'wrong member' }, staff.token));
    expect(v.voidDropOff.__typename).toBe('DropOff');
    expect(await count('points_entry')).toBe(before + 1);
    const m = await balance(a.token);
    expect(m.balance).toBe(70);
    expect(m.entries.edges[0]?.node).toEqual({
      kind: 'REVERSAL',
      points: -30,
      day: '2026-11-11',
      stationCode: station.code,
    });
    const again = await log([item({ materialCode: 'BOX_M', outcome: 'REUSED', quantity: 4, memberCode: a.code })]);
    expect(again.results[0]?.points).toMatchObject({ points: 30, requested: 40, cut: 'CONSUMER_DAILY_CAP' });
    expect(await ledgerSum(t, a.id)).toBe(100);
    // a void without a credit (no member) writes no ledger row
    const n = await count('points_entry');
    ok(await t.gql(VOID, { id: firstIds[2]!, reason: 'test' }, staff.token));
    expect(await count('points_entry')).toBe(n);
  });

  it('the station credits at most 300 points a day across members', async () => {
    const s = await makeStation(t);
    const u = await makeUser(t, 'STATION_STAFF', { stationId: s.id });
    const members = [await makeMember(t), await makeMember(t), await makeMember(t), await makeMember(t)];
    // 4 members × 10 boxes = 400 asked; each member's limit is 100, the station's 300: 100, 100, 100, 0
    const r = await log(
      members.map((m, i) =>
        item({
          idempotencyKey: `cap-${'abcd'[i]}`,
          materialCode: 'BOX_M',
          outcome: 'REUSED',
          quantity: 10,
          memberCode: m.code,
        }),
      ),
      s.code,
      u.token,
    );
    const pts = r.results.map((x) => x.points);
    // credited in idempotency-key order, which is input order here
    expect(pts.map((p) => p?.points)).toEqual([100, 100, 100, 0]);
    expect(pts[3]).toMatchObject({
      cut: 'STATION_DAILY_CAP',
      message: 'Daily limit of 300 points for this station reached: 0 of 100 points credited',
    });
  });

  it('no campaign on the day, or no rate for the material: the drop-off counts, no points, a reason', async () => {
    const b = await makeMember(t);
    const r = await log([
      item({
        materialCode: 'BOX_M',
        outcome: 'REUSED',
        quantity: 1,
        memberCode: b.code,
        occurredAt: '2026-10-25T04:00:00Z',
      }),
      item({ materialCode: 'BOX_L', outcome: 'REUSED', quantity: 1, memberCode: b.code }),
    ]);
    expect(r.accepted).toBe(2);
    expect(r.results[0]?.points).toMatchObject({ points: 0, requested: 0, cut: 'NO_CAMPAIGN', campaignCode: null });
    expect(r.results[1]?.points).toMatchObject({ points: 0, requested: 0, cut: 'NO_RATE', campaignCode: 'TEST-NOV' });
    expect((await balance(b.token)).balance).toBe(0);
  });

  it('the ledger is append-only in the database itself', async () => {
    await expect(t.db.db.updateTable('points_entry').set({ points: 1000 }).execute()).rejects.toThrow(/append-only/);
    await expect(t.db.db.deleteFrom('points_entry').execute()).rejects.toThrow(/append-only/);
    // and a second credit for the same drop-off is refused by the unique constraint
    await expect(
      sql`insert into points_entry (consumer_id, campaign_id, kind, points, station_id, drop_off_key, drop_off_id, local_day, occurred_at, created_at)
      select consumer_id, campaign_id, kind, points, station_id, drop_off_key, drop_off_id, local_day, occurred_at, created_at
      from points_entry where kind = 'CREDIT' limit 1`.execute(t.db.db),
    ).rejects.toThrow(/points_entry_once_per_drop_off/);
  });
});

describe('bad member codes: a clear error, nothing written', () => {
  it.each([
    ['not a code', 'hello', /is not a member code/],
    ['a wrong check character', 'GM0000000001', /is not a member code/],
    ['an unknown member', null, /no member has the code/],
  ])('%s', async (_label, code, message) => {
    const unknown =
      code ?? (await import('../../api/src/domain/points.ts')).makeMemberCode(new Uint8Array([1, 2, 3, 4, 5, 6]));
    const [drops, entries, audits] = [await count('drop_off'), await count('points_entry'), await count('audit_entry')];
    const r = await logAnswer([
      item({ materialCode: 'BOX_M', outcome: 'REUSED', quantity: 1 }),
      item({ materialCode: 'BOX_M', outcome: 'REUSED', quantity: 1, memberCode: unknown }),
    ]);
    expect(member(r, 'InputError').issues).toEqual([
      { field: 'input.items.1.memberCode', message: expect.stringMatching(message) },
    ]);
    expect([await count('drop_off'), await count('points_entry'), await count('audit_entry')]).toEqual([
      drops,
      entries,
      audits,
    ]);
  });

  it('a member code longer than 32 characters is refused by validation', async () => {
    const r = await t.gql(
      LOG,
      {
        input: {
          stationCode: station.code,
          items: [item({ materialCode: 'BOX_M', outcome: 'REUSED', quantity: 1, memberCode: 'G'.repeat(33) })],
        },
      },
      staff.token,
    );
    expect(JSON.stringify(r)).toMatch(/memberCode/);
    expect(r.data?.logDropOffs?.__typename ?? 'error').not.toBe('LogDropOffsPayload');
  });
});

describe('joining and signing in as a member', () => {
  const JOIN = graphql('mutation { joinAsMember { memberCode secret token } }');
  const SIGN_IN = graphql(
    'mutation($c: String!, $s: String!) { memberSignIn(memberCode: $c, secret: $s) { memberCode secret token } }',
  );
  const WHO = graphql('{ member { memberCode } viewer { role } }');

  it('join gives a code, a secret shown once and a token; the secret signs in again (any case, with or without dashes)', async () => {
    const j = ok(await t.gql(JOIN)).joinAsMember;
    const secret = j.secret!; // shown once, on joining
    expect(j.memberCode).toMatch(/^GM[0-9A-HJKMNP-TV-Z]{10}$/);
    expect(secret).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    expect((await balance(j.token)).memberCode).toBe(j.memberCode);
    const row = await t.db.db
      .selectFrom('consumer')
      .selectAll()
      .where('member_code', '=', j.memberCode)
      .executeTakeFirstOrThrow();
    expect(row.secret_hash).toMatch(/^scrypt\$/);
    expect(row.secret_hash).not.toContain(secret);
    const s = ok(
      await t.gql(SIGN_IN, { c: j.memberCode.toLowerCase(), s: secret.replace(/-/g, '').toLowerCase() }),
    ).memberSignIn;
    expect(s).toMatchObject({ memberCode: j.memberCode, secret: null });
    expect((await balance(s.token)).memberCode).toBe(j.memberCode);
  });

  it('a wrong secret is refused like an unknown code; after 5 failures the code is slowed down, not locked (sign-in-throttle.test.ts)', async () => {
    const j = ok(await t.gql(JOIN)).joinAsMember;
    const secret = j.secret!;
    for (let i = 0; i < 5; i++) {
      const r = await t.gql(SIGN_IN, { c: j.memberCode, s: 'AAAA-AAAA-AAAA-AAAA' });
      expect(r.errors?.[0]).toMatchObject({
        message: 'Member code or secret is wrong',
        extensions: { code: 'UNAUTHENTICATED' },
      });
    }
    const slowed = await t.gql(SIGN_IN, { c: j.memberCode, s: secret });
    expect(slowed.errors?.[0]).toMatchObject({
      message: 'Too many failed sign-ins; try again in 1 s',
      extensions: { code: 'TOO_MANY_REQUESTS', retryAfterSeconds: 1 },
    });
    const unknown = await t.gql(SIGN_IN, { c: 'GM0000000000', s: secret });
    expect(unknown.errors?.[0]?.message).toBe('Member code or secret is wrong');
    // One second later the right secret signs in.
    t.clock.now = new Date(t.clock.now.getTime() + 1_000);
    try {
      expect(ok(await t.gql(SIGN_IN, { c: j.memberCode, s: secret })).memberSignIn.memberCode).toBe(j.memberCode);
    } finally {
      t.clock.now = new Date(t.clock.now.getTime() - 1_000);
    }
  });

  it('a member token is not a staff token, and a staff token is not a member', async () => {
    const m = await makeMember(t);
    const items = [item({ idempotencyKey: `x-${++seq}`, materialCode: 'BOX_M', outcome: 'REUSED', quantity: 1 })];
    const r = await t.gql(LOG, { input: { stationCode: station.code, items } }, m.token);
    expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(ok(await t.gql(WHO, {}, staff.token))).toEqual({
      member: null,
      viewer: { role: 'STATION_STAFF' },
    });
    expect(ok(await t.gql(WHO, {}, m.token))).toEqual({
      member: { memberCode: m.code },
      viewer: null,
    });
  });
});

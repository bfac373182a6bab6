// Property: whatever interleaving of credits (drop-offs with member codes), replays, voids, voucher
// issuances (keys often repeated) and redemptions goes through the API — each step a group of
// requests sent at once — the ledger stays right:
//   - every member's balance (API) = the ledger's sum = credits − reversals − vouchers' points;
//   - a drop-off has at most one credit, and a reversal exactly when it was voided and credited;
//   - no member earns more than the daily cap, no station credits more than its cap;
//   - the campaign's issued total = the sum of its vouchers ≤ the budget;
//   - one voucher per member + key, and every answer for a key names the same voucher;
//   - each voucher is redeemed at most once, and only one redemption answer says so.
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, member as memberOf, ok, type TestApp } from '../helpers/app.ts';
import { makeStation, makeUser } from '../helpers/factories.ts';
import { ledgerSum, makeCampaign, makeMember } from '../helpers/points.ts';
import { graphql } from '../../web/src/lib/graphql.ts';

let t: TestApp;
let admin: Awaited<ReturnType<typeof makeUser>>;
beforeAll(async () => {
  t = await createTestApp();
  admin = await makeUser(t, 'ADMIN');
});
afterAll(() => t.close());

const LOG = graphql(`
  mutation ($input: LogDropOffsInput!) {
    logDropOffs(input: $input) {
      __typename
      ... on LogDropOffsPayload {
        results {
          dropOff {
            id
          }
          points {
            points
          }
        }
      }
      ... on Error {
        message
      }
    }
  }
`);
const VOID = graphql(`
  mutation ($id: ID!) {
    voidDropOff(id: $id, reason: "property") {
      __typename
      ... on Error {
        message
      }
    }
  }
`);
const ISSUE = graphql(`
  mutation ($key: String!, $c: String) {
    issueVoucher(idempotencyKey: $key, campaignCode: $c) {
      __typename
      ... on IssueVoucherPayload {
        replayed
        voucher {
          code
        }
      }
      ... on Error {
        message
      }
    }
  }
`);
const REDEEM = graphql(`
  mutation ($code: String!, $s: String!) {
    redeemVoucher(code: $code, stationCode: $s) {
      __typename
      ... on Error {
        message
      }
    }
  }
`);
const BALANCE = graphql('{ member { balance } }');

const step = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('credit' as const),
      member: fc.nat(2),
      station: fc.nat(1),
      boxes: fc.integer({ min: 1, max: 8 }),
      replay: fc.nat(),
      isReplay: fc.boolean(),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('void' as const), pick: fc.nat() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('issue' as const), member: fc.nat(2), key: fc.nat(3) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('redeem' as const), pick: fc.nat(), station: fc.nat(1) }) },
);
const program = fc.array(fc.array(step, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 6 });

let run = 0;
it('the ledger, caps, budget and vouchers stay right under random interleavings', async () => {
  await fc.assert(
    fc.asyncProperty(program, async (groups) => {
      run++;
      // A world of its own per run: campaign (caps 60/member, 100/station a day; voucher 20 points,
      // ¥5; budget ¥15 = 3 vouchers), two stations, three members.
      await sql`update points_campaign set starts_on = '2026-10-01', ends_on = '2026-10-31' where code <> ${`PROP-${run}`}`.execute(
        t.db.db,
      );
      const campaign = await makeCampaign(t, {
        code: `PROP-${run}`,
        consumer_daily_cap: 60,
        station_daily_cap: 100,
        voucher_points: 20,
        voucher_value: 5,
        voucher_budget: 15,
      });
      const stations = [await makeStation(t), await makeStation(t)];
      const members = [await makeMember(t), await makeMember(t), await makeMember(t)];
      const token = await t.tokenFor(admin.viewer);
      const logged: { id: string; station: number; key: string; member: number; items: number }[] = [];
      const answersByKey = new Map<string, Set<string>>();
      const vouchers: string[] = [];
      const redeemedOk = new Map<string, number>();
      let n = 0;

      const runStep = async (s: (typeof groups)[number][number]) => {
        if (s.kind === 'credit') {
          const old = logged.length && s.isReplay ? logged[s.replay % logged.length]! : null;
          const key = old?.key ?? `p${run}-${++n}`;
          const st = old?.station ?? s.station;
          const member = old?.member ?? s.member;
          const items = old?.items ?? s.boxes;
          const r = ok(
            await t.gql(
              LOG,
              {
                input: {
                  stationCode: stations[st]!.code,
                  items: [
                    {
                      idempotencyKey: key,
                      materialCode: 'BOX_M',
                      outcome: 'REUSED',
                      quantity: items,
                      memberCode: members[member]!.code,
                    },
                  ],
                },
              },
              token,
            ),
          ).logDropOffs;
          expect(r.__typename).toBe('LogDropOffsPayload');
          if (!old)
            logged.push({
              id: memberOf(r, 'LogDropOffsPayload').results[0]!.dropOff.id,
              station: st,
              key,
              member,
              items,
            });
        } else if (s.kind === 'void') {
          if (!logged.length) return;
          const r = ok(await t.gql(VOID, { id: logged[s.pick % logged.length]!.id }, token)).voidDropOff;
          expect(['DropOff', 'ConflictError']).toContain(r.__typename);
        } else if (s.kind === 'issue') {
          const key = `voucher-${run}-${s.member}-${s.key}`;
          const r = ok(await t.gql(ISSUE, { key, c: campaign.code }, members[s.member]!.token)).issueVoucher;
          if (r.__typename === 'IssueVoucherPayload') {
            const code = r.voucher.code; // shown to its member, who asked
            if (!code) throw new Error(`voucher issued without its code: ${JSON.stringify(r)}`);
            if (!answersByKey.has(key)) answersByKey.set(key, new Set());
            answersByKey.get(key)!.add(code);
            if (!r.replayed) vouchers.push(code);
          } else {
            expect(r.__typename).toBe('ConflictError');
            expect(r.message).toMatch(/Not enough points|budget .* is used up/);
          }
        } else {
          if (!vouchers.length) return;
          const code = vouchers[s.pick % vouchers.length]!;
          const r = ok(await t.gql(REDEEM, { code, s: stations[s.station]!.code }, token)).redeemVoucher;
          if (r.__typename === 'Voucher') redeemedOk.set(code, (redeemedOk.get(code) ?? 0) + 1);
          else expect(r.message).toMatch(/already redeemed/);
        }
      };
      for (const group of groups) await Promise.all(group.map(runStep));

      const ids = members.map((m) => m.id);
      const rows = await t.db.db.selectFrom('points_entry').selectAll().where('consumer_id', 'in', ids).execute();
      for (const m of members) {
        const mine = rows.filter((r) => r.consumer_id === m.id);
        const sum = mine.reduce((a, r) => a + r.points, 0);
        expect(ok(await t.gql(BALANCE, {}, m.token)).member?.balance).toBe(sum);
        expect(await ledgerSum(t, m.id)).toBe(sum);
        const perDay = new Map<string, number>();
        for (const r of mine.filter((x) => x.kind !== 'VOUCHER'))
          perDay.set(r.local_day!, (perDay.get(r.local_day!) ?? 0) + r.points);
        for (const v of perDay.values()) expect(v).toBeLessThanOrEqual(60);
      }
      for (const s of stations) {
        const net = rows.filter((r) => r.station_id === s.id).reduce((a, r) => a + r.points, 0);
        expect(net).toBeLessThanOrEqual(100);
      }
      // credits and reversals against the drop-offs
      const drops = await t.db.db
        .selectFrom('drop_off')
        .select(['station_id', 'idempotency_key', 'voided_at'])
        .where(
          'station_id',
          'in',
          stations.map((s) => s.id),
        )
        .execute();
      for (const d of drops) {
        const of = rows.filter((r) => r.station_id === d.station_id && r.drop_off_key === d.idempotency_key);
        const credits = of.filter((r) => r.kind === 'CREDIT');
        const reversals = of.filter((r) => r.kind === 'REVERSAL');
        expect(credits.length).toBeLessThanOrEqual(1);
        expect(reversals.length).toBe(d.voided_at && credits.length ? 1 : 0);
        if (reversals.length) expect(reversals[0]!.points).toBe(-credits[0]!.points);
      }
      // the budget and the vouchers
      const c = await t.db.db
        .selectFrom('points_campaign')
        .selectAll()
        .where('id', '=', campaign.id)
        .executeTakeFirstOrThrow();
      const vs = await t.db.db.selectFrom('voucher').selectAll().where('campaign_id', '=', campaign.id).execute();
      expect(Number(c.vouchers_issued)).toBe(vs.reduce((a, v) => a + Number(v.value), 0));
      expect(Number(c.vouchers_issued)).toBeLessThanOrEqual(15);
      expect(vs).toHaveLength(vouchers.length);
      expect(rows.filter((r) => r.kind === 'VOUCHER').reduce((a, r) => a + r.points, 0) + 20 * vs.length).toBe(0);
      for (const codes of answersByKey.values()) expect(codes.size).toBe(1);
      for (const times of redeemedOk.values()) expect(times).toBe(1);
      expect(vs.filter((v) => v.redeemed_at !== null)).toHaveLength(redeemedOk.size);
    }),
    { numRuns: 25 },
  );
});

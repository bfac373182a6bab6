// Green points on the drop-off write path (docs/points.md): a drop-off logged with a member code
// credits that member, in the same transaction as the drop-off insert, so the credit exists
// exactly when the drop-off does (the ledger's unique constraint makes a second credit impossible);
// a void reverses the credit in the void's transaction. Called from services/drop-offs.ts.
import type { Context } from '../context.ts';
import { InputError, issue, type FieldIssue } from '../domain/errors.ts';
import { cutMessage, decideCredit, parseMemberCode, type CreditCut } from '../domain/points.ts';
import type { Db } from '../repositories/db.ts';
import type { DropOffRow } from '../repositories/drop-off.ts';
import {
  campaignsCovering,
  consumerDayUsage,
  consumersByCodes,
  creditsByKeys,
  insertCredits,
  lockConsumers,
  ratesOfCampaigns,
  reverseCredit,
  stationDayUsage,
  type CampaignRow,
  type ConsumerRow,
  type NewCredit,
} from '../repositories/points.ts';
import { msg } from '../domain/messages.ts';

/** What a drop-off earned its member (in the logDropOffs answer). */
export interface PointsCredit {
  memberCode: string;
  points: number;
  requested: number;
  cut: CreditCut | null;
  message: string | null;
  campaignCode: string | null;
}

/**
 * The members named by items' optional `memberCode`, by item index. Unknown or malformed codes are
 * an InputError naming each item, raised before anything is written.
 */
export async function resolveMemberCodes(
  db: Db,
  items: readonly { memberCode?: string | null }[],
  prefix = 'input.items',
): Promise<Map<number, ConsumerRow>> {
  const wanted = new Map<number, string>();
  const issues: FieldIssue[] = [];
  items.forEach((item, i) => {
    if (item.memberCode == null || item.memberCode.trim() === '') return;
    const code = parseMemberCode(item.memberCode);
    if (code) wanted.set(i, code);
    else issues.push(issue(`${prefix}.${i}.memberCode`, msg('points.badMemberCode')));
  });
  if (issues.length) throw new InputError(issues);
  if (wanted.size === 0) return new Map();
  const found = new Map((await consumersByCodes(db, [...new Set(wanted.values())])).map((c) => [c.member_code, c]));
  const out = new Map<number, ConsumerRow>();
  for (const [i, code] of wanted) {
    const c = found.get(code);
    if (c) out.set(i, c);
    else issues.push(issue(`${prefix}.${i}.memberCode`, msg('points.unknownMember', { code })));
  }
  if (issues.length) throw new InputError(issues);
  return out;
}

/** The drop-off insert two ways: on its own (one statement), or inside a transaction given. */
export interface DropOffWrite {
  alone: () => Promise<DropOffRow[]>;
  inTransaction: (trx: Db) => Promise<DropOffRow[]>;
}

/**
 * Writes the drop-offs and, when some name a member, credits them in the same transaction. Without
 * members the write runs alone (one statement, no transaction: services/ingest-queue.ts may share
 * it with other stations' batches). Returns the inserted rows and the points of every keyed item,
 * replays included.
 */
export async function writeWithCredits(
  ctx: Context,
  stationId: number,
  membersByKey: ReadonlyMap<string, ConsumerRow>,
  write: DropOffWrite,
): Promise<{ inserted: DropOffRow[]; points: Map<string, PointsCredit> }> {
  if (membersByKey.size === 0) return { inserted: await write.alone(), points: new Map() };
  return ctx.db.transaction().execute(async (trx) => {
    const inserted = await write.inTransaction(trx);
    const points = await creditInserted(trx, ctx, stationId, inserted, membersByKey);
    const replayed = [...membersByKey.keys()].filter((k) => !points.has(k));
    if (replayed.length) {
      for (const c of await creditsByKeys(trx, stationId, replayed)) {
        points.set(c.drop_off_key!, {
          memberCode: c.member_code,
          points: c.points,
          requested: c.points,
          cut: null,
          message: null,
          campaignCode: null,
        });
      }
    }
    return { inserted, points };
  });
}

/** Credits the newly inserted drop-offs that name a member, under the campaign's daily caps. */
async function creditInserted(
  trx: Db,
  ctx: Context,
  stationId: number,
  inserted: DropOffRow[],
  membersByKey: ReadonlyMap<string, ConsumerRow>,
) {
  const out = new Map<string, PointsCredit>();
  const rows = inserted
    .filter((r) => membersByKey.has(r.idempotency_key))
    .sort((a, b) => (a.idempotency_key < b.idempotency_key ? -1 : 1));
  if (rows.length === 0) return out;
  const days = [...new Set(rows.map((r) => r.local_day))].sort();
  const campaigns = await campaignsCovering(trx, days[0]!, days.at(-1)!);
  const campaignOf = (day: string): CampaignRow | undefined =>
    campaigns.find((c) => c.starts_on <= day && day <= c.ends_on);
  const rates = campaigns.length
    ? await ratesOfCampaigns(
        trx,
        campaigns.map((c) => c.id),
      )
    : [];
  const rateOf = (c: CampaignRow, r: DropOffRow) =>
    rates.find((x) => x.campaign_id === c.id && x.material_code === r.material_code && x.outcome === r.outcome)
      ?.points_per_item ?? 0;
  // The station row is already locked by the insert (it updated the bin): station caps are safe.
  // Member rows are locked here, in id order, so one member's caps are checked one batch at a time.
  const consumerIds = [...new Set(rows.map((r) => membersByKey.get(r.idempotency_key)!.id))];
  await lockConsumers(trx, consumerIds);
  const used = new Map<string, number>();
  for (const u of await consumerDayUsage(trx, consumerIds, days))
    used.set(`c${u.consumer_id}|${u.local_day}`, Number(u.points));
  for (const u of await stationDayUsage(trx, stationId, days)) used.set(`s|${u.local_day}`, Number(u.points));

  const credits: NewCredit[] = [];
  for (const r of rows) {
    const member = membersByKey.get(r.idempotency_key)!;
    const campaign = campaignOf(r.local_day);
    if (!campaign) {
      const d = { requested: 0, points: 0, cut: 'NO_CAMPAIGN' as const };
      out.set(r.idempotency_key, {
        memberCode: member.member_code,
        ...d,
        message: cutMessage(d, { consumer: 0, station: 0 }),
        campaignCode: null,
      });
      continue;
    }
    const ck = `c${member.id}|${r.local_day}`;
    const sk = `s|${r.local_day}`;
    const d = decideCredit({
      rate: rateOf(campaign, r),
      quantity: r.quantity,
      consumerCap: campaign.consumer_daily_cap,
      consumerUsed: used.get(ck) ?? 0,
      stationCap: campaign.station_daily_cap,
      stationUsed: used.get(sk) ?? 0,
    });
    used.set(ck, (used.get(ck) ?? 0) + d.points);
    used.set(sk, (used.get(sk) ?? 0) + d.points);
    const message = cutMessage(d, { consumer: campaign.consumer_daily_cap, station: campaign.station_daily_cap });
    out.set(r.idempotency_key, { memberCode: member.member_code, ...d, message, campaignCode: campaign.code });
    if (d.points > 0) {
      credits.push({
        consumer_id: member.id,
        campaign_id: campaign.id,
        points: d.points,
        station_id: stationId,
        drop_off_key: r.idempotency_key,
        drop_off_id: r.id,
        local_day: r.local_day,
        occurred_at: r.occurred_at,
        created_at: ctx.now,
        request_id: ctx.requestId,
      });
    }
  }
  if (credits.length) await insertCredits(trx, credits);
  return out;
}

/** In a void's transaction: the drop-off's credit (if any) gets its reversing entry. */
export function reverseDropOffCredit(trx: Db, ctx: Context, dropOff: DropOffRow) {
  return reverseCredit(trx, dropOff.station_id, dropOff.idempotency_key, ctx.now, ctx.requestId);
}

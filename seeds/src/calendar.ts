// Dates for the seed: China local days and the 11.11 campaign window. China has one time zone and no
// daylight saving, so a fixed UTC+8 offset is exact and much faster than Intl for a million rows.

const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
/** Asia/Shanghai is UTC+8 all year. */
export const CHINA_OFFSET_MS = 8 * HOUR_MS;

/** 'YYYY-MM-DD' of the Asia/Shanghai calendar day containing the instant `ms`. */
export function localDayOf(ms: number): string {
  return new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant (UTC ms) at which the China local day `day` ('YYYY-MM-DD') starts. */
export function localDayStart(day: string): number {
  return Date.parse(`${day}T00:00:00Z`) - CHINA_OFFSET_MS;
}

function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

export interface Campaign {
  /** Livestream pre-sales start: Oct 20. */
  start: string;
  /** Peak day: Nov 11. */
  end: string;
  year: number;
}

/** The most recent Oct 20 - Nov 11 campaign that had started (China time) before `now`. */
export function campaignFor(now: Date): Campaign {
  const today = localDayOf(now.getTime());
  const year = Number(today.slice(0, 4));
  const y = today >= `${year}-10-20` ? year : year - 1;
  return { start: `${y}-10-20`, end: `${y}-11-11`, year: y };
}

/**
 * The local days the history covers, oldest first, ending with today (which `now` cuts short).
 * Default: from the campaign start or 35 days back, whichever is earlier, so a demo run any time
 * of year shows a full 11.11 season. With `days`, exactly the last `days` local days.
 * Example: historyDays(new Date('2026-11-25T04:00:00Z')) -> ['2026-10-20', ..., '2026-11-25']
 */
export function historyDays(now: Date, days?: number): string[] {
  const today = localDayOf(now.getTime());
  let first: string;
  if (days !== undefined) {
    first = addDays(today, -(Math.max(1, days) - 1));
  } else {
    const back35 = addDays(today, -35);
    const { start } = campaignFor(now);
    first = start < back35 ? start : back35;
  }
  const out: string[] = [];
  for (let d = first; d <= today; d = addDays(d, 1)) out.push(d);
  return out;
}

const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / DAY_MS;

/**
 * How busy a day is relative to a normal one (docs/domain.md: 11.11 peak 2-3.5x). Ramps from 1.2x at
 * pre-sales to `peak` on Nov 11, with a bump for the first sales period (Nov 1-3), a two-day tail
 * while late parcels arrive, then ~1.1x for the rest of the season. Days before Oct 20 are 1x.
 */
export function campaignMultiplier(day: string, campaign: Campaign, peak: number): number {
  const t = dayNumber(day) - dayNumber(campaign.start);
  const span = dayNumber(campaign.end) - dayNumber(campaign.start); // 22
  if (t < 0) return 1;
  if (t > span) {
    const after = t - span;
    if (after <= 2) return 1.1 + (peak - 1.1) * (after === 1 ? 0.5 : 0.25);
    return day.slice(5) < '12-20' ? 1.1 : 1;
  }
  if (t === span) return peak;
  const ramp = 1.2 + (peak * 0.65 - 1.2) * (t / span);
  const md = day.slice(5);
  return md >= '11-01' && md <= '11-03' ? Math.max(ramp, peak * 0.8) : ramp;
}

/** Weekends are busier at neighbourhood stations (people are home to collect). */
export function weekdayMultiplier(day: string): number {
  const dow = new Date(`${day}T00:00:00Z`).getUTCDay();
  return [1.15, 1.0, 0.95, 0.95, 0.97, 1.02, 1.15][dow]!;
}

// The query-string words the map and the reports share, so an address means the same on both
// pages and can be passed from one to the other. Pure: no DOM, no runes (tested from tests/unit/).
//   ?city=SH&station=SH-00012&factorSet=DESNZ-2025&period=nov11
//   ?period=custom&from=2026-11-01&to=2026-11-05
// Each page has its own default period (map: today, reports: the campaign), left out of the URL.
import { CAMPAIGN_PERIODS, campaignPeriod, campaignYear } from './campaign.ts';

/** Every period preset, in menu order: the campaign's (lib/campaign.ts), today, and custom days. */
export const PERIODS = [...CAMPAIGN_PERIODS, 'today', 'custom'] as const;
export type Period = (typeof PERIODS)[number];

/** A period as the URL holds it: a preset, and the days of a custom one ('YYYY-MM-DD'). */
export interface PeriodChoice {
  period: Period;
  from: string | null;
  to: string | null;
}

// Words of addresses shared before the pages had one vocabulary (map: fs, presale, first;
// reports: set). Read, never written.
const OLD_PERIODS: Record<string, Period> = { presale: 'campaign', first: 'nov1to3' };
const OLD_FACTOR_SET = ['fs', 'set'];

const DAY = /^\d{4}-\d{2}-\d{2}$/;
export const isDay = (s: string | null | undefined): s is string =>
  !!s && DAY.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`));

/**
 * The period in a query string; anything malformed gives `fallback`. Two valid days with no
 * preset are a custom period (as are reversed days, put in order).
 * Example: readPeriod(new URLSearchParams('from=2026-11-05&to=2026-11-01'), 'today')
 *          → { period: 'custom', from: '2026-11-01', to: '2026-11-05' }
 */
export function readPeriod(query: URLSearchParams, fallback: Exclude<Period, 'custom'>): PeriodChoice {
  const raw = query.get('period');
  const named = raw ? (OLD_PERIODS[raw] ?? raw) : null;
  let from = query.get('from');
  let to = query.get('to');
  const days = isDay(from) && isDay(to);
  const period: Period =
    named === null
      ? days
        ? 'custom'
        : fallback
      : (PERIODS as readonly string[]).includes(named)
        ? (named as Period)
        : fallback;
  if (period !== 'custom') return { period, from: null, to: null };
  if (!days) return { period: fallback, from: null, to: null };
  if (from! > to!) [from, to] = [to, from];
  return { period, from, to };
}

/** The query-string entries for a period (null removes a key); the page's default is left out. */
export function periodParams(c: PeriodChoice, fallback: Period): Record<'period' | 'from' | 'to', string | null> {
  const custom = c.period === 'custom';
  return { period: c.period === fallback ? null : c.period, from: custom ? c.from : null, to: custom ? c.to : null };
}

/**
 * The days a period covers, given today's date in China ('YYYY-MM-DD'): the campaign presets in
 * the current campaign's year.
 * Example: periodRange({ period: 'nov1to3', from: null, to: null }, '2026-11-25') → { from: '2026-11-01', to: '2026-11-03' }
 */
export function periodRange(c: PeriodChoice, today: string): { from: string; to: string } {
  if (c.period === 'custom' && c.from && c.to) return { from: c.from, to: c.to };
  if (c.period === 'custom' || c.period === 'today') return { from: today, to: today };
  return campaignPeriod(c.period, campaignYear(today));
}

/** The emission factor set version in a query string (`factorSet`), or null for the default set. */
export function readFactorSet(query: URLSearchParams): string | null {
  for (const key of ['factorSet', ...OLD_FACTOR_SET]) {
    const v = query.get(key)?.trim();
    if (v) return v;
  }
  return null;
}

/** The query-string entries for a factor set (null removes them, old spellings included). */
export function factorSetParams(version: string | null): Record<string, string | null> {
  return { factorSet: version || null, ...Object.fromEntries(OLD_FACTOR_SET.map((k) => [k, null])) };
}

// The dashboard's filters and the URL query string they live in, so a view can be shared by
// copying the address. Pure: no DOM, no runes (tested from tests/unit/).
//   ?city=SH&status=FULL,STALE&period=nov11&q=徐汇&station=SH-00012&fs=DESNZ-2025
//   ?period=custom&from=2026-11-01&to=2026-11-05
import { EFFECTIVE_STATUSES, type EffectiveStatus } from '../status.ts';
import { campaignPeriod, campaignYear } from '../campaign.ts';

export const PERIOD_PRESETS = ['presale', 'first', 'nov11', 'today', 'custom'] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];

export interface MapFilters {
  /** City code, or null for the whole network. */
  city: string | null;
  /** Statuses to show; empty means all. */
  statuses: EffectiveStatus[];
  period: PeriodPreset;
  /** Only for the custom period ('YYYY-MM-DD'). */
  from: string | null;
  to: string | null;
  /** Station code or name fragment. */
  q: string;
  /** The station open in the drawer. */
  station: string | null;
  /** Emission factor set version; null = the default set. */
  factorSet: string | null;
}

export const DEFAULT_FILTERS: MapFilters = { city: null, statuses: [], period: 'today', from: null, to: null, q: '', station: null, factorSet: null };

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const isDay = (s: string | null): s is string => !!s && DAY.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`));

/** Reads filters from a query string; anything malformed falls back to its default. */
export function parseFilters(query: URLSearchParams): MapFilters {
  const city = query.get('city')?.trim().toUpperCase() || null;
  const statuses = (query.get('status') ?? '')
    .split(',')
    .map((s) => s.trim().toUpperCase())
    .filter((s): s is EffectiveStatus => (EFFECTIVE_STATUSES as readonly string[]).includes(s));
  const p = query.get('period');
  let period: PeriodPreset = (PERIOD_PRESETS as readonly string[]).includes(p ?? '') ? (p as PeriodPreset) : 'today';
  let from = query.get('from');
  let to = query.get('to');
  if (period === 'custom') {
    if (!isDay(from) || !isDay(to)) period = 'today';
    else if (from > to) [from, to] = [to, from];
  }
  return {
    city: city && /^[A-Z]{2,4}$/.test(city) ? city : null,
    statuses: [...new Set(statuses)].sort((a, b) => EFFECTIVE_STATUSES.indexOf(a) - EFFECTIVE_STATUSES.indexOf(b)),
    period,
    from: period === 'custom' ? from : null,
    to: period === 'custom' ? to : null,
    q: (query.get('q') ?? '').trim().slice(0, 64),
    station: query.get('station')?.trim() || null,
    factorSet: query.get('fs')?.trim() || null,
  };
}

/** The query-string entries for filters (null removes a key): defaults are left out of the URL. */
export function filtersToQuery(f: MapFilters): Record<string, string | null> {
  return {
    city: f.city,
    status: f.statuses.length && f.statuses.length < EFFECTIVE_STATUSES.length ? f.statuses.join(',') : null,
    period: f.period === 'today' ? null : f.period,
    from: f.period === 'custom' ? f.from : null,
    to: f.period === 'custom' ? f.to : null,
    q: f.q || null,
    station: f.station,
    fs: f.factorSet,
  };
}

/**
 * The days a period covers, given today's date in China ('YYYY-MM-DD'). The campaign presets are
 * those of lib/campaign.ts (presale = the whole campaign, first = Nov 1-3) in the current campaign's year.
 * Example: periodRange({ period: 'first', ... }, '2026-11-25') → { from: '2026-11-01', to: '2026-11-03' }
 */
export function periodRange(f: Pick<MapFilters, 'period' | 'from' | 'to'>, today: string): { from: string; to: string } {
  const year = campaignYear(today);
  switch (f.period) {
    case 'presale':
      return campaignPeriod('campaign', year);
    case 'first':
      return campaignPeriod('nov1to3', year);
    case 'nov11':
      return campaignPeriod('nov11', year);
    case 'custom':
      if (f.from && f.to) return { from: f.from, to: f.to };
      return { from: today, to: today };
    default:
      return { from: today, to: today };
  }
}

/** The day n days after `day` (n may be negative). */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

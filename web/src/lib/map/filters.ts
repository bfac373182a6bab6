// The dashboard's filters and the URL query string they live in, so a view can be shared by
// copying the address. City, station, period and factor set are the words every page shares
// (lib/url-params.ts); status and q are the map's own. Pure: no DOM, no runes (tested from tests/unit/).
//   ?city=SH&status=FULL,STALE&period=nov11&q=徐汇&station=SH-00012&factorSet=DESNZ-2025
//   ?period=custom&from=2026-11-01&to=2026-11-05
import { EFFECTIVE_STATUSES, type EffectiveStatus } from '../status.ts';
import { factorSetParams, periodParams, readFactorSet, readPeriod, type Period } from '../url-params.ts';

export interface MapFilters {
  /** City code, or null for the whole network. */
  city: string | null;
  /** Statuses to show; empty means all. */
  statuses: EffectiveStatus[];
  period: Period;
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

/** The map shows today unless the URL names another period. */
export const DEFAULT_PERIOD = 'today';
export const DEFAULT_FILTERS: MapFilters = {
  city: null,
  statuses: [],
  period: DEFAULT_PERIOD,
  from: null,
  to: null,
  q: '',
  station: null,
  factorSet: null,
};

/** Reads filters from a query string; anything malformed falls back to its default. */
export function parseFilters(query: URLSearchParams): MapFilters {
  const city = query.get('city')?.trim().toUpperCase() || null;
  const statuses = (query.get('status') ?? '')
    .split(',')
    .map((s) => s.trim().toUpperCase())
    .filter((s): s is EffectiveStatus => (EFFECTIVE_STATUSES as readonly string[]).includes(s));
  return {
    city: city && /^[A-Z]{2,4}$/.test(city) ? city : null,
    statuses: [...new Set(statuses)].sort((a, b) => EFFECTIVE_STATUSES.indexOf(a) - EFFECTIVE_STATUSES.indexOf(b)),
    ...readPeriod(query, DEFAULT_PERIOD),
    q: (query.get('q') ?? '').trim().slice(0, 64),
    station: query.get('station')?.trim() || null,
    factorSet: readFactorSet(query),
  };
}

/** The query-string entries for filters (null removes a key): defaults are left out of the URL. */
export function filtersToQuery(f: MapFilters): Record<string, string | null> {
  return {
    city: f.city,
    status: f.statuses.length && f.statuses.length < EFFECTIVE_STATUSES.length ? f.statuses.join(',') : null,
    ...periodParams(f, DEFAULT_PERIOD),
    q: f.q || null,
    station: f.station,
    ...factorSetParams(f.factorSet),
  };
}

/** The day n days after `day` (n may be negative). */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

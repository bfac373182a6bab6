// Bringing a station-first carbon report up to date after new drop-offs without reading it whole
// (services/carbon-report.ts readParts): the changed stations' parts, and then their grouped rows,
// are swapped in place, so the order stays the database's and the result is what a whole read gives.
import type { ReportKeys, ReportPart, ReportQuery, ReportRow } from './carbon-report.ts';

/**
 * Whether a report's parts can be refreshed a station at a time (replaceStationParts): its rows are
 * per station first, so each station's parts sit together in the order (STATION, STATION x DAY,
 * STATION x MATERIAL ...; not DAY x STATION, whose stations recur every day).
 */
export function refreshableByStation(q: Pick<ReportQuery, 'groupBy'>): boolean {
  return q.groupBy[0] === 'STATION';
}

/**
 * A station-first report's parts with the parts of the `changed` stations replaced by `fresh` ones
 * (read again by repositories/carbon-report.ts changedStationParts), each station's run of parts
 * swapped in place. A fresh station that had no part before (its first entry in the period) is
 * given in `ranks` (newcomersOf) with where it goes: after that many of the stations that had parts
 * (repositories/carbon-report.ts stationRanks counts them in the database's collation, the report's
 * order). Null when a fresh station is neither in the parts nor ranked, or is ranked but was in the
 * parts: the caller reads the whole report again.
 * Example: parts [A1, A2, B1, C1], changed ['B', 'BB'], fresh [B1', BB1], ranks {BB: 2}
 *   → [A1, A2, B1', BB1, C1].
 */
export function replaceStationParts(
  parts: readonly ReportPart[],
  changed: readonly string[],
  fresh: readonly ReportPart[],
  ranks: ReadonlyMap<string, number> = new Map(),
): ReportPart[] | null {
  return replaceStationRuns(parts, (p) => p.station_code!, changed, fresh, ranks);
}

/** The same for a station-first report's grouped rows (one run of rows per station). */
export function replaceStationRows(
  rows: readonly ReportRow[],
  changed: readonly string[],
  fresh: readonly ReportRow[],
  ranks: ReadonlyMap<string, number> = new Map(),
): ReportRow[] | null {
  return replaceStationRuns(rows, (r) => r.keys.stationCode!, changed, fresh, ranks);
}

/** The stations of a station-first report's parts, once each, in their order. */
export function stationsInOrder(parts: readonly ReportPart[]): string[] {
  const codes: string[] = [];
  for (const p of parts) if (p.station_code !== codes[codes.length - 1]) codes.push(p.station_code!);
  return codes;
}

/**
 * The report's stations in order (`known`, what stationRanks ranks against) and the fresh parts'
 * stations that are not among them (`newcomers`, to be ranked).
 * Example: parts [A1, A2, C1], fresh [B1, C1'] → { known: [A, C], newcomers: [B] }
 */
export function newcomersOf(parts: readonly ReportPart[], fresh: readonly ReportPart[]) {
  const known = stationsInOrder(parts);
  const knownSet = new Set(known);
  return { known, newcomers: stationsInOrder(fresh).filter((code) => !knownSet.has(code)) };
}

function replaceStationRuns<T>(
  items: readonly T[],
  stationOf: (item: T) => string,
  changed: readonly string[],
  fresh: readonly T[],
  ranks: ReadonlyMap<string, number>,
): T[] | null {
  const freshOf = new Map<string, T[]>();
  for (const item of fresh) {
    const run = freshOf.get(stationOf(item));
    if (run) run.push(item);
    else freshOf.set(stationOf(item), [item]);
  }
  // ranked fresh stations are new to the report: grouped by how many stations come before them
  const newcomers = new Map<number, T[]>();
  let unplaced = freshOf.size;
  for (const [code, run] of freshOf) {
    const rank = ranks.get(code);
    if (rank === undefined) continue;
    newcomers.set(rank, [...(newcomers.get(rank) ?? []), ...run]);
    unplaced -= 1;
  }
  const replaced = new Set(changed);
  const out: T[] = [];
  let ordinal = 0;
  let current: string | undefined;
  for (const item of items) {
    const code = stationOf(item);
    if (code !== current) {
      current = code;
      out.push(...(newcomers.get(ordinal++) ?? []));
      const run = replaced.has(code) ? freshOf.get(code) : undefined;
      if (run) {
        out.push(...run);
        unplaced -= 1;
      }
    }
    if (!replaced.has(code)) out.push(item);
  }
  out.push(...(newcomers.get(ordinal) ?? []));
  // Every fresh station placed exactly once, or null: one neither in the items nor ranked (its
  // place is not known) leaves `unplaced` above 0; one ranked as new that was in the items (it
  // would be listed twice) takes it below; a rank past the last station has no place.
  if ([...newcomers.keys()].some((rank) => rank > ordinal)) return null;
  return unplaced === 0 ? out : null;
}

/** What a station-first report shows of a station besides its code (repositories/station.ts stationLabels). */
export interface StationLabel {
  station_name: string;
  city_code: string;
  city_name_zh: string;
  city_name_en: string;
}

/**
 * A station-first report's parts under the stations' and cities' names as they are now (after a
 * rename: report-cache.ts labelEpoch); parts whose names did not change are kept as they are. Null
 * when a station of the parts is gone (deleted, or its code changed) or is now in another city: the
 * report's scope and order may have changed, so the caller reads it whole.
 * Example: parts [{ station_code: 'SH-1', station_name: 'Old', city_code: 'SH', ... }], labels
 * { 'SH-1' → { station_name: 'New', city_code: 'SH', ... } } → [{ ..., station_name: 'New' }].
 */
export function relabelStationParts(
  parts: readonly ReportPart[],
  labels: ReadonlyMap<string, StationLabel>,
): ReportPart[] | null {
  const out: ReportPart[] = [];
  // decided once per station: its parts sit together
  let station: string | undefined;
  let now: StationLabel | undefined;
  let same = true;
  for (const p of parts) {
    if (p.station_code !== station) {
      station = p.station_code!;
      now = labels.get(station);
      if (!now || now.city_code !== p.city_code) return null;
      same =
        now.station_name === p.station_name &&
        now.city_name_zh === p.city_name_zh &&
        now.city_name_en === p.city_name_en;
    }
    out.push(same ? p : { ...p, ...now });
  }
  return out;
}

/**
 * The same for a station-first report's grouped rows (grouped from parts that relabelStationParts
 * accepted, so each station is labelled and in the same city). Null when a row's station is not.
 */
export function relabelStationRows(
  rows: readonly ReportRow[],
  labels: ReadonlyMap<string, StationLabel>,
): ReportRow[] | null {
  const out: ReportRow[] = [];
  for (const r of rows) {
    const now = labels.get(r.keys.stationCode!);
    if (!now || now.city_code !== r.keys.cityCode) return null;
    const keys: ReportKeys = {
      ...r.keys,
      stationName: now.station_name,
      cityNameZh: now.city_name_zh,
      cityNameEn: now.city_name_en,
    };
    const same =
      keys.stationName === r.keys.stationName &&
      keys.cityNameZh === r.keys.cityNameZh &&
      keys.cityNameEn === r.keys.cityNameEn;
    out.push(same ? r : { ...r, keys });
  }
  return out;
}

// Bringing a station-first carbon report up to date after new drop-offs without reading it whole
// (services/finished-report.ts readParts): the changed stations' parts, and then their grouped rows,
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

/**
 * What a station-first report shows of a station besides its code (repositories/station.ts
 * stationLabels), and its id (to read its parts by id when it moved into a report's cities).
 */
export interface StationLabel {
  station_id: number;
  station_name: string;
  city_code: string;
  city_name_zh: string;
  city_name_en: string;
}

/**
 * A station-first report's parts under the names and cities stations have now (after a rename or
 * a move: report-cache.ts labelEpoch); parts whose labels did not change are kept as they are. A
 * station's parts sit in the order by its code, which neither changes, so they stay in place. Null
 * when a station of the parts is gone (deleted, or its code changed): its place and figures may
 * be another station's now, so the caller reads the report whole. Which stations left or entered
 * the report's cities is the caller's to work out (services/finished-report.ts relabelled).
 * Example: parts [{ station_code: 'SH-1', station_name: 'Old', city_code: 'SH', ... }], labels
 * { 'SH-1' → { station_name: 'New', city_code: 'BJ', ... } } → [{ ..., station_name: 'New', city_code: 'BJ', ... }].
 */
export function relabelStationParts(
  parts: readonly ReportPart[],
  labels: ReadonlyMap<string, StationLabel>,
): ReportPart[] | null {
  return relabelRuns(
    parts,
    (p) => p.station_code!,
    (p, l) =>
      p.station_name === l.station_name &&
      p.city_code === l.city_code &&
      p.city_name_zh === l.city_name_zh &&
      p.city_name_en === l.city_name_en,
    (p, l) => ({
      ...p,
      station_name: l.station_name,
      city_code: l.city_code,
      city_name_zh: l.city_name_zh,
      city_name_en: l.city_name_en,
    }),
    labels,
  );
}

/** The same for a station-first report's grouped rows. */
export function relabelStationRows(
  rows: readonly ReportRow[],
  labels: ReadonlyMap<string, StationLabel>,
): ReportRow[] | null {
  return relabelRuns(
    rows,
    (r) => r.keys.stationCode!,
    ({ keys: k }, l) =>
      k.stationName === l.station_name &&
      k.cityCode === l.city_code &&
      k.cityNameZh === l.city_name_zh &&
      k.cityNameEn === l.city_name_en,
    (r, l): ReportRow => ({
      ...r,
      keys: {
        ...r.keys,
        stationName: l.station_name,
        cityCode: l.city_code,
        cityNameZh: l.city_name_zh,
        cityNameEn: l.city_name_en,
      } satisfies ReportKeys,
    }),
    labels,
  );
}

function relabelRuns<T>(
  items: readonly T[],
  stationOf: (item: T) => string,
  labelled: (item: T, label: StationLabel) => boolean,
  relabel: (item: T, label: StationLabel) => T,
  labels: ReadonlyMap<string, StationLabel>,
): T[] | null {
  const out: T[] = [];
  // decided once per station: its items sit together
  let station: string | undefined;
  let now: StationLabel | undefined;
  let same = true;
  for (const item of items) {
    if (stationOf(item) !== station) {
      station = stationOf(item);
      now = labels.get(station);
      if (!now) return null;
      same = labelled(item, now);
    }
    out.push(same ? item : relabel(item, now!));
  }
  return out;
}

/**
 * After a move, which stations a report of some cities lost and gained: the codes of its parts'
 * stations now in none of its cities (`left`), and the ids of stations now in them that have no
 * parts (`candidates`: moved in, or with no drop-off in the period; the caller reads them by id and
 * keeps those with parts). A report of the whole network or of named stations keeps its scope: none.
 * Example: cities ['SH'], parts of SH-1 and SH-2, SH-2 now in BJ and BJ-3 now in SH
 *   → { left: ['SH-2'], candidates: [id of BJ-3] }.
 */
export function scopeChanges(
  q: Pick<ReportQuery, 'cityCodes' | 'stationCodes'>,
  parts: readonly ReportPart[],
  labels: ReadonlyMap<string, StationLabel>,
): { left: string[]; candidates: number[] } {
  if (q.cityCodes.length === 0) return { left: [], candidates: [] };
  const cities = new Set(q.cityCodes);
  const named = q.stationCodes.length > 0 ? new Set(q.stationCodes) : null;
  const had = stationsInOrder(parts);
  const hadSet = new Set(had);
  return {
    left: had.filter((code) => !cities.has(labels.get(code)?.city_code ?? '')),
    candidates: [...labels]
      .filter(([code, l]) => cities.has(l.city_code) && !hadSet.has(code) && (!named || named.has(code)))
      .map(([, l]) => l.station_id),
  };
}

// Carbon reports: rows grouped by one or two dimensions, each with quantities and CO2e under one or
// more factor sets. The same grouper serves the GraphQL report (an array) and the CSV export (a
// stream of rows ordered by the group keys), so both give the same rows and the same totals.
import { createHash } from 'node:crypto';
import { co2eBreakdown, type Co2e, type Co2eBreakdown, type FactorSetForCalc } from './carbon.ts';
import { massQuality, type MassQuality } from './data-quality.ts';
import { InputError } from './errors.ts';
import { resolvePeriod } from './period.ts';
import { msg } from './messages.ts';

export const REPORT_DIMENSIONS = ['NETWORK', 'CITY', 'STATION', 'DAY', 'MATERIAL', 'OUTCOME'] as const;
export type ReportDimension = (typeof REPORT_DIMENSIONS)[number];

/** What a report covers; empty code lists mean "no filter". */
export interface ReportQuery {
  from: string;
  to: string;
  groupBy: ReportDimension[];
  cityCodes: string[];
  stationCodes: string[];
}

/**
 * Checks a groupBy list: one dimension, or two that make sense together (CITY x DAY, STATION x
 * MATERIAL...). NETWORK stands alone; CITY with STATION is refused because a station row already
 * names its city.
 */
export function checkGroupBy(groupBy: readonly string[], field = 'groupBy'): ReportDimension[] {
  const dims = groupBy as ReportDimension[];
  if (dims.length < 1 || dims.length > 2) throw InputError.of(field, msg('report.dimsCount'));
  if (dims.some((d) => !REPORT_DIMENSIONS.includes(d)))
    throw InputError.of(field, msg('report.dimsKnown', { dimensions: REPORT_DIMENSIONS.join(', ') }));
  if (dims[0] === dims[1]) throw InputError.of(field, msg('report.dimTwice', { dimension: dims[0]! }));
  if (dims.length === 2 && dims.includes('NETWORK')) throw InputError.of(field, msg('report.networkAlone'));
  if (dims.includes('CITY') && dims.includes('STATION')) throw InputError.of(field, msg('report.stationWithCity'));
  return dims;
}

export const MAX_REPORT_CITIES = 20;
export const MAX_REPORT_STATIONS = 200;

/** A report's arguments as GraphQL and the CSV route take them. */
export interface ReportArgs {
  from?: string | null;
  to?: string | null;
  groupBy: readonly string[];
  cityCodes?: readonly string[] | null;
  stationCodes?: readonly string[] | null;
  /** A displacement scenario in place of each set's own rate (null: the set's own). */
  displacementRate?: number | null;
}

/** Checks the arguments that need no database (period, dimensions, list sizes) into a query. */
export function reportQueryOf(args: ReportArgs, now: Date): ReportQuery {
  const groupBy = checkGroupBy(args.groupBy);
  const { from, to } = resolvePeriod(args.from, args.to, now);
  const cityCodes = [...new Set(args.cityCodes ?? [])];
  const stationCodes = [...new Set(args.stationCodes ?? [])];
  if (cityCodes.length > MAX_REPORT_CITIES)
    throw InputError.of('cityCodes', msg('report.tooManyCities', { max: MAX_REPORT_CITIES }));
  if (stationCodes.length > MAX_REPORT_STATIONS)
    throw InputError.of('stationCodes', msg('report.tooManyStations', { max: MAX_REPORT_STATIONS }));
  return { from, to, groupBy, cityCodes, stationCodes };
}

/** A GraphQL answer is one document in memory: station x day for the whole network is the CSV's job. */
export function checkInlineReportSize(q: ReportQuery): void {
  if (
    q.groupBy.includes('STATION') &&
    q.groupBy.includes('DAY') &&
    q.stationCodes.length === 0 &&
    q.cityCodes.length !== 1
  ) {
    throw InputError.of('groupBy', msg('report.stationDayTooBig'));
  }
}

/**
 * The most rollup parts (group x material x outcome) an inline report reads: the network by station
 * for 10,000 stations is ~90,000; beyond this a report is the CSV's job, which streams.
 */
export const MAX_INLINE_REPORT_PARTS = 250_000;

/** Refuses a report whose parts went past MAX_INLINE_REPORT_PARTS (read with a limit of one more). */
export function checkInlinePartCount(parts: number, max = MAX_INLINE_REPORT_PARTS): void {
  if (parts > max) {
    throw InputError.of('groupBy', msg('report.tooManyParts', { max }));
  }
}

/** One rollup group as the repository returns it: group keys (null when not grouped) and sums per material/outcome. */
export interface ReportPart {
  city_code: string | null;
  city_name_zh: string | null;
  city_name_en: string | null;
  station_code: string | null;
  station_name: string | null;
  day: string | null;
  material_code: string;
  outcome: string;
  entries: number;
  quantity: number;
  mass_kg: number;
  /** The weighed part of mass_kg. */
  mass_kg_weighed: number;
}

export interface ReportKeys {
  cityCode: string | null;
  cityNameZh: string | null;
  cityNameEn: string | null;
  stationCode: string | null;
  stationName: string | null;
  day: string | null;
  materialCode: string | null;
  outcome: string | null;
}

export interface ReportRow extends MassQuality {
  keys: ReportKeys;
  entries: number;
  items: number;
  itemsReused: number;
  itemsRecycled: number;
  kg: number;
  kgReused: number;
  kgRecycled: number;
  /** One breakdown per factor set, in the order the sets were given. */
  co2e: Co2eBreakdown[];
}

/** Sums of one group. Mass is kept in whole grams (rollups hold 3 decimals) so sums are exact. */
class GroupSums {
  entries = 0;
  private weighedGrams = 0;
  private readonly byPair = new Map<
    string,
    { material_code: string; outcome: string; quantity: number; grams: number }
  >();

  add(p: ReportPart): void {
    this.entries += p.entries;
    const key = `${p.material_code}/${p.outcome}`;
    let s = this.byPair.get(key);
    if (!s) this.byPair.set(key, (s = { material_code: p.material_code, outcome: p.outcome, quantity: 0, grams: 0 }));
    s.quantity += p.quantity;
    s.grams += Math.round(p.mass_kg * 1000);
    this.weighedGrams += Math.round(p.mass_kg_weighed * 1000);
  }

  toRow(keys: ReportKeys, sets: readonly FactorSetForCalc[]): ReportRow {
    const pairs = [...this.byPair.values()];
    const rows = pairs.map((s) => ({
      material_code: s.material_code,
      outcome: s.outcome,
      quantity: s.quantity,
      mass_kg: s.grams / 1000,
    }));
    const sum = (outcome: string, f: (s: (typeof pairs)[number]) => number) =>
      pairs.reduce((acc, s) => acc + (s.outcome === outcome ? f(s) : 0), 0);
    const itemsReused = sum('REUSED', (s) => s.quantity);
    const itemsRecycled = sum('RECYCLED', (s) => s.quantity);
    const gramsReused = sum('REUSED', (s) => s.grams);
    const gramsRecycled = sum('RECYCLED', (s) => s.grams);
    return {
      keys,
      entries: this.entries,
      items: itemsReused + itemsRecycled,
      itemsReused,
      itemsRecycled,
      kg: (gramsReused + gramsRecycled) / 1000,
      kgReused: gramsReused / 1000,
      kgRecycled: gramsRecycled / 1000,
      ...massQuality(gramsReused + gramsRecycled, this.weighedGrams),
      co2e: sets.map((set) => co2eBreakdown(rows, set)),
    };
  }
}

function keysOf(p: ReportPart, dims: ReadonlySet<ReportDimension>): ReportKeys {
  return {
    cityCode: p.city_code,
    cityNameZh: p.city_name_zh,
    cityNameEn: p.city_name_en,
    stationCode: p.station_code,
    stationName: p.station_name,
    day: p.day,
    materialCode: dims.has('MATERIAL') ? p.material_code : null,
    outcome: dims.has('OUTCOME') ? p.outcome : null,
  };
}

const NO_KEYS: ReportKeys = {
  cityCode: null,
  cityNameZh: null,
  cityNameEn: null,
  stationCode: null,
  stationName: null,
  day: null,
  materialCode: null,
  outcome: null,
};

/**
 * Turns parts ordered by their group keys into report rows, one group at a time, and keeps the
 * report total. Example:
 *   const g = new ReportGrouper(['CITY'], [set]);
 *   for (const p of parts) { const row = g.push(p); if (row) write(row); }
 *   const last = g.end(); if (last) write(last); write(g.total());
 */
export class ReportGrouper {
  private readonly dims: ReadonlySet<ReportDimension>;
  private readonly byMaterial: boolean;
  private readonly byOutcome: boolean;
  private current: { key: string; keys: ReportKeys; sums: GroupSums } | null = null;
  private readonly all = new GroupSums();
  rows = 0;

  constructor(
    groupBy: readonly ReportDimension[],
    private readonly sets: readonly FactorSetForCalc[],
  ) {
    this.dims = new Set(groupBy);
    this.byMaterial = this.dims.has('MATERIAL');
    this.byOutcome = this.dims.has('OUTCOME');
  }

  /** Adds a part; returns the previous group's row when this part starts a new group. */
  push(p: ReportPart): ReportRow | null {
    this.all.add(p);
    // A string of the grouped keys only (names follow their codes); built per part, so kept cheap.
    const key = `${p.city_code}\u0001${p.station_code}\u0001${p.day}\u0001${this.byMaterial ? p.material_code : ''}\u0001${this.byOutcome ? p.outcome : ''}`;
    let done: ReportRow | null = null;
    if (this.current?.key !== key) {
      done = this.end();
      this.current = { key, keys: keysOf(p, this.dims), sums: new GroupSums() };
    }
    this.current!.sums.add(p);
    return done;
  }

  /** The last group's row, if any. */
  end(): ReportRow | null {
    const c = this.current;
    this.current = null;
    if (!c) return null;
    this.rows += 1;
    return c.sums.toRow(c.keys, this.sets);
  }

  /** The whole report: quantities summed exactly, CO2e computed once from them (not from rounded rows). */
  total(): ReportRow {
    return this.all.toRow(NO_KEYS, this.sets);
  }
}

/** The whole report's total row from its parts (what ReportGrouper.total gives, without the rows). */
export function reportTotal(parts: readonly ReportPart[], sets: readonly FactorSetForCalc[]): ReportRow {
  const all = new GroupSums();
  for (const p of parts) all.add(p);
  return all.toRow(NO_KEYS, sets);
}

/** Groups an ordered array of parts: the rows and the total. */
export function groupReport(
  parts: readonly ReportPart[],
  groupBy: readonly ReportDimension[],
  sets: readonly FactorSetForCalc[],
) {
  const g = new ReportGrouper(groupBy, sets);
  const rows: ReportRow[] = [];
  for (const p of parts) {
    const row = g.push(p);
    if (row) rows.push(row);
  }
  const last = g.end();
  if (last) rows.push(last);
  return { rows, total: g.total() };
}

/** b - a, rounded to grams like every CO2e figure. */
export function co2eDifference(a: Co2e, b: Co2e): Co2e {
  const r = (v: number) => Math.round(v * 1000) / 1000;
  return { central: r(b.central - a.central), low: r(b.low - a.low), high: r(b.high - a.high) };
}

/**
 * A report's id: the same parameters and generation time give the same id, so a printed PDF and a
 * CSV downloaded with it can be matched to the request that made them (and to the server log).
 * Example: reportId(q, 'CN-2026', 0.5, now) → 'CR-20261201-3F9A0C21B7'
 */
export function reportId(
  q: ReportQuery,
  factorSets: readonly string[],
  displacementRate: number | null,
  generatedAt: Date,
): string {
  const canonical = JSON.stringify([
    q.from,
    q.to,
    q.groupBy,
    q.cityCodes,
    q.stationCodes,
    factorSets,
    displacementRate,
    generatedAt.toISOString(),
  ]);
  const day = generatedAt.toISOString().slice(0, 10).replaceAll('-', '');
  return `CR-${day}-${createHash('sha256').update(canonical).digest('hex').slice(0, 10).toUpperCase()}`;
}

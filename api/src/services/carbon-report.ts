// Carbon reports, shared by the GraphQL fields and the CSV route: checks a report's arguments
// into a ReportQuery, works out whose report it is (for the permission rule), picks the factor
// sets and, for GraphQL, runs and groups the report in memory (the CSV streams it instead).
import type { Context } from '../context.ts';
import { checkDisplacementRate, withDisplacement, type FactorSetForCalc } from '../domain/carbon.ts';
import {
  checkInlinePartCount,
  checkInlineReportSize,
  MAX_INLINE_REPORT_PARTS,
  MAX_REPORT_STATIONS,
  groupReport,
  ReportGrouper,
  reportTotal,
  reportId,
  reportQueryOf,
  type ReportArgs,
  type ReportPart,
  type ReportQuery,
  type ReportRow,
} from '../domain/carbon-report.ts';
import { NotFoundError } from '../domain/errors.ts';
import { checkRowPage, pageOfRows, type RowPage } from '../domain/report-pages.ts';
import {
  newcomersOf,
  refreshableByStation,
  relabelStationParts,
  relabelStationRows,
  replaceStationParts,
  replaceStationRows,
} from '../domain/report-refresh.ts';
import type { ReportScope } from '../domain/viewer.ts';
import type { Loaders } from '../loaders.ts';
import type { FactorSetWithFactors } from '../reference-cache.ts';
import {
  cachedParts,
  cachedReport,
  labelEpoch,
  newestPartsOf,
  newestReportOf,
  partsCacheKey,
  partsRefreshStats,
  reportCacheKey,
  storeNewestParts,
  storeNewestReport,
  type GroupedReport,
  type NewestParts,
  type PartsRead,
  type Relabelled,
} from '../report-cache.ts';
import {
  carbonReportParts,
  changedStationParts,
  reportDataVersion,
  stationRanks,
} from '../repositories/carbon-report.ts';
import type { Db } from '../repositories/db.ts';
import { citiesByCodes } from '../repositories/city.ts';
import { stationLabels } from '../repositories/station.ts';
import { eachInSlices } from '../slices.ts';

/** The report's scope for canReadReport. Unknown station codes are left out (so they cannot widen it). */
export async function reportScope(
  loaders: Loaders,
  args: Pick<ReportArgs, 'cityCodes' | 'stationCodes'>,
): Promise<ReportScope> {
  const found = await Promise.all(
    (args.stationCodes ?? []).slice(0, MAX_REPORT_STATIONS).map((c) => loaders.stationIdentity(c)),
  );
  return { cityCodes: args.cityCodes ?? [], stations: found.filter((s) => s !== null) };
}

/** Checks the arguments (period, dimensions, that every city and station exists) into a query. */
export async function resolveReportQuery(ctx: Context, args: ReportArgs): Promise<ReportQuery> {
  const q = reportQueryOf(args, ctx.now);
  if (q.cityCodes.length > 0) {
    const known = new Set((await citiesByCodes(ctx.db, q.cityCodes)).map((c) => c.code));
    const i = q.cityCodes.findIndex((c) => !known.has(c));
    if (i >= 0) throw new NotFoundError('City', q.cityCodes[i]!, `cityCodes.${i}`);
  }
  const stations = await Promise.all(q.stationCodes.map((c) => ctx.loaders.stationIdentity(c)));
  const missing = stations.findIndex((s) => s === null);
  if (missing >= 0) throw new NotFoundError('Station', q.stationCodes[missing]!, `stationCodes.${missing}`);
  return q;
}

/** The displacement scenario asked for, checked (0..1), or null for each set's own rate. */
export function displacementScenario(
  args: Pick<ReportArgs, 'displacementRate'>,
  field = 'displacementRate',
): number | null {
  return args.displacementRate === null || args.displacementRate === undefined
    ? null
    : checkDisplacementRate(args.displacementRate, field);
}

/** A factor set by version (null: the default); unknown → NotFoundError on `field`. */
export async function factorSetOrThrow(
  loaders: Loaders,
  version: string | null | undefined,
  field = 'factorSet',
): Promise<FactorSetWithFactors> {
  const set = await loaders.factorSet(version ?? null);
  if (!set) throw new NotFoundError('Emission factor set', version ?? '(default)', field);
  return set;
}

export interface CarbonReport extends ReportQuery {
  /** The sets as published (each with its own displacement rate). */
  sets: FactorSetWithFactors[];
  /** The scenario the CO2e was computed under, or null for each set's own rate. */
  scenario: number | null;
  /** This answer's rows: all of them, or the page asked for (first, offset). */
  rows: ReportRow[];
  /** How many rows the whole report has. */
  rowCount: number;
  offset: number;
  total: ReportRow;
  generatedAt: Date;
  /** Same parameters and generation time, same id (domain/carbon-report.ts reportId). */
  id: string;
}

/**
 * The report under one or more factor sets (`versions[i]` checked as argument `fields[i]`), in
 * memory: GraphQL refuses station x day over more than one city (the CSV streams those), and
 * answers a page at a time (first, offset) when the rows x `fieldsPerRow` asked are more than one
 * answer holds (domain/report-pages.ts).
 */
export async function carbonReport(
  ctx: Context,
  args: ReportArgs & RowPage,
  versions: (string | null | undefined)[],
  fields: string[],
  fieldsPerRow: number,
): Promise<CarbonReport> {
  checkRowPage(args, fieldsPerRow);
  const q = await resolveReportQuery(ctx, args);
  checkInlineReportSize(q);
  const scenario = displacementScenario(args);
  const sets = await Promise.all(versions.map((v, i) => factorSetOrThrow(ctx.loaders, v, fields[i])));
  const calcSets = sets.map((set) => withDisplacement(set, scenario));
  const { rows, total } = await finishedReport(ctx.db, q, calcSets);
  // never awaited: noting is a small write beside the answer, and its failure only logged
  void ctx.reportDemand?.noteAsked(q, versions, scenario, ctx.now);
  return {
    ...q,
    sets,
    scenario,
    rows: pageOfRows(rows, args, fieldsPerRow),
    rowCount: rows.length,
    offset: args.offset ?? 0,
    total,
    generatedAt: ctx.now,
    id: reportId(
      q,
      sets.map((x) => x.version),
      scenario,
      ctx.now,
    ),
  };
}

/**
 * The report's rows and total under `sets` (displacement applied), as the data is now: from this
 * process's cache when neither data, sets nor scenario changed (report-cache.ts); from the cached
 * parts regrouped for another set or scenario; else the parts read again (readParts), then grouped
 * (groupParts). Also what the start-up warm-up runs (services/report-warmup.ts).
 */
export async function finishedReport(
  db: Db,
  q: ReportQuery,
  sets: readonly FactorSetForCalc[],
): Promise<GroupedReport> {
  const version = await reportDataVersion(db, q);
  return cachedReport(db, reportCacheKey(q, sets, version), async () => {
    const read = await cachedParts(db, partsCacheKey(q, version), () => readParts(db, q));
    const report = await groupParts(db, q, sets, read);
    if (refreshableByStation(q)) storeNewestReport(db, q, sets, report);
    return report;
  });
}

/**
 * Past this many changed stations a station report is read whole: reading that many by id costs
 * about what the whole 10,000-station report does.
 */
export const MAX_REFRESH_STATIONS = 2_000;

/**
 * A report's parts from the database. A station-first report read before in this process is brought
 * up to date instead: only the stations whose drop-offs changed since the snapshot it was read in
 * are read again and swapped in (a drop-off between two requests: one station, ~1/10,000 of the
 * work); a station's first entry in the period goes where the database's order puts it.
 */
async function readParts(db: Db, q: ReportQuery): Promise<PartsRead> {
  // before any read: a rename notified during it makes the next request relabel again
  const labels = labelEpoch(db);
  const newest = refreshableByStation(q) ? newestPartsOf(db, q) : undefined;
  const base: (NewestParts & { relabelled?: Relabelled }) | undefined =
    newest && newest.labels !== labels ? await relabelled(db, q, newest, labels) : newest;
  if (base) {
    const changed = await changedStationParts(db, q, base.snapshot, MAX_REFRESH_STATIONS);
    if (changed) {
      const ranks = await newcomerRanks(db, base.parts, changed.parts);
      const parts = replaceStationParts(base.parts, changed.stationCodes, changed.parts, ranks);
      if (parts) {
        checkInlinePartCount(parts.length);
        const generation = storeNewestParts(db, q, { parts, snapshot: changed.snapshot }, labels);
        partsRefreshStats.refreshes += 1;
        partsRefreshStats.stations += changed.stationCodes.length;
        const refresh = {
          baseGeneration: base.generation,
          changed: changed.stationCodes,
          fresh: changed.parts,
          ranks,
          relabelled: base.relabelled,
        };
        return { parts, generation, refresh };
      }
    }
  }
  const found = await carbonReportParts(db, q).executeMarked(MAX_INLINE_REPORT_PARTS + 1);
  checkInlinePartCount(found.parts.length);
  if (!refreshableByStation(q)) return { parts: found.parts };
  partsRefreshStats.wholeReads += 1;
  return { parts: found.parts, generation: storeNewestParts(db, q, found, labels) };
}

/**
 * The newest parts under the names stations and cities have now (after a rename: report-cache.ts
 * labelEpoch), stored as the newest, with the same snapshot (names are not drop-offs: no figure
 * changes). Undefined when a station is gone or moved to another city: the report is read whole.
 * So is a report of some cities: a station moved into one of them brings its history along, and
 * its parts are not among these (the whole network's or named stations' reports keep their scope).
 */
async function relabelled(db: Db, q: ReportQuery, newest: NewestParts, labels: number) {
  if (q.cityCodes.length > 0) return undefined;
  const names = await stationLabels(db, q.stationCodes);
  const parts = relabelStationParts(newest.parts, names);
  if (!parts) return undefined;
  partsRefreshStats.relabels += 1;
  const generation = storeNewestParts(db, q, { parts, snapshot: newest.snapshot }, labels);
  return {
    parts,
    snapshot: newest.snapshot,
    generation,
    labels,
    relabelled: { from: newest.generation, labels: names },
  };
}

/** Where the fresh parts' stations that had no part before go (none: no query). */
async function newcomerRanks(db: Db, base: readonly ReportPart[], fresh: readonly ReportPart[]) {
  const { known, newcomers } = newcomersOf(base, fresh);
  return newcomers.length ? stationRanks(db, newcomers, known) : new Map<string, number>();
}

/**
 * The newest report under the same sets, if it was grouped from the refresh's base parts, or from
 * the parts those were relabelled from (then with its rows relabelled the same way).
 */
function baseReport(previous: GroupedReport | undefined, refresh: NonNullable<PartsRead['refresh']>) {
  if (previous?.partsGeneration === refresh.baseGeneration) return previous;
  const { relabelled } = refresh;
  if (!relabelled || previous?.partsGeneration !== relabelled.from) return undefined;
  const rows = relabelStationRows(previous.rows, relabelled.labels);
  return rows ? { ...previous, rows } : undefined;
}

/**
 * The report's rows and total from its parts. Refreshed parts whose base the newest report under
 * the same sets was grouped from: that report's rows with the changed stations' rows grouped again
 * (~10,000 rows of CO2e not computed again for one changed station); the total from all the parts.
 * Otherwise every part is grouped, a slice at a time, so a 10,000-station report does not hold the
 * event loop (slices.ts).
 */
async function groupParts(
  db: Db,
  q: ReportQuery,
  sets: readonly FactorSetForCalc[],
  read: PartsRead,
): Promise<GroupedReport> {
  const previous = read.refresh && baseReport(newestReportOf(db, q, sets), read.refresh);
  if (read.refresh && previous) {
    const { changed, fresh, ranks } = read.refresh;
    const rows = replaceStationRows(previous.rows, changed, groupReport(fresh, q.groupBy, sets).rows, ranks);
    if (rows) {
      partsRefreshStats.regroups += 1;
      // no station read again (a rename alone): the same figures, so the same total
      const total = changed.length === 0 ? previous.total : reportTotal(read.parts, sets);
      return { rows, total, partsGeneration: read.generation };
    }
  }
  const grouper = new ReportGrouper(q.groupBy, sets);
  const rows: ReportRow[] = [];
  await eachInSlices(read.parts, (p) => {
    const row = grouper.push(p);
    if (row) rows.push(row);
  });
  const last = grouper.end();
  if (last) rows.push(last);
  return { rows, total: grouper.total(), partsGeneration: read.generation };
}

// Carbon reports, shared by the GraphQL fields and the CSV route: checks a report's arguments
// into a ReportQuery, works out whose report it is (for the permission rule), picks the factor
// sets and, for GraphQL, runs and groups the report in memory (the CSV streams it instead).
import type { Context } from '../context.ts';
import { checkDisplacementRate, withDisplacement } from '../domain/carbon.ts';
import {
  checkInlineReportSize,
  MAX_REPORT_STATIONS,
  reportId,
  reportQueryOf,
  type ReportArgs,
  type ReportQuery,
  type ReportRow,
} from '../domain/carbon-report.ts';
import { NotFoundError } from '../domain/errors.ts';
import { checkRowPage, pageOfRows, type RowPage } from '../domain/report-pages.ts';
import type { ReportScope } from '../domain/viewer.ts';
import type { Loaders } from '../loaders.ts';
import type { FactorSetWithFactors } from '../reference-cache.ts';
import { citiesByCodes } from '../repositories/city.ts';
import { finishedReport } from './finished-report.ts';

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

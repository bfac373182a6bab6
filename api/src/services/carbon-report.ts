// Shared by the carbon report fields and the CSV route: checks a report's arguments into a
// ReportQuery, works out whose report it is (for the permission rule) and picks the factor set.
import type { Kysely } from 'kysely';
import type { Database } from '@recycle/db';
import type { createLoaders, FactorSetWithFactors } from '../context.ts';
import { checkDisplacementRate } from '../domain/carbon.ts';
import { checkGroupBy, type ReportQuery } from '../domain/carbon-report.ts';
import { InputError, NotFoundError } from '../domain/errors.ts';
import type { ReportScope } from '../domain/viewer.ts';
import { citiesByCodes } from '../repositories/city.ts';
import { resolvePeriod } from '../schema/period.ts';

type Loaders = ReturnType<typeof createLoaders>;

export interface ReportArgs {
  from?: string | null;
  to?: string | null;
  groupBy: readonly string[];
  cityCodes?: readonly string[] | null;
  stationCodes?: readonly string[] | null;
  /** A displacement scenario in place of each set's own rate (null: the set's own). */
  displacementRate?: number | null;
}

export const MAX_REPORT_CITIES = 20;
export const MAX_REPORT_STATIONS = 200;

/** The report's scope for canReadReport. Unknown station codes are left out (so they cannot widen it). */
export async function reportScope(loaders: Loaders, args: Pick<ReportArgs, 'cityCodes' | 'stationCodes'>): Promise<ReportScope> {
  const found = await Promise.all((args.stationCodes ?? []).slice(0, MAX_REPORT_STATIONS).map((c) => loaders.stationIdentity(c)));
  return { cityCodes: args.cityCodes ?? [], stations: found.filter((s) => s !== null) };
}

/** Checks the arguments (period, dimensions, that every city and station exists) into a query. */
export async function resolveReportQuery(db: Kysely<Database>, loaders: Loaders, args: ReportArgs, now: Date): Promise<ReportQuery> {
  const groupBy = checkGroupBy(args.groupBy);
  const { from, to } = resolvePeriod(args.from, args.to, now);
  const cityCodes = [...new Set(args.cityCodes ?? [])];
  const stationCodes = [...new Set(args.stationCodes ?? [])];
  if (cityCodes.length > MAX_REPORT_CITIES) throw InputError.of('cityCodes', `names more than ${MAX_REPORT_CITIES} cities`);
  if (stationCodes.length > MAX_REPORT_STATIONS) throw InputError.of('stationCodes', `names more than ${MAX_REPORT_STATIONS} stations`);
  if (cityCodes.length > 0) {
    const known = new Set((await citiesByCodes(db, cityCodes)).map((c) => c.code));
    const i = cityCodes.findIndex((c) => !known.has(c));
    if (i >= 0) throw new NotFoundError('City', cityCodes[i]!, `cityCodes.${i}`);
  }
  const stations = await Promise.all(stationCodes.map((c) => loaders.stationIdentity(c)));
  const missing = stations.findIndex((s) => s === null);
  if (missing >= 0) throw new NotFoundError('Station', stationCodes[missing]!, `stationCodes.${missing}`);
  return { from, to, groupBy, cityCodes, stationCodes };
}

/** The displacement scenario asked for, checked (0..1), or null for each set's own rate. */
export function displacementScenario(args: Pick<ReportArgs, 'displacementRate'>, field = 'displacementRate'): number | null {
  return args.displacementRate === null || args.displacementRate === undefined ? null : checkDisplacementRate(args.displacementRate, field);
}

/** A factor set by version (null: the default); unknown → NotFoundError on `field`. */
export async function factorSetOrThrow(loaders: Loaders, version: string | null | undefined, field = 'factorSet'): Promise<FactorSetWithFactors> {
  const set = await loaders.factorSet(version ?? null);
  if (!set) throw new NotFoundError('Emission factor set', version ?? '(default)', field);
  return set;
}

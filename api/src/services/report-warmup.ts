// A process's first request for a station report reads it whole (~2 s for the network's station
// report over the 11.11 campaign): its cache (report-cache.ts) is per process and starts empty
// at every deploy, restart or added worker. So the station reports people asked for lately are
// noted in the database (report_demand), and each API process reads the few asked most recently
// in the background right after it starts listening: the next person to ask gets the cached
// report, kept current by the refresh like any other (a request arriving while the warm-up reads
// shares its read). Reports not by station read the city rollup in milliseconds: not noted.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { withDisplacement } from '../domain/carbon.ts';
import { REPORT_DIMENSIONS, type ReportQuery } from '../domain/carbon-report.ts';
import { refreshableByStation } from '../domain/report-refresh.ts';
import { dayProblem } from '../domain/time.ts';
import { createLoaders } from '../loaders.ts';
import { queryKey } from '../report-cache.ts';
import type { Logger } from '../logger.ts';
import type { Db } from '../repositories/db.ts';
import {
  forgetReportDemand,
  forgetReportDemandBefore,
  noteReportDemand,
  recentReportDemand,
  type ReportDemandRow,
} from '../repositories/report-demand.ts';
import { finishedReport } from './finished-report.ts';

/** How many reports a starting process reads: the parts cache holds 4, one is left for new asks. */
export const WARM_REPORTS = 3;
/** Reports last asked longer ago than this are forgotten. */
export const DEMAND_DAYS = 7;
/** A report asked again within this time is not noted again by the same process (one write per report). */
export const NOTE_EVERY_MS = 10 * 60 * 1000;
/** Distinct reports a process remembers noting before it starts over (a bound, not a tuning knob). */
const NOTED_KEYS = 1_000;

/** Notes station reports as asked, on the primary (`db`), whichever database answered them. */
export class ReportDemand {
  private readonly noted = new Map<string, number>();
  constructor(
    private readonly db: Db,
    private readonly logger: Pick<Logger, 'warn'>,
  ) {}

  /** Records the report as asked at `now`; never throws (a failed note is logged and retried next ask). */
  noteAsked(q: ReportQuery, versions: readonly (string | null | undefined)[], scenario: number | null, now: Date) {
    if (!refreshableByStation(q)) return Promise.resolve();
    const factorSets = versions.map((v) => v ?? null);
    // hashed: a report may name hundreds of stations, and an index entry holds at most ~2.7 kB
    const asked = JSON.stringify([queryKey(q), factorSets, scenario]);
    const key = createHash('sha256').update(asked).digest('hex');
    const last = this.noted.get(key);
    if (last !== undefined && Math.abs(now.getTime() - last) < NOTE_EVERY_MS) return Promise.resolve();
    if (this.noted.size >= NOTED_KEYS) this.noted.clear();
    this.noted.set(key, now.getTime());
    const row = { key, query: q, factor_sets: factorSets, scenario };
    return noteReportDemand(this.db, row, now).catch((err: unknown) => {
      this.noted.delete(key);
      this.logger.warn({ err }, 'could not note a station report as asked (start-up warm-up only)');
    });
  }
}

const day = z.string().refine((v) => dayProblem(v) === null);
const askedReport = z.object({
  query: z.object({
    from: day,
    to: day,
    groupBy: z.array(z.enum(REPORT_DIMENSIONS)).min(1),
    cityCodes: z.array(z.string()),
    stationCodes: z.array(z.string()),
  }),
  factor_sets: z.array(z.string().nullable()).min(1),
  scenario: z.number().min(0).max(1).nullable(),
});

export interface WarmupDeps {
  /** The primary: where the demand is noted. */
  db: Db;
  /** Where reports are read (read-routing.ts): its cache is the one to fill. Default: db. */
  readDb?: Db;
  logger: Pick<Logger, 'info' | 'warn'>;
  clock: () => Date;
}

/**
 * Reads the station reports asked most recently (at most WARM_REPORTS, within DEMAND_DAYS) into
 * this process's cache, one after another, until `stopped()` says the server is closing. Returns
 * how many were read. A report that cannot be (a factor set since deleted, a row that does not
 * read back) is logged and forgotten; a failing database ends the warm-up with a warning.
 */
export async function warmAskedReports(deps: WarmupDeps, stopped: () => boolean = () => false): Promise<number> {
  const started = performance.now();
  const reportsDb = deps.readDb ?? deps.db;
  let warmed = 0;
  try {
    await forgetReportDemandBefore(deps.db, new Date(deps.clock().getTime() - DEMAND_DAYS * 86_400_000));
    const rows = await recentReportDemand(deps.db, WARM_REPORTS);
    const loaders = createLoaders(reportsDb, deps.db);
    for (const row of rows) {
      if (stopped()) break;
      const asked = readBack(row);
      const sets = asked && (await Promise.all(asked.factor_sets.map((v) => loaders.factorSet(v))));
      if (!asked || !sets || sets.some((s) => !s)) {
        deps.logger.warn({ report: row.key }, 'a station report asked lately cannot be read again; forgotten');
        await forgetReportDemand(deps.db, row.key);
        continue;
      }
      try {
        const calcSets = sets.map((s) => withDisplacement(s!, asked.scenario));
        await finishedReport(reportsDb, asked.query, calcSets);
        warmed += 1;
      } catch (err) {
        // grown past what one answer holds since it was asked, say: the others are still read
        deps.logger.warn({ err, report: row.key }, 'a station report asked lately could not be read in advance');
      }
    }
    if (rows.length)
      deps.logger.info(
        { warmed, asked: rows.length, ms: Math.round(performance.now() - started) },
        'station reports asked lately read in advance',
      );
  } catch (err) {
    deps.logger.warn({ err, warmed }, 'station report warm-up stopped; reports are read when asked');
  }
  return warmed;
}

function readBack(row: ReportDemandRow): z.infer<typeof askedReport> | null {
  const parsed = askedReport.safeParse(row);
  return parsed.success ? parsed.data : null;
}

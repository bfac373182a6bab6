// GET /reports/carbon.csv: the carbon report as RFC 4180 CSV (UTF-8 with a BOM so Excel shows
// Chinese names, CRLF line ends), streamed from a database cursor with backpressure, so the whole
// network by station by day downloads in flat memory. Same arguments, rules and grouper as the
// GraphQL carbonReport: its rows and its total row equal the report's.
//
// Every argument is checked and the first rows are read before the first byte: errors are a clear
// status (400/401/403/404, 503 + Retry-After while the database is unreachable). A complete file
// ends with the trailer "# end,rows=N"; a download cut part-way lacks it (readers must check).
//
// Authentication: the same Bearer token and X-Device-Token as GraphQL, in headers only (a token in
// a URL ends up in logs and browser history); the same rule, canReadReport, decides who may read
// which report (a counter device alone: its own station's). The web page fetches with the header
// and saves the response as a Blob. The period is at most MAX_PERIOD_DAYS (domain/period.ts).
import { Router, type Request, type Response } from 'express';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import type { AppDeps, Context } from '../context.ts';
import { withDisplacement } from '../domain/carbon.ts';
import { CARBON_METHOD } from '../domain/carbon-method.ts';
import { ReportGrouper, reportId, type ReportPart, type ReportQuery, type ReportRow } from '../domain/carbon-report.ts';
import { ForbiddenError, InputError } from '../domain/errors.ts';
import { zodFieldIssue } from '../domain/zod-issues.ts';
import { dayProblem } from '../domain/time.ts';
import { canReadReport } from '../domain/viewer.ts';
import type { FactorSetWithFactors } from '../reference-cache.ts';
import { carbonReportParts, countReportGroups } from '../repositories/carbon-report.ts';
import { displacementScenario, factorSetOrThrow, reportScope, resolveReportQuery } from '../services/carbon-report.ts';
import { signedInContext } from './viewer.ts';
import { msg } from '../domain/messages.ts';

/** The documented, stable columns (docs/carbon-reports.md). Keys not grouped by are empty. */
export const CSV_COLUMNS = [
  'row_type',
  'city_code',
  'city_name_zh',
  'city_name_en',
  'station_code',
  'station_name',
  'day',
  'material_code',
  'outcome',
  'drop_offs',
  'items',
  'items_reused',
  'items_recycled',
  'kg',
  'kg_reused',
  'kg_recycled',
  'co2e_reuse_central_kg',
  'co2e_reuse_low_kg',
  'co2e_reuse_high_kg',
  'co2e_recycle_central_kg',
  'co2e_recycle_low_kg',
  'co2e_recycle_high_kg',
  'co2e_total_central_kg',
  'co2e_total_low_kg',
  'co2e_total_high_kg',
  'factor_set',
  // Method 2026.1 (appended, so files read by position keep working):
  'displacement_rate',
  'kg_weighed',
  'kg_estimated',
  'weighed_share',
  'data_quality_score',
  'method_version',
] as const;

const ROWS_PER_WRITE = 500;
/** First cell of the trailer record every complete file ends with. */
export const END_MARK = '# end';
const CURSOR_ROWS = 2000;

/** "a,b" or repeated ?x=a&x=b, as a list. */
const list = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) =>
    v === undefined
      ? []
      : [v]
          .flat()
          .flatMap((s) => s.split(','))
          .map((s) => s.trim())
          .filter(Boolean),
  );
const day = z
  .string()
  .superRefine((v, ctx) => {
    const problem = dayProblem(v);
    if (problem)
      ctx.addIssue({ code: 'custom', message: problem.text, params: { reason: problem.reason, ...problem.params } });
  })
  .optional();
const QuerySchema = z.object({
  from: day,
  to: day,
  groupBy: list,
  cityCodes: list,
  stationCodes: list,
  factorSet: z.string().max(64).optional(),
  displacementRate: z.coerce.number().optional(),
});

/** A text cell Excel would run as a formula gets a leading apostrophe (CSV injection). */
const text = (v: string | null) => (v && /^[=+\-@\t\r]/.test(v) ? `'${v}` : (v ?? ''));

/** What every record repeats: the set, the displacement rate used and the method version. */
interface Made {
  version: string;
  displacementRate: number;
}

function record(r: ReportRow, rowType: 'row' | 'total', made: Made) {
  const k = r.keys;
  const c = r.co2e[0]!;
  return [
    rowType,
    k.cityCode ?? '',
    text(k.cityNameZh),
    text(k.cityNameEn),
    k.stationCode ?? '',
    text(k.stationName),
    k.day ?? '',
    k.materialCode ?? '',
    k.outcome ?? '',
    r.entries,
    r.items,
    r.itemsReused,
    r.itemsRecycled,
    r.kg,
    r.kgReused,
    r.kgRecycled,
    c.reuse.central,
    c.reuse.low,
    c.reuse.high,
    c.recycle.central,
    c.recycle.low,
    c.recycle.high,
    c.total.central,
    c.total.low,
    c.total.high,
    made.version,
    made.displacementRate,
    r.kgWeighed,
    r.kgEstimated,
    r.weighedShare ?? '',
    r.dataQualityScore ?? '',
    CARBON_METHOD.version,
  ];
}

const csv = (records: unknown[][]) => stringify(records, { record_delimiter: 'windows' });

/** Comment lines (skipped by a parser with comment "#"): what the file is and how it was made. */
function headerLines(q: ReportQuery, set: FactorSetWithFactors, scenario: number | null, id: string, now: Date) {
  const m = CARBON_METHOD;
  return [
    [
      '# report',
      'CO2e avoided by package reuse and recycling (kg). Avoided emissions: outside, and never subtracted from, the GHG inventory (GHG Protocol Scope 3, category 5).',
    ],
    ['# report_id', id],
    ['# method', m.version, `approved by ${m.approvedBy} on ${m.approvedOn}`, m.document],
    ['# factor_set', set.version, set.name],
    [
      '# displacement_rate',
      scenario ?? set.displacement_rate,
      scenario === null ? "the factor set's own rate" : `scenario (the set's own rate is ${set.displacement_rate})`,
    ],
    ['# central_low_high', "central = the set's best estimate; low/high = its stated uncertainty"],
    [
      '# data_quality',
      'kg_weighed = weighed at the counter; kg_estimated = typical mass x items; data_quality_score 1 (>= 90% of kg weighed), 2 (>= 60%), 3 (>= 30%), 4 (some), 5 (none)',
    ],
    ['# period', `${q.from}..${q.to}`, 'local days (Asia/Shanghai), inclusive'],
    ['# group_by', q.groupBy.join(',')],
    ['# cities', q.cityCodes.join(',') || 'all'],
    ['# stations', q.stationCodes.join(',') || 'all'],
    ['# generated_at', now.toISOString()],
    [
      '# rows',
      'row_type "row" per group; a last "total" row sums the quantities and computes CO2e from them (not from rounded rows); no data: no rows. A complete file ends with "# end,rows=N"',
    ],
  ];
}

interface Stream {
  first: IteratorResult<ReportPart>;
  parts: AsyncIterator<ReportPart>;
}

/**
 * The file in chunks: BOM and header lines, the rows, and a trailer "# end,rows=N" (N = records
 * after the column line, the total included). A file without the trailer is incomplete: the
 * connection was cut part-way (the status line had already said 200).
 */
async function* csvChunks(
  ctx: Context,
  { first, parts }: Stream,
  q: ReportQuery,
  set: FactorSetWithFactors,
  scenario: number | null,
  id: string,
): AsyncGenerator<string> {
  yield `\uFEFF${csv([...headerLines(q, set, scenario, id, ctx.now), [...CSV_COLUMNS]])}`;
  const made: Made = { version: set.version, displacementRate: scenario ?? set.displacement_rate };
  const grouper = new ReportGrouper(q.groupBy, [withDisplacement(set, scenario)]);
  let batch: unknown[][] = [];
  let records = 0;
  for (let next = first; !next.done; next = await parts.next()) {
    const row = grouper.push(next.value);
    if (row) batch.push(record(row, 'row', made));
    if (batch.length >= ROWS_PER_WRITE) {
      records += batch.length;
      yield csv(batch);
      batch = [];
    }
  }
  const last = grouper.end();
  if (last) batch.push(record(last, 'row', made));
  if (grouper.rows > 0) batch.push(record(grouper.total(), 'total', made));
  records += batch.length;
  yield csv([...batch, [END_MARK, `rows=${records}`]]);
}

/** Checks the query string into report arguments; the first fault is an InputError naming it. */
function parseQuery(query: unknown) {
  const parsed = QuerySchema.safeParse(query);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new InputError([zodFieldIssue(issue.path.join('.'), issue)]);
}

async function handle(deps: AppDeps, req: Request, res: Response) {
  // Everything is checked, and the first rows read, before the first byte is sent: a bad
  // argument or an unreachable database is a clear error status, never a 200 cut short.
  const ctx = await signedInContext(deps, req);
  const args = parseQuery(req.query);
  if (!canReadReport(ctx.viewer, await reportScope(ctx.loaders, args)))
    throw new ForbiddenError(msg('report.forbidden'));
  const q = await resolveReportQuery(ctx, args);
  const set = await factorSetOrThrow(ctx.loaders, args.factorSet);
  const scenario = displacementScenario(args);
  const rows = await countReportGroups(ctx.db, q);
  // The rows read the replica when there is one (a report may lag the primary by its delay).
  const parts = carbonReportParts(ctx.readDb ?? ctx.db, q)
    .stream(CURSOR_ROWS)
    [Symbol.asyncIterator]();
  let first: IteratorResult<ReportPart>;
  try {
    first = await parts.next();
  } catch (err) {
    await parts.return?.();
    throw err;
  }
  res.setHeader('content-type', 'text/csv; charset=utf-8');
  res.setHeader(
    'content-disposition',
    `attachment; filename="carbon-report_${q.from}_${q.to}_${q.groupBy.join('-').toLowerCase()}.csv"`,
  );
  res.setHeader('cache-control', 'no-store');
  const id = reportId(q, [set.version], scenario, ctx.now);
  res.setHeader('x-report-id', id);
  // The number of "row" records to come, so the page can show the download's progress.
  res.setHeader('x-report-rows', String(rows));
  // pipeline waits for the socket to drain between chunks (flat memory) and closes the cursor if
  // the client goes away.
  await pipeline(Readable.from(csvChunks(ctx, { first, parts }, q, set, scenario, id)), res);
}

/** Express 5 passes a rejected handler to the app's error handler (http/errors.ts). */
export function carbonCsvRouter(deps: AppDeps): Router {
  const router = Router();
  router.get('/reports/carbon.csv', (req, res) => handle(deps, req, res));
  return router;
}

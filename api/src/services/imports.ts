// Bulk imports: a dry run checks a whole file and keeps it; "apply" writes exactly that file in
// one transaction, after checking it again against the registry as it is then. Both run in the
// background of the process that received them, with progress the console polls.
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '@recycle/db';
import type { Logger } from '../logger.ts';
import type { Mailer } from '../mail/mailer.ts';
import { ConflictError, ForbiddenError, InputError, NotFoundError } from '../domain/errors.ts';
import type { Viewer } from '../domain/viewer.ts';
import { MAX_REPORTED_ISSUES, type ImportIssue } from '../imports/issues.ts';
import { runInBackground, runningJob, type ImportPhase } from '../imports/progress.ts';
import { readTable, UnreadableFileError, type Table } from '../imports/table-file.ts';
import {
  dropImportFile,
  finishImportJob,
  importFile,
  importJobsByIds,
  insertImportJob,
  type ImportJobRow,
  type ImportKind,
  type JobResult,
} from '../repositories/import-job.ts';
import { stationImport } from './station-import.ts';
import { staffImport } from './staff-import.ts';
import { msg } from '../domain/messages.ts';

export interface ServiceContext {
  db: Kysely<Database>;
  viewer: Viewer | null;
  requestId: string;
  now: Date;
  logger: Logger;
  /** E-mails activation codes when SMTP is configured (services/accounts.ts). */
  mailer?: Mailer | null;
}

export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

/** What a kind of import does with a checked table; `apply` runs inside the import's transaction. */
export interface ImportHandler {
  check(db: Kysely<Database>, table: Table, scope: ImportScope, report: Reporter): Promise<Checked>;
  apply(trx: Kysely<Database>, checked: Checked, ctx: ApplyContext, report: Reporter): Promise<void>;
}
export interface ImportScope {
  /** null: every city (admin). */
  onlyCity: string | null;
}
export type Reporter = (phase: ImportPhase, done: number, total: number) => void;
export interface Checked {
  issues: ImportIssue[];
  total: number;
  created: number;
  updated: number;
  unchanged: number;
  invalidRows: number;
  /** Kind-specific plan for apply. */
  plan: unknown;
}
export interface ApplyContext extends ServiceContext {
  jobId: number;
}

const HANDLERS: Record<ImportKind, ImportHandler> = { STATIONS: stationImport, STAFF: staffImport };

/** Admins import anywhere; a city manager imports into their own city. */
export function importScope(viewer: Viewer | null): ImportScope {
  if (viewer?.role === 'ADMIN') return { onlyCity: null };
  if (viewer?.role === 'CITY_MANAGER' && viewer.cityCode && viewer.userId !== null)
    return { onlyCity: viewer.cityCode };
  throw new ForbiddenError(msg('import.forbidden'));
}

function resultOf(c: Checked, state: JobResult['state']): JobResult {
  return {
    state,
    total: c.total,
    created: c.created,
    updated: c.updated,
    unchanged: c.unchanged,
    invalid: c.invalidRows,
    issueCount: c.issues.length,
    issues: c.issues.slice(0, MAX_REPORTED_ISSUES),
    error: null,
  };
}
const failed = (issues: ImportIssue[], error: string | null = null): JobResult => ({
  state: 'FAILED',
  total: 0,
  created: 0,
  updated: 0,
  unchanged: 0,
  invalid: 0,
  issueCount: issues.length,
  issues: issues.slice(0, MAX_REPORTED_ISSUES),
  error,
});

async function readChecked(
  ctx: ServiceContext,
  kind: ImportKind,
  bytes: Uint8Array,
  scope: ImportScope,
  report: Reporter,
) {
  report('READING', 0, bytes.length);
  const table = await readTable(bytes);
  return HANDLERS[kind].check(ctx.db, table, scope, report);
}

async function finish(ctx: ServiceContext, jobId: number, work: () => Promise<JobResult>, dropFile = false) {
  let result: JobResult;
  try {
    result = await work();
  } catch (err) {
    if (err instanceof UnreadableFileError) result = failed(err.issues);
    else {
      ctx.logger.error({ err, jobId, reqId: ctx.requestId }, 'import failed');
      result = failed([], `Unexpected error (${ctx.requestId}); nothing was written`);
    }
  }
  await finishImportJob(ctx.db, jobId, result, new Date(), dropFile);
}

/** Starts a dry run of an uploaded file; returns the job at once (poll it for progress). */
export async function startDryRun(ctx: ServiceContext, kind: ImportKind, fileName: string, bytes: Uint8Array) {
  const scope = importScope(ctx.viewer);
  if (bytes.length > MAX_IMPORT_BYTES)
    throw InputError.of(
      'file',
      msg('import.fileTooLarge', { size: (bytes.length / 1048576).toFixed(1), limit: MAX_IMPORT_BYTES / 1048576 }),
    );
  const format = bytes[0] === 0x50 && bytes[1] === 0x4b ? 'XLSX' : 'CSV';
  const job = await insertImportJob(ctx.db, {
    kind,
    mode: 'DRY_RUN',
    fileName: fileName.slice(0, 200) || 'upload',
    fileFormat: format,
    fileSize: bytes.length,
    file: bytes,
    cityCode: scope.onlyCity,
    createdBy: ctx.viewer!.userId,
    dryRunId: null,
    at: ctx.now,
  });
  const id = job.id;
  const done = runInBackground(id, job, (report) =>
    finish(ctx, id, async () => {
      const checked = await readChecked(ctx, kind, bytes, scope, report);
      return resultOf(checked, 'DONE');
    }),
  );
  return { id, done };
}

/** Applies a dry run that found no problem: one transaction, checked again first. */
export async function applyDryRun(ctx: ServiceContext, dryRunId: number) {
  const scope = importScope(ctx.viewer);
  const dry = (await importJobsByIds(ctx.db, [dryRunId]))[0];
  if (!dry || dry.mode !== 'DRY_RUN' || (scope.onlyCity && dry.city_code !== scope.onlyCity))
    throw new NotFoundError('Dry run', String(dryRunId), 'id');
  if (dry.state === 'RUNNING') throw new ConflictError(msg('import.dryRunRunning'), 'id');
  if (dry.state !== 'DONE' || dry.issue_count > 0) throw new ConflictError(msg('import.dryRunHasProblems'), 'id');
  const file = (await importFile(ctx.db, dryRunId))?.file;
  if (!file) throw new ConflictError(msg('import.dryRunApplied'), 'id');
  const job = await insertImportJob(ctx.db, {
    kind: dry.kind as ImportKind,
    mode: 'APPLY',
    fileName: dry.file_name,
    fileFormat: dry.file_format,
    fileSize: dry.file_size,
    file: null,
    cityCode: scope.onlyCity,
    createdBy: ctx.viewer!.userId,
    dryRunId,
    at: ctx.now,
  });
  const kind = dry.kind as ImportKind;
  const id = job.id;
  const done = runInBackground(id, job, (report) =>
    finish(ctx, id, async () => {
      let result: JobResult | null = null;
      await ctx.db.transaction().execute(async (trx) => {
        // One import at a time: two applies racing over the same codes would both see them as new.
        await sql`select pg_advisory_xact_lock(hashtext('recycle.import'))`.execute(trx);
        const checked = await HANDLERS[kind].check(trx, await readTable(file), scope, report);
        if (checked.issues.length) {
          result = {
            ...resultOf(checked, 'FAILED'),
            error: 'The registry changed since the dry run; nothing was written',
          };
          return;
        }
        await HANDLERS[kind].apply(trx, checked, { ...ctx, db: trx, jobId: id }, report);
        result = resultOf(checked, 'DONE');
        report('FINISHING', checked.total, checked.total);
        await dropImportFile(trx, dryRunId);
      });
      return result!;
    }),
  );
  return { id, done };
}

export async function importJob(ctx: ServiceContext, id: number): Promise<ImportJobRow | null> {
  const scope = importScope(ctx.viewer);
  const job = runningJob<ImportJobRow>(id) ?? (await importJobsByIds(ctx.db, [id]))[0];
  return job && (!scope.onlyCity || job.city_code === scope.onlyCity) ? job : null;
}

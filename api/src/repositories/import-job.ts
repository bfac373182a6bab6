// Import jobs: one row per dry run or apply, kept as the history of imports (who, when, what).
import type { Db } from './db.ts';
import type { ImportIssue } from '../imports/issues.ts';

export type ImportKind = 'STATIONS' | 'STAFF';
export type ImportMode = 'DRY_RUN' | 'APPLY';
export type ImportState = 'RUNNING' | 'DONE' | 'FAILED';

const JOB_COLUMNS = [
  'id',
  'kind',
  'mode',
  'state',
  'file_name',
  'file_format',
  'file_size',
  'city_code',
  'created_by',
  'created_at',
  'finished_at',
  'dry_run_id',
  'rows_total',
  'rows_created',
  'rows_updated',
  'rows_unchanged',
  'rows_invalid',
  'issue_count',
  'issues',
  'error',
] as const;

export type ImportJobRow = Awaited<ReturnType<typeof importJobsByIds>>[number];

export function importJobsByIds(db: Db, ids: readonly number[]) {
  return db
    .selectFrom('import_job')
    .select(JOB_COLUMNS)
    .where('id', 'in', ids)
    .execute()
    .then((rows) => rows.map((r) => ({ ...r, issues: r.issues as ImportIssue[] })));
}

export function insertImportJob(
  db: Db,
  j: {
    kind: ImportKind;
    mode: ImportMode;
    fileName: string;
    fileFormat: string;
    fileSize: number;
    file: Uint8Array | null;
    cityCode: string | null;
    createdBy: number | null;
    dryRunId: number | null;
    at: Date;
  },
) {
  return db
    .insertInto('import_job')
    .values({
      kind: j.kind,
      mode: j.mode,
      file_name: j.fileName,
      file_format: j.fileFormat,
      file_size: j.fileSize,
      file: j.file,
      city_code: j.cityCode,
      created_by: j.createdBy,
      dry_run_id: j.dryRunId,
      created_at: j.at,
    })
    .returning(JOB_COLUMNS)
    .executeTakeFirstOrThrow()
    .then((r) => ({ ...r, issues: r.issues as ImportIssue[] }));
}

export function importFile(db: Db, id: number) {
  return db.selectFrom('import_job').select(['file']).where('id', '=', id).executeTakeFirst();
}

export interface JobResult {
  state: ImportState;
  total: number;
  created: number;
  updated: number;
  unchanged: number;
  invalid: number;
  issueCount: number;
  issues: ImportIssue[];
  error: string | null;
}

export async function finishImportJob(db: Db, id: number, r: JobResult, at: Date, dropFile: boolean) {
  await db
    .updateTable('import_job')
    .set({
      state: r.state,
      finished_at: at,
      rows_total: r.total,
      rows_created: r.created,
      rows_updated: r.updated,
      rows_unchanged: r.unchanged,
      rows_invalid: r.invalid,
      issue_count: r.issueCount,
      issues: JSON.stringify(r.issues),
      error: r.error,
      ...(dropFile ? { file: null } : {}),
    })
    .where('id', '=', id)
    .execute();
}

/** The file of a dry run is dropped once it was applied: it is not needed again. */
export async function dropImportFile(db: Db, id: number) {
  await db.updateTable('import_job').set({ file: null }).where('id', '=', id).execute();
}

export interface ImportJobFilter {
  cityCode: string | null;
  kind: ImportKind | null;
}

/** Newest first; `after` is the id of the last job of the previous page. */
export function listImportJobs(db: Db, f: ImportJobFilter, page: { after?: number; limit: number }) {
  return db
    .selectFrom('import_job')
    .select(JOB_COLUMNS)
    .$if(f.cityCode !== null, (q) => q.where('city_code', '=', f.cityCode!))
    .$if(f.kind !== null, (q) => q.where('kind', '=', f.kind!))
    .$if(page.after !== undefined, (q) => q.where('id', '<', page.after!))
    .orderBy('id', 'desc')
    .limit(page.limit)
    .execute()
    .then((rows) => rows.map((r) => ({ ...r, issues: r.issues as ImportIssue[] })));
}

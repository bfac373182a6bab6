// Imports as the console sees them: a job (dry run or apply) with its progress while it runs and
// its report when done, the history of jobs, applying a dry run, and the activation-code sheets.
// Uploading the file itself is plain HTTP (POST /api/imports/:kind, see http/imports.ts).
import { ConflictError, ForbiddenError, InputError, NotFoundError } from '../domain/errors.ts';
import type { ImportIssue } from '../imports/issues.ts';
import { MessageParamRef, REASON_DESCRIPTION } from './errors.ts';
import { codesWaiting, type IssuedCode } from '../imports/code-sheets.ts';
import { importProgress, type Progress } from '../imports/progress.ts';
import { listImportJobs, type ImportJobRow, type ImportKind } from '../repositories/import-job.ts';
import { applyDryRun, importJob, importScope } from '../services/imports.ts';
import { issueStationCodes, takeImportCodes } from '../services/code-sheets.ts';
import { builder } from './builder.ts';
import { CityRef } from './city.ts';
import { encodeCursor, decodeCursor, pageSizes } from './cursor.ts';
import { UserRef } from './user.ts';
import { resolveCursorConnection, type ResolveCursorConnectionArgs } from '@pothos/plugin-relay';
import { msg } from '../domain/messages.ts';

const KindEnum = builder.enumType('ImportKind', { values: ['STATIONS', 'STAFF'] as const });
const ModeEnum = builder.enumType('ImportMode', { values: ['DRY_RUN', 'APPLY'] as const });
const StateEnum = builder.enumType('ImportState', { values: ['RUNNING', 'DONE', 'FAILED'] as const });
const PhaseEnum = builder.enumType('ImportPhase', { values: ['READING', 'CHECKING', 'WRITING', 'FINISHING'] as const });

const IssueRef = builder.objectRef<ImportIssue>('ImportIssue').implement({
  description: 'A problem in the file: row as the spreadsheet numbers it (header = 1), column as documented.',
  fields: (t) => ({
    row: t.exposeInt('row', { nullable: true }),
    column: t.exposeString('column', { nullable: true }),
    message: t.exposeString('message'),
    reason: t.string({ nullable: true, description: REASON_DESCRIPTION, resolve: (i) => i.reason ?? null }),
    params: t.field({ type: [MessageParamRef], resolve: (i) => Object.entries(i.params ?? {}) }),
  }),
});

const ProgressRef = builder.objectRef<Progress>('ImportProgress').implement({
  fields: (t) => ({
    phase: t.field({ type: PhaseEnum, resolve: (p) => p.phase }),
    done: t.exposeInt('done'),
    total: t.exposeInt('total', { description: 'READING: bytes; CHECKING: rows; WRITING: rows to write.' }),
  }),
});

const IssuedCodeRef = builder.objectRef<IssuedCode>('IssuedActivationCode').implement({
  fields: (t) => ({
    userId: t.exposeInt('userId'),
    displayName: t.exposeString('displayName'),
    login: t.exposeString('login', { description: 'The email or phone the person signs in with.' }),
    stationCode: t.exposeString('stationCode'),
    code: t.exposeString('code'),
    link: t.exposeString('link'),
    expiresAt: t.field({ type: 'DateTime', resolve: (c) => c.expiresAt }),
  }),
});

const SheetRef = builder.objectRef<{ codes: IssuedCode[] }>('ActivationCodeSheet').implement({
  description: 'One-time codes to print and hand out, shown once (only their hashes are kept).',
  fields: (t) => ({ codes: t.field({ type: [IssuedCodeRef], resolve: (s) => s.codes }) }),
});

export const ImportJobRef = builder.objectRef<ImportJobRow>('ImportJob').implement({
  fields: (t) => ({
    id: t.exposeInt('id'),
    kind: t.field({ type: KindEnum, resolve: (j) => j.kind as ImportKind }),
    mode: t.field({ type: ModeEnum, resolve: (j) => j.mode as 'DRY_RUN' | 'APPLY' }),
    state: t.field({ type: StateEnum, resolve: (j) => j.state as 'RUNNING' | 'DONE' | 'FAILED' }),
    progress: t.field({
      type: ProgressRef,
      nullable: true,
      description: 'While RUNNING in this server process.',
      resolve: (j) => importProgress(j.id),
    }),
    fileName: t.exposeString('file_name'),
    fileFormat: t.exposeString('file_format'),
    fileSize: t.exposeInt('file_size'),
    city: t.field({
      type: CityRef,
      nullable: true,
      description: "A city manager's import: their city.",
      resolve: (j) => j.city_code,
    }),
    createdBy: t.field({ type: UserRef, nullable: true, resolve: (j) => j.created_by }),
    createdAt: t.field({ type: 'DateTime', resolve: (j) => j.created_at }),
    finishedAt: t.field({ type: 'DateTime', nullable: true, resolve: (j) => j.finished_at }),
    dryRunId: t.exposeInt('dry_run_id', { nullable: true, description: 'APPLY: the dry run it applied.' }),
    rows: t.exposeInt('rows_total'),
    created: t.exposeInt('rows_created', { description: 'DRY_RUN: would be created.' }),
    updated: t.exposeInt('rows_updated'),
    unchanged: t.exposeInt('rows_unchanged'),
    invalidRows: t.exposeInt('rows_invalid'),
    issueCount: t.exposeInt('issue_count'),
    issues: t.field({
      type: [IssueRef],
      description: 'The first 1,000 problems, in file order.',
      resolve: (j) => j.issues,
    }),
    error: t.exposeString('error', { nullable: true }),
    activationCodesWaiting: t.int({
      description: 'STAFF apply: codes not yet taken (takeActivationCodes).',
      resolve: (j) => codesWaiting(j.id),
    }),
  }),
});

builder.queryFields((t) => ({
  importJob: t.field({
    type: ImportJobRef,
    nullable: true,
    authScopes: { manager: true },
    args: { id: t.arg.int({ required: true, validate: { min: [1, { message: 'is not an import id' }] } }) },
    resolve: (_r, { id }, ctx) => importJob(ctx, id),
  }),
  importJobs: t.connection({
    type: ImportJobRef,
    description: "History of imports, newest first (city managers: their city's).",
    authScopes: { manager: true },
    args: { kind: t.arg({ type: KindEnum, required: false }) },
    resolve: async (_r, args, ctx) => {
      const scope = importScope(ctx.viewer);
      const cursor = decodeCursor('import', args.after, 'after');
      const after = cursor === undefined ? undefined : Number(cursor);
      if (after !== undefined && !Number.isSafeInteger(after)) throw InputError.of('after', msg('input.badCursor'));
      return resolveCursorConnection(
        {
          args: { first: args.first, after: args.after },
          toCursor: (j: ImportJobRow) => encodeCursor('import', j.id),
          ...pageSizes(args),
        },
        ({ limit }: ResolveCursorConnectionArgs) =>
          listImportJobs(ctx.db, { cityCode: scope.onlyCity, kind: args.kind ?? null }, { after, limit }),
      );
    },
  }),
}));

builder.mutationFields((t) => ({
  applyImport: t.field({
    type: ImportJobRef,
    description: 'Applies a dry run without problems, in one transaction, in the background: poll importJob(id).',
    errors: { types: [NotFoundError, ConflictError], directResult: true },
    authScopes: { manager: true },
    args: { dryRunId: t.arg.int({ required: true, validate: { min: [1, { message: 'is not an import id' }] } }) },
    resolve: async (_r, { dryRunId }, ctx) => (await importJob(ctx, (await applyDryRun(ctx, dryRunId)).id))!,
  }),
  takeActivationCodes: t.field({
    type: SheetRef,
    description: 'The activation codes a staff import made, once, to the person who applied it.',
    errors: { types: [NotFoundError, ConflictError], directResult: true },
    authScopes: { manager: true },
    args: { importId: t.arg.int({ required: true, validate: { min: [1, { message: 'is not an import id' }] } }) },
    resolve: async (_r, { importId }, ctx) => ({ codes: await takeImportCodes(ctx, importId) }),
  }),
  issueActivationCodes: t.field({
    type: SheetRef,
    description:
      'New one-time codes for every staff member of a station who has not activated yet (earlier codes stop working).',
    errors: { types: [NotFoundError, ForbiddenError], directResult: true },
    authScopes: { manager: true },
    args: { stationCode: t.arg.string({ required: true, validate: { minLength: 1, maxLength: 32 } }) },
    resolve: async (_r, { stationCode }, ctx) => ({ codes: await issueStationCodes(ctx, stationCode) }),
  }),
}));

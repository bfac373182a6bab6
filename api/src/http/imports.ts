// Plain HTTP beside GraphQL for files: uploading an import (the raw file as the body; its dry run
// then runs in the background and is polled through GraphQL `importJob`), and exporting the
// registry as CSV or XLSX in the import format. Bearer token in the Authorization header, as GraphQL.
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import type { AppDeps } from '../context.ts';
import { AppError, messageOf } from '../domain/errors.ts';
import { msg, type Message } from '../domain/messages.ts';
import { STATION_HEADER, stationExportRow, type StoredStatusValue } from '../imports/station-format.ts';
import { registryRows } from '../repositories/station-registry.ts';
import { currentRequestId } from '../request-id.ts';
import { importScope, MAX_IMPORT_BYTES, startDryRun } from '../services/imports.ts';
import { signedInContext } from './viewer.ts';

const KINDS = { stations: 'STATIONS', staff: 'STAFF' } as const;
const STATUS: Record<string, number> = {
  BAD_USER_INPUT: 400,
  NOT_FOUND: 404,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  CONFLICT: 409,
};

function fail(res: Response, status: number, code: string, message: string | Message) {
  const { message: text, reason, params } = messageOf(message);
  res.status(status).json({
    error: {
      code,
      message: text,
      ...(reason ? { reason, params } : {}),
      ...(status >= 500 ? { errorId: currentRequestId() } : {}),
    },
  });
}

/** Runs a handler; expected failures become JSON errors with their status, anything else a 500 with the request id. */
const handled =
  (deps: AppDeps, fn: (req: Request, res: Response) => Promise<void>) => async (req: Request, res: Response) => {
    try {
      await fn(req, res);
    } catch (err) {
      if (err instanceof AppError) {
        const code = String(err.extensions.code);
        return fail(res, STATUS[code] ?? 400, code, err.message);
      }
      deps.logger.error({ err, errorId: currentRequestId() }, 'import/export request failed');
      if (!res.headersSent) fail(res, 500, 'INTERNAL_SERVER_ERROR', 'Unexpected error.');
      else res.destroy();
    }
  };

/** The file's name as the browser sent it (URL-encoded); a malformed one is kept as sent. */
function safeName(header: string): string {
  try {
    return decodeURIComponent(header);
  } catch {
    return header;
  }
}

async function upload(deps: AppDeps, req: Request, res: Response) {
  const kind = KINDS[req.params.kind as keyof typeof KINDS];
  if (!kind) return fail(res, 404, 'NOT_FOUND', 'Import kinds are "stations" and "staff"');
  const ctx = await signedInContext(deps, req);
  const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  if (body.length === 0) return fail(res, 400, 'BAD_USER_INPUT', 'Send the file as the request body (CSV or XLSX)');
  const name = safeName(String(req.headers['x-file-name'] ?? 'upload'));
  const { id } = await startDryRun(ctx, kind, name, new Uint8Array(body.buffer, body.byteOffset, body.byteLength));
  res.status(202).json({ id, mode: 'DRY_RUN', state: 'RUNNING' });
}

async function exportStations(deps: AppDeps, req: Request, res: Response) {
  const scope = importScope((await signedInContext(deps, req)).viewer);
  const requested = typeof req.query.city === 'string' && req.query.city ? req.query.city.toUpperCase() : null;
  if (scope.onlyCity && requested && requested !== scope.onlyCity)
    return fail(res, 403, 'FORBIDDEN', `You can export ${scope.onlyCity} only`);
  const city = scope.onlyCity ?? requested;
  const rows = (await registryRows(deps.db, city)).map((s) =>
    stationExportRow({ ...s, status: s.status as StoredStatusValue }),
  );
  const base = `stations${city ? `-${city}` : ''}`;
  res.setHeader('cache-control', 'no-store');
  if (req.params.format === 'xlsx') {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('stations');
    sheet.addRow(STATION_HEADER);
    // Text cells everywhere (numbers too), so Excel never turns a value into a date or rounds it.
    for (const r of rows) sheet.addRow(r);
    sheet.getColumn(1).width = 12;
    res.setHeader('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader('content-disposition', `attachment; filename="${base}.xlsx"`);
    res.end(Buffer.from(await book.xlsx.writeBuffer()));
    return;
  }
  res.setHeader('content-type', 'text/csv; charset=utf-8');
  res.setHeader('content-disposition', `attachment; filename="${base}.csv"`);
  // A BOM so Excel reads the Chinese names as UTF-8; CRLF as RFC 4180.
  res.end(`\uFEFF${stringify([STATION_HEADER, ...rows], { record_delimiter: 'windows' })}`);
}

export function importRouter(deps: AppDeps): Router {
  const router = Router();
  const raw = express.raw({ type: () => true, limit: MAX_IMPORT_BYTES });
  router.post(
    '/api/imports/:kind',
    raw,
    handled(deps, (req, res) => upload(deps, req, res)),
  );
  router.get(
    '/api/export/stations.:format',
    handled(deps, (req, res) => exportStations(deps, req, res)),
  );
  // express.raw's refusal of a too-large body, as the same JSON errors.
  router.use((err: Error & { type?: string; status?: number }, req: Request, res: Response, next: NextFunction) => {
    if (err.type === 'entity.too.large') {
      // Read (and drop) the rest of the upload first: answering mid-upload resets the client's connection.
      const answer = () =>
        fail(res, 413, 'BAD_USER_INPUT', msg('import.uploadTooLarge', { mb: MAX_IMPORT_BYTES / 1048576 }));
      if (req.complete) return answer();
      req.once('end', answer).resume();
      return;
    }
    if (err.status && err.status < 500) return fail(res, err.status, 'BAD_USER_INPUT', err.message);
    next(err);
  });
  return router;
}

// Reads an uploaded registry file (CSV or XLSX, told apart by their bytes, not their name) into a
// header and rows of trimmed text cells, numbered as a spreadsheet shows them (header = row 1).
// Whatever makes the file unreadable as a whole (encoding, binary, merged cells, broken quoting)
// is an issue with no row, or with the row and column at fault: nothing is imported from it.
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { importIssue, type ImportIssue } from './issues.ts';
import { msg, type Message } from '../domain/messages.ts';

export type FileFormat = 'CSV' | 'XLSX';

export interface TableRow {
  /** 1-based, as a spreadsheet numbers it: the header is row 1. */
  row: number;
  cells: string[];
}

export interface Table {
  format: FileFormat;
  /** CSV only: UTF-8, UTF-8 with BOM, GB18030, UTF-16LE/BE. */
  encoding: string | null;
  header: string[];
  rows: TableRow[];
  /** Cells that cannot be read as text (Excel dates, errors), reported by the caller with its column names. */
  cellIssues: { row: number; index: number; problem: Message }[];
}

export class UnreadableFileError extends Error {
  constructor(readonly issues: ImportIssue[]) {
    super(issues.map((i) => i.message).join('; '));
  }
}

const fail = (problem: Message, row: number | null = null, column: string | null = null): never => {
  throw new UnreadableFileError([importIssue(row, column, problem)]);
};

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0]; // legacy .xls
const startsWith = (b: Uint8Array, sig: number[]) => sig.every((x, i) => b[i] === x);

export async function readTable(bytes: Uint8Array): Promise<Table> {
  if (bytes.length === 0) fail(msg('file.empty'));
  if (startsWith(bytes, ZIP)) return readXlsx(bytes);
  if (startsWith(bytes, OLE)) fail(msg('file.xls'));
  const { text, encoding } = decodeText(bytes);
  return readCsv(text, encoding);
}

/**
 * UTF-8 (with or without BOM), UTF-16 with BOM (Excel's "Unicode text"), else GB18030 (a
 * superset of GBK and GB2312, what Excel on a Chinese Windows saves as "CSV"). Text that is
 * neither is refused rather than imported as mojibake.
 */
export function decodeText(bytes: Uint8Array): { text: string; encoding: string } {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (startsWith(bytes, [0xef, 0xbb, 0xbf]))
    return {
      text: strictUtf8(buf.subarray(3)) ?? fail(msg('file.badBom')),
      encoding: 'UTF-8 (BOM)',
    };
  if (startsWith(bytes, [0xff, 0xfe])) return { text: iconv.decode(buf.subarray(2), 'utf-16le'), encoding: 'UTF-16LE' };
  if (startsWith(bytes, [0xfe, 0xff])) return { text: iconv.decode(buf.subarray(2), 'utf-16be'), encoding: 'UTF-16BE' };
  if (buf.includes(0)) fail(msg('file.binary'));
  const utf8 = strictUtf8(buf);
  if (utf8 !== null) return { text: utf8, encoding: 'UTF-8' };
  const gb = iconv.decode(buf, 'gb18030');
  if (gb.includes('\ufffd') || /[\u0080-\u009f]/.test(gb)) {
    fail(msg('file.encoding'));
  }
  return { text: gb, encoding: 'GB18030' };
}

function strictUtf8(buf: Buffer): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    return null;
  }
}

/** Comma, semicolon (Excel in some locales) or tab (Excel's "Unicode text"): whichever the header uses most. */
function delimiterOf(text: string): string {
  const first = text.slice(0, text.search(/\r?\n|$/));
  const counts = [',', ';', '\t'].map((d) => [d, first.split(d).length - 1] as const);
  return counts.reduce((a, b) => (b[1] > a[1] ? b : a))[0];
}

function readCsv(text: string, encoding: string): Table {
  let records: string[][];
  try {
    records = parse(text, {
      delimiter: delimiterOf(text),
      relax_column_count: true,
      skip_empty_lines: false,
      bom: true,
    });
  } catch (err) {
    // `records` counts the rows read before the one at fault (the header included).
    const e = err as { records?: number; message: string };
    const row = (e.records ?? 0) + 1;
    return fail(msg('file.badCsv', { row, detail: e.message.replace(/ at line \d+$/, '') }), row);
  }
  return toTable(
    'CSV',
    encoding,
    records.map((cells, i) => ({ row: i + 1, cells: cells.map((c) => c.trim()) })),
    [],
  );
}

function toTable(format: FileFormat, encoding: string | null, all: TableRow[], cellIssues: Table['cellIssues']): Table {
  const nonEmpty = all.filter((r) => r.cells.some((c) => c !== ''));
  const [head, ...rows] = nonEmpty;
  if (!head) return fail(msg('file.noHeader'));
  return { format, encoding, header: head.cells, rows, cellIssues };
}

async function readXlsx(bytes: Uint8Array): Promise<Table> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
  } catch {
    return fail(msg('file.badXlsx'));
  }
  const sheet = workbook.worksheets.find((w) => w.state === 'visible' && w.actualRowCount > 0);
  if (!sheet) return fail(msg('file.noSheet'));
  const merges = (sheet.model as { merges?: string[] }).merges ?? [];
  if (merges.length) {
    throw new UnreadableFileError(
      merges
        .slice(0, 50)
        .map((range) =>
          importIssue(
            Number(/\d+/.exec(range)?.[0] ?? 0) || null,
            null,
            msg('file.merged', { range, sheet: sheet.name }),
          ),
        ),
    );
  }
  const rows: TableRow[] = [];
  const cellIssues: Table['cellIssues'] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      const { text, issue } = cellText(cell.value);
      cells[col - 1] = text;
      if (issue) cellIssues.push({ row: rowNumber, index: col - 1, problem: issue });
    });
    rows.push({ row: rowNumber, cells: Array.from(cells, (c) => c ?? '') });
  });
  return toTable('XLSX', null, rows, cellIssues);
}

/** The text a person sees in a cell; dates and errors are refused (no column here takes a date). */
function cellText(v: ExcelJS.CellValue): { text: string; issue?: Message } {
  if (v === null || v === undefined) return { text: '' };
  if (v instanceof Date) {
    return {
      text: v.toISOString().slice(0, 10),
      issue: msg('cell.date', { date: v.toISOString().slice(0, 10) }),
    };
  }
  if (typeof v === 'number' || typeof v === 'boolean') return { text: String(v) };
  if (typeof v === 'string') return { text: v.trim() };
  if ('richText' in v)
    return {
      text: v.richText
        .map((r) => r.text)
        .join('')
        .trim(),
    };
  if ('error' in v) return { text: '', issue: msg('cell.excelError', { error: String(v.error) }) };
  if ('formula' in v || 'sharedFormula' in v) {
    const result = (v as { result?: ExcelJS.CellValue }).result;
    return result === undefined ? { text: '', issue: msg('cell.formula') } : cellText(result as ExcelJS.CellValue);
  }
  if ('text' in v) return { text: String(v.text).trim() };
  return { text: String(v) };
}

// A factor set edition as a CSV file, one factor a row (header names below, any order). Read in
// the browser so every row's faults show before anything is sent; the API then checks the set as
// it checks any publication, and its faults (input.factors.<i>.<field>) are mapped back to rows.
// Row numbers are the spreadsheet's: the header is row 1, the first factor row 2.
import { csvText } from '../../../lib/csv.ts';
import type { FactorSet } from '../../../lib/documents.ts';

export const FACTOR_COLUMNS = [
  'materialCode',
  'outcome',
  'unit',
  'value',
  'low',
  'high',
  'year',
  'source',
  'sourceZh',
  'sourceUrls',
  'evidence',
] as const;
const REQUIRED = ['materialCode', 'outcome', 'unit', 'value', 'low', 'high', 'year', 'source'] as const;
const OUTCOMES = ['REUSED', 'RECYCLED'] as const;
const UNITS = ['PER_ITEM', 'PER_KG'] as const;
const EVIDENCE = ['PRIMARY', 'SECONDARY', 'DERIVED', 'ASSUMPTION'] as const;

export interface FactorRow {
  materialCode: string;
  outcome: (typeof OUTCOMES)[number];
  unit: (typeof UNITS)[number];
  value: number;
  low: number;
  high: number;
  year: number;
  source: string;
  sourceZh: string | null;
  sourceUrls: string[];
  evidence: (typeof EVIDENCE)[number] | null;
}

export interface RowIssue {
  row: number;
  column: string | null;
  /** English; the console shows `factors.fault.<fault>` with `params` in the person's language. */
  message: string;
  fault?: keyof typeof FAULTS;
  params?: Record<string, string>;
}

/** The browser's own faults in English (the i18n dictionaries hold both languages). */
const FAULTS = {
  missing: 'column missing',
  empty: 'is empty',
  notNumber: 'not a number: "{value}"',
  oneOf: 'must be one of {values}',
  emptyOrOneOf: 'must be empty or one of {values}',
} as const;
const fault = (row: number, column: string, f: keyof typeof FAULTS, params: Record<string, string> = {}): RowIssue => ({
  row,
  column,
  message: FAULTS[f].replace(/\{(\w+)\}/g, (_, k: string) => params[k] ?? ''),
  fault: f,
  params,
});

/** RFC 4180 fields: quotes around a field, "" for a quote inside it, commas and newlines in quotes. */
export function csvRecords(text: string): string[][] {
  const records: string[][] = [];
  let field = '',
    record: string[] = [],
    quoted = false;
  const s = text.replace(/^\uFEFF/, '');
  const endField = () => {
    record.push(field);
    field = '';
  };
  const endRecord = () => {
    endField();
    records.push(record);
    record = [];
  };
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quoted && c === '"' && s[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') quoted = !quoted;
    else if (quoted) field += c;
    else if (c === ',') endField();
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && s[i + 1] === '\n') i++;
      endRecord();
    } else field += c;
  }
  if (field !== '' || record.length > 0) endRecord();
  return records.filter((r) => r.some((f) => f.trim() !== ''));
}

const oneOf = <T extends string>(values: readonly T[], v: string): T | undefined =>
  values.find((x) => x === v.trim().toUpperCase());

/** The factors of a file, or the faults of each row (all of them, not the first). */
export function parseFactorCsv(text: string): { factors: FactorRow[]; issues: RowIssue[] } {
  const [header = [], ...rows] = csvRecords(text);
  const names = header.map((h) => h.trim());
  const issues: RowIssue[] = REQUIRED.filter((c) => !names.includes(c)).map((c) => fault(1, c, 'missing'));
  if (issues.length > 0) return { factors: [], issues };
  const factors: FactorRow[] = [];
  rows.forEach((cells, i) => {
    const row = i + 2;
    const get = (c: string) => (cells[names.indexOf(c)] ?? '').trim();
    const bad = (column: string, f: keyof typeof FAULTS, params: Record<string, string> = {}) =>
      issues.push(fault(row, column, f, params));
    const num = (c: string) => {
      const n = Number(get(c));
      if (get(c) === '' || !Number.isFinite(n)) bad(c, 'notNumber', { value: get(c) });
      return n;
    };
    const outcome = oneOf(OUTCOMES, get('outcome')),
      unit = oneOf(UNITS, get('unit'));
    const evidence = get('evidence') ? oneOf(EVIDENCE, get('evidence')) : null;
    if (!get('materialCode')) bad('materialCode', 'empty');
    if (!outcome) bad('outcome', 'oneOf', { values: OUTCOMES.join(', ') });
    if (!unit) bad('unit', 'oneOf', { values: UNITS.join(', ') });
    if (evidence === undefined) bad('evidence', 'emptyOrOneOf', { values: EVIDENCE.join(', ') });
    if (!get('source')) bad('source', 'empty');
    const f = { value: num('value'), low: num('low'), high: num('high'), year: num('year') };
    if (outcome && unit && evidence !== undefined) {
      factors.push({
        materialCode: get('materialCode'),
        outcome,
        unit,
        ...f,
        source: get('source'),
        sourceZh: get('sourceZh') || null,
        sourceUrls: get('sourceUrls').split(/\s+/).filter(Boolean),
        evidence,
      });
    }
  });
  return { factors, issues };
}

/** An API fault on "input.factors.3.low" is row 5 (header row 1, factor 0 on row 2), column low. */
export function issueRow(field: string, message: string): RowIssue {
  const m = /^input\.factors\.(\d+)(?:\.(\w+))?$/.exec(field);
  return m ? { row: Number(m[1]) + 2, column: m[2] ?? null, message } : { row: 0, column: field, message };
}

/** A set as a CSV to edit and publish as the next edition. */
export function factorCsv(set: FactorSet): string {
  return csvText(
    FACTOR_COLUMNS,
    set.factors.map((f) => FACTOR_COLUMNS.map((c) => f[c])),
  );
}

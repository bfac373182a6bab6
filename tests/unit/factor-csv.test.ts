// The factor-set CSV the console publishes from: fields in quotes, every faulty row named with its
// spreadsheet row (header = 1) and column, API faults mapped to the same rows, and a set written
// out and read back unchanged.
import { describe, expect, it } from 'vitest';
import { csvRecords, factorCsv, issueRow, parseFactorCsv } from '../../web/src/routes/admin/console/factor-csv.ts';

const HEADER = 'materialCode,outcome,unit,value,low,high,year,source,sourceZh,sourceUrls,evidence';

describe('factor CSV', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, and a BOM', () => {
    expect(csvRecords('\uFEFFa,"b,c","say ""hi"""\r\n"x\ny",2\n\n')).toEqual([
      ['a', 'b,c', 'say "hi"'],
      ['x\ny', '2'],
    ]);
  });

  it('turns rows into factors', () => {
    const text = `${HEADER}\nBOX_M,reused,PER_ITEM,0.42,0.3,0.5,2024,"Study, table 3",研究,https://a.example docs/x.md,primary\n`;
    const { factors, issues } = parseFactorCsv(text);
    expect(issues).toEqual([]);
    expect(factors).toEqual([
      {
        materialCode: 'BOX_M',
        outcome: 'REUSED',
        unit: 'PER_ITEM',
        value: 0.42,
        low: 0.3,
        high: 0.5,
        year: 2024,
        source: 'Study, table 3',
        sourceZh: '研究',
        sourceUrls: ['https://a.example', 'docs/x.md'],
        evidence: 'PRIMARY',
      },
    ]);
  });

  it('names every fault by row and column', () => {
    const text = `${HEADER}\nBOX_M,REUSED,PER_ITEM,0.4,0.3,0.5,2024,ok,,,\n,KEPT,PER_ITEM,abc,0.3,0.5,2024,,,,\n`;
    expect(parseFactorCsv(text).issues).toMatchObject([
      { row: 3, column: 'materialCode', message: 'is empty', fault: 'empty' },
      { row: 3, column: 'outcome', message: 'must be one of REUSED, RECYCLED' },
      { row: 3, column: 'source', message: 'is empty' },
      { row: 3, column: 'value', message: 'not a number: "abc"', fault: 'notNumber', params: { value: 'abc' } },
    ]);
    expect(parseFactorCsv('materialCode,outcome\nBOX_M,REUSED\n').issues.map((i) => i.column)).toEqual([
      'unit',
      'value',
      'low',
      'high',
      'year',
      'source',
    ]);
  });

  it('maps the API fault on input.factors.3.low to row 5, column low', () => {
    expect(issueRow('input.factors.3.low', 'must not exceed value')).toEqual({
      row: 5,
      column: 'low',
      message: 'must not exceed value',
    });
    expect(issueRow('input.version', 'taken')).toEqual({ row: 0, column: 'input.version', message: 'taken' });
  });

  it('writes a set that reads back the same', () => {
    const factors = [
      {
        materialCode: 'MAILER_BAG',
        outcome: 'RECYCLED' as const,
        unit: 'PER_KG' as const,
        value: -0.1,
        low: -0.2,
        high: 0,
        year: 2023,
        source: 'A "quoted", source',
        sourceZh: null,
        sourceUrls: [],
        evidence: null,
      },
    ];
    const csv = factorCsv({
      version: 'v',
      name: 'n',
      isDefault: false,
      publishedAt: null,
      displacementRate: 0.5,
      notes: '',
      notesZh: null,
      factors,
    });
    expect(parseFactorCsv(csv)).toEqual({ factors, issues: [] });
  });
});

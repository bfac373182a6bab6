// Files as people's spreadsheets produce them: GB18030 (Excel on a Chinese Windows), UTF-8 with or
// without a BOM, UTF-16 ("Unicode text", tab-separated), semicolons, Excel workbooks with dates,
// merged cells or errors, damaged and oversized files. Each gives the same stations or a clear
// error, never a partial import.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { makeUser } from '../helpers/factories.ts';
import { csv, startImportServer, STATION_HEADER } from '../helpers/imports.ts';

let t: TestApp;
let h: Awaited<ReturnType<typeof startImportServer>>;
let admin: string;

beforeAll(async () => {
  t = await createTestApp();
  h = await startImportServer(t);
  admin = (await makeUser(t, 'ADMIN')).token;
});
afterAll(async () => {
  await h.close();
  await t.close();
});

const HEADER = STATION_HEADER.split(',');
const ROW = [
  'SH-65001',
  '静安寺驿站',
  '上海',
  '静安区',
  '南京西路 1 号',
  '31.2231',
  '121.4453',
  'WGS84',
  '300',
  '营业中',
];
const TEXT = csv([HEADER, ROW]);

async function workbook(fill: (sheet: ExcelJS.Worksheet) => void): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('stations');
  sheet.addRow(HEADER);
  fill(sheet);
  return new Uint8Array(await book.xlsx.writeBuffer());
}

describe('encodings', () => {
  it.each([
    ['UTF-8 without BOM', new TextEncoder().encode(TEXT)],
    ['UTF-8 with BOM', new TextEncoder().encode(`\uFEFF${TEXT}`)],
    ['GB18030 (GBK)', iconv.encode(TEXT, 'gb18030')],
    [
      'UTF-16LE with BOM, tab-separated',
      iconv.encode(`\uFEFF${[HEADER, ROW].map((r) => r.join('\t')).join('\r\n')}`, 'utf-16le'),
    ],
    ['semicolon-separated', new TextEncoder().encode([HEADER, ROW].map((r) => r.join(';')).join('\n'))],
  ])('%s: one station to create, Chinese text intact', async (_label, bytes) => {
    const dry = await h.dryRun(admin, 'stations', bytes);
    expect(dry).toMatchObject({ state: 'DONE', rows: 1, created: 1, issueCount: 0, fileFormat: 'CSV' });
  });

  it('refuses bytes that are neither UTF-8 nor GB18030, saying how to save the file', async () => {
    const broken = new Uint8Array([...new TextEncoder().encode(`${STATION_HEADER}\n`), 0x81, 0x20, 0xfe, 0x0a]);
    const dry = await h.dryRun(admin, 'stations', broken);
    expect(dry).toMatchObject({
      state: 'FAILED',
      issues: [{ row: null, column: null, message: expect.stringMatching(/neither UTF-8 nor GB18030.*CSV UTF-8/) }],
    });
  });

  it('refuses a binary file and an old .xls', async () => {
    expect((await h.dryRun(admin, 'stations', new Uint8Array([1, 0, 2, 0, 3]))).issues[0]!.message).toMatch(
      /not a text \(CSV\) or Excel/,
    );
    expect(
      (await h.dryRun(admin, 'stations', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))).issues[0]!
        .message,
    ).toMatch(/old Excel \.xls/);
  });

  it('reports an unclosed quote with its line', async () => {
    const dry = await h.dryRun(
      admin,
      'stations',
      `${STATION_HEADER}\r\nSH-65002,"no end quote,SH,d,a,31.2,121.4,WGS84,100,\r\n`,
    );
    expect(dry).toMatchObject({
      state: 'FAILED',
      issues: [{ row: 2, message: expect.stringMatching(/cannot be read/) }],
    });
  });
});

describe('Excel workbooks', () => {
  it('reads an .xlsx with numbers as numbers and text as text', async () => {
    const bytes = await workbook((s) =>
      s.addRow(['SH-65003', '驿站', 'SH', '静安区', '路 1 号', 31.2231, 121.4453, 'WGS84', 300, 'OPEN']),
    );
    expect(await h.dryRun(admin, 'stations', bytes, 'x.xlsx')).toMatchObject({
      state: 'DONE',
      fileFormat: 'XLSX',
      created: 1,
      issueCount: 0,
    });
  });

  it('names a cell that Excel turned into a date, and a cell with an Excel error', async () => {
    const bytes = await workbook((s) => {
      s.addRow([
        'SH-65004',
        '驿站',
        'SH',
        '静安区',
        '路 1 号',
        31.2231,
        121.4453,
        'WGS84',
        new Date(Date.UTC(2026, 2, 12)),
        'OPEN',
      ]);
      s.addRow(['SH-65005', '驿站', 'SH', '静安区', '路 2 号', { error: '#REF!' }, 121.4453, 'WGS84', 300, 'OPEN']);
    });
    const dry = await h.dryRun(admin, 'stations', bytes, 'dates.xlsx');
    expect(dry.issues).toEqual(
      expect.arrayContaining([
        {
          row: 2,
          column: 'bin_capacity',
          message: expect.stringMatching(/is a date \(2026-03-12\): Excel turned the value into a date/),
        },
        { row: 3, column: 'lat', message: 'holds the Excel error #REF!' },
      ]),
    );
    expect(dry.created).toBe(0);
  });

  it('refuses merged cells, naming the range', async () => {
    const bytes = await workbook((s) => {
      s.addRow(['SH-65006', '驿站', 'SH', '静安区', '路 1 号', 31.2231, 121.4453, 'WGS84', 300, 'OPEN']);
      s.addRow(['SH-65007', '驿站', 'SH', '静安区', '路 1 号', 31.2231, 121.4453, 'WGS84', 300, 'OPEN']);
      s.mergeCells('D2:D3');
    });
    const dry = await h.dryRun(admin, 'stations', bytes, 'merged.xlsx');
    expect(dry).toMatchObject({
      state: 'FAILED',
      issues: [{ row: 2, column: null, message: expect.stringMatching(/Cells D2:D3 are merged/) }],
    });
  });

  it('refuses a damaged workbook', async () => {
    const bytes = await workbook((s) => s.addRow(ROW));
    const dry = await h.dryRun(admin, 'stations', bytes.slice(0, 200), 'cut.xlsx');
    expect(dry).toMatchObject({ state: 'FAILED', issues: [{ message: expect.stringMatching(/cannot be opened/) }] });
  });
});

describe('size', () => {
  it('refuses a 50 MB upload with 413 and a clear message, creating no job', async () => {
    const jobs = async () =>
      Number((await sql<{ n: number }>`select count(*)::int as n from import_job`.execute(t.db.db)).rows[0]!.n);
    const before = await jobs();
    const big = new Uint8Array(50 * 1024 * 1024).fill(0x41);
    const r = await h.upload(admin, 'stations', big);
    expect(r).toEqual({
      status: 413,
      body: {
        error: {
          code: 'BAD_USER_INPUT',
          message: 'The file is larger than 20 MB: split it into smaller files',
          reason: 'import.uploadTooLarge',
          params: { mb: 20 },
        },
      },
    });
    expect(await jobs()).toBe(before);
  });

  it('refuses an empty body', async () => {
    expect(await h.upload(admin, 'stations', new Uint8Array(0))).toMatchObject({
      status: 400,
      body: { error: { code: 'BAD_USER_INPUT' } },
    });
  });
});

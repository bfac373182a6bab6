// GET /reports/carbon.csv as a stream a person can check: parsed back with csv-parse and compared
// with the GraphQL report row by row and total by total (every groupBy, station x day beyond
// GraphQL's limit, another factor set); BOM, CRLF, the header lines, Chinese names, a header-only
// file for an empty period, and the "# end,rows=N" trailer that marks a complete file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok, member } from '../../helpers/app.ts';
import { NAMES, PERIOD, REPORT, type ReportRow } from '../../helpers/carbon-fixture.ts';
import type { SchemaType } from '../../../web/src/lib/graphql.ts';
import { parseCsv, startCsvServer, type CsvServer } from './csv.ts';

let csv: CsvServer;
beforeAll(async () => {
  csv = await startCsvServer();
});
afterAll(() => csv?.close());

const NUMBERS = [
  'drop_offs',
  'items',
  'items_reused',
  'items_recycled',
  'kg',
  'kg_reused',
  'kg_recycled',
  'displacement_rate',
  'kg_weighed',
  'kg_estimated',
] as const;
/** A GraphQL row in the CSV's terms, for an exact comparison. */
function asCsv(r: ReportRow, rowType: string, version: string, displacementRate: number) {
  const c = r.co2e;
  return {
    row_type: rowType,
    city_code: r.cityCode ?? '',
    city_name_zh: r.cityNameZh ?? '',
    station_code: r.stationCode ?? '',
    station_name: r.stationName ?? '',
    day: r.day ?? '',
    material_code: r.materialCode ?? '',
    outcome: r.outcome ?? '',
    drop_offs: r.dropOffs,
    items: r.items,
    items_reused: r.itemsReused,
    items_recycled: r.itemsRecycled,
    kg: r.kg,
    kg_reused: r.kgReused,
    kg_recycled: r.kgRecycled,
    co2e_reuse_central_kg: c.reuse.central,
    co2e_reuse_low_kg: c.reuse.low,
    co2e_reuse_high_kg: c.reuse.high,
    co2e_recycle_central_kg: c.recycle.central,
    co2e_recycle_low_kg: c.recycle.low,
    co2e_recycle_high_kg: c.recycle.high,
    co2e_total_central_kg: c.total.central,
    co2e_total_low_kg: c.total.low,
    co2e_total_high_kg: c.total.high,
    factor_set: version,
    displacement_rate: displacementRate,
    kg_weighed: r.kgWeighed,
    kg_estimated: r.kgEstimated,
    weighed_share: r.weighedShare === null ? '' : String(r.weighedShare),
    data_quality_score: r.dataQualityScore === null ? '' : String(r.dataQualityScore),
    method_version: '2026.1',
  };
}
function fromCsv(rec: Record<string, string>) {
  const { city_name_en: _en, ...rest } = rec;
  const out: Record<string, string | number> = { ...rest };
  for (const k of [...NUMBERS, ...Object.keys(rec).filter((k) => k.startsWith('co2e_'))]) out[k] = Number(rec[k]);
  return out;
}

describe('CSV equals the GraphQL report', () => {
  it.each<[SchemaType<'CarbonReportDimension'>[]]>([
    [['NETWORK']],
    [['CITY']],
    [['STATION']],
    [['MATERIAL']],
    [['OUTCOME']],
    [['DAY']],
    [['CITY', 'DAY']],
    [['STATION', 'MATERIAL']],
  ])('groupBy %j: every row and the total', async (groupBy) => {
    const g = member(ok(await csv.t.gql(REPORT, { ...PERIOD, groupBy }, csv.admin)).carbonReport, 'CarbonReport');
    const { res, text } = await csv.download({ ...PERIOD, groupBy: groupBy.join(',') });
    expect(res.status).toBe(200);
    const records = parseCsv(text).map(fromCsv);
    expect(g.factorSet.version).toBe('CN-2026');
    expect(records).toEqual([
      ...g.rows.map((r: ReportRow) => asCsv(r, 'row', 'CN-2026', 0.5)),
      asCsv(g.total, 'total', 'CN-2026', 0.5),
    ]);
  });

  it('station x day for the whole network (too big for GraphQL) has the network total', async () => {
    const vars = { ...PERIOD, groupBy: ['NETWORK' as const], factorSet: 'DESNZ-2025' };
    const g = member(ok(await csv.t.gql(REPORT, vars, csv.admin)).carbonReport, 'CarbonReport');
    const { res, text } = await csv.download({ ...PERIOD, groupBy: 'STATION,DAY', factorSet: 'DESNZ-2025' });
    // the rows to come, announced for the page's progress bar
    expect(res.headers.get('x-report-rows')).toBe('5');
    const records = parseCsv(text);
    // BJ-10001 on 2 days, SH-10001 on 2 days, SH-10002 on 1 day
    expect(records.filter((r) => r.row_type === 'row').map((r) => `${r.station_code} ${r.day}`)).toEqual([
      'BJ-10001 2026-11-10',
      'BJ-10001 2026-11-11',
      'SH-10001 2026-11-10',
      'SH-10001 2026-11-11',
      'SH-10002 2026-11-11',
    ]);
    const total = fromCsv(records.at(-1)!);
    expect(total).toEqual(asCsv(g.total, 'total', 'DESNZ-2025', 1));
    expect(total.co2e_total_central_kg).toBe(20.345);
  });

  it('uses the factor set asked for', async () => {
    const records = parseCsv(
      (await csv.download({ ...PERIOD, groupBy: 'CITY', factorSet: 'CAINIAO-CEUCC-2021' })).text,
    );
    // 1 and 16 reused boxes x 0.037 kg
    expect(records.map((r) => [r.city_code, r.co2e_total_central_kg, r.factor_set])).toEqual([
      ['BJ', '0.037', 'CAINIAO-CEUCC-2021'],
      ['SH', '0.592', 'CAINIAO-CEUCC-2021'],
      ['', '0.629', 'CAINIAO-CEUCC-2021'],
    ]);
  });
});

describe('CSV format', () => {
  it('is UTF-8 with a BOM, CRLF line ends, header lines, then the stable columns', async () => {
    const { res, bytes, text } = await csv.download({ ...PERIOD, groupBy: 'STATION' });
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="carbon-report_2026-11-10_2026-11-11_station.csv"',
    );
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = text.slice(1).split('\r\n');
    expect(lines.filter((l) => l.includes('\n'))).toEqual([]);
    expect(lines.slice(0, 13).map((l) => l.split(',')[0])).toEqual([
      '# report',
      '# report_id',
      '# method',
      '# factor_set',
      '# displacement_rate',
      '# central_low_high',
      '# data_quality',
      '# period',
      '# group_by',
      '# cities',
      '# stations',
      '# generated_at',
      '# rows',
    ]);
    expect(lines[1]).toBe(`# report_id,${res.headers.get('x-report-id')}`);
    expect(lines[2]).toBe(
      '# method,2026.1,approved by Sustainability lead, package-recycling programme (demo sign-off) on 2026-12-01,docs/carbon-method.md'.replace(
        'approved by Sustainability lead, package-recycling programme (demo sign-off) on 2026-12-01',
        '"approved by Sustainability lead, package-recycling programme (demo sign-off) on 2026-12-01"',
      ),
    );
    expect(lines[3]).toBe('# factor_set,CN-2026,China express packaging 2026 (conservative default)');
    expect(lines[4]).toBe("# displacement_rate,0.5,the factor set's own rate");
    expect(lines[7]).toBe('# period,2026-11-10..2026-11-11,"local days (Asia/Shanghai), inclusive"');
    expect(lines[11]).toBe('# generated_at,2026-11-11T04:00:00.000Z');
    expect(lines[13]).toBe(
      'row_type,city_code,city_name_zh,city_name_en,station_code,station_name,day,material_code,outcome,drop_offs,items,' +
        'items_reused,items_recycled,kg,kg_reused,kg_recycled,co2e_reuse_central_kg,co2e_reuse_low_kg,co2e_reuse_high_kg,' +
        'co2e_recycle_central_kg,co2e_recycle_low_kg,co2e_recycle_high_kg,co2e_total_central_kg,co2e_total_low_kg,co2e_total_high_kg,factor_set,' +
        'displacement_rate,kg_weighed,kg_estimated,weighed_share,data_quality_score,method_version',
    );
  });

  it('keeps Chinese names intact', async () => {
    const records = parseCsv((await csv.download({ ...PERIOD, groupBy: 'STATION' })).text);
    expect(
      records
        .filter((r) => r.row_type === 'row')
        .map((r) => [r.station_code, r.station_name, r.city_name_zh, r.city_name_en]),
    ).toEqual([
      ['BJ-10001', NAMES['BJ-10001'], '北京', 'Beijing'],
      ['SH-10001', NAMES['SH-10001'], '上海', 'Shanghai'],
      ['SH-10002', NAMES['SH-10002'], '上海', 'Shanghai'],
    ]);
  });

  it('gives a header-only file for a period with no data', async () => {
    const { res, text } = await csv.download({ from: '2026-11-01', to: '2026-11-03', groupBy: 'STATION,DAY' });
    expect(res.status).toBe(200);
    expect(parseCsv(text)).toEqual([]);
    const lines = text.split('\r\n').filter(Boolean);
    expect(lines).toHaveLength(15);
    expect(lines.at(-2)!.startsWith('row_type,')).toBe(true);
    expect(lines.at(-1)).toBe('# end,rows=0');
  });

  it('ends every complete file with the trailer "# end,rows=N", N = the records after the column line', async () => {
    for (const groupBy of ['STATION', 'STATION,DAY', 'NETWORK']) {
      const { text } = await csv.download({ ...PERIOD, groupBy });
      expect(text.endsWith('\r\n')).toBe(true);
      const lines = text.trimEnd().split('\r\n');
      expect(lines.at(-1)).toBe(`# end,rows=${parseCsv(text).length}`);
    }
    // BJ-10001, SH-10001, SH-10002 and the total
    expect((await csv.download({ ...PERIOD, groupBy: 'STATION' })).text.trimEnd().split('\r\n').at(-1)).toBe(
      '# end,rows=4',
    );
  });
});

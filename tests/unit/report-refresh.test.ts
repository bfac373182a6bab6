// The pure parts of refreshing a station report (services/finished-report.ts readParts): which
// reports can be refreshed a station at a time, swapping a station's parts in place, and the week
// a day's change is marked in.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { groupReport, reportTotal, type ReportPart } from '../../api/src/domain/carbon-report.ts';
import {
  newcomersOf,
  refreshableByStation,
  relabelStationParts,
  relabelStationRows,
  replaceStationParts,
  replaceStationRows,
  scopeChanges,
  stationsInOrder,
} from '../../api/src/domain/report-refresh.ts';
import type { FactorSetForCalc } from '../../api/src/domain/carbon.ts';
import { mondayOf } from '../../api/src/domain/period.ts';

const part = (station: string, material: string, quantity = 1): ReportPart => ({
  city_code: station.slice(0, 2),
  city_name_zh: null,
  city_name_en: null,
  station_code: station,
  station_name: station,
  day: null,
  material_code: material,
  outcome: 'REUSED',
  entries: 1,
  quantity,
  mass_kg: 0.5,
  mass_kg_weighed: 0.5,
});

describe('replaceStationParts', () => {
  const parts = [part('A', 'BOX_M'), part('A', 'BOX_S'), part('B', 'BOX_M'), part('C', 'BOX_M')];

  it("swaps a changed station's run of parts in place, with as many parts as it now has", () => {
    const fresh = [part('B', 'BOX_M', 4), part('B', 'FOAM_FILL', 2)];
    expect(replaceStationParts(parts, ['B'], fresh)).toEqual([parts[0], parts[1], fresh[0], fresh[1], parts[3]]);
  });

  it('leaves the parts as they were when nothing changed, or a changed station has no part in the period', () => {
    expect(replaceStationParts(parts, [], [])).toEqual(parts);
    expect(replaceStationParts(parts, ['D'], [])).toEqual(parts);
  });

  it('refuses (null) a station that had no part before and no rank: its place in the order is not known', () => {
    expect(replaceStationParts(parts, ['AB'], [part('AB', 'BOX_M')])).toBeNull();
  });

  it('refuses (null) a station ranked as new that already had parts: it would be listed twice', () => {
    expect(replaceStationParts(parts, ['B'], [part('B', 'BOX_M', 4)], new Map([['B', 1]]))).toBeNull();
  });

  it('refuses (null) a rank past the last station: its parts would be dropped', () => {
    expect(replaceStationParts(parts, ['D'], [part('D', 'BOX_M')], new Map([['D', 4]]))).toBeNull();
    expect(stationsInOrder(replaceStationParts(parts, ['D'], [part('D', 'BOX_M')], new Map([['D', 3]]))!)).toEqual([
      'A',
      'B',
      'C',
      'D',
    ]);
  });

  it('newcomersOf: the stations in order, and the fresh ones not among them', () => {
    expect(newcomersOf(parts, [part('AB', 'BOX_M'), part('B', 'BOX_M'), part('D', 'BOX_S')])).toEqual({
      known: ['A', 'B', 'C'],
      newcomers: ['AB', 'D'],
    });
  });

  it('places stations new to the report after as many stations as their rank says', () => {
    const first = part('0', 'BOX_M');
    const middle = [part('AB', 'BOX_M'), part('AB', 'BOX_S')];
    const last = part('D', 'BOX_M');
    const ranks = new Map([
      ['0', 0],
      ['AB', 1],
      ['D', 3],
    ]);
    expect(replaceStationParts(parts, ['0', 'AB', 'D'], [first, ...middle, last], ranks)).toEqual([
      first,
      parts[0],
      parts[1],
      ...middle,
      parts[2],
      parts[3],
      last,
    ]);
    expect(stationsInOrder(replaceStationParts(parts, ['AB'], middle, ranks)!)).toEqual(['A', 'AB', 'B', 'C']);
  });

  it('gives what a whole read gives, for any stations before and any changed, new ones included', () => {
    const all = ['A', 'B', 'C', 'D', 'E'];
    const subset = fc.subarray(all);
    fc.assert(
      fc.property(subset, subset, fc.nat({ max: 3 }), (had, changed, n) => {
        const before = had.flatMap((s) => [part(s, 'BOX_M'), part(s, 'BOX_S')]);
        const fresh = changed.flatMap((s) => Array.from({ length: n }, (_, i) => part(s, `M${i}`, 9)));
        // a new station's rank: how many of the stations before sort ahead of it
        const { newcomers } = newcomersOf(before, fresh);
        const ranks = new Map(newcomers.map((s) => [s, had.filter((h) => h < s).length]));
        const got = replaceStationParts(before, changed, fresh, ranks);
        const expected = all.flatMap((s) =>
          changed.includes(s) ? fresh.filter((p) => p.station_code === s) : before.filter((p) => p.station_code === s),
        );
        expect(got).toEqual(expected);
      }),
    );
  });
});

it('refreshes reports whose rows are per station first only', () => {
  expect(refreshableByStation({ groupBy: ['STATION'] })).toBe(true);
  expect(refreshableByStation({ groupBy: ['STATION', 'DAY'] })).toBe(true);
  expect(refreshableByStation({ groupBy: ['DAY', 'STATION'] })).toBe(false);
  expect(refreshableByStation({ groupBy: ['CITY'] })).toBe(false);
});

it("mondayOf: the Monday of a day's ISO week", () => {
  expect(mondayOf('2026-11-11')).toBe('2026-11-09'); // a Wednesday
  expect(mondayOf('2026-11-09')).toBe('2026-11-09'); // a Monday
  expect(mondayOf('2026-11-01')).toBe('2026-10-26'); // a Sunday: the week before
  expect(mondayOf('2027-01-01')).toBe('2026-12-28'); // across a year
});

describe('the rows of a refreshed report', () => {
  // no factors: CO2e is 0 throughout, the quantities are what is checked here
  const sets: FactorSetForCalc[] = [{ displacement_rate: 0.5, factors: [] } as unknown as FactorSetForCalc];
  const before = [part('A', 'BOX_M', 2), part('B', 'BOX_M', 3), part('B', 'BOX_S', 4), part('C', 'BOX_M', 5)];
  const fresh = [part('B', 'BOX_M', 10)];
  const after = replaceStationParts(before, ['B'], fresh)!;

  it("swap the changed station's row: the rows a whole grouping gives", () => {
    const rows = replaceStationRows(
      groupReport(before, ['STATION'], sets).rows,
      ['B'],
      groupReport(fresh, ['STATION'], sets).rows,
    );
    expect(rows).toEqual(groupReport(after, ['STATION'], sets).rows);
    expect(rows!.map((r) => [r.keys.stationCode, r.items])).toEqual([
      ['A', 2],
      ['B', 10],
      ['C', 5],
    ]);
  });

  it('total every part again: 2 + 10 + 5 = 17 items', () => {
    const total = reportTotal(after, sets);
    expect(total).toEqual(groupReport(after, ['STATION'], sets).total);
    expect(total.items).toBe(17);
  });
});

describe('relabelStationParts and relabelStationRows (a station or city renamed, a station moved)', () => {
  let ids = 0;
  const label = (station: string, name: string, city = station.slice(0, 2)) => ({
    station_id: ++ids,
    station_name: name,
    city_code: city,
    city_name_zh: null as unknown as string,
    city_name_en: null as unknown as string,
  });
  const parts = [part('AA', 'BOX_M'), part('AA', 'BOX_S'), part('BB', 'BOX_M')];
  const labels = new Map([
    ['AA', label('AA', 'AA')],
    ['BB', label('BB', 'BB (new)')],
  ]);

  it('puts the new names in, keeping the unchanged parts and rows themselves', () => {
    const out = relabelStationParts(parts, labels)!;
    expect(out.map((p) => p.station_name)).toEqual(['AA', 'AA', 'BB (new)']);
    expect(out[0]).toBe(parts[0]);
    expect(out[2]).not.toBe(parts[2]);
    expect(out[2]).toEqual({ ...parts[2], station_name: 'BB (new)' }); // no id or other field added
    expect(parts[2]!.station_name).toBe('BB'); // the cached parts are not changed in place
    const rows = groupReport(parts, ['STATION'], []).rows;
    const relabelled = relabelStationRows(rows, labels)!;
    expect(relabelled.map((r) => r.keys.stationName)).toEqual(['AA', 'BB (new)']);
    expect(relabelled).toEqual(groupReport(out, ['STATION'], []).rows);
  });

  it('puts a station moved to another city under that city, in the same place (the order is by code)', () => {
    const moved = new Map([...labels, ['BB', label('BB', 'BB', 'ZZ')]]);
    const out = relabelStationParts(parts, moved)!;
    expect(out.map((p) => [p.station_code, p.city_code])).toEqual([
      ['AA', 'AA'],
      ['AA', 'AA'],
      ['BB', 'ZZ'],
    ]);
    const rows = relabelStationRows(groupReport(parts, ['STATION'], []).rows, moved)!;
    expect(rows).toEqual(groupReport(out, ['STATION'], []).rows);
  });

  it('refuses (null: read whole) when a station is gone or has another code', () => {
    expect(relabelStationParts(parts, new Map([['AA', label('AA', 'AA')]]))).toBeNull();
    const rows = groupReport(parts, ['STATION'], []).rows;
    expect(relabelStationRows(rows, new Map([['AA', label('AA', 'AA')]]))).toBeNull();
  });
});

describe('scopeChanges (stations moved out of or into the cities of a report)', () => {
  const label = (id: number, city: string) => ({
    station_id: id,
    station_name: `S${id}`,
    city_code: city,
    city_name_zh: city,
    city_name_en: city,
  });
  // SH-1 and SH-2 had parts; SH-2 moved to BJ, BJ-3 moved to SH, SH-4 has no drop-off in the period
  const parts = [part('SH-1', 'BOX_M'), part('SH-1', 'BOX_S'), part('SH-2', 'BOX_M')];
  const labels = new Map([
    ['SH-1', label(1, 'SH')],
    ['SH-2', label(2, 'BJ')],
    ['BJ-3', label(3, 'SH')],
    ['SH-4', label(4, 'SH')],
    ['BJ-5', label(5, 'BJ')],
  ]);
  const q = (cityCodes: string[], stationCodes: string[] = []) => ({ cityCodes, stationCodes });

  it("lists the stations that left the report's cities and the ids of those in them without parts", () => {
    expect(scopeChanges(q(['SH']), parts, labels)).toEqual({ left: ['SH-2'], candidates: [3, 4] });
    expect(scopeChanges(q(['SH', 'BJ']), parts, labels)).toEqual({ left: [], candidates: [3, 4, 5] });
  });

  it('keeps to the named stations of a report naming both cities and stations', () => {
    expect(scopeChanges(q(['SH'], ['SH-1', 'SH-2', 'BJ-3']), parts, labels)).toEqual({
      left: ['SH-2'],
      candidates: [3],
    });
  });

  it("changes nothing for the network's report or one of named stations (their scope is not by city)", () => {
    expect(scopeChanges(q([]), parts, labels)).toEqual({ left: [], candidates: [] });
    expect(scopeChanges(q([], ['SH-1', 'SH-2']), parts, labels)).toEqual({ left: [], candidates: [] });
  });
});

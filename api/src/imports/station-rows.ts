// Checks every row of a station file against the registry as it is, and says what applying it
// would do: create, update (which fields) or leave unchanged. Pure: the caller loads the cities
// and the existing stations named by the file, and writes nothing unless there is no issue.
import { distanceKm, MAX_KM_FROM_CITY_CENTRE } from '../domain/geo.ts';
import { mapHeader } from './columns.ts';
import { importIssue, type ImportIssue } from './issues.ts';
import type { Table } from './table-file.ts';
import {
  MAX_CAPACITY,
  MIN_CAPACITY,
  parseCoordSystem,
  parseStatus,
  STATION_CODE,
  STATION_COLUMNS,
  toWgs84,
  type StationColumn,
  type StationRecord,
  type StoredStatusValue,
} from './station-format.ts';
import { msg, type Message } from '../domain/messages.ts';

export interface CityRef {
  code: string;
  name_zh: string;
  name_en: string;
  center_lat: number;
  center_lng: number;
}

export interface ExistingStation extends StationRecord {
  id: number;
  decommissioned_at: Date | null;
}

export type StationChange =
  | { kind: 'create'; row: number; record: StationRecord }
  | { kind: 'update'; row: number; record: StationRecord; before: ExistingStation; fields: (keyof StationRecord)[] }
  | { kind: 'unchanged'; row: number; code: string };

export interface StationPlan {
  changes: StationChange[];
  issues: ImportIssue[];
  rows: number;
}

export interface StationRules {
  cities: readonly CityRef[];
  /** null: any city (admin); a code: only this city (its manager). */
  onlyCity: string | null;
}

const COMPARED: (keyof StationRecord)[] = ['name', 'district', 'address', 'lat', 'lng', 'bin_capacity', 'status'];

/** The codes a file names (valid or not), to load the existing stations in one query. */
export function stationCodesOf(table: Table): string[] {
  const { index } = mapHeader(table.header, STATION_COLUMNS);
  return index.code < 0
    ? []
    : [...new Set(table.rows.map((r) => (r.cells[index.code] ?? '').toUpperCase()).filter(Boolean))];
}

export function planStations(
  table: Table,
  existing: ReadonlyMap<string, ExistingStation>,
  rules: StationRules,
  onRow: (done: number) => void = () => {},
): StationPlan {
  const { index, issues } = mapHeader(table.header, STATION_COLUMNS);
  if (issues.length) return { changes: [], issues, rows: table.rows.length };
  const cityBy = new Map<string, CityRef>();
  for (const c of rules.cities) for (const k of [c.code, c.name_zh, c.name_en.toLowerCase()]) cityBy.set(k, c);
  const header = (i: number) => STATION_COLUMNS.find((c) => index[c.key] === i)?.key ?? null;
  for (const c of table.cellIssues) issues.push(importIssue(c.row, header(c.index), c.problem));
  const seen = new Map<string, number>();
  const changes: StationChange[] = [];

  table.rows.forEach((r, n) => {
    if (n % 500 === 0) onRow(n);
    const cell = (k: StationColumn) => (index[k] < 0 ? '' : (r.cells[index[k]] ?? ''));
    const before = issues.length;
    const bad = (column: StationColumn | null, m: Message) => issues.push(importIssue(r.row, column, m));
    if (r.cells.length > table.header.length && r.cells.slice(table.header.length).some((c) => c !== '')) {
      bad(null, msg('row.extraCells', { cells: r.cells.length, columns: table.header.length }));
    }
    const code = cell('code').toUpperCase();
    if (!STATION_CODE.test(code)) bad('code', msg('row.badStationCode', { value: cell('code') }));
    else if (seen.has(code)) bad('code', msg('row.duplicate', { value: code, row: seen.get(code)! }));
    else seen.set(code, r.row);

    const city =
      cityBy.get(cell('city')) ?? cityBy.get(cell('city').toUpperCase()) ?? cityBy.get(cell('city').toLowerCase());
    if (!city) bad('city', msg('row.unknownCity', { value: cell('city') }));
    else if (rules.onlyCity && city.code !== rules.onlyCity)
      bad('city', msg('row.otherCity', { city: city.code, onlyCity: rules.onlyCity }));
    else if (STATION_CODE.test(code) && !code.startsWith(`${city.code}-`))
      bad('code', msg('row.codeCity', { city: city.code }));

    const text = (k: 'name' | 'district' | 'address', max: number) => {
      const v = cell(k);
      if (v === '') bad(k, msg('row.empty'));
      else if ([...v].length > max) bad(k, msg('row.tooLong', { max }));
      return v;
    };
    const name = text('name', 100);
    const district = text('district', 50);
    const address = text('address', 200);

    const system = parseCoordSystem(cell('coord_system'));
    if (!system) bad('coord_system', msg('row.badCoordSystem', { value: cell('coord_system') }));
    const lat = num(cell('lat'));
    const lng = num(cell('lng'));
    if (lat === null || lat < -90 || lat > 90) bad('lat', msg('row.badLat', { value: cell('lat') }));
    if (lng === null || lng < -180 || lng > 180) bad('lng', msg('row.badLng', { value: cell('lng') }));
    let position: [number, number] | null = null;
    if (lat !== null && lng !== null && system && Math.abs(lat) <= 90 && Math.abs(lng) <= 180) {
      position = toWgs84(lat, lng, system);
      if (city) {
        const km = distanceKm(position[0], position[1], city.center_lat, city.center_lng);
        if (km > MAX_KM_FROM_CITY_CENTRE)
          bad('lat', msg('row.outsideCity', { km: Math.round(km), city: city.name_en }));
      }
    }

    const capacity = num(cell('bin_capacity'));
    if (capacity === null || !Number.isInteger(capacity) || capacity < MIN_CAPACITY || capacity > MAX_CAPACITY) {
      bad(
        'bin_capacity',
        msg('row.badCapacity', { value: cell('bin_capacity'), min: MIN_CAPACITY, max: MAX_CAPACITY }),
      );
    }
    let status: StoredStatusValue | null = null;
    if (cell('status') !== '') {
      status = parseStatus(cell('status'));
      if (!status) bad('status', msg('row.badStatus', { value: cell('status') }));
    }

    const prior = existing.get(code);
    if (prior?.decommissioned_at) bad('code', msg('row.decommissioned', { code }));
    else if (prior && city && prior.city_code !== city.code)
      bad('city', msg('row.cityMove', { code, city: prior.city_code }));
    if (issues.length > before) return;

    const record: StationRecord = {
      code,
      name,
      city_code: city!.code,
      district,
      address,
      lat: position![0],
      lng: position![1],
      bin_capacity: capacity!,
      status: status ?? prior?.status ?? 'OPEN',
    };
    if (!prior) return void changes.push({ kind: 'create', row: r.row, record });
    const fields = COMPARED.filter((f) => record[f] !== prior[f]);
    changes.push(
      fields.length
        ? { kind: 'update', row: r.row, record, before: prior, fields }
        : { kind: 'unchanged', row: r.row, code },
    );
  });
  if (table.rows.length === 0) issues.push(importIssue(null, null, msg('file.noStationRows')));
  onRow(table.rows.length);
  return { changes, issues, rows: table.rows.length };
}

/** A number as typed: "31.23" or "31,23" (a decimal comma from a European Excel); null otherwise. */
function num(s: string): number | null {
  const t = s.replace(/^(-?\d+),(\d+)$/, '$1.$2');
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

// The station registry file format (docs/onboarding.md): one row per station. Import reads it,
// export writes it, so an exported file imports back with every row "unchanged".
import gcoord from 'gcoord';
import type { ColumnSpec } from './columns.ts';
import { FORMATS } from '../domain/formats.ts';

export const STATION_COLUMNS = [
  { key: 'code', required: true, aliases: ['station_code', '编码', '站点编码', '驿站编码'] },
  { key: 'name', required: true, aliases: ['名称', '站点名称', '驿站名称'] },
  { key: 'city', required: true, aliases: ['city_code', '城市', '城市代码'] },
  { key: 'district', required: true, aliases: ['区', '区县', '行政区'] },
  { key: 'address', required: true, aliases: ['地址'] },
  { key: 'lat', required: true, aliases: ['latitude', '纬度'] },
  { key: 'lng', required: true, aliases: ['lon', 'long', 'longitude', '经度'] },
  { key: 'coord_system', required: true, aliases: ['crs', 'coordinate_system', '坐标系'] },
  { key: 'bin_capacity', required: true, aliases: ['capacity', '容量', '回收箱容量'] },
  { key: 'status', required: false, aliases: ['状态'] },
] as const satisfies readonly ColumnSpec<string>[];

export type StationColumn = (typeof STATION_COLUMNS)[number]['key'];
export const STATION_HEADER: StationColumn[] = STATION_COLUMNS.map((c) => c.key);

export const STATION_CODE = FORMATS.stationCode.pattern;
export const MIN_CAPACITY = 10;
export const MAX_CAPACITY = 5000;

export type CoordSystem = 'WGS84' | 'GCJ02';
const COORD_ALIASES: Record<string, CoordSystem> = {
  wgs84: 'WGS84',
  gps: 'WGS84',
  gcj02: 'GCJ02',
  amap: 'GCJ02',
  火星坐标: 'GCJ02',
  高德: 'GCJ02',
};
export function parseCoordSystem(s: string): CoordSystem | null {
  return COORD_ALIASES[s.toLowerCase().replace(/[\s_-]/g, '')] ?? null;
}

const STATUS_ALIASES: Record<string, StoredStatusValue> = {
  open: 'OPEN',
  营业中: 'OPEN',
  营业: 'OPEN',
  full: 'FULL',
  已满: 'FULL',
  closed: 'CLOSED',
  已关闭: 'CLOSED',
  关闭: 'CLOSED',
  maintenance: 'MAINTENANCE',
  维护中: 'MAINTENANCE',
  维护: 'MAINTENANCE',
};
export type StoredStatusValue = 'OPEN' | 'FULL' | 'CLOSED' | 'MAINTENANCE';
export function parseStatus(s: string): StoredStatusValue | null {
  return STATUS_ALIASES[s.toLowerCase()] ?? null;
}

/**
 * WGS-84 from either system, rounded to 7 decimals (about 1 cm): what is stored, so importing
 * the same GCJ-02 file twice gives the same numbers and an export shows no conversion noise.
 * Example: toWgs84(31.22846, 121.47822, 'GCJ02') ≈ [31.2304, 121.4737] (AMap → GPS, ~500 m south-west)
 */
export function toWgs84(lat: number, lng: number, system: CoordSystem): [number, number] {
  if (system === 'WGS84') return [lat, lng];
  const [x, y] = gcoord.transform([lng, lat], gcoord.GCJ02, gcoord.WGS84) as [number, number];
  return [round7(y), round7(x)];
}
/** The other way: a WGS-84 point as a Chinese web map (GCJ-02) shows it. */
export function fromWgs84(lat: number, lng: number, system: CoordSystem): [number, number] {
  if (system === 'WGS84') return [lat, lng];
  const [x, y] = gcoord.transform([lng, lat], gcoord.WGS84, gcoord.GCJ02) as [number, number];
  return [round7(y), round7(x)];
}

const round7 = (n: number) => Math.round(n * 1e7) / 1e7;

/** One station as the file carries it (export writes WGS-84). */
export interface StationRecord {
  code: string;
  name: string;
  city_code: string;
  district: string;
  address: string;
  lat: number;
  lng: number;
  bin_capacity: number;
  status: StoredStatusValue;
}

/** A row of the export, in STATION_HEADER order. Numbers print as JS shortest round-trip text. */
export function stationExportRow(s: StationRecord): string[] {
  return [
    s.code,
    s.name,
    s.city_code,
    s.district,
    s.address,
    String(s.lat),
    String(s.lng),
    'WGS84',
    String(s.bin_capacity),
    s.status,
  ];
}

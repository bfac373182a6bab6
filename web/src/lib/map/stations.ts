// The map's station data: columnar arrays as `mapStations` sends them, and the pure steps from
// there to clustered points (filtering, coordinate system). No DOM, no runes.
import gcoord from 'gcoord';
import type { EffectiveStatus } from '../status.ts';
import type { MapData } from '../../routes/map/documents.ts';

/** As returned by the `mapStations` query (its type is read from the document). */
export type { MapData };

/** Coordinate system of the raster tiles: stations (stored WGS-84) are converted to it. */
export type TileCrs = 'WGS84' | 'GCJ02';

/** The city a station belongs to: codes always start with it ("SH-00012"). */
export function cityOfCode(code: string): string {
  const i = code.indexOf('-');
  return i > 0 ? code.slice(0, i) : code;
}

export interface StationFilter {
  city: string | null;
  statuses: readonly EffectiveStatus[];
  /** Matched against codes only here; names need the API (`stations(search:)`). */
  codes?: ReadonlySet<string> | null;
}

/** Indices of the stations the filters keep, in data order. */
export function filterIndices(data: MapData, f: StationFilter): number[] {
  const prefix = f.city ? `${f.city}-` : null;
  const statuses = f.statuses.length ? new Set(f.statuses) : null;
  const out: number[] = [];
  for (let i = 0; i < data.codes.length; i++) {
    if (prefix && !data.codes[i]!.startsWith(prefix)) continue;
    if (statuses && !statuses.has(data.status[i]!)) continue;
    if (f.codes && !f.codes.has(data.codes[i]!)) continue;
    out.push(i);
  }
  return out;
}

/**
 * [lng, lat] of station i in the tiles' system. WGS-84 as stored; GCJ-02 (AMap/Gaode, Tencent
 * tiles) shifts points in China by ~100-700 m, so without it stations land on the wrong street.
 */
export function projectPoint(lng: number, lat: number, crs: TileCrs): [number, number] {
  if (crs === 'WGS84') return [lng, lat];
  const [x, y] = gcoord.transform([lng, lat], gcoord.WGS84, gcoord.GCJ02) as [number, number];
  return [x, y];
}

/** A copy of the data with one station's status replaced (after a status change, before a refetch). */
export function withStatus(data: MapData, code: string, status: EffectiveStatus): MapData {
  const i = data.codes.indexOf(code);
  if (i < 0 || data.status[i] === status) return data;
  const next = data.status.slice();
  next[i] = status;
  return { ...data, status: next };
}

/** True when two snapshots would draw the same map (so a poll that changed nothing costs no re-index). */
export function sameMapData(a: MapData | null, b: MapData): boolean {
  if (!a || a.count !== b.count) return false;
  for (let i = 0; i < a.count; i++) {
    if (
      a.codes[i] !== b.codes[i] ||
      a.status[i] !== b.status[i] ||
      a.todayItems[i] !== b.todayItems[i] ||
      a.lat[i] !== b.lat[i] ||
      a.lng[i] !== b.lng[i]
    )
      return false;
  }
  return true;
}

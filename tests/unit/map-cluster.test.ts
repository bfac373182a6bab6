// Cluster totals by supercluster map/reduce (web/src/lib/map/cluster.ts) and the station data
// steps before it (stations.ts): every station counted once at every zoom, status mix and items add up.
import { describe, expect, it } from 'vitest';
import {
  buildIndex,
  clusterTotals,
  mapProps,
  mixOf,
  reduceProps,
  stationProps,
  worstStatus,
  WORLD_BBOX,
} from '../../web/src/lib/map/cluster.ts';
import {
  cityOfCode,
  filterIndices,
  projectPoint,
  sameMapData,
  withStatus,
  type MapData,
} from '../../web/src/lib/map/stations.ts';
import type { EffectiveStatus } from '../../web/src/lib/status.ts';

/** n stations on a small grid around (lat, lng); status and items cycle so totals are known. */
function grid(city: string, lat: number, lng: number, n: number, statuses: EffectiveStatus[]): MapData {
  const d: MapData = {
    count: n,
    day: '2026-11-25',
    generatedAt: '',
    codes: [],
    lat: [],
    lng: [],
    status: [],
    todayItems: [],
    binFillPercent: [],
  };
  for (let i = 0; i < n; i++) {
    d.codes.push(`${city}-${String(i).padStart(5, '0')}`);
    d.lat.push(lat + Math.floor(i / 10) * 0.01);
    d.lng.push(lng + (i % 10) * 0.01);
    d.status.push(statuses[i % statuses.length]!);
    d.todayItems.push(i % 7);
    d.binFillPercent.push(50);
  }
  return d;
}

function concat(a: MapData, b: MapData): MapData {
  return {
    ...a,
    count: a.count + b.count,
    codes: [...a.codes, ...b.codes],
    lat: [...a.lat, ...b.lat],
    lng: [...a.lng, ...b.lng],
    status: [...a.status, ...b.status],
    todayItems: [...a.todayItems, ...b.todayItems],
    binFillPercent: [...a.binFillPercent, ...b.binFillPercent],
  };
}

// 200 SH stations cycling OPEN, OPEN, FULL, STALE → 100 OPEN, 50 FULL, 50 STALE; items 0..6 repeating.
// 50 BJ stations all CLOSED.
const SH = grid('SH', 31.2, 121.4, 200, ['OPEN', 'OPEN', 'FULL', 'STALE']);
const BJ = grid('BJ', 39.9, 116.4, 50, ['CLOSED']);
const DATA = concat(SH, BJ);
const itemsOf = (d: MapData, idx: number[]) => idx.reduce((s, i) => s + d.todayItems[i]!, 0);

describe('map and reduce', () => {
  it('map passes a station through (supercluster clones it before reducing); reduce adds counts and items', () => {
    const station = { index: 0, ...stationProps('FULL', 5) };
    expect(mapProps(station)).toBe(station);
    const a = { ...stationProps('FULL', 5) };
    reduceProps(a, stationProps('OPEN', 2));
    reduceProps(a, stationProps('FULL', 1));
    expect(a).toEqual({ items: 8, OPEN: 1, FULL: 2, CLOSED: 0, MAINTENANCE: 0, STALE: 0 });
    expect(mixOf(a)).toEqual([1, 2, 0, 0, 0]);
  });

  it('the worst status colours a cluster: FULL > STALE > CLOSED > MAINTENANCE > OPEN', () => {
    expect(worstStatus([5, 0, 0, 0, 0])).toBe('OPEN');
    expect(worstStatus([5, 0, 1, 1, 0])).toBe('CLOSED');
    expect(worstStatus([5, 0, 1, 1, 1])).toBe('STALE');
    expect(worstStatus([5, 1, 1, 1, 1])).toBe('FULL');
  });
});

describe('cluster index', () => {
  const all = filterIndices(DATA, { city: null, statuses: [] });
  const index = buildIndex(DATA, all, 'WGS84');

  it.each([3, 5, 8, 11, 14, 17])(
    'at zoom %i the clusters hold every station once, with its status and items',
    (zoom) => {
      const totals = clusterTotals(index.getClusters(WORLD_BBOX, zoom));
      expect(totals.stations).toBe(250);
      expect(totals.mix).toEqual([100, 50, 50, 0, 50]);
      expect(totals.items).toBe(itemsOf(DATA, all));
    },
  );

  it('zoomed out, each city is one cluster', () => {
    const clusters = index.getClusters(WORLD_BBOX, 3);
    expect(clusters.map((c) => mixOf(c.properties)).sort()).toEqual([
      [0, 0, 50, 0, 0],
      [100, 50, 0, 0, 50],
    ]);
  });

  it('a city and status filter indexes only those stations', () => {
    const idx = filterIndices(DATA, { city: 'SH', statuses: ['FULL', 'STALE'] });
    expect(idx).toHaveLength(100);
    const totals = clusterTotals(buildIndex(DATA, idx, 'WGS84').getClusters(WORLD_BBOX, 10));
    expect(totals.stations).toBe(100);
    expect(totals.mix).toEqual([0, 50, 0, 0, 50]);
  });
});

describe('station data', () => {
  it('the city of a code is its prefix', () => {
    expect(cityOfCode('SH-00012')).toBe('SH');
    expect(filterIndices(DATA, { city: 'BJ', statuses: [] })).toHaveLength(50);
  });

  it('GCJ-02 moves a Shanghai station by a few hundred metres (about +0.0045 lng, -0.0020 lat)', () => {
    const [lng, lat] = projectPoint(121.4737, 31.2304, 'GCJ02');
    expect(lng - 121.4737).toBeCloseTo(0.00447, 3);
    expect(lat - 31.2304).toBeCloseTo(-0.00197, 3);
    expect(projectPoint(121.4737, 31.2304, 'WGS84')).toEqual([121.4737, 31.2304]);
  });

  it('withStatus replaces one station and keeps the rest; unchanged data is the same object', () => {
    const next = withStatus(DATA, 'SH-00000', 'MAINTENANCE');
    expect(next.status[0]).toBe('MAINTENANCE');
    expect(DATA.status[0]).toBe('OPEN');
    expect(withStatus(DATA, 'SH-00000', 'OPEN')).toBe(DATA);
    expect(withStatus(DATA, 'XX-1', 'OPEN')).toBe(DATA);
    expect(sameMapData(DATA, { ...DATA })).toBe(true);
    expect(sameMapData(DATA, next)).toBe(false);
    expect(sameMapData(null, DATA)).toBe(false);
  });
});

// Cluster totals with supercluster's map/reduce: every cluster knows how many stations it holds,
// their items today and its status mix, so it can be drawn without looking at its leaves.
import Supercluster from 'supercluster';
import { EFFECTIVE_STATUSES, STATUS_STYLE, type EffectiveStatus } from '../status.ts';
import { projectPoint, type MapData, type TileCrs } from './stations.ts';

/** Per status counts in EFFECTIVE_STATUSES order (OPEN, FULL, CLOSED, MAINTENANCE, STALE). */
export type StatusMix = [number, number, number, number, number];

/**
 * What a cluster (or a single station) carries: items today and a count per status. Plain numbers,
 * not an array: supercluster clones a cluster's properties shallowly before reducing into them,
 * so an array would be shared with (and counted again through) the child cluster.
 */
export type ClusterProps = { items: number } & Record<EffectiveStatus, number>;

export type PointProps = ClusterProps & {
  /** Index into MapData. */
  index: number;
};

/**
 * supercluster `map`: a station's own props, as they are. supercluster clones them itself before
 * reducing into them (when map returns its input), so no copy per call: at 100 k stations a copying
 * map cost about a fifth of the index build.
 */
export function mapProps(p: PointProps): ClusterProps {
  return p;
}

/** supercluster `reduce`: adds `props` into `acc` (mutates acc, as supercluster expects). Unrolled: hot. */
export function reduceProps(acc: ClusterProps, props: Readonly<ClusterProps>): void {
  acc.items += props.items;
  acc.OPEN += props.OPEN;
  acc.FULL += props.FULL;
  acc.CLOSED += props.CLOSED;
  acc.MAINTENANCE += props.MAINTENANCE;
  acc.STALE += props.STALE;
}

/** The status counts of a cluster or station in EFFECTIVE_STATUSES order. */
export function mixOf(p: Readonly<ClusterProps>): StatusMix {
  return [p.OPEN, p.FULL, p.CLOSED, p.MAINTENANCE, p.STALE];
}

/** A single station's props: 1 for its status. */
export function stationProps(status: EffectiveStatus, items: number): ClusterProps {
  const p: ClusterProps = { items, OPEN: 0, FULL: 0, CLOSED: 0, MAINTENANCE: 0, STALE: 0 };
  p[status] = 1;
  return p;
}

/** The most severe status present (FULL > STALE > CLOSED > MAINTENANCE > OPEN): the cluster's colour. */
export function worstStatus(mix: readonly number[]): EffectiveStatus {
  let worst: EffectiveStatus = 'OPEN';
  EFFECTIVE_STATUSES.forEach((s, i) => {
    if (mix[i]! > 0 && STATUS_STYLE[s].severity > STATUS_STYLE[worst].severity) worst = s;
  });
  return worst;
}

export const mixTotal = (mix: readonly number[]): number => mix.reduce((a, b) => a + b, 0);

export type StationIndex = Supercluster<PointProps, ClusterProps>;

/** Index options shared by the dashboard and the benchmark. */
export const INDEX_OPTIONS = { radius: 60, maxZoom: 16, minPoints: 2 } as const;

/**
 * Builds the cluster index over the stations at `indices`.
 * Example: buildIndex(data, filterIndices(data, { city: 'SH', statuses: [] }), 'WGS84')
 */
export function buildIndex(data: MapData, indices: readonly number[], crs: TileCrs): StationIndex {
  const index = new Supercluster<PointProps, ClusterProps>({ ...INDEX_OPTIONS, map: mapProps, reduce: reduceProps });
  const features = indices.map((i) => {
    const properties = stationProps(data.status[i]!, data.todayItems[i]!) as PointProps;
    properties.index = i;
    return {
      type: 'Feature' as const,
      properties,
      geometry: { type: 'Point' as const, coordinates: projectPoint(data.lng[i]!, data.lat[i]!, crs) },
    };
  });
  return index.load(features);
}

/** Totals of clusters and single points as getClusters returns them (what the map shows). */
export function clusterTotals(features: readonly { properties: ClusterProps }[]) {
  const mix: StatusMix = [0, 0, 0, 0, 0];
  let items = 0;
  let stations = 0;
  for (const f of features) {
    const m = mixOf(f.properties);
    stations += mixTotal(m);
    items += f.properties.items;
    for (let i = 0; i < 5; i++) mix[i]! += m[i]!;
  }
  return { stations, items, mix, clusters: features.length };
}

/** The whole world, for totals over every cluster at a zoom. */
export const WORLD_BBOX: [number, number, number, number] = [-180, -85, 180, 85];

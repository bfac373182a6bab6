// The offline basemap's data side: which prepared files a view needs, fetching them once, and
// turning TopoJSON into GeoJSON for Leaflet. The files are static assets under /basemap/ (made by
// `pnpm basemap:prepare`, see docs/basemap.md), fetched only when a view needs them: they are
// not in the JavaScript bundle. No DOM, no Leaflet here.
import { feature, mesh } from 'topojson-client';
import type { FeatureCollection, Geometry, MultiLineString, Position } from 'geojson';
import type { GeometryCollection, Topology } from 'topojson-specification';

export type BBox = [west: number, south: number, east: number, north: number];
export type Level = 'network' | 'city' | 'street';

export interface BasemapManifest {
  cities: Record<string, { bbox: BBox; files: Record<string, number> }>;
}

export interface NetworkCity {
  code: string;
  nameZh: string;
  nameEn: string;
  lat: number;
  lng: number;
}

export interface NetworkMap {
  land: FeatureCollection;
  borders: MultiLineString;
  cities: NetworkCity[];
}

export interface CityMap {
  districts: FeatureCollection;
  /** District borders drawn once (a shared border is one line, not two). */
  borders: MultiLineString;
  water: FeatureCollection;
  labels: { name: string; lat: number; lng: number }[];
}

/** Below zoom 8 the map shows the country; up to 11 a whole city; from 12 streets. */
export function levelFor(zoom: number): Level {
  if (zoom < 8) return 'network';
  return zoom <= 11 ? 'city' : 'street';
}

/** Codes of the cities whose box meets the view (a west, south, east, north box). */
export function citiesInView(manifest: BasemapManifest, view: BBox): string[] {
  const [w, s, e, n] = view;
  return Object.entries(manifest.cities)
    .filter(([, c]) => c.bbox[0] <= e && c.bbox[2] >= w && c.bbox[1] <= n && c.bbox[3] >= s)
    .map(([code]) => code);
}

/** Converts every position in place (for tiles in GCJ-02; identity otherwise). */
function reproject(value: unknown, project: (lng: number, lat: number) => [number, number]): void {
  const arr = value as unknown[];
  if (typeof arr[0] === 'number') {
    const [x, y] = project(arr[0], arr[1] as number);
    arr[0] = x;
    arr[1] = y;
  } else arr.forEach((v) => reproject(v, project));
}

export type Project = ((lng: number, lat: number) => [number, number]) | null;

function features(topology: Topology, name: string, project: Project): FeatureCollection {
  const fc = feature(topology, topology.objects[name] as GeometryCollection) as FeatureCollection;
  if (project)
    fc.features.forEach(
      (f) => f.geometry && reproject((f.geometry as { coordinates: Position[] }).coordinates, project),
    );
  return fc;
}

function borders(topology: Topology, name: string, project: Project): MultiLineString {
  const m = mesh(topology, topology.objects[name] as GeometryCollection, (a, b) => a !== b) as MultiLineString;
  if (project) reproject(m.coordinates, project);
  return m;
}

export function networkFromTopology(topology: Topology & { cities: NetworkCity[] }, project: Project): NetworkMap {
  return {
    land: features(topology, 'countries', project),
    borders: borders(topology, 'countries', project),
    cities: topology.cities,
  };
}

export function cityFromTopology(topology: Topology, project: Project): CityMap {
  const districts = features(topology, 'districts', project);
  const labels = districts.features.map((f) => {
    const p = f.properties as { name: string; lx: number; ly: number };
    const [lng, lat] = project ? project(p.lx, p.ly) : [p.lx, p.ly];
    return { name: p.name, lat, lng };
  });
  return {
    districts,
    borders: borders(topology, 'districts', project),
    water: features(topology, 'water', project),
    labels,
  };
}

/**
 * Fetches each file once per page (a failed fetch is forgotten, so the next view tries again).
 * Example: const files = new BasemapFiles('/basemap/'); await files.json('SH-city.json')
 */
export class BasemapFiles {
  private readonly cache = new Map<string, Promise<unknown>>();
  constructor(
    private readonly base: string,
    private readonly fetcher: typeof fetch = (...a) => fetch(...a),
  ) {}

  json<T>(name: string): Promise<T> {
    let p = this.cache.get(name);
    if (!p) {
      p = this.fetcher(this.base + name).then((r) => {
        if (!r.ok) throw new Error(`basemap ${name}: HTTP ${r.status}`);
        return r.json();
      });
      p.catch(() => this.cache.delete(name));
      this.cache.set(name, p);
    }
    return p as Promise<T>;
  }
}

/**
 * Web Mercator (EPSG:3857) pixels at zoom 0, the same figures as Leaflet's
 * `map.options.crs.latLngToPoint(latlng, 0)`: multiplied by 2^zoom they are the map's pixels.
 */
export function mercator(lng: number, lat: number): [x: number, y: number] {
  const MAX = 85.0511287798;
  const sin = Math.sin((Math.max(-MAX, Math.min(MAX, lat)) * Math.PI) / 180);
  return [256 * (0.5 + lng / 360), 256 * (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI))];
}

/**
 * One shape's outline, ready for a canvas: rings (or lines) of flat x, y pairs in Mercator pixels at
 * zoom 0 (`mercator`) relative to `origin`, so the small numbers keep their precision once a canvas
 * transform scales them by 2^zoom. 32-bit floats, as the canvas stores paths: a city is about a
 * pixel across at zoom 0, so even at zoom 18 a point is off by under 0.02 px; and a typed array
 * crosses to the basemap's worker as one copy of its bytes.
 */
export interface PathData {
  origin: [number, number];
  rings: Float32Array[];
  /** Polygons (filled, rings closed) or lines. */
  closed: boolean;
}

function ringsOf(g: Geometry): { rings: Position[][]; closed: boolean } {
  switch (g.type) {
    case 'Polygon':
      return { rings: g.coordinates, closed: true };
    case 'MultiPolygon':
      return { rings: g.coordinates.flat(), closed: true };
    case 'LineString':
      return { rings: [g.coordinates], closed: false };
    case 'MultiLineString':
      return { rings: g.coordinates, closed: false };
    default:
      return { rings: [], closed: false };
  }
}

/**
 * The shapes of a layer, projected once (when a file is loaded, not at every frame): one per
 * feature (each filled on its own, as Leaflet drew them), all relative to the layer's first point.
 * Example: pathData(city.districts) → 16 shapes for Shanghai's districts.
 */
export function pathData(layer: FeatureCollection | MultiLineString): PathData[] {
  const geometries = layer.type === 'FeatureCollection' ? layer.features.map((f) => f.geometry) : [layer];
  let origin: [number, number] | null = null;
  const out: PathData[] = [];
  for (const g of geometries) {
    if (!g) continue;
    const { rings, closed } = ringsOf(g);
    const flat = rings
      .filter((r) => r.length > 1)
      .map((ring) => {
        const xy: number[] = [];
        for (const [lng, lat] of ring) {
          const [x, y] = mercator(lng!, lat!);
          origin ??= [x, y];
          xy.push(x - origin[0], y - origin[1]);
        }
        return Float32Array.from(xy);
      });
    if (flat.length) out.push({ origin: origin!, rings: flat, closed });
  }
  return out;
}

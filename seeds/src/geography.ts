// The real shapes of the seeded cities: district boundaries and water, read from the prepared
// offline basemap (web/public/basemap/<CODE>-street.json, see docs/basemap.md). The seeds place
// every station inside the district its name gives and on land; the map draws the same files, so
// what a person sees and what the data says agree.
import { readFileSync } from 'node:fs';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { feature } from 'topojson-client';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type { GeometryCollection, Topology } from 'topojson-specification';

type Area = Feature<Polygon | MultiPolygon, { name?: string; kind?: string; lx?: number; ly?: number }>;
type BBox = [number, number, number, number];

interface Shape {
  feature: Area;
  bbox: BBox;
}

export interface CityGeography {
  /** District name -> its outline and a point well inside it (the map's label point). */
  districts: Map<string, Shape & { label: { lat: number; lng: number } }>;
  /** Sea and large inland water inside the city's box. */
  water: Shape[];
}

const BASEMAP_DIR = new URL('../../web/public/basemap/', import.meta.url);
const cache = new Map<string, CityGeography>();

function bboxOf(f: Area): BBox {
  const b: BBox = [Infinity, Infinity, -Infinity, -Infinity];
  const rings = f.geometry.type === 'Polygon' ? f.geometry.coordinates : f.geometry.coordinates.flat();
  for (const ring of rings) {
    for (const [x, y] of ring) {
      if (x! < b[0]) b[0] = x!;
      if (y! < b[1]) b[1] = y!;
      if (x! > b[2]) b[2] = x!;
      if (y! > b[3]) b[3] = y!;
    }
  }
  return b;
}

function inShape(s: Shape, lng: number, lat: number): boolean {
  const [x0, y0, x1, y1] = s.bbox;
  if (lng < x0 || lng > x1 || lat < y0 || lat > y1) return false;
  return booleanPointInPolygon([lng, lat], s.feature);
}

/** The districts and water of one seeded city (read once, then cached). */
export function cityGeography(cityCode: string): CityGeography {
  const cached = cache.get(cityCode);
  if (cached) return cached;
  const topology = JSON.parse(readFileSync(new URL(`${cityCode}-street.json`, BASEMAP_DIR), 'utf8')) as Topology;
  const areas = (name: string): Area[] =>
    (
      feature(topology, topology.objects[name] as GeometryCollection) as unknown as { features: Area[] }
    ).features.filter((f) => f.geometry && (f.geometry.type === 'Polygon' || f.geometry.type === 'MultiPolygon'));
  const districts = new Map(
    areas('districts').map((f) => [
      f.properties.name!,
      {
        feature: f,
        bbox: bboxOf(f),
        label: { lat: f.properties.ly!, lng: f.properties.lx! },
      },
    ]),
  );
  const geo: CityGeography = { districts, water: areas('water').map((f) => ({ feature: f, bbox: bboxOf(f) })) };
  cache.set(cityCode, geo);
  return geo;
}

/** True when (lat, lng) is inside the named district and not in the sea or a lake or river. */
export function onLandInDistrict(geo: CityGeography, district: string, lat: number, lng: number): boolean {
  const d = geo.districts.get(district);
  if (!d || !inShape(d, lng, lat)) return false;
  return !geo.water.some((w) => inShape(w, lng, lat));
}

/** The district (if any) whose outline holds (lat, lng). */
export function districtAt(geo: CityGeography, lat: number, lng: number): string | null {
  for (const [name, d] of geo.districts) if (inShape(d, lng, lat)) return name;
  return null;
}

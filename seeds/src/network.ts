// The station network: where the N recycling points are, what they are called, how big they are and
// what state the seed leaves them in. Pure and deterministic: (seed, N) -> the same stations.
import { CITIES, type CitySeed } from './cities.ts';
import { cityGeography, onLandInDistrict, type CityGeography } from './geography.ts';
import { deriveRng, intBetween, normal, pick, pickWeighted, type Rng } from './prng.ts';

/** The state a station ends in. STALE is OPEN in the database but has reported nothing for 24 h+. */
export type StationPlan = 'OPEN' | 'FULL' | 'CLOSED' | 'MAINTENANCE' | 'STALE';

export interface StationSeed {
  code: string;
  cityCode: string;
  district: string;
  name: string;
  address: string;
  lat: number;
  lng: number;
  binCapacity: number;
  plan: StationPlan;
  /** Multiplies the ~80 items/day baseline: small kiosks 0.3, campus/mall stations up to 2.5. */
  sizeFactor: number;
  /** CLOSED, MAINTENANCE and STALE stations log nothing in the last `silentHours` before now. */
  silentHours: number;
}

const PLAN_WEIGHTS: readonly (readonly [StationPlan, number])[] = [
  ['OPEN', 86],
  ['FULL', 4],
  ['CLOSED', 3],
  ['MAINTENANCE', 2],
  ['STALE', 5],
];

// Common Chinese street names: addresses only need to look plausible, not geocode.
const STREETS = [
  '人民路',
  '解放路',
  '中山路',
  '建设路',
  '和平路',
  '新华路',
  '文化路',
  '幸福路',
  '长江路',
  '黄河路',
  '胜利路',
  '青年路',
  '学府路',
  '东风路',
  '朝阳路',
  '光明路',
  '南京路',
  '滨江路',
  '花园路',
  '工农路',
];

/** The staff demo account works at this station, so it is always OPEN and reporting. */
export const DEMO_STATION_CODE = 'SH-00001';

/**
 * Share `total` stations between cities in proportion to their population weight (largest
 * remainder, so the counts always sum to `total`; ties go to the earlier city in CITIES).
 * With at least one station per city available, every city gets one first: a demo network of
 * 50 stations still has Xiamen on the map and SH-00001 for the staff account.
 */
export function stationsPerCity(total: number, cities: readonly CitySeed[] = CITIES): Map<string, number> {
  const floor = total >= cities.length ? 1 : 0;
  const rest = total - floor * cities.length;
  const weightSum = cities.reduce((s, c) => s + c.populationWeight, 0);
  const exact = cities.map((c) => (rest * c.populationWeight) / weightSum);
  const counts = exact.map((x) => Math.floor(x) + floor);
  let left = total - counts.reduce((s, n) => s + n, 0);
  const byRemainder = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of byRemainder) {
    if (left-- <= 0) break;
    counts[i]! += 1;
  }
  return new Map(cities.map((c, i) => [c.code, counts[i]!]));
}

/** Spread (1 sigma, km) of stations around the centre: 6 km for the smallest city, 15 km for the largest. */
function spreadKm(city: CitySeed, cities: readonly CitySeed[]): number {
  const weights = cities.map((c) => c.populationWeight);
  const min = Math.min(...weights);
  const max = Math.max(...weights);
  return 6 + (9 * (city.populationWeight - min)) / (max - min || 1);
}

/**
 * A 2-D gaussian around the centre: dense downtown, thinning out to the suburbs. Offsets are capped
 * at 2.5 sigma so that no station lands 50 km out in the countryside. The angle picks the district
 * (below); `onLand` then moves the point into that district's real outline.
 */
function place(rng: Rng, city: CitySeed, sigmaKm: number): { lat: number; lng: number; angle: number } {
  const cap = 2.5 * sigmaKm;
  const dx = Math.max(-cap, Math.min(cap, normal(rng) * sigmaKm));
  const dy = Math.max(-cap, Math.min(cap, normal(rng) * sigmaKm));
  return { ...offset(city, dx, dy), angle: Math.atan2(dy, dx) };
}

function offset(at: { lat: number; lng: number }, dxKm: number, dyKm: number): { lat: number; lng: number } {
  const lat = at.lat + dyKm / 110.574;
  const lng = at.lng + dxKm / (111.32 * Math.cos((at.lat * Math.PI) / 180));
  return { lat: Math.round(lat * 1e6) / 1e6, lng: Math.round(lng * 1e6) / 1e6 };
}

/**
 * A point on land inside `district` (docs/basemap.md has the outlines). The drawn point is kept
 * when it already is; otherwise the point is drawn again from the station's own stream: first
 * around the city centre as before (so downtown stays dense), then around the district's label
 * point with a spread that fits a small district. Deterministic: the same seed gives the same
 * point, and other stations' numbers do not move.
 */
function onLand(
  seed: number,
  code: string,
  geo: CityGeography,
  city: CitySeed,
  district: string,
  drawn: { lat: number; lng: number },
  sigmaKm: number,
): { lat: number; lng: number } {
  if (onLandInDistrict(geo, district, drawn.lat, drawn.lng)) return drawn;
  const rng = deriveRng(seed, `place:${code}`);
  const label = geo.districts.get(district)?.label;
  if (!label) throw new Error(`${city.code}: the basemap has no outline for ${district}`);
  for (let i = 0; i < 2000; i++) {
    const around = i < 64 ? city : label;
    const sigma = i < 64 ? sigmaKm : Math.max(0.5, 3 - i / 500);
    const p = offset(around, normal(rng) * sigma, normal(rng) * sigma);
    if (onLandInDistrict(geo, district, p.lat, p.lng)) return p;
  }
  throw new Error(`${code}: found no point on land in ${district}`);
}

/** Skewed towards small stations (median ~0.6): most 驿站 are shop counters, a few are big hubs. */
function drawSizeFactor(rng: Rng): number {
  const size = Math.exp(Math.log(0.6) + 0.5 * normal(rng));
  return Math.round(Math.min(2.5, Math.max(0.3, size)) * 100) / 100;
}

function drawSilentHours(rng: Rng, plan: StationPlan): number {
  if (plan === 'STALE') return intBetween(rng, 24, 96);
  if (plan === 'CLOSED' || plan === 'MAINTENANCE') return intBetween(rng, 24, 120);
  return 0;
}

function cityStations(seed: number, city: CitySeed, count: number, cities: readonly CitySeed[]): StationSeed[] {
  const rng = deriveRng(seed, `network:${city.code}`);
  const sigma = spreadKm(city, cities);
  const geo = cityGeography(city.code);
  const perDistrict = new Map<string, number>();
  const out: StationSeed[] = [];
  for (let i = 1; i <= count; i++) {
    const code = `${city.code}-${String(i).padStart(5, '0')}`;
    const drawn = place(rng, city, sigma);
    // Which district: a compass sector of the drawn point around the centre (so each district
    // gets a share of the city's stations); where: inside that district's real outline, on land.
    const sector = Math.floor(((drawn.angle + Math.PI) / (2 * Math.PI)) * city.districts.length);
    const district = city.districts[Math.min(sector, city.districts.length - 1)]!;
    const { lat, lng } = onLand(seed, code, geo, city, district, drawn, sigma);
    const n = (perDistrict.get(district) ?? 0) + 1;
    perDistrict.set(district, n);
    const drawnPlan = pickWeighted(rng, PLAN_WEIGHTS);
    const plan = code === DEMO_STATION_CODE ? 'OPEN' : drawnPlan;
    out.push({
      code,
      cityCode: city.code,
      district,
      lat,
      lng,
      plan,
      name: `菜鸟驿站·${district}${n}号店`,
      address: `${city.nameZh}市${district}${pick(rng, STREETS)}${intBetween(rng, 1, 999)}号`,
      binCapacity: intBetween(rng, 15, 40) * 10,
      sizeFactor: drawSizeFactor(rng),
      silentHours: drawSilentHours(rng, plan),
    });
  }
  return out;
}

/**
 * All stations, city by city in CITIES order, numbered per city (SH-00001, SH-00002, ...).
 * Each city draws from its own stream, so the Shanghai stations of a 10,000 and a 10,001 network
 * differ only where the counts differ.
 */
export function generateStations(options: { seed: number; stations: number }): StationSeed[] {
  const counts = stationsPerCity(options.stations);
  return CITIES.flatMap((city) => cityStations(options.seed, city, counts.get(city.code) ?? 0, CITIES));
}

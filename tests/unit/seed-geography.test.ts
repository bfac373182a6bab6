// The demo network's names, districts and positions agree: every station of the default 10,000
// network (seed 42) lies inside the outline of the district its name and address give, on land
// (not in the sea, a lake or a wide river), with the outlines the map draws (web/public/basemap).
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { describe, expect, it } from 'vitest';
import { CITIES, cityGeography, generateStations } from '@recycle/seeds';

const network = generateStations({ seed: 42, stations: 10_000 });

describe('seeded geography', () => {
  it('every district a city seeds has an outline in the basemap', () => {
    for (const c of CITIES) {
      const geo = cityGeography(c.code);
      for (const d of c.districts) expect(geo.districts.has(d), `${c.code} ${d}`).toBe(true);
    }
  });

  it('places each of the 10,000 stations inside its own district, on land', () => {
    const wrong: string[] = [];
    for (const s of network) {
      const geo = cityGeography(s.cityCode);
      const district = geo.districts.get(s.district)!;
      const at: [number, number] = [s.lng, s.lat];
      if (!booleanPointInPolygon(at, district.feature)) wrong.push(`${s.code} not in ${s.district}`);
      const wet = geo.water.find((w) => booleanPointInPolygon(at, w.feature));
      if (wet) wrong.push(`${s.code} in ${wet.feature.properties.kind}`);
      // The name and the address say the same district.
      if (!s.name.includes(s.district) || !s.address.includes(s.district)) wrong.push(`${s.code} named ${s.name}`);
    }
    expect(wrong).toEqual([]);
    expect(network).toHaveLength(10_000);
  });

  it('no station lies in another district of its city (outlines share borders, they do not overlap)', () => {
    const elsewhere: string[] = [];
    for (const s of network.filter((_, i) => i % 10 === 0)) {
      for (const [name, d] of cityGeography(s.cityCode).districts) {
        if (name !== s.district && booleanPointInPolygon([s.lng, s.lat], d.feature, { ignoreBoundary: true })) {
          elsewhere.push(`${s.code} also in ${name}`);
        }
      }
    }
    expect(elsewhere).toEqual([]);
  });

  it('keeps a point that the old draw already put in the right place (SH-00001 in 静安区)', () => {
    const sh1 = network[0]!;
    expect(sh1).toMatchObject({ code: 'SH-00001', district: '静安区', name: '菜鸟驿站·静安区1号店' });
    // 静安区 spans about 31.21-31.33 N, 121.42-121.48 E
    expect(sh1.lat).toBeGreaterThan(31.2);
    expect(sh1.lat).toBeLessThan(31.34);
    expect(sh1.lng).toBeGreaterThan(121.41);
    expect(sh1.lng).toBeLessThan(121.49);
  });
});

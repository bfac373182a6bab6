// The data of each open-feed document (docs/feed.md), built from repository rows. Field names
// follow GBFS where the meaning is the same (station_id, name, lat, lon, address, last_reported);
// the rest is this feed's own and documented in docs/feed/schemas/.
import { publicStatus, type PublicStationRow } from '../domain/public-station.ts';
import type { listCities } from '../repositories/city.ts';
import type { listMaterials } from '../repositories/material.ts';
import { rfc3339 } from './feed-cache.ts';

type CityRow = Awaited<ReturnType<typeof listCities>>[number];
type MaterialRow = Awaited<ReturnType<typeof listMaterials>>[number];

/** A scope is one city (its code) or the whole network. */
export const NETWORK = 'network';
export const FEEDS = ['system_information', 'materials', 'station_information', 'station_status'] as const;
export type FeedName = (typeof FEEDS)[number];

/** Seconds a client may keep each document. */
export const TTL: Record<FeedName | 'gbfs' | 'manifest', number> = {
  manifest: 3600,
  gbfs: 3600,
  system_information: 3600,
  materials: 3600,
  station_information: 300,
  station_status: 60,
};

const zhEn = (zh: string, en: string) => [
  { text: zh, language: 'zh' },
  { text: en, language: 'en' },
];

export function manifestData(base: string, cities: CityRow[]) {
  const scopes = [NETWORK, ...cities.map((c) => c.code)];
  return {
    datasets: scopes.map((scope) => ({
      system_id: `recycle-${scope.toLowerCase()}`,
      versions: [{ version: '1.0', url: `${base}/feed/${scope}/gbfs.json` }],
    })),
  };
}

export function discoveryData(base: string, scope: string) {
  return { feeds: FEEDS.map((name) => ({ name, url: `${base}/feed/${scope}/${name}.json` })) };
}

export function systemInformationData(scope: string, city: CityRow | null, stationCount: number) {
  return {
    system_id: `recycle-${scope.toLowerCase()}`,
    languages: ['zh', 'en'],
    name: city
      ? zhEn(`${city.name_zh}包装回收驿站`, `${city.name_en} package-recycling stations`)
      : zhEn('包装回收驿站网络', 'Package-recycling station network'),
    timezone: city?.timezone ?? 'Asia/Shanghai',
    city_id: city?.code ?? null,
    station_count: stationCount,
  };
}

export function materialsData(materials: MaterialRow[]) {
  return {
    materials: materials.map((m) => ({ material_id: m.code, name: zhEn(m.name_zh, m.name_en), reusable: m.reusable })),
  };
}

/** Every station takes every material (reusable ones may be kept for reuse): see docs/feed.md. */
export function stationInformationData(rows: PublicStationRow[], materials: MaterialRow[]) {
  const accepts = materials.map((m) => m.code);
  return {
    stations: rows.map((s) => ({
      station_id: s.code,
      name: [{ text: s.name, language: 'zh' }],
      lat: Math.round(s.lat * 1e6) / 1e6,
      lon: Math.round(s.lng * 1e6) / 1e6,
      address: s.address,
      city_id: s.city_code,
      district: s.district,
      accepts,
    })),
  };
}

export function stationStatusData(rows: PublicStationRow[], now: Date) {
  return {
    stations: rows.map((s) => {
      const p = publicStatus(s, now);
      return {
        station_id: s.code,
        status: p.status,
        is_accepting: p.accepting,
        bin_fill: p.binFill,
        last_reported: p.lastReportedAt ? rfc3339(p.lastReportedAt) : null,
      };
    }),
  };
}

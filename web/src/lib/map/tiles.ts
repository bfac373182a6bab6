// Basemap settings, read once from Vite's environment at build time (see README "Map dashboard"):
//   VITE_TILE_URL          raster tile URL template, e.g. https://tiles.example.cn/{z}/{x}/{y}.png
//   VITE_TILE_CRS          WGS84 (default) or GCJ02 (AMap/Gaode, Tencent): stations are converted
//   VITE_TILE_SUBDOMAINS   e.g. "1234" for {s}
//   VITE_TILE_ATTRIBUTION  text shown in the corner
// Without a URL only the offline basemap (web/public/basemap/) is drawn: it works with no internet.
import type { TileCrs } from './stations.ts';

export interface TileConfig {
  url: string | null;
  crs: TileCrs;
  subdomains: string;
  attribution: string;
}

export function tileConfig(env: Record<string, string | undefined>): TileConfig {
  const url = env.VITE_TILE_URL?.trim() || null;
  const crs = (env.VITE_TILE_CRS ?? '').trim().toUpperCase().replace(/[-_]/g, '');
  return {
    url: url && /^(https?:)?\/\/|^\//.test(url) && url.includes('{z}') ? url : null,
    // Stations are converted only when tiles in GCJ-02 are actually drawn.
    crs: url && crs === 'GCJ02' ? 'GCJ02' : 'WGS84',
    subdomains: env.VITE_TILE_SUBDOMAINS?.trim() || 'abc',
    attribution: env.VITE_TILE_ATTRIBUTION?.trim() || '',
  };
}

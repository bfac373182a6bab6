// Status derivation on the client (web/src/lib/map/status-rules.ts), the sparkline's days,
// and the tile settings.
import { describe, expect, it } from 'vitest';
import { binLevel, effectiveStatus, waitedMs } from '../../web/src/lib/map/status-rules.ts';
import { fillDays, sparkPoints } from '../../web/src/lib/map/sparkline.ts';
import { tileConfig } from '../../web/src/lib/map/tiles.ts';

const NOW = new Date('2026-11-25T04:00:00Z');
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3600_000).toISOString();

describe('effectiveStatus', () => {
  it.each([
    ['OPEN', hoursAgo(1), 'OPEN'],
    ['OPEN', hoursAgo(23.9), 'OPEN'],
    ['OPEN', hoursAgo(24.1), 'STALE'],
    ['FULL', hoursAgo(30), 'STALE'],
    ['FULL', hoursAgo(2), 'FULL'],
    ['OPEN', null, 'STALE'],
    ['CLOSED', hoursAgo(300), 'CLOSED'],
    ['MAINTENANCE', null, 'MAINTENANCE'],
  ] as const)('%s last reported %s is %s', (stored, at, expected) => {
    expect(effectiveStatus(stored, at, NOW)).toBe(expected);
  });

  it('bin levels and waiting time', () => {
    expect([binLevel(0.2), binLevel(0.7), binLevel(0.99), binLevel(1), binLevel(1.3)]).toEqual([
      'ok',
      'high',
      'high',
      'full',
      'full',
    ]);
    expect(waitedMs(hoursAgo(2), NOW)).toBe(7_200_000);
    expect(waitedMs(new Date(NOW.getTime() + 1000).toISOString(), NOW)).toBe(0);
  });
});

describe('sparkline', () => {
  it('fills missing days with 0', () => {
    expect(
      fillDays(
        [
          { day: '2026-10-31', items: 4 },
          { day: '2026-11-02', items: 8 },
        ],
        '2026-10-30',
        '2026-11-02',
      ).map((d) => d.items),
    ).toEqual([0, 4, 0, 8]);
  });

  it('puts the largest value at the top and 0 at the bottom', () => {
    expect(sparkPoints([0, 4, 8], 100, 20)).toBe('0,20 50,10 100,0');
    expect(sparkPoints([], 100, 20)).toBe('');
    expect(sparkPoints([0, 0], 100, 20)).toBe('0,20 100,20');
  });
});

describe('tileConfig', () => {
  it('no URL: outline only, stations in WGS-84 whatever VITE_TILE_CRS says', () => {
    expect(tileConfig({ VITE_TILE_CRS: 'GCJ02' })).toEqual({
      url: null,
      crs: 'WGS84',
      subdomains: 'abc',
      attribution: '',
    });
  });

  it('a GCJ-02 provider converts stations', () => {
    const c = tileConfig({
      VITE_TILE_URL: 'https://webrd0{s}.is.autonavi.com/appmaptile?x={x}&y={y}&z={z}&style=8',
      VITE_TILE_CRS: 'gcj-02',
      VITE_TILE_SUBDOMAINS: '1234',
    });
    expect(c).toMatchObject({ crs: 'GCJ02', subdomains: '1234' });
  });

  it('a URL without {z} or a scheme is ignored', () => {
    expect(tileConfig({ VITE_TILE_URL: 'tiles.png' }).url).toBeNull();
    expect(tileConfig({ VITE_TILE_URL: '/tiles/{z}/{x}/{y}.png' }).url).toBe('/tiles/{z}/{x}/{y}.png');
  });
});

// Place names on the basemap's canvas (web/src/routes/map/basemap-draw.ts `drawLabels`): each at
// its point for the view, in device pixels, a halo under the letters, names far outside skipped.
// The context records what it was asked to draw (the pixels themselves are compared between the
// worker and the page in Chromium: tests/e2e/map-screens.test.ts).
import { describe, expect, it } from 'vitest';
import { drawLabels, type DrawView, type LabelSpec, type LabelStyle } from '../../web/src/routes/map/basemap-draw.ts';
import { mercator } from '../../web/src/lib/map/basemap.ts';

type Call = [op: string, text: string, x: number, y: number, font: string, baseline: string, style: string];

function recorder() {
  const calls: Call[] = [];
  const ctx = {
    font: '',
    textBaseline: '',
    textAlign: '',
    lineJoin: '',
    lineWidth: 0,
    strokeStyle: '',
    fillStyle: '',
    dash: [1] as number[],
    setTransform() {},
    setLineDash(d: number[]) {
      ctx.dash = d;
    },
    strokeText(t: string, x: number, y: number) {
      calls.push(['stroke', t, x, y, ctx.font, ctx.textBaseline, ctx.strokeStyle]);
    },
    fillText(t: string, x: number, y: number) {
      calls.push(['fill', t, x, y, ctx.font, ctx.textBaseline, ctx.fillStyle]);
    },
  };
  return { ctx, calls };
}

const district: LabelStyle = { size: 12, weight: 400, family: 'sans-serif', color: '#5b5548', halo: '#fff', above: 0 };
const city: LabelStyle = { ...district, size: 14, weight: 600, color: '#101828', above: 24 };

describe('basemap place names', () => {
  it('puts a name at its point for the view, at the device pixel ratio, halo first', () => {
    // At zoom 10 (scale 1024) a drawing whose top left is 100 px left and 50 px above the point.
    const at: [number, number] = [200, 100];
    const v: DrawView = { scale: 1024, left: 200 * 1024 - 100, top: 100 * 1024 - 50, width: 800, height: 600, dpr: 2 };
    const { ctx, calls } = recorder();
    drawLabels(ctx as never, [{ text: '浦东新区', at, style: district }], v);
    expect(calls).toEqual([
      ['stroke', '浦东新区', 200, 100, '400 24px sans-serif', 'middle', '#fff'],
      ['fill', '浦东新区', 200, 100, '400 24px sans-serif', 'middle', '#5b5548'],
    ]);
    // A district border's dash must not reach the halo.
    expect(ctx.dash).toEqual([]);
  });

  it('writes a city name 24 px above its point, its bottom on that line', () => {
    const at = mercator(121.47, 31.23);
    const v: DrawView = { scale: 16, left: at[0] * 16 - 400, top: at[1] * 16 - 300, width: 800, height: 600, dpr: 1 };
    const { ctx, calls } = recorder();
    drawLabels(ctx as never, [{ text: 'Shanghai', at, style: city }], v);
    const fill = calls.find((c) => c[0] === 'fill')!;
    expect(fill[2]).toBeCloseTo(400, 6);
    expect(fill[3]).toBeCloseTo(276, 6);
    expect(fill[4]).toBe('600 14px sans-serif');
    expect(fill[5]).toBe('bottom');
  });

  it('skips names whose point is far outside the drawing, keeps those whose text can reach in', () => {
    const v: DrawView = { scale: 1, left: 0, top: 0, width: 100, height: 100, dpr: 1 };
    const names: LabelSpec[] = [
      { text: 'far left', at: [-500, 50], style: district },
      { text: 'near left', at: [-150, 50], style: district },
      { text: 'far below', at: [50, 400], style: district },
      { text: 'inside', at: [50, 50], style: district },
    ];
    const { ctx, calls } = recorder();
    drawLabels(ctx as never, names, v);
    expect([...new Set(calls.map((c) => c[1]))]).toEqual(['near left', 'inside']);
  });
});

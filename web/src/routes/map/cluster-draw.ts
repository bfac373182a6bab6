// Drawing the map's clusters and stations on a canvas: the same code in the cluster layer's worker
// (cluster-worker.ts) and on the page when a browser cannot draw in a worker (cluster-layer.ts).
// The layer decides what goes where (supercluster, positions, which captions); this draws it.
import { EFFECTIVE_STATUSES, STATUS_STYLE, type EffectiveStatus } from '../../lib/status.ts';
import type { StatusMix } from '../../lib/map/cluster.ts';

type Context2D = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

/** A cluster: a ring of its status mix around its count, and a badge of what needs action. */
export interface ClusterMark {
  x: number;
  y: number;
  r: number;
  count: number;
  mix: StatusMix;
  full: number;
  stale: number;
}

/** A single station: its status glyph, ringed when it is the one open in the drawer. */
export interface StationMark {
  x: number;
  y: number;
  status: EffectiveStatus;
  selected: boolean;
}

/** A circle that captions must not cover (clusters and stations, in drawing order). */
export interface Circle {
  x: number;
  y: number;
  r: number;
}

/** One drawing of the layer, in CSS pixels of the view. */
export interface ClusterDrawing {
  dpr: number;
  marks: (ClusterMark | StationMark)[];
  captions: Caption[];
  circles: Circle[];
}

/** Draws `d` on a cleared canvas. */
export function drawMarks(ctx: Context2D, d: ClusterDrawing): void {
  ctx.setTransform(d.dpr, 0, 0, d.dpr, 0, 0);
  for (const m of d.marks) {
    if ('count' in m) {
      drawCluster(ctx, m);
      continue;
    }
    if (m.selected) {
      ctx.beginPath();
      ctx.arc(m.x, m.y, 14, 0, Math.PI * 2);
      ctx.strokeStyle = '#101828';
      ctx.lineWidth = 3;
      ctx.stroke();
    }
    drawGlyph(ctx, m.status, m.x, m.y, 8);
  }
  drawCaptions(ctx, d.captions, d.circles);
}

function drawCluster(ctx: Context2D, { x, y, r, count, mix, full, stale }: ClusterMark): void {
  const total = mix.reduce((a, b) => a + b, 0);
  // The status mix as a ring: one arc per status, in legend order, starting at 12 o'clock.
  let angle = -Math.PI / 2;
  ctx.lineWidth = 6;
  EFFECTIVE_STATUSES.forEach((s, i) => {
    const n = mix[i]!;
    if (!n) return;
    const sweep = (n / total) * Math.PI * 2;
    ctx.beginPath();
    ctx.strokeStyle = STATUS_STYLE[s].color;
    ctx.arc(x, y, r - 3, angle, angle + sweep);
    ctx.stroke();
    angle += sweep;
  });
  ctx.beginPath();
  ctx.fillStyle = 'rgba(255,255,255,0.94)';
  ctx.arc(x, y, r - 6, 0, Math.PI * 2);
  ctx.fill();
  ctx.fillStyle = '#101828';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.font = `600 ${r > 20 ? 12 : 11}px system-ui, sans-serif`;
  ctx.fillText(compact(count), x, y);
  drawNeedsBadge(ctx, x + r * 0.35, y - r - 2, full, stale);
}

/**
 * What needs action in a cluster, top right of its circle: "✖ 3 ▲ 12" (FULL, then STALE), each
 * count after its legend glyph, dark text on white: readable without colour and under colour-vision
 * deficiency. No badge when nothing in the cluster needs action.
 */
function drawNeedsBadge(ctx: Context2D, left: number, top: number, full: number, stale: number): void {
  const parts = (
    [
      ['FULL', full],
      ['STALE', stale],
    ] as const
  ).filter(([, n]) => n > 0);
  if (parts.length === 0) return;
  ctx.font = '700 10px system-ui, sans-serif';
  const widths = parts.map(([, n]) => 13 + ctx.measureText(compact(n)).width + 3);
  const w = widths.reduce((a, b) => a + b, 0) + 3;
  const h = 15;
  ctx.beginPath();
  ctx.roundRect(left, top, w, h, 7);
  ctx.fillStyle = '#fff';
  ctx.fill();
  ctx.strokeStyle = '#101828';
  ctx.lineWidth = 1;
  ctx.stroke();
  let at = left + 3;
  parts.forEach(([status, n], i) => {
    drawGlyph(ctx, status, at + 6, top + h / 2, 4.5);
    ctx.fillStyle = '#101828';
    ctx.textAlign = 'left';
    ctx.textBaseline = 'middle';
    ctx.fillText(compact(n), at + 13, top + h / 2 + 0.5);
    at += widths[i]!;
  });
}

export interface Caption {
  x: number;
  y: number;
  text: string;
  /** Index of its cluster in the hit list (a caption may touch its own circle). */
  owner: number;
}

/**
 * Items-today captions, after every circle, in small text with a white halo; a caption that would
 * cover another circle or caption is left out (dense views stay readable; the tooltip has it all).
 */
function drawCaptions(ctx: Context2D, captions: Caption[], circles: Circle[]): void {
  ctx.font = '600 10px system-ui, sans-serif';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.lineWidth = 3;
  ctx.strokeStyle = 'rgba(255,255,255,0.9)';
  ctx.fillStyle = '#344054';
  const placed: { l: number; r: number; t: number; b: number }[] = [];
  for (const c of captions) {
    const w = ctx.measureText(c.text).width / 2 + 2;
    const box = { l: c.x - w, r: c.x + w, t: c.y - 6, b: c.y + 6 };
    const hitsCircle = circles.some(
      (h, i) => i !== c.owner && h.x + h.r > box.l && h.x - h.r < box.r && h.y + h.r > box.t && h.y - h.r < box.b,
    );
    const hitsCaption = placed.some((p) => p.r > box.l && p.l < box.r && p.b > box.t && p.t < box.b);
    if (hitsCircle || hitsCaption) continue;
    placed.push(box);
    ctx.strokeText(c.text, c.x, c.y);
    ctx.fillText(c.text, c.x, c.y);
  }
}

export const compact = (n: number) =>
  n >= 10_000 ? `${Math.round(n / 1000)}k` : n >= 1000 ? `${(n / 1000).toFixed(1)}k` : String(n);

/** A station: the legend's shape for its status, filled with its colour, white outline. */
export function drawGlyph(ctx: Context2D, status: EffectiveStatus, x: number, y: number, r: number): void {
  ctx.beginPath();
  switch (status) {
    case 'OPEN':
      ctx.arc(x, y, r, 0, Math.PI * 2);
      break;
    case 'MAINTENANCE':
      ctx.moveTo(x, y - r);
      ctx.lineTo(x + r, y);
      ctx.lineTo(x, y + r);
      ctx.lineTo(x - r, y);
      break;
    case 'CLOSED':
      ctx.rect(x - r * 0.85, y - r * 0.85, r * 1.7, r * 1.7);
      break;
    case 'STALE':
      ctx.moveTo(x, y - r);
      ctx.lineTo(x + r, y + r * 0.8);
      ctx.lineTo(x - r, y + r * 0.8);
      break;
    case 'FULL': {
      const a = r * 0.35;
      // A cross (✖) as one filled outline.
      ctx.moveTo(x - r, y - r + a);
      ctx.lineTo(x - r + a, y - r);
      ctx.lineTo(x, y - a);
      ctx.lineTo(x + r - a, y - r);
      ctx.lineTo(x + r, y - r + a);
      ctx.lineTo(x + a, y);
      ctx.lineTo(x + r, y + r - a);
      ctx.lineTo(x + r - a, y + r);
      ctx.lineTo(x, y + a);
      ctx.lineTo(x - r + a, y + r);
      ctx.lineTo(x - r, y + r - a);
      ctx.lineTo(x - a, y);
      break;
    }
  }
  ctx.closePath();
  ctx.fillStyle = STATUS_STYLE[status].color;
  ctx.strokeStyle = '#fff';
  ctx.lineWidth = 2;
  ctx.stroke();
  ctx.fill();
}

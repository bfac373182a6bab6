// Drawing the basemap's shapes and place names for one view: the same code in the basemap's worker
// (basemap-worker.ts) and on the page when a browser has no OffscreenCanvas (basemap-painter.ts).
// Shapes are paths in Web Mercator pixels at zoom 0 (lib/map/basemap.ts `pathData`); a view is one
// scale and offset, so a new zoom is one matrix per shape and the vertices are transformed natively.
import type { PathData } from '../../lib/map/basemap.ts';

export interface ShapeStyle {
  fill?: string;
  stroke?: string;
  /** Stroke width and dash in CSS pixels, whatever the zoom. */
  width?: number;
  dash?: number[];
}

/** A shape as it crosses to the worker: plain data, named by an id unique in the page. */
export interface ShapeSpec {
  id: number;
  data: PathData;
  style: ShapeStyle;
}

/** How a place name is written, in CSS pixels whatever the zoom. */
export interface LabelStyle {
  size: number;
  weight: number;
  family: string;
  color: string;
  /** Drawn around the letters so they read over borders and water. */
  halo: string;
  /** Pixels from the point up to the text's bottom (a city's name sits above its cluster); 0: centred. */
  above: number;
}

/** A place name at a point in Mercator pixels at zoom 0 (lib/map/basemap.ts `mercator`). */
export interface LabelSpec {
  text: string;
  at: [number, number];
  style: LabelStyle;
}

/** What one drawing covers: its top left in the map's absolute pixels at the zoom of `scale`. */
export interface DrawView {
  /** 2^zoom: absolute pixels per pixel at zoom 0. */
  scale: number;
  left: number;
  top: number;
  /** CSS pixels; the bitmap is `dpr` times larger. */
  width: number;
  height: number;
  dpr: number;
}

/** A shape ready to draw. */
export interface DrawShape {
  path: Path2D;
  origin: [number, number];
  style: ShapeStyle;
}

export function pathOf(data: PathData): Path2D {
  const path = new Path2D();
  for (const ring of data.rings) {
    path.moveTo(ring[0]!, ring[1]!);
    for (let i = 2; i < ring.length; i += 2) path.lineTo(ring[i]!, ring[i + 1]!);
    if (data.closed) path.closePath();
  }
  return path;
}

type Context2D = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

/** Clears the context (sized for `v` already) and draws `shapes` in order. */
export function drawShapes(ctx: Context2D, shapes: Iterable<DrawShape>, v: DrawView): void {
  const { scale: s, dpr } = v;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, Math.round(v.width * dpr), Math.round(v.height * dpr));
  ctx.lineJoin = 'round';
  ctx.lineCap = 'round';
  for (const shape of shapes) {
    const m = {
      a: s * dpr,
      b: 0,
      c: 0,
      d: s * dpr,
      e: dpr * (shape.origin[0] * s - v.left),
      f: dpr * (shape.origin[1] * s - v.top),
    };
    const { fill, stroke, width: lineWidth = 1, dash = [] } = shape.style;
    if (fill) {
      ctx.setTransform(m);
      ctx.fillStyle = fill;
      ctx.fill(shape.path, 'evenodd');
    }
    if (stroke) {
      // Strokes in screen pixels: the path is transformed, the pen is not.
      const onScreen = new Path2D();
      onScreen.addPath(shape.path, m);
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.lineWidth = lineWidth * dpr;
      ctx.setLineDash(dash.map((x) => x * dpr));
      ctx.strokeStyle = stroke;
      ctx.stroke(onScreen);
    }
  }
}

/** Draws `labels` over what is on the context (after `drawShapes`), each at its point for `v`. */
export function drawLabels(ctx: Context2D, labels: readonly LabelSpec[], v: DrawView): void {
  const { scale: s, dpr } = v;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.setLineDash([]);
  ctx.lineJoin = 'round';
  ctx.textAlign = 'center';
  for (const { text, at, style } of labels) {
    const x = at[0] * s - v.left;
    const y = at[1] * s - v.top - style.above;
    // Names far outside the drawing cannot reach into it.
    if (x < -200 || y < -50 || x > v.width + 200 || y > v.height + 50) continue;
    ctx.font = `${style.weight} ${style.size * dpr}px ${style.family}`;
    ctx.textBaseline = style.above ? 'bottom' : 'middle';
    ctx.lineWidth = 3 * dpr;
    ctx.strokeStyle = style.halo;
    ctx.strokeText(text, x * dpr, y * dpr);
    ctx.fillStyle = style.color;
    ctx.fillText(text, x * dpr, y * dpr);
  }
}

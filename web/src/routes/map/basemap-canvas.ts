// The basemap's canvas: shapes prepared once per file (Path2D in Web Mercator pixels at zoom 0,
// lib/map/basemap.ts `pathData`) drawn on one canvas below the tiles and the clusters. Why not
// Leaflet's L.geoJSON on a canvas renderer: that one re-projects every vertex in JavaScript at every
// zoom, clips and simplifies every ring at every moveend, and reallocates and redraws its whole
// canvas after each pan (the bench's CPU profile: most of a pan frame at 4× CPU went there, plus
// copying the fresh canvas to the compositor). Here a frame at a new zoom is one matrix per shape
// (the vertices are transformed by the canvas, natively), and a pan redraws nothing while the view
// stays inside the area drawn last time (the canvas covers the view and a margin, and moves with
// the map pane like any layer).
import L from 'leaflet';
import type { PathData } from '../../lib/map/basemap.ts';

export interface ShapeStyle {
  fill?: string;
  stroke?: string;
  /** Stroke width and dash in CSS pixels, whatever the zoom. */
  width?: number;
  dash?: number[];
}

/** A prepared shape: its outline as a Path2D in pixels at zoom 0, relative to `origin`. */
export interface Shape {
  path: Path2D;
  origin: [number, number];
  style: ShapeStyle;
}

export function shapeOf(data: PathData, style: ShapeStyle): Shape {
  const path = new Path2D();
  for (const ring of data.rings) {
    path.moveTo(ring[0]!, ring[1]!);
    for (let i = 2; i < ring.length; i += 2) path.lineTo(ring[i]!, ring[i + 1]!);
    if (data.closed) path.closePath();
  }
  return { path, origin: data.origin, style };
}

/** Margin drawn around the view, as a share of its size on each side: a pan within it redraws nothing. */
const PAD = 0.3;

export class BasemapCanvas extends L.Layer {
  private canvas!: HTMLCanvasElement;
  private shapes: Shape[] = [];
  /** What the canvas holds: its top left in absolute pixels at `zoom`, and its size in CSS pixels. */
  private drawn: { zoom: number; left: number; top: number; width: number; height: number } | null = null;

  constructor(private readonly pane: string) {
    super();
  }

  /**
   * What the view needs, in drawing order, after every move: redrawn when it changed, the zoom
   * changed or the view left the area drawn last time; otherwise the canvas is only kept in place.
   */
  show(shapes: Shape[]): void {
    if (!this._map) return;
    if (shapes.length !== this.shapes.length || shapes.some((s, i) => s !== this.shapes[i])) {
      this.shapes = shapes;
      return this.redraw();
    }
    this.moved();
  }

  override onAdd(map: L.Map): this {
    this.canvas = L.DomUtil.create('canvas', 'basemap-canvas leaflet-zoom-animated');
    this.canvas.style.position = 'absolute';
    this.canvas.style.pointerEvents = 'none';
    map.getPane(this.pane)!.appendChild(this.canvas);
    map.on('resize', this.redraw, this);
    map.on('zoom', this.zooming, this);
    map.on('zoomanim', this.animateZoom, this);
    this.redraw();
    return this;
  }

  override onRemove(map: L.Map): this {
    map.off('resize', this.redraw, this);
    map.off('zoom', this.zooming, this);
    map.off('zoomanim', this.animateZoom, this);
    this.canvas.remove();
    this.drawn = null;
    return this;
  }

  /** After a pan or zoom: redraw only if the view left the drawn area or the zoom changed. */
  private moved(): void {
    const map = this._map;
    const d = this.drawn;
    const view = map.getPixelBounds();
    if (
      d &&
      d.zoom === map.getZoom() &&
      view.min!.x >= d.left &&
      view.min!.y >= d.top &&
      view.max!.x <= d.left + d.width &&
      view.max!.y <= d.top + d.height
    ) {
      // The pixel origin moves after a reset of the view: keep the canvas where its pixels belong.
      L.DomUtil.setPosition(this.canvas, L.point(d.left, d.top).subtract(map.getPixelOrigin()));
      return;
    }
    this.redraw();
  }

  /** During a flyTo (zoom events every frame, no redraw until moveend): scale what is drawn. */
  private zooming(): void {
    const map = this._map;
    this.transformTo(map.getZoom(), map.getPixelOrigin());
  }

  /** During Leaflet's zoom animation, scaled like its own renderers. */
  private animateZoom(e: L.ZoomAnimEvent): void {
    const map = this._map;
    const half = map.getSize().divideBy(2);
    const pane = L.DomUtil.getPosition(map.getPane('mapPane')!);
    this.transformTo(e.zoom, map.project(e.center, e.zoom).subtract(half).add(pane).round());
  }

  private transformTo(zoom: number, pixelOrigin: L.Point): void {
    const d = this.drawn;
    if (!d) return;
    const scale = this._map.getZoomScale(zoom, d.zoom);
    L.DomUtil.setTransform(this.canvas, L.point(d.left * scale, d.top * scale).subtract(pixelOrigin), scale);
  }

  /** Draws the view and its margin at the current zoom. */
  redraw(): void {
    const map = this._map;
    if (!map) return;
    const size = map.getSize();
    const pad = size.multiplyBy(PAD).round();
    const width = size.x + 2 * pad.x,
      height = size.y + 2 * pad.y;
    const zoom = map.getZoom();
    const topLeft = map.getPixelBounds().min!.subtract(pad);
    const dpr = window.devicePixelRatio || 1;
    if (this.canvas.width !== Math.round(width * dpr) || this.canvas.height !== Math.round(height * dpr)) {
      this.canvas.width = Math.round(width * dpr);
      this.canvas.height = Math.round(height * dpr);
      this.canvas.style.width = `${width}px`;
      this.canvas.style.height = `${height}px`;
    }
    L.DomUtil.setPosition(this.canvas, topLeft.subtract(map.getPixelOrigin()));
    this.drawn = { zoom, left: topLeft.x, top: topLeft.y, width, height };
    const ctx = this.canvas.getContext('2d')!;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    // Pixels at zoom 0 times 2^zoom are the map's absolute pixels (Leaflet's EPSG:3857).
    const s = map.options.crs!.scale(zoom) / map.options.crs!.scale(0);
    ctx.lineJoin = 'round';
    ctx.lineCap = 'round';
    for (const shape of this.shapes) {
      const m = new DOMMatrix([
        s * dpr,
        0,
        0,
        s * dpr,
        dpr * (shape.origin[0] * s - topLeft.x),
        dpr * (shape.origin[1] * s - topLeft.y),
      ]);
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
}

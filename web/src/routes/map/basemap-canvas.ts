// The basemap's canvas: shapes prepared once per file (paths in Web Mercator pixels at zoom 0,
// lib/map/basemap.ts `pathData`) drawn on one canvas below the tiles and the clusters. Why not
// Leaflet's L.geoJSON on a canvas renderer: that one re-projects every vertex in JavaScript at every
// zoom, clips and simplifies every ring at every moveend, and reallocates and redraws its whole
// canvas after each pan (the bench's CPU profile: most of a pan frame at 4× CPU went there, plus
// copying the fresh canvas to the compositor). Here a drawing at a new zoom is one matrix per shape
// (basemap-draw.ts), made off the main thread where the browser allows (basemap-painter.ts); a pan
// asks for nothing while the view stays inside the area last asked for (the canvas covers the view
// and a margin, and moves with the map pane like any layer). Until a new drawing arrives, the one
// shown stays where its pixels belong, scaled after a zoom.
import L from 'leaflet';
import type { PathData } from '../../lib/map/basemap.ts';
import type { DrawView, LabelSpec, ShapeSpec, ShapeStyle } from './basemap-draw.ts';
import { createPainter, type Painter } from './basemap-painter.ts';
import { placeDrawing, zoomAnimTarget, type Placed } from './placed-drawing.ts';

export type { LabelSpec, LabelStyle, ShapeStyle } from './basemap-draw.ts';
export type Shape = ShapeSpec;

let nextId = 1;
export const shapeOf = (data: PathData, style: ShapeStyle): Shape => ({ id: nextId++, data, style });

/** Margin drawn around the view, as a share of its size on each side: a pan within it asks for nothing. */
const PAD = 0.3;

/** An area of the map at a zoom, in absolute pixels at that zoom (CSS pixels). */
interface Area extends Placed {
  width: number;
  height: number;
}

export class BasemapCanvas extends L.Layer {
  private painter!: Painter;
  private shapes: Shape[] = [];
  private labels: LabelSpec[] = [];
  /** What the canvas shows, and what was asked for last (the same once the drawing arrived). */
  private drawn: Area | null = null;
  private asked: Area | null = null;

  constructor(private readonly pane: string) {
    super();
  }

  /**
   * What the view needs, shapes in drawing order and the names over them, after every move: redrawn
   * when either changed, the zoom changed or the view left the area asked for last time; otherwise
   * the canvas is only kept in place.
   */
  show(shapes: Shape[], labels: LabelSpec[]): void {
    if (!this._map) return;
    const same = <T>(a: T[], b: T[]) => a.length === b.length && a.every((x, i) => x === b[i]);
    if (!same(shapes, this.shapes) || !same(labels, this.labels)) {
      this.shapes = shapes;
      this.labels = labels;
      return this.redraw();
    }
    this.moved();
  }

  override onAdd(map: L.Map): this {
    this.mount(createPainter(() => this.fallBack()));
    map.on('resize', this.redraw, this);
    map.on('zoom', this.place, this);
    map.on('zoomanim', this.animateZoom, this);
    this.redraw();
    return this;
  }

  override onRemove(map: L.Map): this {
    map.off('resize', this.redraw, this);
    map.off('zoom', this.place, this);
    map.off('zoomanim', this.animateZoom, this);
    this.painter.dispose();
    this.painter.element.remove();
    this.drawn = this.asked = null;
    return this;
  }

  private mount(painter: Painter): void {
    this.painter = painter;
    const c = painter.element;
    c.className = 'basemap-canvas leaflet-zoom-animated';
    c.dataset.painter = painter.kind;
    c.style.position = 'absolute';
    c.style.pointerEvents = 'none';
    this._map.getPane(this.pane)!.appendChild(c);
  }

  /** The worker could not draw (no Path2D there, a failed load): draw on the page from now on. */
  private fallBack(): void {
    if (!this._map || this.painter.kind === 'page') return;
    this.painter.dispose();
    this.painter.element.remove();
    this.mount(createPainter(() => {}, true));
    this.drawn = this.asked = null;
    this.redraw();
  }

  /** After a pan or zoom: a new drawing only if the view left the area asked for or the zoom changed. */
  private moved(): void {
    const map = this._map;
    const a = this.asked;
    const view = map.getPixelBounds();
    if (
      a &&
      a.zoom === map.getZoom() &&
      view.min!.x >= a.left &&
      view.min!.y >= a.top &&
      view.max!.x <= a.left + a.width &&
      view.max!.y <= a.top + a.height
    ) {
      return this.place();
    }
    this.redraw();
  }

  /**
   * Keeps what is shown where its pixels belong: the pixel origin moves after a reset of the view,
   * and after a zoom (or during a flyTo) the old drawing is scaled until the new one arrives.
   */
  private place(): void {
    const map = this._map;
    if (map) this.transformTo(map.getZoom(), map.getPixelOrigin());
  }

  /** During Leaflet's zoom animation, scaled like its own renderers. */
  private animateZoom(e: L.ZoomAnimEvent): void {
    this.transformTo(...zoomAnimTarget(this._map, e));
  }

  private transformTo(zoom: number, pixelOrigin: L.Point): void {
    if (this.drawn) placeDrawing(this._map, this.painter.element, this.drawn, zoom, pixelOrigin);
  }

  /** Asks for the view and its margin at the current zoom; placed when the drawing is on the canvas. */
  redraw(): void {
    const map = this._map;
    if (!map) return;
    const size = map.getSize();
    const pad = size.multiplyBy(PAD).round();
    const zoom = map.getZoom();
    const topLeft = map.getPixelBounds().min!.subtract(pad);
    const area: Area = {
      zoom,
      left: topLeft.x,
      top: topLeft.y,
      width: size.x + 2 * pad.x,
      height: size.y + 2 * pad.y,
    };
    this.asked = area;
    // Pixels at zoom 0 times 2^zoom are the map's absolute pixels (Leaflet's EPSG:3857).
    const view: DrawView = {
      scale: map.options.crs!.scale(zoom) / map.options.crs!.scale(0),
      left: area.left,
      top: area.top,
      width: area.width,
      height: area.height,
      dpr: window.devicePixelRatio || 1,
    };
    const names = this.labels.length;
    const element = this.painter.element;
    // Until the drawing is shown (tests wait for it: the worker answers asynchronously).
    element.dataset.drawing = 'pending';
    this.painter.paint(this.shapes, this.labels, view, () => {
      this.drawn = area;
      // How many place names the drawing shown has (tests wait for the names of a city).
      element.dataset.labels = String(names);
      element.dataset.drawing = 'shown';
      this.place();
    });
  }
}

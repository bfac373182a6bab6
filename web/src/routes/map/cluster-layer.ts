// A Leaflet layer that draws the clustered stations on one canvas: no DOM marker per station.
// Clusters are rings of their status mix around the station count, with a badge of what needs
// action in them (FULL and STALE counts, each after its own glyph, so they differ without colour);
// single stations are their status glyph in its colour (cluster-draw.ts). Redrawn once per frame on
// moveend, zoom (every frame of a flyTo) and resize, in a worker where the browser allows
// (cluster-worker.ts, worker-canvas.ts): the page decides what goes where and keeps what was hit
// for clicks; the pixels are drawn off its main thread. Until a new drawing arrives, the one shown
// moves with the map pane during a pan and is scaled during a zoom.
import L from 'leaflet';
import { EFFECTIVE_STATUSES } from '../../lib/status.ts';
import { mixOf, type ClusterProps, type PointProps, type StationIndex } from '../../lib/map/cluster.ts';
import { compact, drawMarks, type Caption, type ClusterDrawing } from './cluster-draw.ts';
import { placeDrawing, zoomAnimTarget, type Placed } from './placed-drawing.ts';
import { WorkerCanvas, workerCanvasSupported } from './worker-canvas.ts';
import type { ClusterFeature, PointFeature } from 'supercluster';

export type DrawnFeature = ClusterFeature<ClusterProps> | PointFeature<PointProps>;

interface Hit {
  x: number;
  y: number;
  r: number;
  feature: DrawnFeature;
}

export interface ClusterLayerEvents {
  /** A single station was clicked. */
  station: (index: number) => void;
  /** After every redraw, with what is drawn. */
  drawn: (features: DrawnFeature[]) => void;
  /** Text for a hover tooltip, or null. */
  label: (f: DrawnFeature) => string;
  /** The short caption under a cluster for its items today, e.g. "1.2k today" / "今日 1.2k"; null: none. */
  itemsCaption?: (compactItems: string) => string;
}

/** Cluster radius in CSS pixels: grows with the log of its size. */
export function clusterRadius(count: number): number {
  return Math.min(34, 13 + 4.5 * Math.log10(count));
}

export class ClusterLayer extends L.Layer {
  private element!: HTMLElement;
  /** In a worker, or null: drawn on the page, on `element` (a canvas). */
  private worker: WorkerCanvas<ClusterDrawing> | null = null;
  private index: StationIndex | null = null;
  private hits: Hit[] = [];
  private tooltip: L.Tooltip | null = null;
  private drawn: Placed | null = null;

  constructor(private readonly events: ClusterLayerEvents) {
    super();
  }

  private selected: number | null = null;
  private frame = 0;

  /**
   * One redraw in the next frame, however many events asked for it: a zoom fires zoom and moveend,
   * a flyTo fires zoom on every frame (so clusters follow the flight instead of jumping at its end).
   */
  private schedule(): void {
    if (!this.frame) {
      this.frame = requestAnimationFrame(() => {
        this.frame = 0;
        this.redraw();
      });
    }
  }

  /** Rings the station at this data index (the one open in the drawer). */
  setSelected(index: number | null): void {
    if (index === this.selected) return;
    this.selected = index;
    if (this._map) this.redraw();
  }

  /** Shows a new index (after a filter change or new data) and draws it. */
  setIndex(index: StationIndex | null): void {
    this.index = index;
    if (this._map) this.redraw();
  }

  override onAdd(map: L.Map): this {
    this.mount(workerCanvasSupported());
    map.on('moveend resize zoom', this.schedule, this);
    map.on('zoom', this.place, this);
    map.on('zoomanim', this.animateZoom, this);
    map.on('click', this.click, this);
    map.on('mousemove', this.hover, this);
    this.redraw();
    return this;
  }

  override onRemove(map: L.Map): this {
    map.off('moveend resize zoom', this.schedule, this);
    map.off('zoom', this.place, this);
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    map.off('zoomanim', this.animateZoom, this);
    map.off('click', this.click, this);
    map.off('mousemove', this.hover, this);
    this.tooltip?.remove();
    this.unmount();
    return this;
  }

  private mount(inWorker: boolean): void {
    this.worker = null;
    if (inWorker) {
      try {
        this.worker = new WorkerCanvas(
          new Worker(new URL('./cluster-worker.ts', import.meta.url), { type: 'module' }),
          () => this.fallBack(),
        );
      } catch {
        // No module workers: drawn on the page.
      }
    }
    this.element = this.worker?.element ?? document.createElement('canvas');
    this.element.className = 'cluster-canvas leaflet-zoom-animated';
    this.element.dataset.painter = this.worker ? 'worker' : 'page';
    this.element.style.position = 'absolute';
    this._map.getPanes().overlayPane.appendChild(this.element);
  }

  private unmount(): void {
    this.worker?.dispose();
    this.element.remove();
    this.drawn = null;
  }

  /** The worker could not draw: draw on the page from now on. */
  private fallBack(): void {
    if (!this._map || !this.worker) return;
    this.unmount();
    this.mount(false);
    this.redraw();
  }

  /** During Leaflet's zoom animation, scaled like its own renderers. */
  private animateZoom(e: L.ZoomAnimEvent): void {
    this.transformTo(...zoomAnimTarget(this._map, e));
  }

  /** Keeps what is shown where it belongs (scaled after a zoom, until the new drawing arrives). */
  private place(): void {
    const map = this._map;
    if (map) this.transformTo(map.getZoom(), map.getPixelOrigin());
  }

  private transformTo(zoom: number, pixelOrigin: L.Point): void {
    if (this.drawn) placeDrawing(this._map, this.element, this.drawn, zoom, pixelOrigin);
  }

  /** Draws the clusters of the current view. */
  redraw(): void {
    const map = this._map;
    if (!map) return;
    const size = map.getSize();
    const dpr = window.devicePixelRatio || 1;
    // The view's top left in absolute pixels: the pixel origin may move before the drawing arrives.
    const topLeft = map.containerPointToLayerPoint([0, 0]).add(map.getPixelOrigin());
    const placed: Placed = { zoom: map.getZoom(), left: topLeft.x, top: topLeft.y };
    const drawing: ClusterDrawing = { dpr, marks: [], captions: [], circles: [] };
    this.hits = [];
    const features = this.index ? this.featuresInView(map) : [];
    for (const f of features) {
      const [lng, lat] = f.geometry.coordinates as [number, number];
      const p = map.latLngToContainerPoint([lat, lng]);
      if ('cluster' in f.properties && f.properties.cluster) {
        const props = f.properties;
        const r = clusterRadius(props.point_count);
        drawing.marks.push({
          x: p.x,
          y: p.y,
          r,
          count: props.point_count,
          mix: mixOf(props),
          full: props.FULL,
          stale: props.STALE,
        });
        if (this.events.itemsCaption && props.items > 0)
          drawing.captions.push({
            x: p.x,
            y: p.y + r + 7,
            owner: this.hits.length,
            text: this.events.itemsCaption(compact(props.items)),
          } satisfies Caption);
        this.hits.push({ x: p.x, y: p.y, r, feature: f });
      } else {
        const status = EFFECTIVE_STATUSES.find((s) => f.properties[s] > 0) ?? 'OPEN';
        const selected = (f.properties as PointProps).index === this.selected;
        drawing.marks.push({ x: p.x, y: p.y, status, selected });
        this.hits.push({ x: p.x, y: p.y, r: 10, feature: f });
      }
    }
    drawing.circles = this.hits.map(({ x, y, r }) => ({ x, y, r }));
    // Until the drawing is shown (tests wait for it: the worker answers asynchronously).
    this.element.dataset.drawing = 'pending';
    const shown = () => {
      this.drawn = placed;
      this.element.dataset.drawing = 'shown';
      this.place();
    };
    if (this.worker) this.worker.draw(drawing, size.x, size.y, dpr, shown);
    else this.drawOnPage(drawing, size, shown);
    this.events.drawn(features);
  }

  private featuresInView(map: L.Map): DrawnFeature[] {
    const b = map.getBounds().pad(0.1);
    const west = Math.max(-180, b.getWest()),
      east = Math.min(180, b.getEast());
    if (west >= east) return [];
    return this.index!.getClusters(
      [west, Math.max(-85, b.getSouth()), east, Math.min(85, b.getNorth())],
      Math.round(map.getZoom()),
    ) as DrawnFeature[];
  }

  private drawOnPage(drawing: ClusterDrawing, size: L.Point, shown: () => void): void {
    const canvas = this.element as HTMLCanvasElement;
    const { dpr } = drawing;
    if (canvas.width !== size.x * dpr || canvas.height !== size.y * dpr) {
      canvas.width = size.x * dpr;
      canvas.height = size.y * dpr;
      canvas.style.width = `${size.x}px`;
      canvas.style.height = `${size.y}px`;
    }
    const ctx = canvas.getContext('2d')!;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    drawMarks(ctx, drawing);
    shown();
  }

  private hitAt(point: L.Point): Hit | null {
    // Last drawn is on top.
    for (let i = this.hits.length - 1; i >= 0; i--) {
      const h = this.hits[i]!;
      if ((h.x - point.x) ** 2 + (h.y - point.y) ** 2 <= h.r * h.r) return h;
    }
    return null;
  }

  private click(e: L.LeafletMouseEvent): void {
    const hit = this.hitAt(e.containerPoint);
    if (hit) this.activate(hit.feature);
  }

  /** What a click does (also from the keyboard list): a cluster zooms in until it splits, a station opens. */
  activate(feature: DrawnFeature): void {
    if (!this.index || !this._map) return;
    const props = feature.properties;
    if ('cluster' in props && props.cluster) {
      const zoom = Math.min(this.index.getClusterExpansionZoom(props.cluster_id), 18);
      const [lng, lat] = feature.geometry.coordinates as [number, number];
      this._map.flyTo([lat, lng], zoom, { duration: 0.4 });
    } else {
      this.events.station((props as PointProps).index);
    }
  }

  private hover(e: L.LeafletMouseEvent): void {
    const hit = this.hitAt(e.containerPoint);
    this._map.getContainer().style.cursor = hit ? 'pointer' : '';
    if (!hit) {
      this.tooltip?.remove();
      this.tooltip = null;
      return;
    }
    const [lng, lat] = hit.feature.geometry.coordinates as [number, number];
    if (!this.tooltip) this.tooltip = L.tooltip({ direction: 'top', offset: [0, -hit.r] });
    this.tooltip.setLatLng([lat, lng]).setContent(this.events.label(hit.feature));
    if (!this._map.hasLayer(this.tooltip)) this.tooltip.addTo(this._map);
  }
}

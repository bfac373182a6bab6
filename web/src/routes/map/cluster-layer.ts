// A Leaflet layer that draws the clustered stations on one canvas: no DOM marker per station.
// Clusters are rings of their status mix around the station count, with a badge of what needs
// action in them (FULL and STALE counts, each after its own glyph, so they differ without colour);
// single stations are their status glyph in its colour. Redrawn once per frame on moveend, zoom (every frame of a flyTo) and resize: during a
// pan the canvas moves with the map pane, during a zoom it is scaled with Leaflet's zoom animation.
import L from 'leaflet';
import { EFFECTIVE_STATUSES, STATUS_STYLE, type EffectiveStatus } from '../../lib/status.ts';
import { mixOf, mixTotal, type ClusterProps, type PointProps, type StationIndex } from '../../lib/map/cluster.ts';

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
  private canvas!: HTMLCanvasElement;
  private index: StationIndex | null = null;
  private hits: Hit[] = [];
  private tooltip: L.Tooltip | null = null;
  private drawnCenter = L.latLng(0, 0);
  private drawnZoom = 0;

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
    this.canvas = L.DomUtil.create('canvas', 'cluster-canvas leaflet-zoom-animated');
    map.getPanes().overlayPane.appendChild(this.canvas);
    map.on('moveend resize zoom', this.schedule, this);
    map.on('zoomanim', this.animateZoom, this);
    map.on('click', this.click, this);
    map.on('mousemove', this.hover, this);
    this.redraw();
    return this;
  }

  override onRemove(map: L.Map): this {
    map.off('moveend resize zoom', this.schedule, this);
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    map.off('zoomanim', this.animateZoom, this);
    map.off('click', this.click, this);
    map.off('mousemove', this.hover, this);
    this.tooltip?.remove();
    this.canvas.remove();
    return this;
  }

  private animateZoom(e: L.ZoomAnimEvent): void {
    // The transform Leaflet's own renderers apply (Renderer._updateTransform), with public methods.
    const map = this._map;
    const scale = map.getZoomScale(e.zoom, this.drawnZoom);
    const half = map.getSize().divideBy(2);
    const newOrigin = map.project(e.center, e.zoom).subtract(half).round();
    const offset = half.multiplyBy(-scale).add(map.project(this.drawnCenter, e.zoom)).subtract(newOrigin);
    L.DomUtil.setTransform(this.canvas, offset, scale);
  }

  /** Draws the clusters of the current view. */
  redraw(): void {
    const map = this._map;
    if (!map) return;
    const size = map.getSize();
    const dpr = window.devicePixelRatio || 1;
    const topLeft = map.containerPointToLayerPoint([0, 0]);
    L.DomUtil.setPosition(this.canvas, topLeft);
    this.drawnCenter = map.getCenter();
    this.drawnZoom = map.getZoom();
    if (this.canvas.width !== size.x * dpr || this.canvas.height !== size.y * dpr) {
      this.canvas.width = size.x * dpr;
      this.canvas.height = size.y * dpr;
      this.canvas.style.width = `${size.x}px`;
      this.canvas.style.height = `${size.y}px`;
    }
    const ctx = this.canvas.getContext('2d')!;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, size.x, size.y);
    this.hits = [];
    if (!this.index) return void this.events.drawn([]);
    const b = map.getBounds().pad(0.1);
    const west = Math.max(-180, b.getWest()),
      east = Math.min(180, b.getEast());
    const features = (
      west < east
        ? this.index.getClusters(
            [west, Math.max(-85, b.getSouth()), east, Math.min(85, b.getNorth())],
            Math.round(map.getZoom()),
          )
        : []
    ) as DrawnFeature[];
    const captions: Caption[] = [];
    for (const f of features) {
      const [lng, lat] = f.geometry.coordinates as [number, number];
      const p = map.latLngToContainerPoint([lat, lng]);
      if ('cluster' in f.properties && f.properties.cluster) {
        const r = clusterRadius(f.properties.point_count);
        drawCluster(ctx, p.x, p.y, r, f.properties);
        if (this.events.itemsCaption && f.properties.items > 0)
          captions.push({
            x: p.x,
            y: p.y + r + 7,
            owner: this.hits.length,
            text: this.events.itemsCaption(compact(f.properties.items)),
          });
        this.hits.push({ x: p.x, y: p.y, r, feature: f });
      } else {
        const status = EFFECTIVE_STATUSES.find((s) => f.properties[s] > 0) ?? 'OPEN';
        if ((f.properties as PointProps).index === this.selected) {
          ctx.beginPath();
          ctx.arc(p.x, p.y, 14, 0, Math.PI * 2);
          ctx.strokeStyle = '#101828';
          ctx.lineWidth = 3;
          ctx.stroke();
        }
        drawGlyph(ctx, status, p.x, p.y, 8);
        this.hits.push({ x: p.x, y: p.y, r: 10, feature: f });
      }
    }
    drawCaptions(ctx, captions, this.hits);
    this.events.drawn(features);
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

function drawCluster(
  ctx: CanvasRenderingContext2D,
  x: number,
  y: number,
  r: number,
  props: ClusterProps & { point_count: number },
): void {
  const mix = mixOf(props);
  const total = mixTotal(mix);
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
  ctx.fillText(compact(props.point_count), x, y);
  drawNeedsBadge(ctx, x + r * 0.35, y - r - 2, props.FULL, props.STALE);
}

/**
 * What needs action in a cluster, top right of its circle: "✖ 3 ▲ 12" (FULL, then STALE), each
 * count after its legend glyph, dark text on white: readable without colour and under colour-vision
 * deficiency. No badge when nothing in the cluster needs action.
 */
function drawNeedsBadge(ctx: CanvasRenderingContext2D, left: number, top: number, full: number, stale: number): void {
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

interface Caption {
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
function drawCaptions(ctx: CanvasRenderingContext2D, captions: Caption[], circles: Hit[]): void {
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

const compact = (n: number) =>
  n >= 10_000 ? `${Math.round(n / 1000)}k` : n >= 1000 ? `${(n / 1000).toFixed(1)}k` : String(n);

/** A station: the legend's shape for its status, filled with its colour, white outline. */
export function drawGlyph(
  ctx: CanvasRenderingContext2D,
  status: EffectiveStatus,
  x: number,
  y: number,
  r: number,
): void {
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

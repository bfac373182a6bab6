// The page `pnpm bench:web` drives in headless Chromium: the dashboard's map layer (supercluster
// with map/reduce + the ClusterLayer canvas) beside a baseline (plain supercluster + Leaflet
// circle markers on a canvas renderer, no basemap), on the same points. The dashboard draws the
// bundled basemap too; both its layers draw in workers, as in the app (worker-canvas.ts), so a
// frame here is the page's own work. Exposes window.bench.
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import Supercluster from 'supercluster';
import { ClusterLayer } from '../cluster-layer.ts';
import { buildIndex, INDEX_OPTIONS } from '../../../lib/map/cluster.ts';
import { filterIndices, type MapData } from '../../../lib/map/stations.ts';
import { BasemapLayer } from '../basemap-layer.ts';
import { BasemapFiles } from '../../../lib/map/basemap.ts';
import { drawingsInFlight } from '../worker-canvas.ts';

type Impl = 'dashboard' | 'baseline';
const CHINA: L.LatLngBoundsExpression = [
  [20, 98],
  [46, 124],
];
const SHANGHAI: L.LatLngExpression = [31.23, 121.47];

/** Resolves in the next animation frame: after Leaflet's own rAF redraws queued before it. */
const nextFrame = () => new Promise<void>((r) => requestAnimationFrame(() => r()));

let map: L.Map | null = null;
/** The basemap's files, fetched once for all runs (as the app's service worker keeps them). */
const basemapFiles = new BasemapFiles('/basemap/');

function mountDashboard(el: HTMLElement, data: MapData): L.Map {
  const index = buildIndex(data, filterIndices(data, { city: null, statuses: [] }), 'WGS84');
  const m = L.map(el, { preferCanvas: true, zoomAnimation: false, fadeAnimation: false });
  m.fitBounds(CHINA);
  // The dashboard draws the bundled basemap (districts, water, city names) under the clusters.
  new BasemapLayer({ files: basemapFiles, project: null, cityName: (c) => c.nameEn }).addTo(m);
  const layer = new ClusterLayer({ station: () => {}, drawn: () => {}, label: () => '' });
  layer.setIndex(index);
  layer.addTo(m);
  return m;
}

function mountBaseline(el: HTMLElement, data: MapData): L.Map {
  const index = new Supercluster({ ...INDEX_OPTIONS });
  index.load(
    data.codes.map((_, i) => ({
      type: 'Feature' as const,
      properties: {},
      geometry: { type: 'Point' as const, coordinates: [data.lng[i]!, data.lat[i]!] },
    })),
  );
  const m = L.map(el, { preferCanvas: true, zoomAnimation: false, fadeAnimation: false });
  m.fitBounds(CHINA);
  const renderer = L.canvas();
  const group = L.layerGroup().addTo(m);
  const draw = () => {
    group.clearLayers();
    const b = m.getBounds();
    for (const f of index.getClusters(
      [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()],
      Math.round(m.getZoom()),
    )) {
      const [lng, lat] = f.geometry.coordinates as [number, number];
      group.addLayer(L.circleMarker([lat, lng], { renderer, radius: 'cluster' in f.properties ? 15 : 6, weight: 2 }));
    }
  };
  m.on('moveend', draw);
  draw();
  return m;
}

async function firstRender(impl: Impl, data: MapData): Promise<number> {
  map?.remove();
  map = null;
  // Collect the previous run's garbage first (Chromium started with --expose-gc), so neither
  // implementation pays for the other's.
  (window as unknown as { gc?: () => void }).gc?.();
  await nextFrame();
  const el = document.getElementById('map')!;
  const t0 = performance.now();
  map = impl === 'dashboard' ? mountDashboard(el, data) : mountBaseline(el, data);
  await nextFrame();
  return performance.now() - t0;
}

/** Lets the basemap fetch and draw what the view needs (files are cached after the first run). */
const settle = () => new Promise<void>((r) => setTimeout(r, 300)).then(nextFrame);

/** Per step: the time to the next painted frame, and to the frame after the worker drawings it asked for landed. */
interface Steps {
  frames: number[];
  drawn: number[];
}

/** Resolves in the first frame with no worker drawing in flight (the baseline has none), or after 3 s. */
async function drawingsLanded(t0: number): Promise<void> {
  while (drawingsInFlight() > 0 && performance.now() - t0 < 3000) await nextFrame();
}

async function timeSteps(steps: number, act: (i: number) => void): Promise<Steps> {
  const out: Steps = { frames: [], drawn: [] };
  for (let i = 0; i < steps; i++) {
    const t0 = performance.now();
    act(i);
    await nextFrame();
    out.frames.push(performance.now() - t0);
    // The next step starts once this one's drawings are on screen, as a person panning would see them.
    await drawingsLanded(t0);
    out.drawn.push(performance.now() - t0);
  }
  return out;
}

/** `steps` pans (300 px, alternating) at zoom 11 over Shanghai. */
async function pans(steps: number): Promise<Steps> {
  map!.setView(SHANGHAI, 11, { animate: false });
  await settle();
  return timeSteps(steps, (i) => map!.panBy([i % 2 ? -300 : 300, i % 3 ? 120 : -120], { animate: false }));
}

/** `steps` zooms stepping 8 → 14 → 8 over Shanghai. */
async function zooms(steps: number): Promise<Steps> {
  map!.setView(SHANGHAI, 8, { animate: false });
  await settle();
  let z = 8;
  let dir = 1;
  return timeSteps(steps, () => {
    if (z + dir > 14 || z + dir < 8) dir = -dir;
    z += dir;
    map!.setZoom(z, { animate: false });
  });
}

(window as unknown as { bench: unknown }).bench = {
  async load(url: string): Promise<number> {
    const data = (await (await fetch(url)).json()) as MapData;
    (window as unknown as { data: MapData }).data = data;
    return data.count;
  },
  async run(impl: Impl, steps: number) {
    const data = (window as unknown as { data: MapData }).data;
    const first = await firstRender(impl, data);
    const pan = await pans(steps);
    const zoom = await zooms(steps);
    return { first, pan: pan.frames, zoom: zoom.frames, panDrawn: pan.drawn, zoomDrawn: zoom.drawn };
  },
  /** The parts one at a time, for a CPU profile of one of them (BENCH_WEB_PROFILE). */
  /** The map (for screenshots of a view). */
  map: () => map,
  mount: (impl: Impl) => firstRender(impl, (window as unknown as { data: MapData }).data),
  pans: async (steps: number) => (await pans(steps)).frames,
  zooms: async (steps: number) => (await zooms(steps)).frames,
};

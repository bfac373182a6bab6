// Everything the map dashboard shows and does, in one place: the filters (read from the URL), the
// stations and their cluster index, the totals, the needs-action list, the search, and the live
// refresh by polling (see LIVE_INTERVAL_MS and docs). MapPage.svelte makes one and shares it with
// the panels below it through context: they read it with mapState() and call its methods.
import { createContext, untrack } from 'svelte';
import { request } from '../../lib/api.ts';
import { router } from '../../lib/router.svelte.ts';
import type { SessionUser } from '../../lib/session.svelte.ts';
import { chinaToday } from '../../lib/campaign.ts';
import { addDays, filtersToQuery, parseFilters, type MapFilters } from '../../lib/map/filters.ts';
import { buildIndex, clusterTotals, WORLD_BBOX } from '../../lib/map/cluster.ts';
import { filterIndices, projectPoint, sameMapData, withStatus } from '../../lib/map/stations.ts';
import { tileConfig } from '../../lib/map/tiles.ts';
import type { EffectiveStatus } from '../../lib/status.ts';
import { periodRange } from '../../lib/url-params.ts';
import type { DrawnFeature } from './cluster-layer.ts';
import {
  MapReferenceQuery,
  MapStationsQuery,
  MapSummaryQuery,
  SearchStationsQuery,
  type MapData,
  type Reference,
  type SearchHit,
  type SummaryData,
} from './documents.ts';
import { NeedsActionQueue } from './needs-action-state.svelte.ts';

/** Polling, not a subscription: one snapshot per interval whatever the write rate (see docs). */
export const LIVE_INTERVAL_MS = 20_000;

export class MapState {
  readonly user: SessionUser;
  /** False for a city manager: their own city only. */
  readonly anyCity: boolean;
  readonly tiles = tileConfig(import.meta.env);

  readonly filters = $derived(parseFilters(router.query));
  /** China's day as the server last reported it. */
  today = $state(chinaToday());
  readonly period = $derived(periodRange(this.filters, this.today));
  /** The sparklines' 30 days. */
  readonly spark = $derived({ from: addDays(this.today, -29), to: this.today });

  reference = $state<Reference | null>(null);
  mapData = $state.raw<MapData | null>(null);
  /** The first load failed (nothing to show). */
  loadError = $state<unknown>(null);
  /** A refresh failed (what is shown may be old). */
  liveError = $state<unknown>(null);
  updatedAt = $state<string | null>(null);
  networkSummary = $state<SummaryData | null>(null);
  citySummary = $state<SummaryData | null>(null);
  /** The needs-action work queue (filters, order, pages, acknowledgements). */
  readonly queue = new NeedsActionQueue();
  /**
   * Narrower screens show one panel at a time under tabs (totals and legend, or needs action and the
   * station); opening a station shows its panel. On a wide screen both show and the tabs are hidden.
   */
  tab = $state<'totals' | 'queue'>('queue');
  /** What had focus when a station opened (a list row, a search hit, the map): focus goes back there on close. */
  private opener: HTMLElement | null = null;
  search = $state<{ q: string; total: number; hits: SearchHit[] } | null>(null);
  /** What the map layer drew last, and at which zoom. */
  drawn = $state.raw<DrawnFeature[]>([]);
  zoom = $state(4);

  readonly indices = $derived(
    this.mapData ? filterIndices(this.mapData, { city: this.filters.city, statuses: this.filters.statuses }) : [],
  );
  readonly index = $derived(this.mapData ? buildIndex(this.mapData, this.indices, this.tiles.crs) : null);
  readonly visible = $derived(clusterTotals(this.drawn));
  /** Every cluster at the current zoom, not just those in view: their totals must add up to the stations shown. */
  readonly world = $derived(
    this.index ? clusterTotals(this.index.getClusters(WORLD_BBOX, Math.round(this.zoom))) : null,
  );
  readonly selectedIndex = $derived(
    this.mapData && this.filters.station ? this.mapData.codes.indexOf(this.filters.station) : null,
  );
  /** Where the open station is, in the tiles' coordinate system. */
  readonly focus = $derived.by(() => {
    if (!this.mapData || this.selectedIndex == null || this.selectedIndex < 0) return null;
    const [lng, lat] = projectPoint(
      this.mapData.lng[this.selectedIndex]!,
      this.mapData.lat[this.selectedIndex]!,
      this.tiles.crs,
    );
    return { lat, lng };
  });
  /** The cities this user may pick. */
  readonly cities = $derived(
    this.reference ? this.reference.cities.filter((c) => this.anyCity || c.code === this.user.cityCode) : [],
  );
  readonly city = $derived(this.reference?.cities.find((c) => c.code === this.filters.city) ?? null);
  readonly view = $derived(this.city ? { lat: this.city.centerLat, lng: this.city.centerLng, zoom: 10 } : null);

  // What the totals, the needs-action list and the search each load from (see start()).
  private readonly summaryKey = $derived(
    `${this.filters.city}|${this.period.from}|${this.period.to}|${this.filters.factorSet}|${this.today}`,
  );
  private readonly cityKey = $derived(this.filters.city);
  private readonly searchKey = $derived(this.filters.q ? `${this.filters.city}|${this.filters.q}` : '');

  constructor(user: SessionUser) {
    this.user = user;
    this.anyCity = user.role !== 'CITY_MANAGER';
  }

  /**
   * Loads the page and keeps it live: the totals follow the filters, the list follows the city,
   * the search follows q, and everything refreshes every LIVE_INTERVAL_MS. Call it while the page
   * component initialises: its effects end with the page.
   */
  start(): void {
    // A city manager sees their own city only.
    $effect(() => {
      if (!this.anyCity && this.user.cityCode && this.filters.city !== this.user.cityCode)
        this.setFilters({ city: this.user.cityCode });
    });
    // Once: untracked, so the state first() reads (errors) does not make it run again.
    $effect(() => {
      untrack(() => this.first());
    });
    // Each of these reads a key and loads untracked: opening a station (a new filters object, the
    // same city) must not reload the totals, the list and the search while the drawer loads.
    $effect(() => {
      void this.summaryKey;
      untrack(() => this.loadSummaries().catch((e) => (this.liveError = e)));
    });
    $effect(() => {
      void this.cityKey;
      untrack(() => this.loadNeeds().catch((e) => (this.liveError = e)));
    });
    $effect(() => {
      if (this.filters.station) untrack(() => (this.tab = 'queue'));
    });
    $effect(() => {
      // Also retries a first load that failed (the message promises it).
      const timer = setInterval(() => {
        if (document.hidden) return;
        if (this.mapData && this.reference) void this.refresh();
        else void this.first();
      }, LIVE_INTERVAL_MS);
      return () => clearInterval(timer);
    });
    $effect(() => {
      if (!this.searchKey) return void (this.search = null);
      untrack(() => {
        const q = this.filters.q;
        request(SearchStationsQuery, { city: this.filters.city, q })
          .then((d) => (this.search = { q, total: d.stations.totalCount, hits: d.stations.edges.map((e) => e.node) }))
          .catch((e) => (this.liveError = e));
      });
    });
  }

  setFilters(patch: Partial<MapFilters>): void {
    router.setQuery(filtersToQuery({ ...this.filters, ...patch }));
  }

  /** What the map layer drew, at which zoom (the summary line counts it). */
  drew(features: DrawnFeature[], zoom: number): void {
    this.drawn = features;
    this.zoom = zoom;
  }

  openStation(code: string): void {
    if (!this.filters.station)
      this.opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    this.setFilters({ station: code });
  }

  /** Closes the drawer; focus goes back to what opened it. */
  closeStation(): void {
    const back = this.opener;
    this.opener = null;
    this.setFilters({ station: null });
    // After the drawer is gone; a row re-rendered meanwhile is found again by its station code.
    requestAnimationFrame(() => {
      const code = back?.dataset.code;
      const target = back?.isConnected
        ? back
        : code
          ? document.querySelector<HTMLElement>(`[data-code="${CSS.escape(code)}"]`)
          : null;
      target?.focus();
    });
  }

  /** The first load (also the retry after it failed): reference data and stations. */
  async first(): Promise<void> {
    const retrying = this.loadError !== null || this.liveError !== null;
    this.loadError = null;
    try {
      await Promise.all([this.loadReference(), this.loadMap()]);
      // On a retry the totals' own effects already ran (and failed): load them again now.
      if (retrying) await this.refresh();
    } catch (e) {
      this.loadError = e;
    }
  }

  /** One live refresh: map, totals and the needs-action list. */
  async refresh(): Promise<void> {
    try {
      await Promise.all([this.loadMap(), this.loadSummaries(), this.loadNeeds()]);
      this.liveError = null;
    } catch (e) {
      this.liveError = e;
    }
  }

  /** A status saved in the drawer shows on the map and in the totals at once. */
  statusSaved(code: string, status: EffectiveStatus): void {
    if (this.mapData) this.mapData = withStatus(this.mapData, code, status);
    this.loadSummaries().catch((e) => (this.liveError = e));
    this.loadNeeds().catch((e) => (this.liveError = e));
  }

  private async loadReference(): Promise<void> {
    this.reference = await request(MapReferenceQuery);
  }

  private async loadMap(): Promise<void> {
    const d = (await request(MapStationsQuery, { city: this.anyCity ? null : this.user.cityCode })).mapStations;
    // A poll that changed nothing keeps the same object: no re-index, no redraw.
    if (!sameMapData(this.mapData, d)) this.mapData = d;
    this.today = d.day;
    this.updatedAt = d.generatedAt;
  }

  private async loadSummaries(): Promise<void> {
    const vars = {
      from: this.period.from,
      to: this.period.to,
      fs: this.filters.factorSet,
      sparkFrom: this.spark.from,
      today: this.today,
    };
    const [n, c] = await Promise.all([
      this.anyCity ? request(MapSummaryQuery, { ...vars, city: null }) : Promise.resolve(null),
      this.filters.city ? request(MapSummaryQuery, { ...vars, city: this.filters.city }) : Promise.resolve(null),
    ]);
    this.networkSummary = n;
    this.citySummary = c;
  }

  /** The queue's first page(s) again (also after an acknowledgement in the drawer). */
  async loadNeeds(): Promise<void> {
    await this.queue.load(this.filters.city);
  }
}

/** The dashboard's state, for the panels under MapPage.svelte (which provides it). */
export const [mapState, provideMapState] = createContext<MapState>();

// Everything the carbon report page shows and does: what the report covers (read from the URL, in
// the words the map uses too: lib/url-params.ts), the report in four groupings, the factor sets and
// cities for the filters. ReportPage.svelte makes one and shares it with the components below it
// through context: they read it with reportState() and call its methods. The API calls are in
// queries.ts; the CSV download (with progress) is CsvExport.svelte's own.
import { createContext } from 'svelte';
import { chinaToday } from '../../lib/campaign.ts';
import { router } from '../../lib/router.svelte.ts';
import type { SessionUser } from '../../lib/session.svelte.ts';
import {
  factorSetParams,
  periodParams,
  periodRange,
  readFactorSet,
  readPeriod,
  type Period,
} from '../../lib/url-params.ts';
import type { FactorSet } from '../../lib/documents.ts';
import type { Report, ReportCity } from './documents.ts';
import { loadCities, loadFactorSets, loadReports, type Grouping, type ReportScope } from './queries.ts';

/** The report covers the campaign unless the URL names another period. */
export const DEFAULT_PERIOD = 'campaign';

/** The displacement scenarios offered besides the factor set's own rate (`?d=`). */
export const SCENARIOS = [0.5, 0.75, 1] as const;

export class ReportState {
  readonly user: SessionUser;
  /** Staff see their station and city managers their city: the API enforces it, the page pre-fills it. */
  readonly canPickCity: boolean;
  readonly canPickStation: boolean;
  private readonly today = chinaToday();

  readonly query = $derived(router.query);
  readonly period = $derived(readPeriod(this.query, DEFAULT_PERIOD));
  readonly scope: ReportScope = $derived.by(() => {
    const { from, to } = periodRange(this.period, this.today);
    const station = this.user.role === 'STATION_STAFF' ? this.user.stationCode : this.query.get('station');
    const city = this.user.role === 'CITY_MANAGER' ? this.user.cityCode : this.query.get('city');
    const d = Number(this.query.get('d') ?? 'NaN');
    return {
      from,
      to,
      cityCodes: city && this.user.role !== 'STATION_STAFF' ? [city] : [],
      stationCodes: station ? [station] : [],
      factorSet: readFactorSet(this.query),
      displacementRate: d >= 0 && d <= 1 ? d : null,
    };
  });

  reports = $state<Record<Grouping, Report> | null>(null);
  error = $state<unknown>(null);
  loading = $state(false);
  sets = $state<FactorSet[]>([]);
  cities = $state<ReportCity[]>([]);
  /** The report on screen (by day): its total, factor set, method and id head the page. */
  readonly shown = $derived(this.reports?.DAY ?? null);
  /** The factor set the report was made with (for the method appendix). */
  readonly usedSet = $derived(this.sets.find((s) => s.version === this.shown?.factorSet.version) ?? null);

  constructor(user: SessionUser) {
    this.user = user;
    this.canPickCity = user.role === 'ADMIN' || user.role === 'SUSTAINABILITY_ANALYST';
    this.canPickStation = user.role !== 'STATION_STAFF';
  }

  /** Loads the filters' choices, and the report again whenever the scope changes. Call it while the page initialises. */
  start(): void {
    $effect(() => {
      loadFactorSets().then(
        (s) => (this.sets = s),
        (e) => (this.error = e),
      );
      if (this.canPickCity)
        loadCities().then(
          (c) => (this.cities = c),
          (e) => (this.error = e),
        );
    });
    $effect(() => {
      const controller = new AbortController();
      this.load(this.scope, controller.signal);
      return () => controller.abort();
    });
  }

  /** The report by day, city, material and outcome (queries.ts); a typed error is shown as a ResultError. */
  load(scope: ReportScope = this.scope, signal?: AbortSignal): void {
    this.loading = true;
    this.error = null;
    loadReports(scope, signal).then(
      (r) => ((this.reports = r), (this.loading = false)),
      (e) => {
        if (signal?.aborted) return;
        this.error = e;
        this.loading = false;
      },
    );
  }

  setPeriod(period: Exclude<Period, 'custom'>): void {
    router.setQuery(periodParams({ period, from: null, to: null }, DEFAULT_PERIOD));
  }

  setDays(from: string, to: string): void {
    router.setQuery(periodParams({ period: 'custom', from, to }, DEFAULT_PERIOD));
  }

  setCity(code: string): void {
    router.setQuery({ city: code, station: null });
  }

  setStation(code: string): void {
    router.setQuery({ station: code });
  }

  setFactorSet(version: string): void {
    router.setQuery(factorSetParams(version));
  }

  /** A displacement scenario (0..1), or '' for the factor set's own rate. */
  setDisplacement(rate: string): void {
    router.setQuery({ d: rate || null });
  }
}

/** The report page's state, for the components under ReportPage.svelte (which provides it). */
export const [reportState, provideReportState] = createContext<ReportState>();

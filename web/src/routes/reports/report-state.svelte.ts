// Everything the carbon report page shows and does: what the report covers (read from the URL, in
// the words the map uses too: lib/url-params.ts), the report in four groupings, the factor sets and
// cities for the filters, and the CSV download. ReportPage.svelte makes one and shares it with the
// components below it through context: they read it with reportState() and call its methods.
import { createContext } from 'svelte';
import { request, unwrapResult } from '../../lib/api.ts';
import { chinaToday } from '../../lib/campaign.ts';
import { router } from '../../lib/router.svelte.ts';
import type { SessionUser } from '../../lib/session.svelte.ts';
import { factorSetParams, periodParams, periodRange, readFactorSet, readPeriod, type Period } from '../../lib/url-params.ts';
import { downloadCsv } from './csv.ts';
import { CarbonReportQuery, FactorSetsQuery, ReportCitiesQuery, type FactorSet, type Report, type ReportCity } from './documents.ts';

/** The report covers the campaign unless the URL names another period. */
export const DEFAULT_PERIOD = 'campaign';

/** What a report covers: the URL's filters. Empty lists mean no filter. */
export interface ReportScope {
  from: string;
  to: string;
  cityCodes: string[];
  stationCodes: string[];
  factorSet: string | null;
}

/** One request per grouping: all four in one would exceed the API's query breadth limit. */
export const GROUPINGS = ['DAY', 'CITY', 'MATERIAL', 'OUTCOME'] as const;
export type Grouping = (typeof GROUPINGS)[number];

/** The CSV's row groupings, as offered in the download menu. */
export const CSV_GROUPINGS = ['STATION,DAY', 'STATION', 'CITY,DAY', 'CITY', 'DAY', 'MATERIAL'] as const;

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
    return {
      from,
      to,
      cityCodes: city && this.user.role !== 'STATION_STAFF' ? [city] : [],
      stationCodes: station ? [station] : [],
      factorSet: readFactorSet(this.query),
    };
  });

  reports = $state<Record<Grouping, Report> | null>(null);
  error = $state<unknown>(null);
  loading = $state(false);
  sets = $state<FactorSet[]>([]);
  cities = $state<ReportCity[]>([]);
  csvGrouping = $state<string>(CSV_GROUPINGS[0]);
  downloading = $state(false);
  /** The factor set the report was made with (for the method appendix). */
  readonly usedSet = $derived(this.sets.find((s) => s.version === this.reports?.DAY.factorSet.version) ?? null);

  constructor(user: SessionUser) {
    this.user = user;
    this.canPickCity = user.role === 'ADMIN' || user.role === 'SUSTAINABILITY_ANALYST';
    this.canPickStation = user.role !== 'STATION_STAFF';
  }

  /** Loads the filters' choices, and the report again whenever the scope changes. Call it while the page initialises. */
  start(): void {
    $effect(() => {
      request(FactorSetsQuery).then((d) => (this.sets = d.emissionFactorSets), (e) => (this.error = e));
      if (this.canPickCity) request(ReportCitiesQuery).then((d) => (this.cities = d.cities), (e) => (this.error = e));
    });
    $effect(() => {
      const controller = new AbortController();
      this.load(this.scope, controller.signal);
      return () => controller.abort();
    });
  }

  /**
   * The report by day, city, material and outcome, four requests in parallel. A typed error
   * (InputError, NotFoundError) is shown as a ResultError.
   */
  load(scope: ReportScope = this.scope, signal?: AbortSignal): void {
    this.loading = true;
    this.error = null;
    const one = async (g: Grouping) => {
      const { report } = await request(CarbonReportQuery, { ...scope, groupBy: [g] }, { signal, timeoutMs: 30_000 });
      return [g, unwrapResult(report)] as const;
    };
    Promise.all(GROUPINGS.map(one)).then(
      (r) => ((this.reports = Object.fromEntries(r) as Record<Grouping, Report>), (this.loading = false)),
      (e) => {
        if (signal?.aborted) return;
        this.error = e;
        this.loading = false;
      },
    );
  }

  async download(): Promise<void> {
    this.downloading = true;
    try {
      await downloadCsv(this.scope, this.csvGrouping.split(','));
    } catch (e) {
      this.error = e;
    } finally {
      this.downloading = false;
    }
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
}

/** The report page's state, for the components under ReportPage.svelte (which provides it). */
export const [reportState, provideReportState] = createContext<ReportState>();

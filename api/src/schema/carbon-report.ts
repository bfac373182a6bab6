// carbonReport and compareFactorSets: rows grouped by one or two dimensions, from the rollups, with
// CO2e under one factor set (or two, side by side). Thin: checks in services/carbon-report.ts, SQL
// in repositories/carbon-report.ts, grouping, sums and argument rules in domain/carbon-report.ts.
import type { Co2eBreakdown } from '../domain/carbon.ts';
import {
  co2eDifference,
  MAX_REPORT_CITIES,
  MAX_REPORT_STATIONS,
  REPORT_DIMENSIONS,
  type ReportRow,
} from '../domain/carbon-report.ts';
import { InputError, NotFoundError } from '../domain/errors.ts';
import { MAX_INLINE_REPORT_ROWS, MAX_INLINE_REPORT_VALUES } from '../domain/report-pages.ts';
import { CARBON_METHOD } from '../domain/carbon-method.ts';
import { carbonReport, reportScope, type CarbonReport } from '../services/carbon-report.ts';
import { listInSlices } from '../slices.ts';
import { builder } from './builder.ts';
import { fieldsPerItem } from './selection.ts';
import { CarbonMethodRef } from './carbon-method.ts';
import { FactorSetRef } from './factor-set.ts';
import { Co2eRef } from './totals.ts';

const DimensionEnum = builder.enumType('CarbonReportDimension', {
  description: 'What a report row stands for. Two at once where it makes sense (e.g. CITY and DAY); NETWORK alone.',
  values: REPORT_DIMENSIONS,
});

const ROWS_DESCRIPTION = `The rows of this answer: all of them, or the page asked for with first/offset (at most ${MAX_INLINE_REPORT_ROWS} rows and ${MAX_INLINE_REPORT_VALUES} values: rows x fields asked for each).`;

const Co2eSplitRef = builder.objectRef<Co2eBreakdown>('Co2eSplit').implement({
  description: 'kg CO2e avoided, reuse and recycling apart and together (each with its range).',
  fields: (t) => ({
    reuse: t.field({ type: Co2eRef, resolve: (c) => c.reuse }),
    recycle: t.field({ type: Co2eRef, resolve: (c) => c.recycle }),
    total: t.field({ type: Co2eRef, resolve: (c) => c.total }),
  }),
});

const GroupRef = builder.interfaceRef<ReportRow>('CarbonGroup').implement({
  description: 'A group of a report: its keys (null when not grouped by them) and physical quantities.',
  fields: (t) => ({
    cityCode: t.string({ nullable: true, resolve: (r) => r.keys.cityCode }),
    cityNameZh: t.string({ nullable: true, resolve: (r) => r.keys.cityNameZh }),
    cityNameEn: t.string({ nullable: true, resolve: (r) => r.keys.cityNameEn }),
    stationCode: t.string({ nullable: true, resolve: (r) => r.keys.stationCode }),
    stationName: t.string({ nullable: true, resolve: (r) => r.keys.stationName }),
    day: t.field({ type: 'Date', nullable: true, resolve: (r) => r.keys.day }),
    materialCode: t.string({ nullable: true, resolve: (r) => r.keys.materialCode }),
    outcome: t.string({ nullable: true, resolve: (r) => r.keys.outcome }),
    dropOffs: t.exposeInt('entries'),
    items: t.exposeInt('items'),
    itemsReused: t.exposeInt('itemsReused'),
    itemsRecycled: t.exposeInt('itemsRecycled'),
    kg: t.exposeFloat('kg'),
    kgReused: t.exposeFloat('kgReused'),
    kgRecycled: t.exposeFloat('kgRecycled'),
    kgWeighed: t.exposeFloat('kgWeighed', { description: 'kg weighed at the counter.' }),
    kgEstimated: t.exposeFloat('kgEstimated', {
      description: 'kg estimated from the typical mass of each material (nothing was weighed).',
    }),
    weighedShare: t.exposeFloat('weighedShare', {
      nullable: true,
      description: 'kgWeighed / kg, 0..1 (4 decimals); null when there is no mass.',
    }),
    dataQualityScore: t.exposeInt('dataQualityScore', {
      nullable: true,
      description:
        'Activity-data quality, 1 (best) to 5: 1 >= 90% of kg weighed, 2 >= 60%, 3 >= 30%, 4 some weighed, 5 all estimated. Null when there is no mass.',
    }),
  }),
});

const ReportRowRef = builder.objectRef<ReportRow>('CarbonReportRow').implement({
  interfaces: [GroupRef],
  fields: (t) => ({ co2e: t.field({ type: Co2eSplitRef, resolve: (r) => r.co2e[0]! }) }),
});

const CompareRowRef = builder.objectRef<ReportRow>('FactorSetComparisonRow').implement({
  interfaces: [GroupRef],
  fields: (t) => ({
    a: t.field({ type: Co2eSplitRef, resolve: (r) => r.co2e[0]! }),
    b: t.field({ type: Co2eSplitRef, resolve: (r) => r.co2e[1]! }),
    difference: t.field({
      type: Co2eSplitRef,
      description: 'b minus a.',
      resolve: ({ co2e: [a, b] }) => ({
        reuse: co2eDifference(a!.reuse, b!.reuse),
        recycle: co2eDifference(a!.recycle, b!.recycle),
        total: co2eDifference(a!.total, b!.total),
        uncovered: [],
      }),
    }),
  }),
});

const CarbonReportRef = builder.objectRef<CarbonReport>('CarbonReport').implement({
  description:
    'Avoided emissions from the daily rollups: reported separately from, and never subtracted from, a GHG inventory (GHG Protocol Scope 3, category 5).',
  fields: (t) => ({
    from: t.field({ type: 'Date', resolve: (s) => s.from }),
    to: t.field({ type: 'Date', resolve: (s) => s.to }),
    groupBy: t.field({ type: [DimensionEnum], resolve: (s) => s.groupBy }),
    cityCodes: t.stringList({ resolve: (s) => s.cityCodes }),
    stationCodes: t.stringList({ resolve: (s) => s.stationCodes }),
    generatedAt: t.field({ type: 'DateTime', resolve: (s) => s.generatedAt }),
    reportId: t.string({
      description: 'Same parameters and generation time, same id: printed on the PDF and in the CSV.',
      resolve: (s) => s.id,
    }),
    method: t.field({ type: CarbonMethodRef, resolve: () => CARBON_METHOD }),
    displacementRate: t.float({
      description: "The displacement rate the CO2e was computed with: the scenario asked for, else the set's own.",
      resolve: (s) => s.scenario ?? s.sets[0]!.displacement_rate,
    }),
    displacementScenario: t.float({
      nullable: true,
      description: "The scenario asked for (null: the set's own rate).",
      resolve: (s) => s.scenario,
    }),
    factorSet: t.field({ type: FactorSetRef, resolve: (s) => s.sets[0]! }),
    rows: t.field({
      type: [ReportRowRef],
      description: ROWS_DESCRIPTION,
      complexity: { field: 1, multiplier: 1 },
      resolve: (s) => listInSlices(s.rows),
    }),
    rowCount: t.exposeInt('rowCount', { description: 'How many rows the whole report has (all pages).' }),
    offset: t.exposeInt('offset', { description: 'The position of the first row of this answer in the whole report.' }),
    total: t.field({
      type: ReportRowRef,
      description: 'Summed from the quantities (not from rounded rows).',
      resolve: (s) => s.total,
    }),
    uncovered: t.stringList({
      description: 'material/outcome pairs with items but no factor in the set (counted as zero).',
      resolve: (s) => s.total.co2e[0]!.uncovered,
    }),
  }),
});

const ComparisonRef = builder.objectRef<CarbonReport>('FactorSetComparison').implement({
  description: 'The same report under two factor sets: same quantities, CO2e under each, and the difference (b - a).',
  fields: (t) => ({
    from: t.field({ type: 'Date', resolve: (s) => s.from }),
    to: t.field({ type: 'Date', resolve: (s) => s.to }),
    groupBy: t.field({ type: [DimensionEnum], resolve: (s) => s.groupBy }),
    generatedAt: t.field({ type: 'DateTime', resolve: (s) => s.generatedAt }),
    reportId: t.string({ resolve: (s) => s.id }),
    method: t.field({ type: CarbonMethodRef, resolve: () => CARBON_METHOD }),
    displacementScenario: t.float({
      nullable: true,
      description: "The scenario both sets were computed under (null: each set's own rate).",
      resolve: (s) => s.scenario,
    }),
    a: t.field({ type: FactorSetRef, resolve: (s) => s.sets[0]! }),
    b: t.field({ type: FactorSetRef, resolve: (s) => s.sets[1]! }),
    rows: t.field({
      type: [CompareRowRef],
      description: ROWS_DESCRIPTION,
      complexity: { field: 1, multiplier: 1 },
      resolve: (s) => listInSlices(s.rows),
    }),
    rowCount: t.exposeInt('rowCount', { description: 'How many rows the whole comparison has (all pages).' }),
    offset: t.exposeInt('offset', {
      description: 'The position of the first row of this answer in the whole comparison.',
    }),
    total: t.field({ type: CompareRowRef, resolve: (s) => s.total }),
  }),
});

builder.queryFields((t) => {
  const scopeArgs = () => ({
    from: t.arg({ type: 'Date', required: false, description: 'First local day (default: today).' }),
    to: t.arg({ type: 'Date', required: false, description: 'Last local day, inclusive (default: today).' }),
    groupBy: t.arg({ type: [DimensionEnum], required: true }),
    cityCodes: t.arg.stringList({
      required: false,
      validate: { maxLength: MAX_REPORT_CITIES, items: { maxLength: 8 } },
    }),
    stationCodes: t.arg.stringList({
      required: false,
      validate: { maxLength: MAX_REPORT_STATIONS, items: { maxLength: 32 } },
    }),
    displacementRate: t.arg.float({
      required: false,
      description: "Displacement scenario (0..1, e.g. 0.5, 0.75, 1.0) in place of the set's own rate.",
    }),
    first: t.arg.int({
      required: false,
      description: `Rows in this answer: at most ${MAX_INLINE_REPORT_ROWS}, and at most ${MAX_INLINE_REPORT_VALUES} values (rows x fields asked for each row). Default: all rows, refused (report.tooManyRows) when they are more than one answer holds.`,
    }),
    offset: t.arg.int({
      required: false,
      description: 'Rows to skip (default 0): the next page starts at offset + first.',
    }),
  });
  return {
    carbonReport: t.field({
      type: CarbonReportRef,
      description: 'Staff: their station only; city managers: their city; analysts and admins: anything.',
      errors: { types: [InputError, NotFoundError], directResult: true },
      args: {
        ...scopeArgs(),
        factorSet: t.arg.string({
          required: false,
          description: 'Version; default: the default set.',
          validate: { maxLength: 64 },
        }),
      },
      authScopes: async (_r, args, ctx) => ({ readReport: await reportScope(ctx.loaders, args) }),
      resolve: (_r, args, ctx, info) =>
        carbonReport(ctx, args, [args.factorSet], ['factorSet'], fieldsPerItem(info, 'rows')),
    }),
    compareFactorSets: t.field({
      type: ComparisonRef,
      description: 'The same report under factor sets a and b. Same scope rules as carbonReport.',
      errors: { types: [InputError, NotFoundError], directResult: true },
      args: {
        ...scopeArgs(),
        a: t.arg.string({ required: true, validate: { maxLength: 64 } }),
        b: t.arg.string({ required: true, validate: { maxLength: 64 } }),
      },
      authScopes: async (_r, args, ctx) => ({ readReport: await reportScope(ctx.loaders, args) }),
      resolve: (_r, args, ctx, info) =>
        carbonReport(ctx, args, [args.a, args.b], ['a', 'b'], fieldsPerItem(info, 'rows')),
    }),
  };
});

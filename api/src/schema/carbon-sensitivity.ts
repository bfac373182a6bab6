// carbonSensitivity: one period and scope, its total CO2e under every published factor set and
// every displacement scenario (the method page's sensitivity table). One rollup query; the sets
// and scenarios are arithmetic on its sums.
import { co2eBreakdown, withDisplacement, type Co2e } from '../domain/carbon.ts';
import { DISPLACEMENT_SCENARIOS } from '../domain/carbon-method.ts';
import { groupReport } from '../domain/carbon-report.ts';
import { InputError, NotFoundError } from '../domain/errors.ts';
import { MAX_REPORT_CITIES, MAX_REPORT_STATIONS } from '../domain/carbon-report.ts';
import { cachedFactorSets, type FactorSetWithFactors } from '../reference-cache.ts';
import { carbonReportParts } from '../repositories/carbon-report.ts';
import { displacementScenario, reportScope, resolveReportQuery } from '../services/carbon-report.ts';
import { builder } from './builder.ts';
import { FactorSetRef } from './factor-set.ts';
import { Co2eRef } from './totals.ts';

interface Cell {
  displacementRate: number;
  total: Co2e;
}
interface SensitivityRow {
  set: FactorSetWithFactors;
  own: Co2e;
  cells: Cell[];
}
interface Sensitivity {
  from: string;
  to: string;
  scenarios: number[];
  rows: SensitivityRow[];
  kg: number;
  weighedShare: number | null;
}

const CellRef = builder.objectRef<Cell>('SensitivityCell').implement({
  fields: (t) => ({
    displacementRate: t.exposeFloat('displacementRate'),
    total: t.field({ type: Co2eRef, resolve: (c) => c.total }),
  }),
});

const RowRef = builder.objectRef<SensitivityRow>('SensitivityRow').implement({
  fields: (t) => ({
    factorSet: t.field({ type: FactorSetRef, resolve: (r) => r.set }),
    ownRate: t.field({
      type: Co2eRef,
      description: "Total CO2e under the set's own displacement rate.",
      resolve: (r) => r.own,
    }),
    scenarios: t.field({
      type: [CellRef],
      description: 'Total CO2e under each scenario, in the order asked.',
      resolve: (r) => r.cells,
    }),
  }),
});

const SensitivityRef = builder.objectRef<Sensitivity>('CarbonSensitivity').implement({
  description:
    'Total CO2e avoided over one period and scope under every published factor set and displacement scenario.',
  fields: (t) => ({
    from: t.field({ type: 'Date', resolve: (s) => s.from }),
    to: t.field({ type: 'Date', resolve: (s) => s.to }),
    displacementScenarios: t.floatList({ resolve: (s) => s.scenarios }),
    kg: t.exposeFloat('kg'),
    weighedShare: t.exposeFloat('weighedShare', { nullable: true }),
    rows: t.field({ type: [RowRef], description: 'Published sets, the default first.', resolve: (s) => s.rows }),
  }),
});

builder.queryField('carbonSensitivity', (t) =>
  t.field({
    type: SensitivityRef,
    description: 'Same scope rules as carbonReport. Scenarios default to 0.5, 0.75 and 1.0.',
    errors: { types: [InputError, NotFoundError], directResult: true },
    args: {
      from: t.arg({ type: 'Date', required: false }),
      to: t.arg({ type: 'Date', required: false }),
      cityCodes: t.arg.stringList({
        required: false,
        validate: { maxLength: MAX_REPORT_CITIES, items: { maxLength: 8 } },
      }),
      stationCodes: t.arg.stringList({
        required: false,
        validate: { maxLength: MAX_REPORT_STATIONS, items: { maxLength: 32 } },
      }),
      displacementRates: t.arg.floatList({ required: false, validate: { maxLength: 6 } }),
    },
    authScopes: async (_r, args, ctx) => ({ readReport: await reportScope(ctx.loaders, args) }),
    resolve: async (_r, args, ctx) => {
      const q = await resolveReportQuery(ctx, { ...args, groupBy: ['NETWORK'] });
      const scenarios = (args.displacementRates ?? [...DISPLACEMENT_SCENARIOS]).map((rate, i) =>
        displacementScenario({ displacementRate: rate }, `displacementRates.${i}`)!,
      );
      const sets = (await cachedFactorSets(ctx.db))
        .filter((s) => s.published_at !== null)
        .sort((a, b) => Number(b.is_default) - Number(a.is_default));
      const parts = await carbonReportParts(ctx.db, q).execute();
      const { total } = groupReport(parts, ['NETWORK'], []);
      const quantities = parts.map((p) => ({
        material_code: p.material_code,
        outcome: p.outcome,
        quantity: p.quantity,
        mass_kg: p.mass_kg,
      }));
      const totalOf = (set: FactorSetWithFactors, rate: number | null) =>
        co2eBreakdown(quantities, withDisplacement(set, rate)).total;
      return {
        from: q.from,
        to: q.to,
        scenarios,
        kg: total.kg,
        weighedShare: total.weighedShare,
        rows: sets.map((set) => ({
          set,
          own: totalOf(set, null),
          cells: scenarios.map((r) => ({ displacementRate: r, total: totalOf(set, r) })),
        })),
      };
    },
  }),
);

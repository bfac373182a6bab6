// How the CN-2026 recycling factors are derived from where Chinese packaging waste goes and what
// each route emits. Pure arithmetic on the parameters below; docs/carbon-method.md gives every
// parameter's source and tests/unit/china-factors.test.ts works the central values by hand.
//
// Recycling credit per kg collected at a station (kg CO2e avoided):
//   (1 - r) x (D + S)
//   r  share that would have been recycled anyway without the station (no credit for it)
//   D  emissions of the disposal route the rest would have taken (municipal residual waste):
//        (1 - lambda) x incineration with energy recovery + lambda x landfill
//   S  substitution: avoided production minus reprocessing, per kg recycled
// Incineration: fossil CO2 of the material minus the grid electricity the plant exports.
// Landfill: methane from degradable carbon (IPCC 2006 first-order defaults, no time discounting).
// Biogenic CO2 (paper) counts as zero, as in the GHG Protocol product standard.

/** A parameter: central value and the two ends of its stated range (in no particular order of effect). */
export type Param = readonly [central: number, a: number, b: number];

export interface RouteParams {
  /** Grid factor the exported electricity displaces, kg CO2 / kWh. */
  grid: Param;
  /** Net electrical efficiency of waste-to-energy plants (LHV to exported electricity). */
  wteEfficiency: Param;
  /** Landfill's share of residual packaging waste (the rest is incinerated). */
  landfillShare: Param;
  /** Lower heating value of the material as discarded, MJ / kg. */
  lhv: Param;
  /** Fossil carbon as a share of the material's mass (0 for paper). */
  fossilCarbon: Param;
  /** Landfill gas recovered (flared or used); paper only. */
  gasRecovery: Param;
  /** Share recycled anyway without the station. */
  recycledAnyway: Param;
  /** Avoided production minus reprocessing, kg CO2e per kg recycled. */
  substitution: Param;
  /** Degradable organic carbon of the material (IPCC default 0.40 for paper, 0 for plastics). */
  doc: number;
}

/** IPCC 2006 Vol. 5 ch. 3 defaults: fraction of DOC that decomposes, methane share of gas, oxidation in cover. */
const DOC_F = 0.5;
const CH4_SHARE = 0.5;
const OXIDATION = 0.1;
/** GWP100 of non-fossil methane, IPCC AR6 WG1 table 7.15. */
export const GWP_CH4 = 27.0;
const CO2_PER_C = 44 / 12;
const CH4_PER_C = 16 / 12;

type Values = Record<keyof RouteParams, number>;

/** kg CO2e per kg of material incinerated with energy recovery (negative: a net credit). */
export function incineration(v: Values): number {
  return v.fossilCarbon * CO2_PER_C - ((v.lhv * v.wteEfficiency) / 3.6) * v.grid;
}

/** kg CO2e per kg of material landfilled (methane from degradable carbon, after recovery and oxidation). */
export function landfill(v: Values): number {
  return v.doc * DOC_F * CH4_SHARE * CH4_PER_C * (1 - v.gasRecovery) * (1 - OXIDATION) * GWP_CH4;
}

/** The recycling credit for one set of parameter values. */
export function recyclingCredit(v: Values): number {
  const disposal = (1 - v.landfillShare) * incineration(v) + v.landfillShare * landfill(v);
  return (1 - v.recycledAnyway) * (disposal + v.substitution);
}

const PARAM_KEYS = [
  'grid',
  'wteEfficiency',
  'landfillShare',
  'lhv',
  'fossilCarbon',
  'gasRecovery',
  'recycledAnyway',
  'substitution',
] as const;

/**
 * Central value and range of the recycling credit: central from every parameter's central value;
 * low and high the smallest and largest credit over every combination of the parameters' range
 * ends (2^8 corners), i.e. every parameter at its least and most favourable end at once. The
 * range is wide on purpose: it is what the evidence supports, not a confidence interval.
 */
export function deriveRecycling(p: RouteParams): { value: number; low: number; high: number } {
  const central = Object.fromEntries(PARAM_KEYS.map((k) => [k, p[k][0]])) as Values;
  central.doc = p.doc;
  let low = Infinity;
  let high = -Infinity;
  for (let mask = 0; mask < 1 << PARAM_KEYS.length; mask++) {
    const v = { ...central };
    PARAM_KEYS.forEach((k, i) => (v[k] = p[k][(mask >> i) & 1 ? 2 : 1]));
    const c = recyclingCredit(v);
    low = Math.min(low, c);
    high = Math.max(high, c);
  }
  return { value: recyclingCredit(central), low, high };
}

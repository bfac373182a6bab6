// CO2e avoided, computed at read time from physical quantities and a chosen factor set.
// Nothing here is stored: a new factor set changes the figures without rewriting any data.
// Avoided emissions are reported outside a GHG inventory (GHG Protocol Scope 3, category 5).
import { InputError } from './errors.ts';
import { msg } from './messages.ts';

export type Outcome = 'REUSED' | 'RECYCLED';
export type FactorUnit = 'PER_KG' | 'PER_ITEM';

export interface QuantityRow {
  material_code: string;
  outcome: string;
  quantity: number;
  mass_kg: number;
}

export interface Factor {
  material_code: string;
  outcome: string;
  unit: string;
  value: number;
  low: number;
  high: number;
}

export interface FactorSetForCalc {
  displacement_rate: number;
  factors: readonly Factor[];
}

/**
 * A displacement scenario: the share of reused boxes assumed to replace a new box, in place of
 * the set's own rate. 0..1; anything else (or not a number) is an InputError on `field`.
 */
export function checkDisplacementRate(rate: number, field = 'displacementRate'): number {
  if (!Number.isFinite(rate) || rate < 0 || rate > 1) throw InputError.of(field, msg('report.badRate', { rate }));
  return rate;
}

/** The set's factors under a displacement scenario; null keeps the set's own rate. */
export function withDisplacement<S extends FactorSetForCalc>(set: S, rate: number | null | undefined): S {
  return rate === null || rate === undefined ? set : { ...set, displacement_rate: rate };
}

/** kg CO2e: the central estimate and the range the sources span. */
export interface Co2e {
  central: number;
  low: number;
  high: number;
}

export interface Co2eBreakdown {
  reuse: Co2e;
  recycle: Co2e;
  total: Co2e;
  /** material/outcome pairs with quantities but no factor in the set: counted as zero, listed. */
  uncovered: string[];
}

const zero = (): Co2e => ({ central: 0, low: 0, high: 0 });

export function roundKg(v: number): number {
  return Math.round(v * 1000) / 1000;
}

function add(a: Co2e, b: Co2e): Co2e {
  return { central: a.central + b.central, low: a.low + b.low, high: a.high + b.high };
}

function rounded(c: Co2e): Co2e {
  return { central: roundKg(c.central), low: roundKg(c.low), high: roundKg(c.high) };
}

/**
 * CO2e of one quantity row. PER_KG factors multiply the mass, PER_ITEM the item count; reuse is
 * scaled by the displacement rate (the share of reused boxes that really replace a new one).
 * Example: 10 BOX_M reused, 2.5 kg, factor 1.1997/kg, displacement 1 → 2.99925 kg CO2e.
 */
export function co2eOfRow(row: QuantityRow, factor: Factor, displacementRate: number): Co2e {
  const basis = factor.unit === 'PER_ITEM' ? row.quantity : row.mass_kg;
  const scale = row.outcome === 'REUSED' ? displacementRate : 1;
  return { central: basis * factor.value * scale, low: basis * factor.low * scale, high: basis * factor.high * scale };
}

// A page computes CO2e for many stations under one set: index its factors once per set object.
const indexes = new WeakMap<FactorSetForCalc, Map<string, Factor>>();
function factorIndex(set: FactorSetForCalc): Map<string, Factor> {
  let index = indexes.get(set);
  if (!index) indexes.set(set, (index = new Map(set.factors.map((f) => [`${f.material_code}/${f.outcome}`, f]))));
  return index;
}

/** Sum CO2e over rows, reuse and recycling kept apart, rounded to grams at the end only. */
export function co2eBreakdown(rows: readonly QuantityRow[], set: FactorSetForCalc): Co2eBreakdown {
  const byKey = factorIndex(set);
  let reuse = zero();
  let recycle = zero();
  const uncovered = new Set<string>();
  for (const row of rows) {
    const key = `${row.material_code}/${row.outcome}`;
    const factor = byKey.get(key);
    if (!factor) {
      if (row.quantity > 0) uncovered.add(key);
      continue;
    }
    const c = co2eOfRow(row, factor, set.displacement_rate);
    if (row.outcome === 'REUSED') reuse = add(reuse, c);
    else recycle = add(recycle, c);
  }
  return {
    reuse: rounded(reuse),
    recycle: rounded(recycle),
    total: rounded(add(reuse, recycle)),
    uncovered: [...uncovered].sort(),
  };
}

export interface QuantityTotals {
  entries: number;
  items: number;
  itemsReused: number;
  itemsRecycled: number;
  kgReused: number;
  kgRecycled: number;
  /** Grams in all and grams weighed (the rest estimated from typical masses). */
  grams: number;
  weighedGrams: number;
}

export function quantityTotals(
  rows: readonly (QuantityRow & { entries: number; mass_kg_weighed?: number })[],
): QuantityTotals {
  const t: QuantityTotals = {
    entries: 0,
    items: 0,
    itemsReused: 0,
    itemsRecycled: 0,
    kgReused: 0,
    kgRecycled: 0,
    grams: 0,
    weighedGrams: 0,
  };
  for (const r of rows) {
    t.entries += r.entries;
    t.items += r.quantity;
    t.grams += Math.round(Number(r.mass_kg) * 1000);
    t.weighedGrams += Math.round(Number(r.mass_kg_weighed ?? 0) * 1000);
    if (r.outcome === 'REUSED') {
      t.itemsReused += r.quantity;
      t.kgReused += r.mass_kg;
    } else {
      t.itemsRecycled += r.quantity;
      t.kgRecycled += r.mass_kg;
    }
  }
  t.kgReused = roundKg(t.kgReused);
  t.kgRecycled = roundKg(t.kgRecycled);
  return t;
}

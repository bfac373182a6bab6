// CO2e arithmetic, checked against numbers worked out by hand (docs/domain.md, "The carbon method").
import { describe, expect, it } from 'vitest';
import {
  co2eBreakdown,
  co2eOfRow,
  quantityTotals,
  roundKg,
  type Factor,
  type FactorSetForCalc,
} from '../../api/src/domain/carbon.ts';

// DESNZ 2025, board primary production: 1199.7 kg CO2e/t = 1.1997 kg/kg (range 0.185 .. 1.1997).
const BOARD_REUSE: Factor = {
  material_code: 'BOX_M',
  outcome: 'REUSED',
  unit: 'PER_KG',
  value: 1.1997,
  low: 0.185,
  high: 1.1997,
};
// WARM v16: recycling instead of landfill avoids 3.66 kg/kg (low: DESNZ primary minus closed-loop 0.1016).
const BOARD_RECYCLE: Factor = {
  material_code: 'BOX_M',
  outcome: 'RECYCLED',
  unit: 'PER_KG',
  value: 3.66,
  low: 0.1016,
  high: 3.66,
};
// Cainiao/CEUCC: 37 g per reused box per cycle.
const CAINIAO_BOX: Factor = {
  material_code: 'BOX_M',
  outcome: 'REUSED',
  unit: 'PER_ITEM',
  value: 0.037,
  low: 0.037,
  high: 0.037,
};

const set = (factors: Factor[], displacement_rate = 1): FactorSetForCalc => ({ displacement_rate, factors });
const row = (material_code: string, outcome: string, quantity: number, mass_kg: number) => ({
  material_code,
  outcome,
  quantity,
  mass_kg,
});

describe('co2eOfRow', () => {
  it('reusing one 0.2 kg box with DESNZ 2025 board primary and displacement 1.0 avoids 0.240 kg', () => {
    // 0.2 kg × 1.1997 kg/kg × 1.0 = 0.23994 → 0.240
    const c = co2eOfRow(row('BOX_M', 'REUSED', 1, 0.2), BOARD_REUSE, 1.0);
    expect(c.central).toBeCloseTo(0.23994, 10);
    expect(roundKg(c.central)).toBe(0.24);
    // low: 0.2 × 0.185 = 0.037 (the Cainiao figure expressed per kg); high = central
    expect(c.low).toBeCloseTo(0.037, 10);
    expect(c.high).toBeCloseTo(0.23994, 10);
  });

  it('halves reuse at displacement 0.5: 0.2 × 1.1997 × 0.5 = 0.11997 → 0.120', () => {
    const c = co2eOfRow(row('BOX_M', 'REUSED', 1, 0.2), BOARD_REUSE, 0.5);
    expect(roundKg(c.central)).toBe(0.12);
    // low 0.2 × 0.185 × 0.5 = 0.0185
    expect(roundKg(c.low)).toBe(0.019);
  });

  it('does not scale recycling by the displacement rate: 1 kg × 3.66 = 3.66 whatever the rate', () => {
    expect(co2eOfRow(row('BOX_M', 'RECYCLED', 5, 1), BOARD_RECYCLE, 0.5).central).toBeCloseTo(3.66, 10);
  });

  it('multiplies PER_ITEM factors by the item count, not the mass: 10 boxes × 37 g = 0.37 kg', () => {
    // mass 2.5 kg must not enter: 10 × 0.037 = 0.37
    const c = co2eOfRow(row('BOX_M', 'REUSED', 10, 2.5), CAINIAO_BOX, 1);
    expect(c.central).toBeCloseTo(0.37, 10);
    expect(c.low).toBeCloseTo(0.37, 10);
    expect(c.high).toBeCloseTo(0.37, 10);
  });
});

describe('co2eBreakdown', () => {
  it('keeps reuse and recycling apart and sums them into the total', () => {
    const rows = [row('BOX_M', 'REUSED', 10, 2.5), row('BOX_M', 'RECYCLED', 16, 4)];
    const b = co2eBreakdown(rows, set([BOARD_REUSE, BOARD_RECYCLE]));
    // reuse:   2.5 kg × 1.1997 = 2.99925 → 2.999;  low 2.5 × 0.185 = 0.4625 → 0.463
    expect(b.reuse).toEqual({ central: 2.999, low: 0.463, high: 2.999 });
    // recycle: 4 kg × 3.66 = 14.64;  low 4 × 0.1016 = 0.4064 → 0.406
    expect(b.recycle).toEqual({ central: 14.64, low: 0.406, high: 14.64 });
    // total:   2.99925 + 14.64 = 17.63925 → 17.639;  low 0.4625 + 0.4064 = 0.8689 → 0.869
    expect(b.total.central).toBe(17.639);
    expect(b.total.low).toBe(0.869);
    expect(b.total.high).toBe(17.639);
    expect(b.uncovered).toEqual([]);
  });

  it('rounds only at the end: three 0.0004 kg rows give 0.001, not 0', () => {
    // each row 0.001 kg × 0.4 = 0.0004 (would round to 0); sum 0.0012 → 0.001
    const f: Factor = { material_code: 'X', outcome: 'RECYCLED', unit: 'PER_KG', value: 0.4, low: 0.4, high: 0.4 };
    const b = co2eBreakdown(
      [row('X', 'RECYCLED', 1, 0.001), row('X', 'RECYCLED', 1, 0.001), row('X', 'RECYCLED', 1, 0.001)],
      set([f]),
    );
    expect(b.total.central).toBe(0.001);
  });

  it('lists material/outcome pairs that have items but no factor, sorted, and counts them as zero', () => {
    const rows = [
      row('MAILER_BAG', 'RECYCLED', 3, 0.09),
      row('BOX_M', 'REUSED', 1, 0.25),
      row('FOAM_FILL', 'REUSED', 2, 0.04),
      row('FOAM_FILL', 'REUSED', 1, 0.02), // same pair twice: listed once
      row('PAPER_FILL', 'RECYCLED', 0, 0), // no items: not listed
    ];
    const b = co2eBreakdown(rows, set([BOARD_REUSE]));
    expect(b.uncovered).toEqual(['FOAM_FILL/REUSED', 'MAILER_BAG/RECYCLED']);
    // only the box counts: 0.25 × 1.1997 = 0.299925 → 0.3
    expect(b.total.central).toBe(0.3);
    expect(b.recycle).toEqual({ central: 0, low: 0, high: 0 });
  });

  it('gives a range low ≤ central ≤ high spanning the sources', () => {
    // PER_KG factor with a distinct range: value 2, low 1, high 3; 0.5 kg reused at displacement 0.8
    // central 0.5 × 2 × 0.8 = 0.8;  low 0.5 × 1 × 0.8 = 0.4;  high 0.5 × 3 × 0.8 = 1.2
    const f: Factor = { material_code: 'M', outcome: 'REUSED', unit: 'PER_KG', value: 2, low: 1, high: 3 };
    const b = co2eBreakdown([row('M', 'REUSED', 2, 0.5)], set([f], 0.8));
    expect(b.total).toEqual({ central: 0.8, low: 0.4, high: 1.2 });
  });

  it('is all zeros for no rows', () => {
    const b = co2eBreakdown([], set([BOARD_REUSE]));
    expect(b.total).toEqual({ central: 0, low: 0, high: 0 });
    expect(b.uncovered).toEqual([]);
  });
});

describe('quantityTotals', () => {
  it('adds entries and items, splits kg by outcome and keeps the weighed grams', () => {
    const t = quantityTotals([
      { ...row('BOX_M', 'REUSED', 10, 2.5), entries: 2 },
      { ...row('BOX_M', 'RECYCLED', 16, 4), entries: 3, mass_kg_weighed: 4 },
      { ...row('MAILER_BAG', 'RECYCLED', 3, 0.09), entries: 1 },
    ]);
    // entries 2+3+1 = 6; items 10+16+3 = 29; recycled 16+3 = 19 items, 4 + 0.09 = 4.09 kg; 6590 g of which 4000 weighed
    expect(t).toEqual({
      entries: 6,
      items: 29,
      itemsReused: 10,
      itemsRecycled: 19,
      kgReused: 2.5,
      kgRecycled: 4.09,
      grams: 6590,
      weighedGrams: 4000,
    });
  });
});

// The CN-2026 recycling factors, derived from where Chinese residual waste goes, worked by hand,
// and the data-quality score. Every number here can be checked with a calculator.
import { describe, expect, it } from 'vitest';
import { CN_2026_ROUTES, deriveRecycling, FACTOR_SETS, incineration, landfill, recyclingCredit } from '@recycle/seeds';
import { dataQualityScore, massQuality } from '../../api/src/domain/data-quality.ts';
import { checkDisplacementRate, co2eBreakdown, withDisplacement } from '../../api/src/domain/carbon.ts';

const central = (k: keyof typeof CN_2026_ROUTES) =>
  Object.fromEntries(Object.entries(CN_2026_ROUTES[k]).map(([p, v]) => [p, Array.isArray(v) ? v[0] : v])) as Parameters<
    typeof recyclingCredit
  >[0];
const cn = FACTOR_SETS.find((s) => s.version === 'CN-2026')!;
const factor = (m: string, o: string) => cn.factors.find((f) => f.materialCode === m && f.outcome === o)!;

describe('CN-2026 recycling routes, central values by hand', () => {
  it('paper: burning 1 kg for power saves 12 MJ x 22% / 3.6 = 0.7333 kWh x 0.5703 = 0.4182 kg; landfilling it emits 2.268 kg', () => {
    const p = central('BOX');
    expect(incineration(p)).toBeCloseTo(-0.41822, 6);
    // 0.40 DOC x 0.5 DOCf x 0.5 CH4 x 16/12 = 0.13333 kg CH4, x (1 - 0.3 recovered) x (1 - 0.1 oxidised) = 0.084, x 27 = 2.268
    expect(landfill(p)).toBeCloseTo(2.268, 6);
  });

  it('boxes: (1 - 0.8) x (0.87 x -0.41822 + 0.13 x 2.268 + 0.1016) = 0.2 x 0.032589 = 0.0065', () => {
    expect(recyclingCredit(central('BOX'))).toBeCloseTo(0.0065178, 6);
    expect(factor('BOX_M', 'RECYCLED')).toMatchObject({
      value: 0.0065,
      low: -0.3714,
      high: 0.4808,
      evidence: 'DERIVED',
    });
  });

  it('paper fill: the same route, 46.5% recycled anyway: 0.535 x 0.032589 = 0.0174', () => {
    expect(factor('PAPER_FILL', 'RECYCLED').value).toBe(0.0174);
  });

  it('mailer bags: 0.99 x (0.87 x (2.75 - 1.394067) + 0.9065) = 2.0653', () => {
    // 0.75 kg C x 44/12 = 2.75 kg CO2; power 40 MJ x 22% / 3.6 = 2.4444 kWh x 0.5703 = 1.394067
    expect(incineration(central('MAILER_BAG'))).toBeCloseTo(1.355933, 6);
    expect(factor('MAILER_BAG', 'RECYCLED')).toMatchObject({ value: 2.0653, low: -0.0269, high: 3.8193 });
  });

  it('foam: 0.99 x 0.87 x (0.923 x 44/12 - 1.394067) = 1.7142, no substitution credit', () => {
    expect(factor('FOAM_FILL', 'RECYCLED')).toMatchObject({ value: 1.7142, low: 0.6987, high: 2.1756 });
  });

  it('every range holds its central value and is the extremes over the parameter corners', () => {
    for (const k of Object.keys(CN_2026_ROUTES) as (keyof typeof CN_2026_ROUTES)[]) {
      const d = deriveRecycling(CN_2026_ROUTES[k]);
      expect(d.low).toBeLessThanOrEqual(d.value);
      expect(d.value).toBeLessThanOrEqual(d.high);
      // moving any one parameter to a range end stays inside the corner range
      for (const [p, v] of Object.entries(CN_2026_ROUTES[k])) {
        if (!Array.isArray(v)) continue;
        for (const end of [v[1], v[2]]) {
          const c = recyclingCredit({ ...central(k), [p]: end });
          expect(c).toBeGreaterThanOrEqual(d.low - 1e-12);
          expect(c).toBeLessThanOrEqual(d.high + 1e-12);
        }
      }
    }
  });

  it('reuses a 0.25 kg box at 0.25 x 0.491 x 0.5 = 61.4 g: 1.7x the 37 g per reuse of Cainiao/CEUCC', () => {
    const c = co2eBreakdown([{ material_code: 'BOX_M', outcome: 'REUSED', quantity: 1, mass_kg: 0.25 }], {
      displacement_rate: cn.displacementRate,
      factors: cn.factors.map((f) => ({
        material_code: f.materialCode,
        outcome: f.outcome,
        unit: f.unit,
        value: f.value,
        low: f.low,
        high: f.high,
      })),
    });
    expect(c.reuse).toEqual({ central: 0.061, low: 0.015, high: 0.15 }); // 0.061375; 0.25 x 0.1217 x 0.5 = 0.0152; 0.25 x 1.1997 x 0.5 = 0.14996
  });
});

describe('displacement scenarios', () => {
  const set = {
    displacement_rate: 0.5,
    factors: [{ material_code: 'BOX_M', outcome: 'REUSED', unit: 'PER_KG', value: 0.491, low: 0.1217, high: 1.1997 }],
  };
  const rows = [{ material_code: 'BOX_M', outcome: 'REUSED', quantity: 4, mass_kg: 1 }];
  it.each([
    [null, 0.246],
    [0.5, 0.246],
    [0.75, 0.368],
    [1, 0.491],
  ])('scenario %s: 1 kg x 0.491 x rate', (rate, central) => {
    // 0.2455 → 0.246 (0.24550000000000002 in binary); 0.36825 → 0.368
    expect(co2eBreakdown(rows, withDisplacement(set, rate)).reuse.central).toBe(central);
  });
  it.each([[-0.1], [1.2], [Number.NaN], [Number.POSITIVE_INFINITY]])(
    'refuses %s as an InputError on displacementRate',
    (rate) => {
      expect(() => checkDisplacementRate(rate)).toThrow(/displacementRate: must be a share between 0 and 1/);
    },
  );
});

describe('data quality of the mass', () => {
  it.each([
    [1, 1],
    [0.9, 1],
    [0.8995, 2],
    [0.6, 2],
    [0.45, 3],
    [0.3, 3],
    [0.2593, 4],
    [0.0001, 4],
    [0, 5],
  ])('share %s → score %s', (share, score) => {
    expect(dataQualityScore(share)).toBe(score);
  });
  it('splits the grams into weighed and estimated kg and rounds the share to 4 decimals', () => {
    expect(massQuality(9950, 8950)).toEqual({
      kgWeighed: 8.95,
      kgEstimated: 1,
      weighedShare: 0.8995,
      dataQualityScore: 2,
    });
    expect(massQuality(0, 0)).toEqual({ kgWeighed: 0, kgEstimated: 0, weighedShare: null, dataQualityScore: null });
  });
});

// How much of a report's mass was weighed at the counter, and a data-quality score per row. The
// score is about the activity data only (was the mass measured?); the factors' own uncertainty is
// the low-high range. 1 is best, 5 worst, as in the PCAF data-quality scale it is modelled on.
import { roundKg } from './carbon.ts';

export interface MassQuality {
  kgWeighed: number;
  kgEstimated: number;
  /** kg weighed / kg, 0..1; null when there is no mass. */
  weighedShare: number | null;
  /** 1..5; null when there is no mass. */
  dataQualityScore: number | null;
}

/** Score thresholds: the share of kg weighed needed for scores 1, 2, 3 and 4. */
const SCORE_FLOORS: readonly [number, number][] = [
  [0.9, 1],
  [0.6, 2],
  [0.3, 3],
];

/**
 * 1: >= 90% of the kg weighed; 2: >= 60%; 3: >= 30%; 4: something weighed; 5: every kg estimated
 * from typical masses. Example: dataQualityScore(0.45) === 3.
 */
export function dataQualityScore(weighedShare: number): number {
  for (const [floor, score] of SCORE_FLOORS) if (weighedShare >= floor) return score;
  return weighedShare > 0 ? 4 : 5;
}

/** Example: massQuality(2000, 500) → { kgWeighed: 0.5, kgEstimated: 1.5, weighedShare: 0.25, dataQualityScore: 4 }. */
export function massQuality(grams: number, weighedGrams: number): MassQuality {
  if (grams <= 0) return { kgWeighed: weighedGrams / 1000, kgEstimated: 0, weighedShare: null, dataQualityScore: null };
  const share = Math.round((weighedGrams / grams) * 10_000) / 10_000;
  return {
    kgWeighed: weighedGrams / 1000,
    kgEstimated: roundKg((grams - weighedGrams) / 1000),
    weighedShare: share,
    dataQualityScore: dataQualityScore(share),
  };
}

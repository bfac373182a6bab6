// The shape of a reference emission factor set (kg CO2e). Factors are data, not code: each set is
// a frozen edition once published; a newer edition is a new set, never an edit.

export type Outcome = 'REUSED' | 'RECYCLED';
export type FactorUnit = 'PER_KG' | 'PER_ITEM';
/**
 * What kind of evidence a factor rests on: a primary publication (the publisher's own table), a
 * secondary one (a figure quoted by someone else), a value derived here from several sources
 * (docs/carbon-method.md shows the working), or a stated assumption.
 */
export type Evidence = 'PRIMARY' | 'SECONDARY' | 'DERIVED' | 'ASSUMPTION';

export interface FactorSeed {
  materialCode: string;
  outcome: Outcome;
  unit: FactorUnit;
  /** The central value: the set's best estimate. */
  value: number;
  /** low/high: the set's stated uncertainty; low <= value <= high. */
  low: number;
  high: number;
  source: string;
  /** The source line in Chinese, for the Chinese method page (null: only the English line exists). */
  sourceZh: string | null;
  sourceUrls: readonly string[];
  /** Null for editions published before evidence was recorded. */
  evidence: Evidence | null;
  sourceYear: number;
}

export interface FactorSetSeed {
  version: string;
  name: string;
  isDefault: boolean;
  /**
   * Reference defaults this set replaces: a database whose default is still one of them moves to
   * this set when the reference data is synchronised on start (an admin's own choice is kept).
   */
  replacesDefaults?: readonly string[];
  displacementRate: number;
  publishedAt: string;
  notes: string;
  notesZh: string | null;
  factors: readonly FactorSeed[];
}

export const BOXES = ['BOX_S', 'BOX_M', 'BOX_L'] as const;

/** A PER_KG factor; `extra` adds the evidence fields of editions that record them. */
export const perKg = (
  materialCode: string,
  outcome: Outcome,
  value: number,
  low: number,
  high: number,
  source: string,
  sourceYear: number,
  extra: Partial<Pick<FactorSeed, 'sourceZh' | 'sourceUrls' | 'evidence'>> = {},
): FactorSeed => ({
  materialCode,
  outcome,
  unit: 'PER_KG',
  value,
  low,
  high,
  source,
  sourceYear,
  sourceZh: null,
  sourceUrls: [],
  evidence: null,
  ...extra,
});

/** Rounds a derived factor to 4 decimals (0.1 g per kg), the precision the sets are published at. */
export const round4 = (v: number) => Math.round(v * 10_000) / 10_000;

/** The notes every first-edition set (2021-2025) was published with; kept word for word. */
export const COMMON_NOTES =
  'Avoided emissions: reported separately from, and never subtracted from, the GHG inventory ' +
  '(GHG Protocol Scope 3, category 5). Assumes ~0.2 kg of packaging per parcel (typical box mass) ' +
  'and a displacement rate of 1.0 (every reused box replaces a new one); lower the rate for a ' +
  'conservative estimate. REUSE and RECYCLE use different factors and evidence and are kept apart.';

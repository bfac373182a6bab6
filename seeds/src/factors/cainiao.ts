// The Cainiao / CEUCC figure: 37 g CO2 per reused box per reuse cycle, the only China-specific
// per-reuse figure published (also used by the State Post Bureau). Reused boxes only.
import { BOXES, COMMON_NOTES, perKg as kg, type FactorSeed, type FactorSetSeed } from './types.ts';

const NOT_COVERED = 'not covered by this source';

export const CAINIAO_2021: FactorSetSeed = {
  version: 'CAINIAO-CEUCC-2021',
  name: 'Cainiao / China Environmental United Certification Center',
  isDefault: false,
  displacementRate: 1.0,
  publishedAt: '2021-11-01T00:00:00Z',
  notesZh: null,
  notes:
    `${COMMON_NOTES} This source covers reused boxes only, per box and per reuse cycle (not per kg, ` +
    'so the box-mass assumption does not enter); every other material and outcome counts as zero, ' +
    'which makes this set the low end of any comparison.',
  factors: [
    ...BOXES.map((code): FactorSeed => ({
      materialCode: code,
      outcome: 'REUSED',
      unit: 'PER_ITEM',
      value: 0.037,
      low: 0.037,
      high: 0.037,
      source: 'Cainiao & CEUCC: 37 g CO2 per reused box per cycle (15-day campaign, 2.3 M boxes, ~85 t)',
      sourceYear: 2021,
      sourceZh: null,
      sourceUrls: [],
      evidence: null,
    })),
    ...BOXES.map((code) => kg(code, 'RECYCLED', 0, 0, 0, NOT_COVERED, 2021)),
    ...(['MAILER_BAG', 'FOAM_FILL', 'PAPER_FILL'] as const).flatMap((code) =>
      (['REUSED', 'RECYCLED'] as const).map((outcome) => kg(code, outcome, 0, 0, 0, NOT_COVERED, 2021)),
    ),
  ],
};

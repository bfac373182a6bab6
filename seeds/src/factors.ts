// Published emission factor sets (kg CO2e). Factors are data, not code (docs/domain.md, "The carbon
// method"): each set is a frozen edition; a newer edition is a new set, never an edit. Numbers and
// their derivations are from the table in docs/domain.md; every `source` says how a value was obtained.

export type Outcome = 'REUSED' | 'RECYCLED';
export type FactorUnit = 'PER_KG' | 'PER_ITEM';

export interface FactorSeed {
  materialCode: string;
  outcome: Outcome;
  unit: FactorUnit;
  value: number;
  low: number;
  high: number;
  source: string;
  sourceYear: number;
}

export interface FactorSetSeed {
  version: string;
  name: string;
  isDefault: boolean;
  displacementRate: number;
  publishedAt: string;
  notes: string;
  factors: readonly FactorSeed[];
}

const BOXES = ['BOX_S', 'BOX_M', 'BOX_L'] as const;

const kg = (materialCode: string, outcome: Outcome, value: number, low: number, high: number,
  source: string, sourceYear: number): FactorSeed =>
  ({ materialCode, outcome, unit: 'PER_KG', value, low, high, source, sourceYear });

const boxes = (outcome: Outcome, value: number, low: number, high: number, source: string, year: number) =>
  BOXES.map((code) => kg(code, outcome, value, low, high, source, year));

const COMMON_NOTES =
  'Avoided emissions: reported separately from, and never subtracted from, the GHG inventory ' +
  '(GHG Protocol Scope 3, category 5). Assumes ~0.2 kg of packaging per parcel (typical box mass) ' +
  'and a displacement rate of 1.0 (every reused box replaces a new one); lower the rate for a ' +
  'conservative estimate. REUSE and RECYCLE use different factors and evidence and are kept apart.';

const WARM_SOURCE = 'US EPA WARM v16 (Dec 2023) corrugated containers, recycling -3.14 vs landfill +0.18 ' +
  't CO2e per short ton = 3.66 kg/kg, via secondary source';

const DESNZ_2025: FactorSetSeed = {
  version: 'DESNZ-2025',
  name: 'UK DESNZ 2025 + US EPA WARM v16',
  isDefault: true,
  displacementRate: 1.0,
  publishedAt: '2025-06-10T00:00:00Z',
  notes: `${COMMON_NOTES} Reuse credits the avoided primary production of the material (DESNZ 2025 ` +
    'material use); recycling credits recycling instead of landfill (WARM) with the DESNZ ' +
    'primary-minus-closed-loop difference as the low end.',
  factors: [
    ...boxes('REUSED', 1.1997, 0.185, 1.1997, 'UK DESNZ GHG conversion factors 2025, material use: board, ' +
      'primary production (1199.7 kg CO2e/t); low = Cainiao/CEUCC 37 g per reused box at 0.2 kg/box', 2025),
    kg('MAILER_BAG', 'REUSED', 2.9165, 1.1036, 2.9165, 'UK DESNZ 2025 material use: plastic film, primary ' +
      'production (2916.5 kg CO2e/t); low = closed-loop source (1103.6 kg CO2e/t)', 2025),
    kg('FOAM_FILL', 'REUSED', 4.3768, 4.3768, 4.3768, 'UK DESNZ 2025 material use: polystyrene, primary ' +
      'production (4376.8 kg CO2e/t), proxy for foam fill', 2025),
    kg('PAPER_FILL', 'REUSED', 1.3451, 1.3451, 1.3451, 'UK DESNZ 2025 material use: paper, primary ' +
      'production (1345.1 kg CO2e/t)', 2025),
    ...boxes('RECYCLED', 3.66, 0.1016, 3.66, `${WARM_SOURCE}; low = DESNZ 2025 board primary minus ` +
      'closed-loop (1199.7-1098.1 kg/t)', 2023),
    kg('PAPER_FILL', 'RECYCLED', 3.66, 0.1016, 3.66, `Board proxy (no paper recycling factor used): ${WARM_SOURCE}; ` +
      'low = DESNZ 2025 board primary minus closed-loop (1199.7-1098.1 kg/t)', 2023),
    kg('MAILER_BAG', 'RECYCLED', 1.8129, 0.6696, 1.8159, 'UK DESNZ 2025 plastic film primary minus closed-loop ' +
      '(2916.5-1103.6 kg/t); low = 2023 edition (2560.3-1890.7); high = 2024 edition (2910.5-1094.6)', 2025),
    kg('FOAM_FILL', 'RECYCLED', 0, 0, 0,
      'No published recycling factor for polystyrene (WARM has none); counted as zero', 2025),
  ],
};

const DESNZ_2023: FactorSetSeed = {
  version: 'DESNZ-2023',
  name: 'UK DESNZ 2023 + US EPA WARM v16',
  isDefault: false,
  displacementRate: 1.0,
  publishedAt: '2023-06-28T00:00:00Z',
  notes: `${COMMON_NOTES} The 2023 edition: board primary production was 801.5 kg CO2e/t, 49% below ` +
    'the 2024 edition; keep this set to reproduce reports made with it.',
  factors: [
    ...boxes('REUSED', 0.8015, 0.185, 0.8015, 'UK DESNZ GHG conversion factors 2023, material use: board, ' +
      'primary production (801.5 kg CO2e/t); low = Cainiao/CEUCC 37 g per reused box at 0.2 kg/box', 2023),
    kg('MAILER_BAG', 'REUSED', 2.5603, 1.8907, 2.5603, 'UK DESNZ 2023 material use: plastic film, primary ' +
      'production (2560.3 kg CO2e/t); low = closed-loop source (1890.7 kg CO2e/t)', 2023),
    kg('FOAM_FILL', 'REUSED', 3.764, 3.764, 3.764, 'UK DESNZ 2023 material use: polystyrene, primary ' +
      'production (3764.0 kg CO2e/t), proxy for foam fill', 2023),
    kg('PAPER_FILL', 'REUSED', 0.8015, 0.185, 0.8015, 'Board proxy: no 2023 paper factor. UK DESNZ 2023 board ' +
      'primary production (801.5 kg CO2e/t); low = Cainiao/CEUCC 37 g per 0.2 kg box', 2023),
    ...boxes('RECYCLED', 3.66, 0.1016, 3.66, `${WARM_SOURCE}; low = DESNZ 2023 board primary minus ` +
      'closed-loop (801.5-699.9 kg/t)', 2023),
    kg('PAPER_FILL', 'RECYCLED', 3.66, 0.1016, 3.66, `Board proxy (no paper recycling factor used): ${WARM_SOURCE}; ` +
      'low = DESNZ 2023 board primary minus closed-loop (801.5-699.9 kg/t)', 2023),
    kg('MAILER_BAG', 'RECYCLED', 0.6696, 0.6696, 0.6696, 'UK DESNZ 2023 plastic film primary minus ' +
      'closed-loop (2560.3-1890.7 kg/t)', 2023),
    kg('FOAM_FILL', 'RECYCLED', 0, 0, 0,
      'No published recycling factor for polystyrene (WARM has none); counted as zero', 2023),
  ],
};

const NOT_COVERED = 'not covered by this source';

const CAINIAO_2021: FactorSetSeed = {
  version: 'CAINIAO-CEUCC-2021',
  name: 'Cainiao / China Environmental United Certification Center',
  isDefault: false,
  displacementRate: 1.0,
  publishedAt: '2021-11-01T00:00:00Z',
  notes: `${COMMON_NOTES} This source covers reused boxes only, per box and per reuse cycle (not per kg, ` +
    'so the box-mass assumption does not enter); every other material and outcome counts as zero, ' +
    'which makes this set the low end of any comparison.',
  factors: [
    ...BOXES.map((code): FactorSeed => ({
      materialCode: code, outcome: 'REUSED', unit: 'PER_ITEM', value: 0.037, low: 0.037, high: 0.037,
      source: 'Cainiao & CEUCC: 37 g CO2 per reused box per cycle (15-day campaign, 2.3 M boxes, ~85 t)',
      sourceYear: 2021,
    })),
    ...BOXES.map((code) => kg(code, 'RECYCLED', 0, 0, 0, NOT_COVERED, 2021)),
    ...(['MAILER_BAG', 'FOAM_FILL', 'PAPER_FILL'] as const).flatMap((code) =>
      (['REUSED', 'RECYCLED'] as const).map((outcome) => kg(code, outcome, 0, 0, 0, NOT_COVERED, 2021))),
  ],
};

export const FACTOR_SETS: readonly FactorSetSeed[] = [DESNZ_2025, DESNZ_2023, CAINIAO_2021];

// The UK/US-based factor sets: UK DESNZ material-use conversion factors for reuse and US EPA WARM
// (via a secondary source) for recycling, with the displacement rate the first editions assumed
// (1.0). DESNZ-2025 and DESNZ-2023 are the first editions, kept exactly as they were published so
// reports made with them can be reproduced: their central values sit at the top of their ranges.
// The -R2 editions (method 2026.1) keep the same central values and state a real range around
// them; they are labelled alternatives to the China-based default (china.ts).
import { BOXES, COMMON_NOTES, perKg as kg, type FactorSetSeed, type Outcome } from './types.ts';

const boxes = (
  outcome: Outcome,
  value: number,
  low: number,
  high: number,
  source: string,
  year: number,
  extra: Parameters<typeof kg>[7] = {},
) => BOXES.map((code) => kg(code, outcome, value, low, high, source, year, extra));

const WARM_SOURCE =
  'US EPA WARM v16 (Dec 2023) corrugated containers, recycling -3.14 vs landfill +0.18 ' +
  't CO2e per short ton = 3.66 kg/kg, via secondary source';

export const DESNZ_2025: FactorSetSeed = {
  version: 'DESNZ-2025',
  name: 'UK DESNZ 2025 + US EPA WARM v16',
  // The default until method 2026.1; CN-2026 replaces it (see its replacesDefaults).
  isDefault: false,
  displacementRate: 1.0,
  publishedAt: '2025-06-10T00:00:00Z',
  notesZh: null,
  notes:
    `${COMMON_NOTES} Reuse credits the avoided primary production of the material (DESNZ 2025 ` +
    'material use); recycling credits recycling instead of landfill (WARM) with the DESNZ ' +
    'primary-minus-closed-loop difference as the low end.',
  factors: [
    ...boxes(
      'REUSED',
      1.1997,
      0.185,
      1.1997,
      'UK DESNZ GHG conversion factors 2025, material use: board, ' +
        'primary production (1199.7 kg CO2e/t); low = Cainiao/CEUCC 37 g per reused box at 0.2 kg/box',
      2025,
    ),
    kg(
      'MAILER_BAG',
      'REUSED',
      2.9165,
      1.1036,
      2.9165,
      'UK DESNZ 2025 material use: plastic film, primary ' +
        'production (2916.5 kg CO2e/t); low = closed-loop source (1103.6 kg CO2e/t)',
      2025,
    ),
    kg(
      'FOAM_FILL',
      'REUSED',
      4.3768,
      4.3768,
      4.3768,
      'UK DESNZ 2025 material use: polystyrene, primary ' + 'production (4376.8 kg CO2e/t), proxy for foam fill',
      2025,
    ),
    kg(
      'PAPER_FILL',
      'REUSED',
      1.3451,
      1.3451,
      1.3451,
      'UK DESNZ 2025 material use: paper, primary ' + 'production (1345.1 kg CO2e/t)',
      2025,
    ),
    ...boxes(
      'RECYCLED',
      3.66,
      0.1016,
      3.66,
      `${WARM_SOURCE}; low = DESNZ 2025 board primary minus ` + 'closed-loop (1199.7-1098.1 kg/t)',
      2023,
    ),
    kg(
      'PAPER_FILL',
      'RECYCLED',
      3.66,
      0.1016,
      3.66,
      `Board proxy (no paper recycling factor used): ${WARM_SOURCE}; ` +
        'low = DESNZ 2025 board primary minus closed-loop (1199.7-1098.1 kg/t)',
      2023,
    ),
    kg(
      'MAILER_BAG',
      'RECYCLED',
      1.8129,
      0.6696,
      1.8159,
      'UK DESNZ 2025 plastic film primary minus closed-loop ' +
        '(2916.5-1103.6 kg/t); low = 2023 edition (2560.3-1890.7); high = 2024 edition (2910.5-1094.6)',
      2025,
    ),
    kg(
      'FOAM_FILL',
      'RECYCLED',
      0,
      0,
      0,
      'No published recycling factor for polystyrene (WARM has none); counted as zero',
      2025,
    ),
  ],
};

export const DESNZ_2023: FactorSetSeed = {
  version: 'DESNZ-2023',
  name: 'UK DESNZ 2023 + US EPA WARM v16',
  isDefault: false,
  displacementRate: 1.0,
  publishedAt: '2023-06-28T00:00:00Z',
  notesZh: null,
  notes:
    `${COMMON_NOTES} The 2023 edition: board primary production was 801.5 kg CO2e/t, 49% below ` +
    'the 2024 edition; keep this set to reproduce reports made with it.',
  factors: [
    ...boxes(
      'REUSED',
      0.8015,
      0.185,
      0.8015,
      'UK DESNZ GHG conversion factors 2023, material use: board, ' +
        'primary production (801.5 kg CO2e/t); low = Cainiao/CEUCC 37 g per reused box at 0.2 kg/box',
      2023,
    ),
    kg(
      'MAILER_BAG',
      'REUSED',
      2.5603,
      1.8907,
      2.5603,
      'UK DESNZ 2023 material use: plastic film, primary ' +
        'production (2560.3 kg CO2e/t); low = closed-loop source (1890.7 kg CO2e/t)',
      2023,
    ),
    kg(
      'FOAM_FILL',
      'REUSED',
      3.764,
      3.764,
      3.764,
      'UK DESNZ 2023 material use: polystyrene, primary ' + 'production (3764.0 kg CO2e/t), proxy for foam fill',
      2023,
    ),
    kg(
      'PAPER_FILL',
      'REUSED',
      0.8015,
      0.185,
      0.8015,
      'Board proxy: no 2023 paper factor. UK DESNZ 2023 board ' +
        'primary production (801.5 kg CO2e/t); low = Cainiao/CEUCC 37 g per 0.2 kg box',
      2023,
    ),
    ...boxes(
      'RECYCLED',
      3.66,
      0.1016,
      3.66,
      `${WARM_SOURCE}; low = DESNZ 2023 board primary minus ` + 'closed-loop (801.5-699.9 kg/t)',
      2023,
    ),
    kg(
      'PAPER_FILL',
      'RECYCLED',
      3.66,
      0.1016,
      3.66,
      `Board proxy (no paper recycling factor used): ${WARM_SOURCE}; ` +
        'low = DESNZ 2023 board primary minus closed-loop (801.5-699.9 kg/t)',
      2023,
    ),
    kg(
      'MAILER_BAG',
      'RECYCLED',
      0.6696,
      0.6696,
      0.6696,
      'UK DESNZ 2023 plastic film primary minus ' + 'closed-loop (2560.3-1890.7 kg/t)',
      2023,
    ),
    kg(
      'FOAM_FILL',
      'RECYCLED',
      0,
      0,
      0,
      'No published recycling factor for polystyrene (WARM has none); counted as zero',
      2023,
    ),
  ],
};

const DESNZ_URL = (year: number) =>
  `https://www.gov.uk/government/publications/greenhouse-gas-reporting-conversion-factors-${year}`;
const WARM_URL = 'https://www.epa.gov/warm';
/** Sources with one published value and no spread: a stated +-30% (docs/carbon-method.md, "ranges"). */
const PLUS_30 = 1.3;
const MINUS_30 = 0.7;

interface UkEdition {
  year: number;
  board: number;
  boardClosedLoop: number;
  film: number;
  filmClosedLoop: number;
  polystyrene: number;
  /** Paper primary production; the 2023 edition has none (board is the proxy). */
  paper: number | null;
  /** The film recycling credit (primary - closed-loop) and its low/high from the other editions. */
  filmRecycle: [number, number, number];
}

/**
 * An -R2 edition: the first edition's central values, each with a stated range: for reuse, the
 * closed-loop (recycled-content) production factor below and +30% above; for recycling under WARM,
 * the DESNZ primary-minus-closed-loop difference below (substitution only, no landfill avoided)
 * and +30% above. Displacement stays 1.0, as the UK/US sources assume; run a report with a
 * displacement scenario to compare.
 */
function ukR2(e: UkEdition): FactorSetSeed {
  const y = e.year;
  const r4 = (v: number) => Math.round(v * 10_000) / 10_000;
  const at = { evidence: 'PRIMARY' as const, sourceUrls: [DESNZ_URL(y)] };
  const warm = { evidence: 'SECONDARY' as const, sourceUrls: [WARM_URL, DESNZ_URL(y)] };
  const sub = r4(e.board - e.boardClosedLoop);
  const paper = e.paper ?? e.board;
  const paperLow = e.paper === null ? e.boardClosedLoop : r4(e.paper * MINUS_30);
  return {
    version: `DESNZ-${y}-R2`,
    name: `UK DESNZ ${y} + US EPA WARM v16, stated ranges (alternative)`,
    isDefault: false,
    displacementRate: 1.0,
    publishedAt: '2026-12-01T00:00:00Z',
    notes:
      `Alternative to the China-based default, for comparison: UK production factors and a US landfill ` +
      `counterfactual. Central = the source's own value; low/high = the set's stated uncertainty: the ` +
      `recycled-content (closed-loop) production factor or the substitution-only credit below, +30% above ` +
      `(UK factors applied to Chinese production and waste routes). Displacement 1.0 as in the sources. ` +
      `Supersedes the ranges of DESNZ-${y}, whose central values were the top of their ranges. Avoided ` +
      `emissions: reported separately from, and never subtracted from, the GHG inventory (GHG Protocol Scope 3, category 5).`,
    notesZh:
      `与中国默认因子集对照的备选集：英国生产排放因子与美国填埋基线。中值 = 来源本身的数值；低值/高值 = 本集声明的不确定性：` +
      `低值取再生料（闭环）生产因子或仅替代部分的减排量，高值为 +30%（英国因子用于中国生产与废弃物去向）。替代率按来源取 1.0。` +
      `取代 DESNZ-${y} 的范围（其中值位于范围上限）。避免排放单独报告，不计入也不抵扣温室气体排放清单（温室气体核算体系范围三第 5 类）。`,
    factors: [
      ...boxes(
        'REUSED',
        e.board,
        e.boardClosedLoop,
        r4(e.board * PLUS_30),
        `UK DESNZ GHG conversion factors ${y}, material use: ` +
          `board, primary production (${r4(e.board * 1000)} kg CO2e/t); low = closed-loop source (${r4(e.boardClosedLoop * 1000)} kg/t); high = +30%`,
        y,
        {
          ...at,
          sourceZh: `英国 DESNZ ${y} 温室气体换算因子，材料使用：纸板原生生产（${r4(e.board * 1000)} kg CO2e/t）；低值 = 闭环再生料；高值 = +30%`,
        },
      ),
      kg(
        'MAILER_BAG',
        'REUSED',
        e.film,
        e.filmClosedLoop,
        r4(e.film * PLUS_30),
        `UK DESNZ ${y} material use: plastic film, primary ` + `production; low = closed-loop source; high = +30%`,
        y,
        { ...at, sourceZh: `英国 DESNZ ${y} 材料使用：塑料薄膜原生生产；低值 = 闭环再生料；高值 = +30%` },
      ),
      kg(
        'FOAM_FILL',
        'REUSED',
        e.polystyrene,
        r4(e.polystyrene * MINUS_30),
        r4(e.polystyrene * PLUS_30),
        `UK DESNZ ${y} material use: ` + `polystyrene, primary production (proxy for foam fill); +-30%`,
        y,
        { ...at, sourceZh: `英国 DESNZ ${y} 材料使用：聚苯乙烯原生生产（泡沫填充物的替代值）；±30%` },
      ),
      kg(
        'PAPER_FILL',
        'REUSED',
        paper,
        paperLow,
        r4(paper * PLUS_30),
        e.paper === null
          ? `Board proxy (no ${y} paper factor): UK DESNZ ${y} board primary production; low = closed-loop; high = +30%`
          : `UK DESNZ ${y} material use: paper, primary production; +-30%`,
        y,
        {
          ...at,
          sourceZh:
            e.paper === null
              ? `以纸板代替（${y} 版无纸张因子）：英国 DESNZ ${y} 纸板原生生产；低值 = 闭环；高值 = +30%`
              : `英国 DESNZ ${y} 材料使用：纸张原生生产；±30%`,
        },
      ),
      ...boxes(
        'RECYCLED',
        3.66,
        sub,
        r4(3.66 * PLUS_30),
        `${WARM_SOURCE}; low = DESNZ ${y} board primary minus closed-loop ` +
          `(substitution only, no landfill avoided); high = +30%`,
        2023,
        {
          ...warm,
          sourceZh: `美国环保署 WARM v16（2023 年 12 月）瓦楞纸箱：回收 −3.14、填埋 +0.18 t CO2e/短吨，即 3.66 kg/kg（二手来源）；低值 = DESNZ ${y} 纸板原生减闭环（仅替代）；高值 = +30%`,
        },
      ),
      kg(
        'PAPER_FILL',
        'RECYCLED',
        3.66,
        sub,
        r4(3.66 * PLUS_30),
        `Board proxy: ${WARM_SOURCE}; low = DESNZ ${y} board ` + `primary minus closed-loop; high = +30%`,
        2023,
        {
          ...warm,
          sourceZh: `以纸板代替：美国环保署 WARM v16 瓦楞纸箱 3.66 kg/kg（二手来源）；低值 = 仅替代；高值 = +30%`,
        },
      ),
      kg(
        'MAILER_BAG',
        'RECYCLED',
        e.filmRecycle[0],
        e.filmRecycle[1],
        e.filmRecycle[2],
        `UK DESNZ ${y} plastic film primary ` + `minus closed-loop; low/high = the other DESNZ editions, or +-30%`,
        y,
        { ...at, sourceZh: `英国 DESNZ ${y} 塑料薄膜原生减闭环；低值/高值 = 其他版本或 ±30%` },
      ),
      kg(
        'FOAM_FILL',
        'RECYCLED',
        0,
        0,
        0,
        'No published recycling factor for polystyrene (WARM has none); counted as zero',
        y,
        { evidence: 'ASSUMPTION', sourceZh: '无已发布的聚苯乙烯回收因子（WARM 亦无）；计为零' },
      ),
    ],
  };
}

export const DESNZ_2025_R2 = ukR2({
  year: 2025,
  board: 1.1997,
  boardClosedLoop: 1.0981,
  film: 2.9165,
  filmClosedLoop: 1.1036,
  polystyrene: 4.3768,
  paper: 1.3451,
  // 2916.5 - 1103.6; low = 2023 edition (2560.3 - 1890.7); high = +30%
  filmRecycle: [1.8129, 0.6696, 2.3568],
});

export const DESNZ_2023_R2 = ukR2({
  year: 2023,
  board: 0.8015,
  boardClosedLoop: 0.6999,
  film: 2.5603,
  filmClosedLoop: 1.8907,
  polystyrene: 3.764,
  paper: null,
  // 2560.3 - 1890.7; +-30% (the later editions changed method: 2024 gives 1.8159)
  filmRecycle: [0.6696, 0.4687, 0.8705],
});

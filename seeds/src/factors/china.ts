// CN-2026: the China-based default (method 2026.1). Reuse credits the avoided production of a new
// item, scaled by a displacement rate of 0.5; recycling credits only what the station changes:
// the share that would not have been recycled anyway, against the routes Chinese residual waste
// actually takes (mostly incineration with energy recovery since ~2020, some landfill). Every
// parameter and its source: docs/carbon-method.md; the arithmetic: china-derivation.ts.
import { deriveRecycling, type Param, type RouteParams } from './china-derivation.ts';
import { BOXES, perKg, round4, type FactorSeed, type FactorSetSeed, type Outcome } from './types.ts';

const METHOD_DOC = 'docs/carbon-method.md';
const S = {
  fefco: 'https://www.fefco.org/',
  fefcoNews: 'https://www.thepackagingportal.com/industry-news/lower-corrugated-industry-co2-footprint/',
  spb37g: 'https://www.spb.gov.cn/',
  desnz2025: 'https://www.gov.uk/government/publications/greenhouse-gas-reporting-conversion-factors-2025',
  mee: 'https://www.mee.gov.cn/',
  mohurd: 'https://www.mohurd.gov.cn/',
  ipcc: 'https://www.ipcc-nggip.iges.or.jp/public/2006gl/vol5.html',
} as const;

/** Parameters shared by every recycling route (grid, waste-to-energy, landfill share). */
const COMMON = {
  grid: [0.5703, 0.5366, 0.8325] as Param,
  wteEfficiency: [0.22, 0.18, 0.25] as Param,
  landfillShare: [0.13, 0.08, 0.2747] as Param,
};
const PAPER = {
  ...COMMON,
  lhv: [12, 10, 15] as Param,
  fossilCarbon: [0, 0, 0] as Param,
  gasRecovery: [0.3, 0, 0.6] as Param,
  substitution: [0.1016, 0, 0.2032] as Param,
  doc: 0.4,
};
const NO_GAS = { gasRecovery: [0, 0, 0] as Param, doc: 0 };

/** Route parameters per material; `recycledAnyway` differs by how sought-after the material is. */
export const CN_2026_ROUTES: Record<'BOX' | 'PAPER_FILL' | 'MAILER_BAG' | 'FOAM_FILL', RouteParams> = {
  BOX: { ...PAPER, recycledAnyway: [0.8, 0.465, 0.9] },
  PAPER_FILL: { ...PAPER, recycledAnyway: [0.465, 0.3, 0.8] },
  MAILER_BAG: {
    ...COMMON,
    ...NO_GAS,
    lhv: [40, 35, 43],
    fossilCarbon: [0.75, 0.67, 0.85],
    recycledAnyway: [0.01, 0, 0.05],
    substitution: [0.9065, 0, 1.8159],
  },
  FOAM_FILL: {
    ...COMMON,
    ...NO_GAS,
    lhv: [40, 38, 41],
    fossilCarbon: [0.923, 0.923, 0.923],
    recycledAnyway: [0.01, 0, 0.05],
    substitution: [0, 0, 0],
  },
};

const derived = (
  materialCode: string,
  route: RouteParams,
  source: string,
  sourceZh: string,
  urls: string[],
): FactorSeed => {
  const d = deriveRecycling(route);
  return perKg(materialCode, 'RECYCLED', round4(d.value), round4(d.low), round4(d.high), source, 2026, {
    evidence: 'DERIVED',
    sourceZh,
    sourceUrls: [METHOD_DOC, ...urls],
  });
};

const reuse = (
  materialCode: string,
  value: number,
  low: number,
  high: number,
  source: string,
  sourceZh: string,
  evidence: FactorSeed['evidence'],
  urls: string[],
  year: number,
) => perKg(materialCode, 'REUSED' as Outcome, value, low, high, source, year, { evidence, sourceZh, sourceUrls: urls });

const boxRecycle = (code: string) =>
  derived(
    code,
    CN_2026_ROUTES.BOX,
    'Derived (method 2026.1): (1 - 0.80 recycled anyway, State Post Bureau) x (residual-waste route avoided: 87% incineration ' +
      'with energy recovery at 0.5703 kg CO2/kWh (MEE 2022 grid), 13% landfill methane (IPCC 2006 defaults) + substitution ' +
      '0.1016 (DESNZ board primary minus closed-loop)); low/high = every parameter at its range ends',
    '推导（方法 2026.1）：(1 − 0.80 本会被回收，国家邮政局) ×（避免的其他垃圾去向：87% 焚烧发电，电网 0.5703 kg CO2/kWh（生态环境部 2022）；' +
      '13% 填埋甲烷（IPCC 2006 默认值）+ 替代 0.1016（DESNZ 纸板原生减闭环））；低/高 = 各参数取范围两端',
    [],
  );

export const CN_2026: FactorSetSeed = {
  version: 'CN-2026',
  name: 'China express packaging 2026 (conservative default)',
  isDefault: true,
  replacesDefaults: ['DESNZ-2025'],
  displacementRate: 0.5,
  publishedAt: '2026-12-01T00:00:00Z',
  notes:
    'China-based default, method 2026.1 (docs/carbon-method.md). Central = the best estimate; low/high = the stated ' +
    'uncertainty: the spread of credible sources, or every parameter of a derived factor at its range ends at once ' +
    '(wide on purpose: not a confidence interval). Reuse: avoided production of a new item (corrugated board: FEFCO ' +
    '2021 cradle-to-grave 491 kg CO2e/t; low = the 37 g per reuse of Cainiao/CEUCC and the State Post Bureau over a ' +
    '0.304 kg box; high = UK DESNZ 2025 virgin board), scaled by a displacement rate of 0.5: no survey measures how ' +
    'many boxes handed out at a station replace a new box; reuse rebound studies find 0.54-0.73 of a new purchase ' +
    'displaced, and a customer given a free box may otherwise have used a box from home or a light mailer bag, so 0.5 ' +
    'is taken and 0.75 and 1.0 are shown as scenarios. Recycling: only what the station changes: paper express ' +
    'packaging is ~80% recovered anyway (State Post Bureau), plastic ~1%; the rest would go to residual waste, ' +
    'incinerated with energy recovery (MOHURD: 72.5% of treatment capacity, 2022) or landfilled. Biogenic CO2 counts ' +
    'zero. Result: recycling cardboard adds almost nothing (most is recycled anyway, the rest would largely be burned ' +
    'for power); recycling plastic avoids burning fossil carbon. Avoided emissions: reported separately from, and ' +
    'never subtracted from, the GHG inventory (GHG Protocol Scope 3, category 5).',
  notesZh:
    '中国默认因子集，方法 2026.1（docs/carbon-method.md）。中值 = 最佳估计；低值/高值 = 声明的不确定性：可信来源之间的差异，' +
    '或推导因子的各参数同时取范围两端（有意取宽，并非置信区间）。复用：避免生产一件新包装（瓦楞纸板：FEFCO 2021 全生命周期 ' +
    '491 kg CO2e/t；低值 = 菜鸟/中环联合认证中心及国家邮政局使用的每次复用 37 克，按 0.304 kg 纸箱折算；高值 = 英国 DESNZ 2025 ' +
    '原生纸板），乘以替代率 0.5：尚无调查测量驿站发放的纸箱有多少真正替代了新纸箱；复用反弹研究显示约 0.54–0.73 的替代，' +
    '而免费领到纸箱的顾客原本可能用家中旧箱或轻薄的快递袋，故取 0.5，并以 0.75 和 1.0 作为情景展示。回收：只计驿站带来的改变：' +
    '纸质快递包装约 80% 本会被回收（国家邮政局），塑料约 1%；其余进入其他垃圾，焚烧发电（住建部：2022 年焚烧占处理能力 72.5%）' +
    '或填埋。生物源 CO2 计为零。结论：回收纸箱几乎不增加减排（大部分本会被回收，其余多被焚烧发电）；回收塑料避免了化石碳的焚烧。' +
    '避免排放单独报告，不计入也不抵扣温室气体排放清单（温室气体核算体系范围三第 5 类）。',
  factors: [
    ...BOXES.map((code) =>
      reuse(
        code,
        0.491,
        0.1217,
        1.1997,
        'FEFCO/Cepi ContainerBoard, European Database for Corrugated Board Life Cycle Studies 2021: corrugated board 491 kg ' +
          'CO2e/t cradle-to-grave (88% recycled fibre, as Chinese containerboard); low = 37 g CO2 per reuse (Cainiao/CEUCC, State ' +
          'Post Bureau) / 0.304 kg of corrugated per express box; high = UK DESNZ 2025 board primary production (1199.7 kg/t)',
        '欧洲瓦楞纸板协会 FEFCO/Cepi 2021 瓦楞纸板生命周期数据库：491 kg CO2e/t（全生命周期，88% 再生纤维，与中国箱板纸相近）；' +
          '低值 = 每次复用 37 克 CO2（菜鸟/中环联合认证中心、国家邮政局）÷ 每个快递纸箱 0.304 kg 瓦楞纸；高值 = 英国 DESNZ 2025 原生纸板（1199.7 kg/t）',
        'SECONDARY',
        [S.fefco, S.fefcoNews, S.spb37g, S.desnz2025, METHOD_DOC],
        2021,
      ),
    ),
    reuse(
      'MAILER_BAG',
      1.1036,
      0.7725,
      2.9165,
      'UK DESNZ 2025 plastic film, closed-loop (recycled) source 1103.6 kg/t: most Chinese mailer bags are made from recycled ' +
        'plastic (73% of sampled bags, Greenpeace/Tongji 2019); low = -30%; high = primary film (2916.5 kg/t)',
      '英国 DESNZ 2025 塑料薄膜闭环（再生料）1103.6 kg/t：中国快递袋多由再生塑料制成（抽样 73%，绿色和平/同济 2019）；低值 = −30%；高值 = 原生薄膜（2916.5 kg/t）',
      'SECONDARY',
      [S.desnz2025, METHOD_DOC],
      2025,
    ),
    reuse(
      'FOAM_FILL',
      4.3768,
      3.0638,
      5.6898,
      'UK DESNZ 2025 polystyrene, primary production (proxy for foam fill); +-30% (one source)',
      '英国 DESNZ 2025 聚苯乙烯原生生产（泡沫填充物的替代值）；±30%（单一来源）',
      'SECONDARY',
      [S.desnz2025],
      2025,
    ),
    reuse(
      'PAPER_FILL',
      1.3451,
      0.9416,
      1.7486,
      'UK DESNZ 2025 paper, primary production; +-30% (one source)',
      '英国 DESNZ 2025 纸张原生生产；±30%（单一来源）',
      'SECONDARY',
      [S.desnz2025],
      2025,
    ),
    ...BOXES.map(boxRecycle),
    derived(
      'PAPER_FILL',
      CN_2026_ROUTES.PAPER_FILL,
      'Derived (method 2026.1) as for boxes, with 46.5% recycled anyway (China Paper Association: national waste-paper recovery rate 2020)',
      '推导（方法 2026.1）同纸箱，本会被回收比例取 46.5%（中国造纸协会：2020 年全国废纸回收率）',
      [],
    ),
    derived(
      'MAILER_BAG',
      CN_2026_ROUTES.MAILER_BAG,
      'Derived (method 2026.1): (1 - 0.01 recycled anyway: 99% of plastic express packaging is not recovered, State Post Bureau) x ' +
        '(87% incineration: 0.75 kg fossil C/kg (IPCC 2006) x 44/12 = 2.75 kg CO2 minus 40 MJ/kg x 22% / 3.6 x 0.5703 kg/kWh; 13% ' +
        'landfill ~0 + substitution 0.9065 = half of DESNZ 2025 film primary minus closed-loop: recycled mailer film is low grade)',
      '推导（方法 2026.1）：(1 − 0.01 本会被回收：国家邮政局称 99% 塑料快递包装未被有效利用) ×（87% 焚烧：化石碳 0.75 kg/kg（IPCC 2006）× 44/12 = 2.75 kg CO2，' +
        '减去发电 40 MJ/kg × 22% ÷ 3.6 × 0.5703 kg/kWh；13% 填埋约为 0；+ 替代 0.9065 = DESNZ 2025 薄膜原生减闭环的一半：再生快递袋料品质低）',
      [],
    ),
    derived(
      'FOAM_FILL',
      CN_2026_ROUTES.FOAM_FILL,
      'Derived (method 2026.1) as for mailer bags, polystyrene 92.3% fossil carbon, no substitution credit (no documented ' +
        'recycling route for foam fill): the credit is the incineration avoided',
      '推导（方法 2026.1）同快递袋，聚苯乙烯化石碳 92.3%，不计替代（泡沫填充物无可查的再生路径）：减排量即避免的焚烧',
      [],
    ),
  ],
};

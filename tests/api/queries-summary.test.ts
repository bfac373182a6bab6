// Read queries: summary (CO2e worked out by hand under four factor sets, and the share of kg
// weighed), mapStations, factor sets and materials, against the fixture in helpers/query-fixture.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok, type TestApp } from '../helpers/app.ts';
import { graphql, type VariablesOf } from '../../web/src/lib/graphql.ts';
import { createQueryFixture } from '../helpers/query-fixture.ts';

let t: TestApp;
let admin: string;
beforeAll(async () => {
  ({ t, admin } = await createQueryFixture());
});
afterAll(() => t.close());

const SUMMARY = graphql(`
  query ($cityCode: String, $from: Date, $to: Date, $factorSet: String) {
    summary(cityCode: $cityCode, from: $from, to: $to, factorSet: $factorSet) {
      cityCode
      stationsByStatus {
        total
        open
        full
        closed
        maintenance
        stale
      }
      totals {
        from
        to
        dropOffs
        items
        itemsReused
        itemsRecycled
        kgReused
        kgRecycled
        kgWeighed
        kgEstimated
        weighedShare
      }
      co2eAvoided {
        factorSet {
          version
        }
        total {
          central
          low
          high
        }
        reuse {
          central
          low
          high
        }
        recycle {
          central
          low
          high
        }
        uncovered
      }
    }
  }
`);

async function summary(vars: VariablesOf<typeof SUMMARY>) {
  return ok(await t.gql(SUMMARY, { cityCode: 'HZ', from: '2026-11-11', to: '2026-11-11', ...vars }, admin)).summary;
}

// HZ on 2026-11-11 (today), by material and outcome:
//   BOX_M REUSED 10 items 2.5 kg | BOX_S REUSED 4 items 0.7 kg            → reused 14 items, 3.2 kg
//   BOX_M RECYCLED 16 items 4 kg | MAILER_BAG RECYCLED 3 items 0.09 kg | FOAM_FILL RECYCLED 2 items 0.04 kg
//                                                                         → recycled 21 items, 4.13 kg
//   5 entries, 14 + 21 = 35 items.
// Weighed (mass sent): BOX_M RECYCLED 4 kg and BOX_S REUSED 0.7 kg = 4.7 kg of 7.33 kg;
//   estimated (typical mass): 2.5 + 0.09 + 0.04 = 2.63 kg; share 4.7 / 7.33 = 0.64120 → 0.6412.
const TODAY_TOTALS = {
  from: '2026-11-11',
  to: '2026-11-11',
  dropOffs: 5,
  items: 35,
  itemsReused: 14,
  itemsRecycled: 21,
  kgReused: 3.2,
  kgRecycled: 4.13,
  kgWeighed: 4.7,
  kgEstimated: 2.63,
  weighedShare: 0.6412,
};

describe('summary', () => {
  it('counts stations by effective status: one of each in HZ', async () => {
    const s = await summary({});
    expect(s.cityCode).toBe('HZ');
    expect(s.stationsByStatus).toEqual({ total: 5, open: 1, full: 1, closed: 1, maintenance: 1, stale: 1 });
  });

  it('totals the physical quantities of the period', async () => {
    expect((await summary({})).totals).toEqual(TODAY_TOTALS);
  });

  it('computes CO2e under CN-2026 (the default, displacement 0.5) as worked out by hand', async () => {
    const s = await summary({});
    expect(s.co2eAvoided.factorSet.version).toBe('CN-2026');
    // reuse: 3.2 kg x 0.491 x 0.5 = 0.7856 → 0.786; low 3.2 x 0.1217 x 0.5 = 0.19472 → 0.195; high 3.2 x 1.1997 x 0.5 = 1.91952 → 1.92
    expect(s.co2eAvoided.reuse).toEqual({ central: 0.786, low: 0.195, high: 1.92 });
    // recycle: boxes 4 x 0.0065 = 0.026; mailer 0.09 x 2.0653 = 0.185877; foam 0.04 x 1.7142 = 0.068568 → 0.280445 → 0.28
    //   low  4 x -0.3714 = -1.4856; 0.09 x -0.0269 = -0.002421; 0.04 x 0.6987 = 0.027948 → -1.460073 → -1.46
    //   high 4 x 0.4808 = 1.9232; 0.09 x 3.8193 = 0.343737; 0.04 x 2.1756 = 0.087024 → 2.353961 → 2.354
    expect(s.co2eAvoided.recycle).toEqual({ central: 0.28, low: -1.46, high: 2.354 });
    // total: 1.066045 → 1.066; low 0.19472 - 1.460073 = -1.265353 → -1.265; high 4.273481 → 4.273
    expect(s.co2eAvoided.total).toEqual({ central: 1.066, low: -1.265, high: 4.273 });
    expect((await summary({ factorSet: 'CN-2026' })).co2eAvoided).toEqual(s.co2eAvoided);
  });

  it('computes CO2e under DESNZ-2025 (the first edition, named) as worked out by hand', async () => {
    const s = await summary({ factorSet: 'DESNZ-2025' });
    expect(s.co2eAvoided.factorSet.version).toBe('DESNZ-2025');
    // reuse (board primary 1.1997/kg, low 0.185, displacement 1):
    //   central 3.2 kg × 1.1997 = 3.83904 → 3.839;  low 3.2 × 0.185 = 0.592;  high = central
    expect(s.co2eAvoided.reuse).toEqual({ central: 3.839, low: 0.592, high: 3.839 });
    // recycle: boxes 4 × 3.66 = 14.64; mailer 0.09 × 1.8129 = 0.163161; foam 0.04 × 0 = 0
    //   central 14.803161 → 14.803
    //   low  4 × 0.1016 = 0.4064 + 0.09 × 0.6696 = 0.060264 → 0.466664 → 0.467
    //   high 14.64 + 0.09 × 1.8159 = 0.163431 → 14.803431 → 14.803
    expect(s.co2eAvoided.recycle).toEqual({ central: 14.803, low: 0.467, high: 14.803 });
    // total: 3.83904 + 14.803161 = 18.642201 → 18.642; low 0.592 + 0.466664 = 1.058664 → 1.059;
    //   high 3.83904 + 14.803431 = 18.642471 → 18.642
    expect(s.co2eAvoided.total).toEqual({ central: 18.642, low: 1.059, high: 18.642 });
    expect(s.co2eAvoided.uncovered).toEqual([]);
  });

  it('recomputes under DESNZ-2023: same quantities, different CO2e', async () => {
    const s = await summary({ factorSet: 'DESNZ-2023' });
    expect(s.totals).toEqual(TODAY_TOTALS);
    expect(s.co2eAvoided.factorSet.version).toBe('DESNZ-2023');
    // reuse: 3.2 × 0.8015 = 2.5648 → 2.565; low 3.2 × 0.185 = 0.592
    expect(s.co2eAvoided.reuse).toEqual({ central: 2.565, low: 0.592, high: 2.565 });
    // recycle: 14.64 + 0.09 × 0.6696 (= 0.060264) + 0 = 14.700264 → 14.7; low 0.4064 + 0.060264 = 0.466664 → 0.467
    expect(s.co2eAvoided.recycle).toEqual({ central: 14.7, low: 0.467, high: 14.7 });
    // total: 2.5648 + 14.700264 = 17.265064 → 17.265; low 0.592 + 0.466664 = 1.058664 → 1.059
    expect(s.co2eAvoided.total).toEqual({ central: 17.265, low: 1.059, high: 17.265 });
  });

  it('recomputes under CAINIAO-CEUCC-2021: 37 g per reused box, nothing for recycling', async () => {
    const s = await summary({ factorSet: 'CAINIAO-CEUCC-2021' });
    expect(s.totals).toEqual(TODAY_TOTALS);
    // 14 reused boxes (10 BOX_M + 4 BOX_S) × 0.037 = 0.518 (per item: the mass does not enter)
    expect(s.co2eAvoided.reuse).toEqual({ central: 0.518, low: 0.518, high: 0.518 });
    expect(s.co2eAvoided.recycle).toEqual({ central: 0, low: 0, high: 0 });
    expect(s.co2eAvoided.total).toEqual({ central: 0.518, low: 0.518, high: 0.518 });
  });

  it('includes earlier days when the period does: Nov 9..11 adds 5 BOX_L (2.25 kg, estimated) recycled', async () => {
    const s = await summary({ from: '2026-11-09' });
    // dropOffs 5 + 1 = 6; items 35 + 5 = 40; kgRecycled 4.13 + 2.25 = 6.38; estimated 2.63 + 2.25 = 4.88;
    // weighed share 4.7 / 9.58 = 0.49061 → 0.4906
    expect(s.totals).toMatchObject({
      from: '2026-11-09',
      to: '2026-11-11',
      dropOffs: 6,
      items: 40,
      itemsRecycled: 26,
      kgRecycled: 6.38,
      kgEstimated: 4.88,
      weighedShare: 0.4906,
    });
    // CN-2026 recycle central 0.280445 + 2.25 x 0.0065 (= 0.014625) = 0.29507 → 0.295
    expect(s.co2eAvoided.recycle.central).toBe(0.295);
    // DESNZ-2025: 14.803161 + 2.25 x 3.66 (= 8.235) = 23.038161 → 23.038
    expect((await summary({ from: '2026-11-09', factorSet: 'DESNZ-2025' })).co2eAvoided.recycle.central).toBe(23.038);
  });

  it('gives zeros for a period with no data', async () => {
    const s = await summary({ from: '2026-11-01', to: '2026-11-05' });
    expect(s.totals).toEqual({
      from: '2026-11-01',
      to: '2026-11-05',
      dropOffs: 0,
      items: 0,
      itemsReused: 0,
      itemsRecycled: 0,
      kgReused: 0,
      kgRecycled: 0,
      kgWeighed: 0,
      kgEstimated: 0,
      weighedShare: null,
    });
    expect(s.co2eAvoided.total).toEqual({ central: 0, low: 0, high: 0 });
    // status counts are "now", whatever the period
    expect(s.stationsByStatus.total).toBe(5);
  });

  it('rejects an unknown factor set as NOT_FOUND, naming it', async () => {
    const r = await t.gql(SUMMARY, { cityCode: 'HZ', factorSet: 'IPCC-1990' }, admin);
    expect(r.errors?.[0]?.message).toBe('Emission factor set "IPCC-1990" does not exist');
    expect(r.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('rejects from after to as bad input', async () => {
    const r = await t.gql(SUMMARY, { cityCode: 'HZ', from: '2026-11-12', to: '2026-11-11' }, admin);
    expect(r.errors?.[0]?.message).toBe('from: must not be after "to" (2026-11-12 > 2026-11-11)');
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('mapStations', () => {
  it("returns aligned parallel arrays with today's items per station", async () => {
    const m = ok(
      await t.gql(
        graphql('{ mapStations(cityCode: "HZ") { count day codes lat lng status todayItems binFillPercent } }'),
        {},
        admin,
      ),
    ).mapStations;
    expect(m.day).toBe('2026-11-11');
    expect(m.count).toBe(5);
    for (const k of ['codes', 'lat', 'lng', 'status', 'todayItems', 'binFillPercent'] as const)
      expect(m[k]).toHaveLength(5);
    expect(m.codes).toEqual(['HZ-A', 'HZ-B', 'HZ-C', 'HZ-D', 'HZ-E']);
    expect(m.status).toEqual(['OPEN', 'FULL', 'STALE', 'CLOSED', 'MAINTENANCE']);
    // HZ-A today: 10 + 16 + 3 = 29; HZ-B today: 4 + 2 = 6 (the 5 BOX_L are from Nov 9)
    expect(m.todayItems).toEqual([29, 6, 0, 0, 0]);
    // bin: recycled items only. HZ-A 16 + 3 = 19 of 1000 = 1.9% → 2; HZ-B 2 + 5 = 7 of 1000 = 0.7% → 1
    expect(m.binFillPercent).toEqual([2, 1, 0, 0, 0]);
    // lat[i] belongs to codes[i]: compare with each station's own record
    const db = await t.db.db
      .selectFrom('station')
      .select(['code', 'lat', 'lng'])
      .where('city_code', '=', 'HZ')
      .execute();
    const lat = Object.fromEntries(db.map((r) => [r.code, r.lat]));
    m.codes.forEach((code, i) => expect(m.lat[i]).toBeCloseTo(lat[code]!, 6)); // rounded to 6 decimals
  });
});

describe('emissionFactorSets', () => {
  it('lists the 6 seeded sets, exactly one default (CN-2026), each factor sourced and inside its range', async () => {
    const sets = ok(
      await t.gql(
        graphql(
          'query FactorSets { emissionFactorSets { version isDefault displacementRate notesZh factors { materialCode outcome unit value low high source sourceZh sourceUrls evidence year } } }',
        ),
        {},
        admin,
      ),
    ).emissionFactorSets;
    expect(sets.map((s) => s.version).sort()).toEqual([
      'CAINIAO-CEUCC-2021',
      'CN-2026',
      'DESNZ-2023',
      'DESNZ-2023-R2',
      'DESNZ-2025',
      'DESNZ-2025-R2',
    ]);
    expect(sets.filter((s) => s.isDefault).map((s) => s.version)).toEqual(['CN-2026']);
    // method 2026.1 editions: Chinese notes and sources, links and the kind of evidence for every factor
    for (const s of sets.filter((x) => ['CN-2026', 'DESNZ-2025-R2', 'DESNZ-2023-R2'].includes(x.version))) {
      expect(s.notesZh, s.version).toBeTruthy();
      for (const f of s.factors)
        expect([(f.sourceZh?.length ?? 0) > 0, f.evidence !== null], `${s.version} ${f.materialCode}`).toEqual([
          true,
          true,
        ]);
    }
    // the CN-2026 central value is not the top of its range (the first editions' was)
    const cnBox = sets
      .find((s) => s.version === 'CN-2026')
      ?.factors.find((f) => f.materialCode === 'BOX_M' && f.outcome === 'REUSED');
    expect(cnBox).toMatchObject({ value: 0.491, low: 0.1217, high: 1.1997, evidence: 'SECONDARY' });
    expect(cnBox?.sourceUrls).toContain('docs/carbon-method.md');
    for (const s of sets) {
      // 6 materials × 2 outcomes
      expect(s.factors, s.version).toHaveLength(12);
      for (const f of s.factors) {
        expect(f.source.length, `${s.version} ${f.materialCode}`).toBeGreaterThan(0);
        expect(f.low).toBeLessThanOrEqual(f.value);
        expect(f.value).toBeLessThanOrEqual(f.high);
      }
    }
    const desnz = sets.find((s) => s.version === 'DESNZ-2025');
    expect(desnz?.factors.find((f) => f.materialCode === 'BOX_M' && f.outcome === 'REUSED')).toMatchObject({
      unit: 'PER_KG',
      value: 1.1997,
      year: 2025,
    });
    const cainiao = sets.find((s) => s.version === 'CAINIAO-CEUCC-2021');
    expect(cainiao?.factors.find((f) => f.materialCode === 'BOX_S' && f.outcome === 'REUSED')).toMatchObject({
      unit: 'PER_ITEM',
      value: 0.037,
    });
  });
});

describe('materials', () => {
  it('lists the six materials in display order with typical masses, for anyone', async () => {
    const r = ok(await t.gql(graphql('{ materials { code nameZh nameEn typicalMassKg reusable } }')));
    expect(r.materials.map((m) => m.code)).toEqual([
      'BOX_S',
      'BOX_M',
      'BOX_L',
      'MAILER_BAG',
      'FOAM_FILL',
      'PAPER_FILL',
    ]);
    expect(r.materials[1]).toEqual({
      code: 'BOX_M',
      nameZh: '中号纸箱',
      nameEn: 'Corrugated box M',
      typicalMassKg: 0.25,
      reusable: true,
    });
  });
});

// Station reports and the station page's totals read whole ISO weeks from station_week_total and
// the days at a period's edges from station_day_total (repositories/totals.ts stationPeriodSums).
// Property: for random periods (with and without whole weeks, starting and ending on any weekday),
// dimensions and scopes, the report's parts, the GraphQL report and the page's totals equal the
// same sums taken directly from the raw, non-voided drop_off rows. The data: four stations in three
// cities, a month of random drop-offs (some voided) logged through the API, so every rollup was
// maintained by the write path.
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  groupReport,
  type ReportDimension,
  type ReportPart,
  type ReportQuery,
} from '../../api/src/domain/carbon-report.ts';
import { cachedFactorSets } from '../../api/src/reference-cache.ts';
import { carbonReportParts } from '../../api/src/repositories/carbon-report.ts';
import { addDays } from '../../api/src/domain/time.ts';
import { createTestApp, ok, type TestApp, member } from '../helpers/app.ts';
import { graphql, type VariablesOf } from '../../web/src/lib/graphql.ts';
import { makeStation, makeUser } from '../helpers/factories.ts';
import { VoidOutcome } from '../helpers/drop-off-checks.ts';

let t: TestApp;
let admin: string;
const STATIONS = [
  { code: 'SH-30001', city_code: 'SH' },
  { code: 'SH-30002', city_code: 'SH' },
  { code: 'BJ-30001', city_code: 'BJ' },
  { code: 'GZ-30001', city_code: 'GZ' },
];
const MATERIALS = ['BOX_S', 'BOX_M', 'MAILER_BAG', 'FOAM_FILL'];
/** The data spans Oct 13 - Nov 11 (TEST_NOW); periods are drawn from Oct 10 - Nov 13. */
const FIRST = '2026-10-10';

const LOG = graphql(`
  mutation ($input: LogDropOffsInput!) {
    logDropOffs(input: $input) {
      __typename
      ... on LogDropOffsPayload {
        accepted
        results {
          dropOff {
            id
          }
        }
      }
      ... on Error {
        message
      }
    }
  }
`);

beforeAll(async () => {
  t = await createTestApp();
  admin = (await makeUser(t, 'ADMIN')).token;
  for (const s of STATIONS) await makeStation(t, { ...s, bin_capacity: 100_000 });
  // A small deterministic generator: the same data on both databases.
  let seed = 7;
  const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
  let key = 0;
  for (const s of STATIONS) {
    const items: VariablesOf<typeof LOG>['input']['items'] = [];
    for (let i = 0; i < 80; i++) {
      const day = addDays('2026-10-13', rand(30));
      items.push({
        idempotencyKey: `p${++key}`,
        materialCode: MATERIALS[rand(MATERIALS.length)]!,
        outcome: rand(2) ? 'REUSED' : 'RECYCLED',
        quantity: 1 + rand(9),
        ...(rand(3) ? { massKg: (1 + rand(2000)) / 1000 } : {}),
        // 00:30-03:30 UTC is 08:30-11:30 in every city, before TEST_NOW on Nov 11
        occurredAt: `${day}T0${rand(3)}:30:00Z`,
      });
    }
    const r = member(
      ok(await t.gql(LOG, { input: { stationCode: s.code, items } }, admin)).logDropOffs,
      'LogDropOffsPayload',
    );
    expect(r.accepted).toBe(80);
    // every seventh entry voided: voids are taken out of both rollups
    for (const [i, x] of r.results.entries()) {
      if (i % 7 !== 3) continue;
      const v = ok(await t.gql(VoidOutcome, { id: x.dropOff!.id, reason: 'entered twice' }, admin)).voidDropOff;
      expect(v.__typename).toBe('DropOff');
    }
  }
}, 120_000);
afterAll(() => t.close());

/** The report's parts summed straight from drop_off (non-voided), in a canonical order. */
async function rawParts(q: ReportQuery): Promise<ReportPart[]> {
  const dims = new Set(q.groupBy);
  const day = dims.has('DAY');
  const r = await sql<ReportPart>`
    select c.code as city_code, c.name_zh as city_name_zh, c.name_en as city_name_en, s.code as station_code,
      s.name as station_name, ${day ? sql`d.local_day` : sql`null`} as day, d.material_code, d.outcome,
      count(*)::int as entries, sum(d.quantity)::bigint as quantity, sum(d.mass_kg) as mass_kg,
      coalesce(sum(d.mass_kg) filter (where d.mass_weighed), 0) as mass_kg_weighed
    from drop_off d join station s on s.id = d.station_id join city c on c.code = s.city_code
    where d.voided_at is null and d.local_day between ${q.from} and ${q.to}
      ${q.cityCodes.length ? sql`and s.city_code in (${sql.join(q.cityCodes)})` : sql``}
      ${q.stationCodes.length ? sql`and s.code in (${sql.join(q.stationCodes)})` : sql``}
    group by c.code, s.id, ${day ? sql`d.local_day,` : sql``} d.material_code, d.outcome`.execute(t.db.db);
  return canonical(r.rows.map((p) => ({ ...p, day: p.day === null ? null : String(p.day) })));
}

/** Sorted, numbers as numbers; groups whose entries were all voided (zero rollup rows) left out. */
const canonical = (parts: ReportPart[]) =>
  parts
    .filter((p) => Number(p.entries) !== 0)
    .map((p) => ({ ...p, entries: Number(p.entries), quantity: Number(p.quantity), mass_kg: Number(p.mass_kg) }))
    .map((p) => ({ ...p, mass_kg_weighed: Number(p.mass_kg_weighed) }))
    .sort((a, b) => {
      const k = (p: ReportPart) => `${p.station_code}|${p.day}|${p.material_code}|${p.outcome}`;
      return k(a) < k(b) ? -1 : k(a) > k(b) ? 1 : 0;
    });

const period = fc
  .tuple(fc.integer({ min: 0, max: 34 }), fc.integer({ min: 0, max: 34 }))
  .map(([a, b]) => ({ from: addDays(FIRST, Math.min(a, b)), to: addDays(FIRST, Math.max(a, b)) }));
const scope = fc.oneof(
  fc.constant({ cityCodes: [] as string[], stationCodes: [] as string[] }),
  fc.subarray(['SH', 'BJ', 'GZ'], { minLength: 1 }).map((cityCodes) => ({ cityCodes, stationCodes: [] as string[] })),
  fc
    .subarray(
      STATIONS.map((s) => s.code),
      { minLength: 1 },
    )
    .map((stationCodes) => ({ cityCodes: [] as string[], stationCodes })),
);
const groupBy = fc.constantFrom<ReportDimension[]>(
  ['STATION'],
  ['STATION', 'MATERIAL'],
  ['STATION', 'OUTCOME'],
  ['MATERIAL'],
  ['STATION', 'DAY'],
);

it('station report parts equal the sums over raw drop-offs, for any period and scope', async () => {
  let withWeeks = 0;
  await fc.assert(
    fc.asyncProperty(period, scope, groupBy, async (p, s, g) => {
      // MATERIAL alone reads station rollups only when stations are named (else the city rollup)
      const q: ReportQuery = { ...p, ...s, groupBy: g };
      const got = canonical(await carbonReportParts(t.db.db, q).execute());
      const expected = await rawParts(q);
      if (!g.includes('STATION')) {
        // not grouped by station: compare the sums per material/outcome
        const sum = (parts: ReportPart[]) => {
          const m = new Map<string, number[]>();
          for (const x of parts) {
            const k = `${x.material_code}/${x.outcome}`;
            const v = m.get(k) ?? [0, 0, 0];
            m.set(k, [v[0]! + x.entries, v[1]! + x.quantity, v[2]! + Math.round(x.mass_kg * 1000)]);
          }
          return Object.fromEntries([...m].sort());
        };
        expect(sum(got)).toEqual(sum(expected));
        return;
      }
      expect(got).toEqual(expected);
      if (daysBetween(p.from, p.to) >= 7) withWeeks++;
    }),
    { numRuns: 60 },
  );
  expect(withWeeks).toBeGreaterThan(5);
}, 120_000);

const daysBetween = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / 86_400_000;

const R = graphql(`
  fragment R on CarbonReportRow {
    stationCode
    stationName
    dropOffs
    itemsReused
    itemsRecycled
    kgReused
    kgRecycled
    kgWeighed
    co2e {
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
      total {
        central
        low
        high
      }
    }
  }
`);
const REPORT = graphql(
  `
    query ($from: Date, $to: Date, $cityCodes: [String!]) {
      carbonReport(from: $from, to: $to, groupBy: [STATION], cityCodes: $cityCodes) {
        __typename
        ... on CarbonReport {
          rows {
            ...R
          }
          total {
            ...R
          }
        }
        ... on Error {
          message
        }
      }
    }
  `,
  [R],
);

it('the GraphQL station report equals the report grouped from raw drop-offs (figures and CO2e)', async () => {
  const set = (await cachedFactorSets(t.db.db)).find((x) => x.is_default)!;
  await fc.assert(
    fc.asyncProperty(period, fc.subarray(['SH', 'BJ', 'GZ']), async (p, cityCodes) => {
      const r = member(ok(await t.gql(REPORT, { ...p, cityCodes }, admin)).carbonReport, 'CarbonReport');
      const raw = groupReport(
        await rawParts({ ...p, cityCodes, stationCodes: [], groupBy: ['STATION'] }),
        ['STATION'],
        [set],
      );
      const shape = (x: (typeof raw.rows)[number]) => ({
        stationCode: x.keys.stationCode,
        stationName: x.keys.stationName,
        dropOffs: x.entries,
        itemsReused: x.itemsReused,
        itemsRecycled: x.itemsRecycled,
        kgReused: x.kgReused,
        kgRecycled: x.kgRecycled,
        kgWeighed: x.kgWeighed,
        co2e: { reuse: x.co2e[0]!.reuse, recycle: x.co2e[0]!.recycle, total: x.co2e[0]!.total },
      });
      // a station whose entries in the period were all voided keeps a zero row (its rollup rows stay)
      expect(r.rows.filter((x) => x.dropOffs > 0)).toEqual(raw.rows.map(shape));
      expect(r.total).toEqual({ ...shape(raw.total), stationCode: null, stationName: null });
    }),
    { numRuns: 15 },
  );
}, 120_000);

const PAGE = graphql(`
  query ($from: Date, $to: Date) {
    stations(first: 10) {
      edges {
        node {
          code
          totals(from: $from, to: $to) {
            dropOffs
            byMaterial {
              materialCode
              outcome
              entries
              items
              kg
              kgWeighed
            }
          }
        }
      }
    }
  }
`);

it("the station page's totals equal the sums over raw drop-offs, for any period (weeks and edge days)", async () => {
  let withWeeks = 0;
  await fc.assert(
    fc.asyncProperty(period, async (p) => {
      const r = ok(await t.gql(PAGE, p, admin)).stations;
      const got = r.edges
        .filter((e) => STATIONS.some((s) => s.code === e.node.code))
        .flatMap((e) =>
          e.node.totals.byMaterial.filter((m) => m.entries !== 0).map((m) => ({ station: e.node.code, ...m })),
        );
      const raw = await rawParts({ ...p, cityCodes: [], stationCodes: [], groupBy: ['STATION'] });
      const expected = raw.map((x) => ({
        station: x.station_code!,
        materialCode: x.material_code,
        outcome: x.outcome,
        entries: x.entries,
        items: x.quantity,
        kg: x.mass_kg,
        kgWeighed: x.mass_kg_weighed,
      }));
      const order = (a: (typeof got)[number], b: (typeof got)[number]) =>
        `${a.station}|${a.materialCode}|${a.outcome}` < `${b.station}|${b.materialCode}|${b.outcome}` ? -1 : 1;
      expect(got.sort(order)).toEqual(expected.sort(order));
      if (daysBetween(p.from, p.to) >= 7) withWeeks++;
    }),
    { numRuns: 40 },
  );
  expect(withWeeks).toBeGreaterThan(5);
}, 120_000);

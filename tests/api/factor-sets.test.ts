// The factor registry: ADMIN publishes a new set (a new edition), published sets refuse edits
// (the database itself), the default is chosen explicitly, and a new set changes CO2e and nothing else.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { ok, type TestApp, member } from '../helpers/app.ts';
import { createCarbonFixture, PERIOD, REPORT, type ReportRow } from '../helpers/carbon-fixture.ts';
import { graphql, type VariablesOf } from '../../web/src/lib/graphql.ts';

let t: TestApp;
let admin: string;
beforeAll(async () => {
  ({ t, admin } = await createCarbonFixture());
});
afterAll(() => t.close());

const PUBLISH = graphql(`
  mutation ($input: PublishFactorSetInput!) {
    publishFactorSet(input: $input) {
      __typename
      ... on EmissionFactorSet {
        version
        name
        isDefault
        displacementRate
        publishedAt
        factors {
          materialCode
          outcome
          unit
          value
          low
          high
          source
          year
        }
      }
      ... on Error {
        message
      }
      ... on InputError {
        issues {
          field
          message
        }
      }
      ... on ConflictError {
        field
      }
    }
  }
`);
const SET_DEFAULT = graphql(`
  mutation ($v: String!) {
    setDefaultFactorSet(version: $v) {
      __typename
      ... on EmissionFactorSet {
        version
        isDefault
      }
      ... on Error {
        message
      }
    }
  }
`);
const SETS = graphql('{ emissionFactorSets { version isDefault } }');
const PUBLISH_ZH = graphql(`
  mutation ($input: PublishFactorSetInput!) {
    publishFactorSet(input: $input) {
      __typename
      ... on EmissionFactorSet {
        notesZh
        factors {
          low
          sourceZh
          sourceUrls
          evidence
        }
      }
      ... on Error {
        message
      }
    }
  }
`);
type PublishInput = VariablesOf<typeof PUBLISH>['input'];
type Factor = PublishInput['factors'][number];

const SRC = 'Test edition: every box reused counts 2 kg CO2e per kg (made-up, for the test)';
/** Like DESNZ-2025 for the boxes, but reuse at 2.0 per kg and a displacement rate of 0.5. */
const NEW_SET: PublishInput = {
  version: 'TEST-2026',
  name: 'Test edition 2026',
  displacementRate: 0.5,
  notes: 'For tests only.',
  factors: [
    ...['BOX_S', 'BOX_M', 'BOX_L'].map((m): Factor => ({
      materialCode: m,
      outcome: 'REUSED',
      unit: 'PER_KG',
      value: 2.0,
      low: 1.0,
      high: 3.0,
      source: SRC,
      year: 2026,
    })),
    ...['BOX_S', 'BOX_M', 'BOX_L'].map((m): Factor => ({
      materialCode: m,
      outcome: 'RECYCLED',
      unit: 'PER_KG',
      value: 3.66,
      low: 0.1016,
      high: 3.66,
      source: SRC,
      year: 2026,
    })),
  ],
};

async function physical() {
  const r = await sql<{ d: number; s: number; c: number; kg: number }>`select
    (select count(*) from drop_off)::int as d, (select sum(quantity) from station_day_total)::int as s,
    (select sum(quantity) from city_day_total)::int as c, (select sum(mass_kg) from station_day_total) as kg`.execute(
    t.db.db,
  );
  return r.rows[0];
}
const audits = async (action: string) =>
  Number(
    (
      await t.db.db
        .selectFrom('audit_entry')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('action', '=', action)
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('publishFactorSet', () => {
  it('publishes a new set that is not the default', async () => {
    const r = member(ok(await t.gql(PUBLISH, { input: NEW_SET }, admin)).publishFactorSet, 'EmissionFactorSet');
    expect(r).toMatchObject({
      __typename: 'EmissionFactorSet',
      version: 'TEST-2026',
      isDefault: false,
      displacementRate: 0.5,
      publishedAt: t.clock.now.toISOString(),
    });
    expect(r.factors).toHaveLength(6);
    expect(r.factors[0]).toEqual({
      materialCode: 'BOX_L',
      outcome: 'RECYCLED',
      unit: 'PER_KG',
      value: 3.66,
      low: 0.1016,
      high: 3.66,
      source: SRC,
      year: 2026,
    });
    expect(await audits('publishFactorSet')).toBe(1);
    const list = ok(await t.gql(SETS, {}, admin)).emissionFactorSets;
    expect(list.map((s) => s.version)).toContain('TEST-2026');
    expect(list.filter((s) => s.isDefault).map((s) => s.version)).toEqual(['CN-2026']);
  });

  it('changes CO2e and nothing else', async () => {
    const before = await physical();
    const report = async (factorSet: string) =>
      member(ok(await t.gql(REPORT, { ...PERIOD, groupBy: ['CITY'], factorSet }, admin)).carbonReport, 'CarbonReport');
    const [old, next] = [await report('DESNZ-2025'), await report('TEST-2026')];
    const quantities = (r: { rows: ReportRow[] }) => r.rows.map(({ co2e: _c, ...q }) => q);
    expect(quantities(next)).toEqual(quantities(old));
    // SH reuse: 3.4 kg x 2.0 x 0.5 (displacement) = 3.4; low 3.4 x 1.0 x 0.5 = 1.7; high 3.4 x 3.0 x 0.5 = 5.1
    // SH recycle: boxes 1 kg x 3.66 = 3.66 (low 0.1016 → 0.102); mailer bag and foam have no factor here (uncovered)
    expect(next.rows[1]?.co2e).toEqual({
      reuse: { central: 3.4, low: 1.7, high: 5.1 },
      recycle: { central: 3.66, low: 0.102, high: 3.66 },
      total: { central: 7.06, low: 1.802, high: 8.76 },
    });
    expect(next.uncovered).toEqual(['FOAM_FILL/RECYCLED', 'MAILER_BAG/RECYCLED']);
    expect(old.rows[1]?.co2e.total.central).toBe(8.645);
    expect(await physical()).toEqual(before);
  });

  it('refuses a version that exists: a published set cannot be replaced', async () => {
    const r = ok(await t.gql(PUBLISH, { input: { ...NEW_SET, name: 'changed' } }, admin)).publishFactorSet;
    expect(r).toEqual({
      __typename: 'ConflictError',
      message: 'Emission factor set TEST-2026 already exists and cannot be changed; publish a new version',
      field: 'input.version',
    });
    expect(await audits('publishFactorSet')).toBe(1);
  });

  it('rejects bad factors naming each one, and writes nothing', async () => {
    const factors = [
      { ...NEW_SET.factors[0]!, low: 2.5 },
      { ...NEW_SET.factors[1]!, materialCode: 'GLASS' },
      { ...NEW_SET.factors[0]! },
    ];
    const r = ok(await t.gql(PUBLISH, { input: { ...NEW_SET, version: 'BAD-1', factors } }, admin)).publishFactorSet;
    expect(member(r, 'InputError').issues).toEqual([
      { field: 'input.factors.0.low', message: 'must not exceed value (2.5 > 2)' },
      { field: 'input.factors.2', message: 'BOX_S/REUSED appears twice' },
    ]);
    // Once the rest is right, an unknown material is a NotFoundError naming the factor.
    const unknown = ok(
      await t.gql(
        PUBLISH,
        {
          input: {
            ...NEW_SET,
            version: 'BAD-1',
            factors: [NEW_SET.factors[0]!, { ...NEW_SET.factors[1]!, materialCode: 'GLASS' }],
          },
        },
        admin,
      ),
    ).publishFactorSet;
    expect(unknown).toMatchObject({ __typename: 'NotFoundError', message: 'Material "GLASS" does not exist' });
    const z = ok(
      await t.gql(PUBLISH, { input: { ...NEW_SET, version: 'bad version', displacementRate: 1.5 } }, admin),
    ).publishFactorSet;
    expect(
      member(z, 'InputError')
        .issues.map((i) => i.field)
        .sort(),
    ).toEqual(['input.displacementRate', 'input.version']);
    const versions = (await t.db.db.selectFrom('emission_factor_set').select('version').execute()).map(
      (s) => s.version,
    );
    expect(versions).not.toContain('BAD-1');
    expect(await audits('publishFactorSet')).toBe(1);
  });

  it('refuses a set whose central value lies outside its stated range (above the high end), naming each factor', async () => {
    // central 2.0 with high 1.5: the central would be above its own range; central 0.5 with low 0.6: below it
    const factors = [
      { ...NEW_SET.factors[0]!, high: 1.5 },
      { ...NEW_SET.factors[1]!, value: 0.5, low: 0.6, high: 0.7 },
    ];
    const r = ok(
      await t.gql(PUBLISH, { input: { ...NEW_SET, version: 'BAD-RANGE', factors } }, admin),
    ).publishFactorSet;
    expect(r).toMatchObject({ __typename: 'InputError' });
    expect(member(r, 'InputError').issues).toEqual([
      { field: 'input.factors.0.high', message: 'must not be below value (1.5 < 2)' },
      { field: 'input.factors.1.low', message: 'must not exceed value (0.6 > 0.5)' },
    ]);
    const versions = (await t.db.db.selectFrom('emission_factor_set').select('version').execute()).map(
      (s) => s.version,
    );
    expect(versions).not.toContain('BAD-RANGE');
    expect(await audits('publishFactorSet')).toBe(1);
  });

  it('publishes Chinese notes and sources, links and evidence with a set, and accepts a negative low end', async () => {
    const input: PublishInput = {
      ...NEW_SET,
      version: 'TEST-2026-ZH',
      notesZh: '仅供测试。',
      factors: [
        {
          ...NEW_SET.factors[3]!,
          value: 0.01,
          low: -0.2,
          high: 0.3,
          sourceZh: '测试来源',
          sourceUrls: ['https://example.org/a', 'docs/carbon-method.md'],
          evidence: 'DERIVED',
        },
      ],
    };
    const r = ok(await t.gql(PUBLISH_ZH, { input }, admin)).publishFactorSet;
    expect(r).toEqual({
      __typename: 'EmissionFactorSet',
      notesZh: '仅供测试。',
      factors: [
        {
          low: -0.2,
          sourceZh: '测试来源',
          sourceUrls: ['https://example.org/a', 'docs/carbon-method.md'],
          evidence: 'DERIVED',
        },
      ],
    });
    const bad = ok(
      await t.gql(
        PUBLISH,
        {
          input: {
            ...input,
            version: 'TEST-2026-URL',
            factors: [{ ...input.factors[0]!, sourceUrls: ['javascript:alert(1)'] }],
          },
        },
        admin,
      ),
    ).publishFactorSet;
    expect(bad.__typename).toBe('InputError');
    expect(member(bad, 'InputError').issues.map((i) => i.field)).toEqual(['input.factors.0.sourceUrls.0']);
  });

  it('the database refuses edits and deletes of a published set and its factors', async () => {
    const id = (
      await t.db.db
        .selectFrom('emission_factor_set')
        .select('id')
        .where('version', '=', 'TEST-2026')
        .executeTakeFirstOrThrow()
    ).id;
    const refused = /is published/;
    await expect(
      t.db.db.updateTable('emission_factor').set({ value: 9 }).where('factor_set_id', '=', id).execute(),
    ).rejects.toThrow(refused);
    await expect(t.db.db.deleteFrom('emission_factor').where('factor_set_id', '=', id).execute()).rejects.toThrow(
      refused,
    );
    await expect(
      t.db.db
        .insertInto('emission_factor')
        .values({
          factor_set_id: id,
          material_code: 'PAPER_FILL',
          outcome: 'REUSED',
          unit: 'PER_KG',
          value: 1,
          low: 1,
          high: 1,
          source: 'x',
          source_year: 2026,
        })
        .execute(),
    ).rejects.toThrow(refused);
    await expect(
      t.db.db.updateTable('emission_factor_set').set({ displacement_rate: 1 }).where('id', '=', id).execute(),
    ).rejects.toThrow(refused);
    await expect(t.db.db.deleteFrom('emission_factor_set').where('id', '=', id).execute()).rejects.toThrow(refused);
    const f = await t.db.db
      .selectFrom('emission_factor')
      .select((eb) => [eb.fn.countAll().as('n'), eb.fn.sum('value').as('v')])
      .where('factor_set_id', '=', id)
      .executeTakeFirstOrThrow();
    // 3 x 2.0 + 3 x 3.66 = 16.98, unchanged
    expect([Number(f.n), Number(f.v)]).toEqual([6, 16.98]);
  });
});

describe('setDefaultFactorSet', () => {
  it('moves the default explicitly; reports naming no set follow it', async () => {
    const r = ok(await t.gql(SET_DEFAULT, { v: 'TEST-2026' }, admin)).setDefaultFactorSet;
    expect(r).toEqual({ __typename: 'EmissionFactorSet', version: 'TEST-2026', isDefault: true });
    const list = ok(await t.gql(SETS, {}, admin)).emissionFactorSets;
    expect(list.filter((s) => s.isDefault).map((s) => s.version)).toEqual(['TEST-2026']);
    const rep = ok(await t.gql(REPORT, { ...PERIOD, groupBy: ['NETWORK'] }, admin)).carbonReport;
    expect(member(rep, 'CarbonReport').factorSet.version).toBe('TEST-2026');
    expect(await audits('setDefaultFactorSet')).toBe(1);
    ok(await t.gql(SET_DEFAULT, { v: 'CN-2026' }, admin));
  });

  it('names an unknown version and changes nothing', async () => {
    const r = ok(await t.gql(SET_DEFAULT, { v: 'NOPE' }, admin)).setDefaultFactorSet;
    expect(r).toEqual({ __typename: 'NotFoundError', message: 'Published emission factor set "NOPE" does not exist' });
    const def = await t.db.db
      .selectFrom('emission_factor_set')
      .select('version')
      .where('is_default', '=', true)
      .execute();
    expect(def).toEqual([{ version: 'CN-2026' }]);
  });
});

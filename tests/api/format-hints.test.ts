// A field checked against a pattern answers its own hint with a code (domain/formats.ts), not
// zod's generic "not in the expected format (regex)": the English message stays the schema's
// hint, and the web's Chinese dictionary says the same thing in Chinese. Every named format is
// met through the mutation that uses it, and nothing is written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, ok, type TestApp } from '../helpers/app.ts';
import { makeUser } from '../helpers/factories.ts';
import { FORMATS } from '../../api/src/domain/formats.ts';
import { zodFieldIssue } from '../../api/src/domain/zod-issues.ts';
import { dictionaries } from '../../web/src/i18n/index.ts';

let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await createTestApp();
  admin = (await makeUser(t, 'ADMIN')).token;
});
afterAll(() => t.close());

const ISSUES = '... on InputError { issues { field message reason params { name value } } }';

const station = {
  code: 'sh-123',
  cityCode: 'SH',
  district: '徐汇区',
  name: '徐家汇驿站',
  address: '漕溪北路 1 号',
  lat: 31.1955,
  lng: 121.4365,
  binCapacity: 200,
};
const campaign = {
  code: 'GREEN 2027',
  nameZh: '绿色积分',
  nameEn: 'Green points',
  startsOn: '2027-10-20',
  endsOn: '2027-11-30',
  memberDailyCap: 100,
  stationDailyCap: 5000,
  voucherPoints: 100,
  voucherValue: 5,
  voucherBudget: 1e8,
  rates: [{ materialCode: 'BOX_M', outcome: 'REUSED', pointsPerItem: 10 }],
};
const factorSet = {
  version: 'desnz 2027',
  name: 'Test edition 2027',
  displacementRate: 0.5,
  notes: 'For tests only.',
  factors: [
    {
      materialCode: 'BOX_S',
      outcome: 'REUSED',
      unit: 'PER_KG',
      value: 2,
      low: 1,
      high: 3,
      source: 'Test source',
      sourceUrls: ['https://example.org/table-1', 'see page 4'],
      year: 2026,
    },
  ],
};

describe('pattern hints carry their code and read in Chinese', () => {
  it.each([
    [
      'createStation code',
      `mutation($input: CreateStationInput!) { createStation(input: $input) { __typename ${ISSUES} } }`,
      station,
      'input.code',
      'format.stationCode',
      'must look like SH-00123',
      '应形如 SH-00123（2–4 个大写字母、短横线、5 位数字）',
    ],
    [
      'createPointsCampaign code',
      `mutation($input: PointsCampaignInput!) { createPointsCampaign(input: $input) { __typename ${ISSUES} } }`,
      campaign,
      'input.code',
      'format.campaignCode',
      'must be 3-32 of A-Z, 0-9 and -',
      '应为 3–32 个字符，只含 A–Z、0–9 和 -',
    ],
    [
      'publishFactorSet version',
      `mutation($input: PublishFactorSetInput!) { publishFactorSet(input: $input) { __typename ${ISSUES} } }`,
      factorSet,
      'input.version',
      'format.factorSetVersion',
      'must be 2-64 characters of A-Z, 0-9, ".", "_", "-", e.g. DESNZ-2026',
      '应为 2–64 个字符，只含 A–Z、0–9、“.”、“_”、“-”，例如 DESNZ-2026',
    ],
    [
      'publishFactorSet sourceUrls item',
      `mutation($input: PublishFactorSetInput!) { publishFactorSet(input: $input) { __typename ${ISSUES} } }`,
      factorSet,
      'input.factors.0.sourceUrls.1',
      'format.sourceUrl',
      'must be an http(s) link or a docs/ path without spaces',
      '应为 http(s) 链接或 docs/ 路径，且不含空格',
    ],
  ])('%s', async (_, mutation, input, field, reason, english, chinese) => {
    const counts = async () =>
      Promise.all(
        (['station', 'points_campaign', 'emission_factor_set'] as const).map(
          async (table) => (await t.db.db.selectFrom(table).select('id').execute()).length,
        ),
      );
    const before = await counts();
    const data = ok(await t.gql<Record<string, { __typename: string; issues: unknown[] }>>(mutation, { input }, admin));
    const answer = Object.values(data)[0]!;
    expect(answer.__typename).toBe('InputError');
    expect(answer.issues).toContainEqual({ field, message: english, reason, params: [] });
    expect(dictionaries.zh[`reason.${reason}`]).toBe(chinese);
    expect(dictionaries.en[`reason.${reason}`]).toBe(english);
    expect(await counts()).toEqual(before);
  });

  it('names every format, and leaves an unnamed pattern generic', () => {
    expect(Object.values(FORMATS).map((f) => f.reason)).toEqual([
      'format.stationCode',
      'format.campaignCode',
      'format.factorSetVersion',
      'format.sourceUrl',
    ]);
    const issue = { code: 'invalid_format', format: 'regex', pattern: '/^x$/', message: 'Invalid string', input: 'y' };
    expect(zodFieldIssue('input.x', issue as never)).toEqual({
      field: 'input.x',
      message: 'Invalid string',
      reason: 'input.badFormat',
      params: { format: 'regex' },
    });
  });
});

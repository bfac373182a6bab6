// No N+1: a page of stations with city, bin, totals and CO2e costs the same few SQL statements
// whether it holds 50 stations or 100.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, ok, type TestApp } from '../helpers/app.ts';
import { makeUser } from '../helpers/factories.ts';
import { graphql } from '../../web/src/lib/graphql.ts';

const statements: string[] = [];
let t: TestApp;
let admin: string;
const MAX_STATEMENTS = 8;

beforeAll(async () => {
  t = await createTestApp({ log: (sql) => statements.push(sql) });
  admin = (await makeUser(t, 'ADMIN')).token;
  // 100 stations in 3 cities (so the city loader has more than one key), ...
  const cities = ['SH', 'BJ', 'HZ'];
  await t.db.db
    .insertInto('station')
    .values(
      Array.from({ length: 100 }, (_, i) => ({
        code: `NP-${String(i + 1).padStart(3, '0')}`,
        city_code: cities[i % 3]!,
        district: '测试区',
        name: `N+1 驿站 ${i + 1}`,
        address: `测试路 ${i + 1} 号`,
        lat: 31 + i * 0.001,
        lng: 121,
        bin_capacity: 200,
        last_reported_at: new Date(t.clock.now.getTime() - 3600_000),
      })),
    )
    .execute();
  // ... and drop-offs today at every 10th (NP-001, NP-011, ..., NP-091): 10 stations.
  for (let i = 1; i <= 100; i += 10) {
    const code = `NP-${String(i).padStart(3, '0')}`;
    const r = ok(
      await t.gql(
        graphql(`
          mutation ($input: LogDropOffsInput!) {
            logDropOffs(input: $input) {
              __typename
            }
          }
        `),
        {
          input: {
            stationCode: code,
            items: [
              { idempotencyKey: `${code}-1`, materialCode: 'BOX_M', outcome: 'REUSED', quantity: 2 },
              { idempotencyKey: `${code}-2`, materialCode: 'BOX_S', outcome: 'RECYCLED', quantity: 3 },
            ],
          },
        },
        admin,
      ),
    );
    expect(r.logDropOffs.__typename).toBe('LogDropOffsPayload');
  }
});
afterAll(() => t.close());

const PAGE = graphql(`
  query ($first: Int!) {
    stations(first: $first) {
      totalCount
      edges {
        node {
          code
          status
          city {
            nameEn
          }
          binFill
          totals {
            items
            dropOffs
            co2eAvoided {
              total {
                central
              }
            }
          }
        }
      }
    }
  }
`);

async function countStatements(first: number) {
  statements.length = 0;
  const data = ok(await t.gql(PAGE, { first }, admin));
  return { data, sqls: [...statements] };
}

describe('statement count', () => {
  it(`a page of 100 stations with city, bin, totals and CO2e takes at most ${MAX_STATEMENTS} statements`, async () => {
    const { data, sqls } = await countStatements(100);
    expect(data.stations.totalCount).toBe(100);
    expect(data.stations.edges).toHaveLength(100);
    const first = data.stations.edges[0]!.node;
    // NP-001 today: 2 BOX_M reused + 3 BOX_S recycled = 5 items in 2 entries;
    // CO2e (CN-2026, the default): reuse 2 × 0.25 kg = 0.5 kg × 0.491 × 0.5 (displacement) = 0.12275;
    //   recycle 3 × 0.15 = 0.45 kg × 0.0065 = 0.002925; total 0.125675 → 0.126; bin 3 recycled / 200 = 0.015
    expect(first).toMatchObject({ code: 'NP-001', status: 'OPEN', city: { nameEn: 'Shanghai' }, binFill: 0.015 });
    expect(first.totals).toEqual({ items: 5, dropOffs: 2, co2eAvoided: { total: { central: 0.126 } } });
    expect(data.stations.edges[1]!.node.totals).toEqual({
      items: 0,
      dropOffs: 0,
      co2eAvoided: { total: { central: 0 } },
    });
    // Today 6: the page, its count, cities (one IN list), station totals (one IN list), the default
    // factor set and its factors. Fewer than 3 would mean the statement log is not wired up.
    expect(sqls.length).toBeGreaterThanOrEqual(3);
    expect(sqls.length, `SQL statements:\n${sqls.join('\n---\n')}`).toBeLessThanOrEqual(MAX_STATEMENTS);
  });

  it('takes the same number of statements for 50 stations as for 100', async () => {
    const fifty = await countStatements(50);
    expect(fifty.data.stations.edges).toHaveLength(50);
    const hundred = await countStatements(100);
    expect(fifty.sqls.length, `50:\n${fifty.sqls.join('\n---\n')}\n\n100:\n${hundred.sqls.join('\n---\n')}`).toBe(
      hundred.sqls.length,
    );
  });
});

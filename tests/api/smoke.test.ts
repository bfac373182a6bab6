import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, member, ok, type TestApp } from '../helpers/app.ts';
import { makeStation, makeUser } from '../helpers/factories.ts';
import { graphql, type VariablesOf } from '../../web/src/lib/graphql.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('smoke', () => {
  it('lists the 20 cities', async () => {
    const data = ok(await t.gql(graphql('{ cities { code nameEn } }')));
    expect(data.cities).toHaveLength(20);
  });
  it('logs a batch and replays it', async () => {
    const s = await makeStation(t);
    const staff = await makeUser(t, 'STATION_STAFF', { stationId: s.id });
    const q = graphql(`
      mutation ($input: LogDropOffsInput!) {
        logDropOffs(input: $input) {
          __typename
          ... on LogDropOffsPayload {
            accepted
            replayed
            results {
              replayed
              dropOff {
                id
                quantity
                massKg
                localDay
              }
            }
            station {
              binItems
              status
              totals {
                items
                dropOffs
                kgRecycled
              }
            }
          }
          ... on InputError {
            message
            issues {
              field
              message
            }
          }
          ... on NotFoundError {
            message
          }
        }
      }
    `);
    const input: VariablesOf<typeof q>['input'] = {
      stationCode: s.code,
      items: [
        { idempotencyKey: 'k1', materialCode: 'BOX_M', outcome: 'RECYCLED', quantity: 3 },
        { idempotencyKey: 'k2', materialCode: 'BOX_S', outcome: 'REUSED', quantity: 2, massKg: 0.3 },
      ],
    };
    const r1 = ok(await t.gql(q, { input }, staff.token));
    console.log(JSON.stringify(r1, null, 1));
    expect(member(r1.logDropOffs, 'LogDropOffsPayload').accepted).toBe(2);
    const r2 = ok(await t.gql(q, { input }, staff.token));
    expect(member(r2.logDropOffs, 'LogDropOffsPayload').replayed).toBe(2);
    const bad = ok(
      await t.gql(
        q,
        {
          input: {
            stationCode: s.code,
            items: [{ idempotencyKey: 'k3', materialCode: 'X', outcome: 'RECYCLED', quantity: 0 }],
          },
        },
        staff.token,
      ),
    );
    console.log(JSON.stringify(bad));
  });
});

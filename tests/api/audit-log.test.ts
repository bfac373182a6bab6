// The audit log query: what a write records is readable with its before/after, newest first,
// keyset-paged across entries that share an instant, filtered by actor, action, entity and time,
// and limited to a city manager's own city. (Who may call it: tests/api/authorization/imports.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeAudit } from '../../api/src/repositories/audit.ts';
import { createTestApp, ok, type TestApp } from '../helpers/app.ts';
import { makeStation, makeUser } from '../helpers/factories.ts';
import { graphql, type VariablesOf } from '../../web/src/lib/graphql.ts';

let t: TestApp;
let admin: Awaited<ReturnType<typeof makeUser>>;
let shManager: string;
let bjManager: string;

const LOG = graphql(`
  query (
    $first: Int
    $after: String
    $actor: String
    $action: String
    $entityType: String
    $entityId: String
    $from: DateTime
    $to: DateTime
  ) {
    auditLog(
      first: $first
      after: $after
      actor: $actor
      action: $action
      entityType: $entityType
      entityId: $entityId
      from: $from
      to: $to
    ) {
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          at
          action
          entityType
          entityId
          actorId
          actorName
          actorLogin
          cityCode
          before
          after
        }
      }
    }
  }
`);
type LogVars = VariablesOf<typeof LOG>;
const log = async (vars: LogVars, token = admin.token) => ok(await t.gql(LOG, vars, token)).auditLog;
const UPDATE = graphql(`
  mutation ($code: String!, $input: StationInput!) {
    updateStation(code: $code, input: $input) {
      __typename
    }
  }
`);
const at = (hhmm: string) => new Date(`2026-11-10T${hhmm}:00Z`);

beforeAll(async () => {
  t = await createTestApp();
  admin = await makeUser(t, 'ADMIN');
  shManager = (await makeUser(t, 'CITY_MANAGER', { cityCode: 'SH' })).token;
  bjManager = (await makeUser(t, 'CITY_MANAGER', { cityCode: 'BJ' })).token;
  // Five entries for paging: two share 09:00 exactly (the id breaks the tie), one city each way.
  const db = t.db.db;
  const page = (n: number, hhmm: string, cityCode: string | null) =>
    writeAudit(db, {
      actorId: admin.user.id,
      at: at(hhmm),
      action: 'test:page',
      entity: 'station',
      entityId: `P-${n}`,
      cityCode,
      after: { n },
    });
  await page(1, '08:00', 'SH');
  await page(2, '09:00', 'SH');
  await page(3, '09:00', 'BJ');
  await page(4, '10:00', null);
  await page(5, '11:00', 'SH');
});
afterAll(() => t.close());

describe('auditLog', () => {
  it("shows an edit's before and after, with who made it", async () => {
    await makeStation(t, { code: 'SH-AUD1', city_code: 'SH', bin_capacity: 40 });
    const r = ok(await t.gql(UPDATE, { code: 'SH-AUD1', input: { binCapacity: 60 } }, admin.token));
    expect(r.updateStation.__typename).toBe('Station');
    const { edges } = await log({ entityType: 'station', entityId: 'SH-AUD1' });
    expect(edges).toHaveLength(1);
    const e = edges[0]!.node;
    expect(e).toMatchObject({
      action: 'updateStation',
      entityType: 'station',
      entityId: 'SH-AUD1',
      actorId: admin.user.id,
      actorName: admin.user.display_name,
      actorLogin: admin.user.email,
      cityCode: 'SH',
    });
    expect(JSON.parse(e.before ?? 'null')).toMatchObject({ bin_capacity: 40 });
    expect(JSON.parse(e.after ?? 'null')).toMatchObject({ bin_capacity: 60 });
    // The city's manager reads it too: station edits are recorded with the station's city.
    expect((await log({ entityId: 'SH-AUD1' }, shManager)).edges).toHaveLength(1);
    expect((await log({ entityId: 'SH-AUD1' }, bjManager)).edges).toHaveLength(0);
  });

  it('pages newest first, two at a time, without losing the entries that share 09:00', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 5; i++) {
      const pageResult = await log({ action: 'test:page', first: 2, after });
      seen.push(...pageResult.edges.map((e) => e.node.entityId));
      if (!pageResult.pageInfo.hasNextPage) break;
      after = pageResult.pageInfo.endCursor;
    }
    // 11:00, 10:00, then the two 09:00 entries by id descending (3 was written after 2), 08:00.
    expect(seen).toEqual(['P-5', 'P-4', 'P-3', 'P-2', 'P-1']);
  });

  it('filters by time (from inclusive, to exclusive), actor and entity', async () => {
    const ids = async (vars: LogVars, token?: string) =>
      (await log({ action: 'test:page', ...vars }, token)).edges.map((e) => e.node.entityId);
    expect(await ids({ from: '2026-11-10T09:00:00Z', to: '2026-11-10T11:00:00Z' })).toEqual(['P-4', 'P-3', 'P-2']);
    // 18:00 in China is 10:00 UTC.
    expect(await ids({ from: '2026-11-10T18:00:00+08:00' })).toEqual(['P-5', 'P-4']);
    expect(await ids({ entityId: 'P-3' })).toEqual(['P-3']);
    expect(await ids({ actor: admin.user.email!.slice(0, 8).toUpperCase() })).toHaveLength(5);
    expect(await ids({ actor: 'nobody-like-this' })).toEqual([]);
    // A manager: their city's entries only; entries without a city are the admins'.
    expect(await ids({}, shManager)).toEqual(['P-5', 'P-2', 'P-1']);
    expect(await ids({}, bjManager)).toEqual(['P-3']);
  });

  it.each<[string, LogVars, string]>([
    ['a date that is not one', { from: '2026-11-31T00:00:00Z' }, 'from'],
    ['to before from', { from: '2026-11-10T10:00:00Z', to: '2026-11-10T09:00:00Z' }, 'to'],
    ['first above the cap', { first: 501 }, 'first'],
    ['a cursor from elsewhere', { after: 'bm90LWEtY3Vyc29y' }, 'after'],
    ['an overlong action', { action: 'x'.repeat(65) }, 'action'],
  ])('refuses %s as an InputError naming %j', async (_name, vars, field) => {
    const r = await t.gql(LOG, vars, admin.token);
    expect(r.data?.auditLog ?? null).toBeNull();
    expect(r.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      issues: [expect.objectContaining({ field })],
    });
  });
});

// Staff account imports: dry run, apply (pending accounts with one-time codes, taken once by the
// importer), activation with a code from the sheet, re-import unchanged, a moved person updated,
// bad rows by row and column; per-station code sheets for those who have not activated.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, member, ok, type TestApp } from '../helpers/app.ts';
import { makeStation, makeUser } from '../helpers/factories.ts';
import { csv, startImportServer, type Job } from '../helpers/imports.ts';
import { graphql } from '../../web/src/lib/graphql.ts';

let t: TestApp;
let h: Awaited<ReturnType<typeof startImportServer>>;
let manager: string;
let a: { code: string };
let b: { code: string };
let bj: { code: string };

const HEADER = ['station_code', 'name', 'phone', 'email', 'role'];
const TAKE = graphql(`
  mutation ($id: Int!) {
    takeActivationCodes(importId: $id) {
      __typename
      ... on ActivationCodeSheet {
        codes {
          displayName
          login
          stationCode
          code
          link
        }
      }
      ... on Error {
        message
      }
    }
  }
`);
const ISSUE = graphql(`
  mutation ($s: String!) {
    issueActivationCodes(stationCode: $s) {
      __typename
      ... on ActivationCodeSheet {
        codes {
          displayName
        }
      }
    }
  }
`);

beforeAll(async () => {
  t = await createTestApp();
  h = await startImportServer(t);
  manager = (await makeUser(t, 'CITY_MANAGER', { cityCode: 'SH' })).token;
  a = await makeStation(t, { city_code: 'SH' });
  b = await makeStation(t, { city_code: 'SH' });
  bj = await makeStation(t, { city_code: 'BJ' });
});
afterAll(async () => {
  await h.close();
  await t.close();
});

describe('staff import', () => {
  let file: string;
  it('creates pending accounts whose codes the importer takes once', async () => {
    file = csv([
      HEADER,
      [a.code, '王芳', '139 0000 2001', '', 'STATION_STAFF'],
      [a.code, '李雷', '', 'li.lei@example.cn', ''],
      [b.code, '韩梅梅', '+8613900002003', 'han@example.cn', '驿站员工'],
    ]);
    const dry = await h.dryRun(manager, 'staff', file);
    expect(dry).toMatchObject({ kind: 'STAFF', state: 'DONE', created: 3, issueCount: 0 });
    const applied = (await h.apply(manager, dry.id)) as Job;
    expect(applied).toMatchObject({ state: 'DONE', created: 3, activationCodesWaiting: 3 });
    const sheet = member(ok(await t.gql(TAKE, { id: applied.id }, manager)).takeActivationCodes, 'ActivationCodeSheet');
    expect(sheet.codes.map((c) => [c.displayName, c.login, c.stationCode])).toEqual(
      expect.arrayContaining([
        ['王芳', '13900002001', a.code],
        ['李雷', 'li.lei@example.cn', a.code],
        ['韩梅梅', 'han@example.cn', b.code],
      ]),
    );
    expect(ok(await t.gql(TAKE, { id: applied.id }, manager)).takeActivationCodes.__typename).toBe('ConflictError');
    const wang = sheet.codes.find((c) => c.displayName === '王芳');
    const act = ok(
      await t.gql(
        graphql(
          'mutation($c: String!) { activateAccount(code: $c, password: "sunny-kettle-moss-orbit") { __typename ... on SessionPayload { user { station { code } } } } }',
        ),
        { c: wang!.code },
      ),
    ).activateAccount;
    expect(act).toEqual({ __typename: 'SessionPayload', user: { station: { code: a.code } } });
  });

  it('re-importing is unchanged; a moved person is an update', async () => {
    expect(await h.dryRun(manager, 'staff', file)).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
    const moved = csv([HEADER, [b.code, '王芳', '13900002001', '', '']]);
    const dry = await h.dryRun(manager, 'staff', moved);
    expect(dry).toMatchObject({ created: 0, updated: 1, unchanged: 0 });
    await h.apply(manager, dry.id);
    const row = await t.db.db
      .selectFrom('app_user')
      .innerJoin('station', 'station.id', 'app_user.station_id')
      .select('station.code')
      .where('phone', '=', '13900002001')
      .executeTakeFirstOrThrow();
    expect(row.code).toBe(b.code);
  });

  it('reports bad rows by row and column', async () => {
    const bad = csv([
      HEADER,
      ['SH-99998', 'x', '13900003001', '', ''], //          row 2: unknown station
      [bj.code, 'x', '13900003002', '', ''], //             row 3: another city
      [a.code, '', '13900003003', '', ''], //               row 4: no name
      [a.code, 'x', '12', 'nope', ''], //                   row 5: bad phone, bad email
      [a.code, 'x', '', '', ''], //                         row 6: no login
      [a.code, 'x', '13900003007', '', 'CITY_MANAGER'], //  row 7: not staff
      [a.code, 'x', '13900003007', '', ''], //              row 8: phone twice
    ]);
    const dry = await h.dryRun(manager, 'staff', bad);
    expect(dry.issues.map((i) => [i.row, i.column])).toEqual([
      [2, 'station_code'],
      [3, 'station_code'],
      [4, 'name'],
      [5, 'email'],
      [5, 'phone'],
      [6, 'phone'],
      [7, 'role'],
      [8, 'phone'],
    ]);
    expect(dry.created).toBe(0);
  });

  it("issues fresh codes for a station's staff who have not activated", async () => {
    const r = ok(await t.gql(ISSUE, { s: a.code }, manager)).issueActivationCodes;
    expect(member(r, 'ActivationCodeSheet').codes.map((c) => c.displayName)).toEqual(['李雷']);
    const other = ok(await t.gql(ISSUE, { s: bj.code }, manager)).issueActivationCodes;
    expect(other.__typename).toBe('ForbiddenError');
  });
});

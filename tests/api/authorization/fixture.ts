// The authorization matrix's fixture (matrix.ts runs it): callers, stations A, B and C with a
// drop-off each, the accounts and a green-points member; call() sends a typed document as a caller
// and snapshot() counts what a write can change.
import type { Role, Viewer } from '../../../api/src/domain/viewer.ts';
import { createTestApp, ok, type GqlResult, type TestApp } from '../../helpers/app.ts';
import { makeStation, makeUser } from '../../helpers/factories.ts';
import { makeCampaign, memberTokenNow } from '../../helpers/points.ts';
import { graphql, type ResultOf, type TadaDocumentNode, type VariablesOf } from '../../../web/src/lib/graphql.ts';

// MEMBER: a green-points member (a member token, not a staff account; docs/points.md).
export type Caller = 'ANONYMOUS' | Role | 'MEMBER';
export type Outcome = 'allowed' | 'denied' | 'union';
export type StationKey = 'A' | 'B' | 'C';
export type Snapshot = Awaited<ReturnType<typeof snapshot>>;

export const CALLERS: Caller[] = [
  'ANONYMOUS',
  'STATION_STAFF',
  'CITY_MANAGER',
  'SUSTAINABILITY_ANALYST',
  'ADMIN',
  'MEMBER',
];
export const CALLER_LABEL: Record<Caller, string> = {
  ANONYMOUS: 'ANONYMOUS',
  STATION_STAFF: 'STATION_STAFF (SH station A)',
  CITY_MANAGER: 'CITY_MANAGER (SH)',
  SUSTAINABILITY_ANALYST: 'SUSTAINABILITY_ANALYST',
  ADMIN: 'ADMIN',
  MEMBER: 'MEMBER (green points)',
};
export const AT: Record<StationKey, string> = { A: 'SH station A', B: 'SH station B', C: 'BJ station C' };
export const CITY_OF: Record<StationKey, string> = { A: 'SH', B: 'SH', C: 'BJ' };
export const CENTRE: Record<string, [number, number]> = { SH: [31.2304, 121.4737], BJ: [39.9042, 116.4074] };
export const PASSWORD = 'authz-test-password';

export const Y = 'allowed',
  N = 'denied',
  U = 'union';
/**
 * Expected outcomes in CALLERS order: anonymous, staff of A, manager of SH, analyst, admin, and
 * a green-points member, who is anonymous to every staff operation unless a sixth value says so.
 */
export const by = (
  ...o: [Outcome, Outcome, Outcome, Outcome, Outcome] | [Outcome, Outcome, Outcome, Outcome, Outcome, Outcome]
) => Object.fromEntries(CALLERS.map((c, i) => [c, o[i] ?? o[0]])) as Record<Caller, Outcome>;

export let t: TestApp;
export const fx = {
  station: {} as Record<StationKey, { id: number; code: string; gid: string }>,
  /** One drop-off per station logged in beforeAll, never voided: what reads find. */
  dropOff: {} as Record<StationKey, string>,
  users: {} as Record<Role, { viewer: Viewer; email: string }>,
  member: { code: '', secret: '', token: '' },
  /** The account the issue-11 account operations act on (made fresh per case). */
  target: 0,
};
let seq = 0;
/** 1, 2, 3 ...: numbers fresh codes and versions within a file. */
export const nextSeq = () => ++seq;
export const unique = () => `${Date.now().toString(36)}-${nextSeq()}`;

/** The caller's viewer with the account's session version now (signOut raises it). */
export async function currentViewer(caller: Role): Promise<Viewer> {
  const viewer = fx.users[caller].viewer;
  const row = await t.db.db
    .selectFrom('app_user')
    .select('session_version')
    .where('id', '=', viewer.userId!)
    .executeTakeFirstOrThrow();
  return { ...viewer, sessionVersion: row.session_version };
}

/**
 * Sends a typed document as the caller (its answer typed from the schema, so an operation's
 * `allowed` check reads what its `run` selected). Tokens are minted per call at the current clock,
 * so advancing the clock never expires them.
 */
export async function call<D extends TadaDocumentNode<unknown, never>>(
  caller: Caller,
  document: D,
  variables?: VariablesOf<D>,
): Promise<GqlResult<ResultOf<D>>> {
  const token =
    caller === 'ANONYMOUS'
      ? null
      : caller === 'MEMBER'
        ? await memberTokenNow(t, fx.member.code)
        : await t.tokenFor(await currentViewer(caller));
  return t.gql(document, variables, token);
}

export const LOG = graphql(
  'mutation ($input: LogDropOffsInput!) { logDropOffs(input: $input) { __typename ... on LogDropOffsPayload { accepted results { dropOff { id } } } ... on Error { message } } }',
);

/** Logs one entry at a station as the admin; returns the DropOff node id. */
export async function logOne(at: StationKey): Promise<string> {
  const input = {
    stationCode: fx.station[at].code,
    items: [{ idempotencyKey: `authz-${unique()}`, materialCode: 'BOX_M', outcome: 'RECYCLED' as const, quantity: 2 }],
  };
  const r = ok(await call('ADMIN', LOG, { input })).logDropOffs;
  if (r.__typename !== 'LogDropOffsPayload') throw new Error(`logOne at ${at}: ${JSON.stringify(r)}`);
  return r.results[0]!.dropOff.id;
}

export async function snapshot() {
  const db = t.db.db;
  const count = async (
    table:
      'drop_off' | 'audit_entry' | 'bin_pickup' | 'station' | 'app_user' | 'counter_device' | 'station_acknowledgement',
  ) =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const voided = await db
    .selectFrom('drop_off')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('voided_at', 'is not', null)
    .executeTakeFirstOrThrow();
  return {
    dropOffs: await count('drop_off'),
    voided: Number(voided.n),
    audits: await count('audit_entry'),
    pickups: await count('bin_pickup'),
    users: await count('app_user'),
    devices: await count('counter_device'),
    stationCount: await count('station'),
    acknowledgements: await count('station_acknowledgement'),
    stations: await db
      .selectFrom('station')
      .select(['code', 'status', 'name', 'bin_items', 'last_pickup_at'])
      .where(
        'id',
        'in',
        Object.values(fx.station).map((s) => s.id),
      )
      .orderBy('code')
      .execute(),
  };
}

/** A fresh database with the fixture (each matrix file's beforeAll). */
export async function setUp(): Promise<void> {
  t = await createTestApp();
  const [A, B, C] = [
    await makeStation(t, { city_code: 'SH' }),
    await makeStation(t, { city_code: 'SH' }),
    await makeStation(t, { city_code: 'BJ' }),
  ];
  const users = {
    STATION_STAFF: await makeUser(t, 'STATION_STAFF', { stationId: A.id, password: PASSWORD }),
    CITY_MANAGER: await makeUser(t, 'CITY_MANAGER', { cityCode: 'SH', password: PASSWORD }),
    SUSTAINABILITY_ANALYST: await makeUser(t, 'SUSTAINABILITY_ANALYST', { password: PASSWORD }),
    ADMIN: await makeUser(t, 'ADMIN', { password: PASSWORD }),
  };
  for (const [role, u] of Object.entries(users)) fx.users[role as Role] = { viewer: u.viewer, email: u.user.email! };
  await makeCampaign(t, {
    code: 'AUTHZ',
    consumer_daily_cap: 100_000,
    station_daily_cap: 100_000,
    voucher_budget: 1000,
  });
  const joined = ok(await t.gql(graphql('mutation { joinAsMember { memberCode secret token } }'))).joinAsMember;
  fx.member = { code: joined.memberCode, secret: joined.secret ?? '', token: joined.token };
  for (const [k, s] of Object.entries({ A, B, C }) as [StationKey, typeof A][]) {
    const gid = ok(await t.gql(graphql('query($c: String!) { station(code: $c) { id } }'), { c: s.code })).station!.id;
    fx.station[k] = { id: s.id, code: s.code, gid };
    fx.dropOff[k] = await logOne(k);
  }
}

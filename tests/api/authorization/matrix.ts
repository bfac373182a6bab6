// Who may do what: every role × every operation (one file per domain in this directory; the
// fixture, the call helper and the runner here), the expected outcome of each written out in the
// matrix below (not derived from the rules under test). A denial takes one of two shapes, and each
// case names the one it expects:
//   denied  a GraphQL error with extensions.code FORBIDDEN at the given path, data null there
//           (a field denial on a readable station nulls that station: the fields are non-null);
//   union   the mutation answers with the ForbiddenError member of its result union (voidDropOff's
//           data-dependent rules: other station, staff after 24 h).
// Every write case snapshots the database around the call: a denied write must leave it unchanged,
// an allowed one must have written one audit entry. Each case sets up what it consumes (a fresh entry
// to void, a fresh station code, a unique idempotency key) and restores what it changes (status, clock).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

export const LOG = graphql(`
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

/** One operation of the matrix; T is its answer (ResultOf its document), unknown once in a list. */
export interface Op<T = unknown> {
  name: string;
  expect: Record<Caller, Outcome>;
  /** Path of the FORBIDDEN error when the outcome is 'denied'. */
  deniedAt: (string | number)[];
  /** The ForbiddenError message when the outcome is 'union' (default: voidDropOff's). */
  unionMessage?: RegExp;
  write?: boolean;
  /** Runs before the "before" snapshot: what the case consumes (e.g. a fresh entry to void). */
  prepare?(): Promise<void>;
  run(caller: Caller): Promise<GqlResult<T>>;
  /** What success looks like (the data of an allowed call); for writes, the snapshots before and after. */
  allowed(data: T, caller: Caller, change?: { before: Snapshot; after: Snapshot }): void | Promise<void>;
  restore?(): Promise<void>;
  /** The denied field is nullable: the denial nulls it, not its parent (deniedAt = [parent, field]). */
  deniesFieldOnly?: boolean;
}

/**
 * An operation with its answer typed: `allowed` reads what `run`'s document selected. Example:
 *   op({ name: 'cities', ..., run: (c) => call(c, graphql('{ cities { code } }')), allowed: (d) => d.cities ... })
 * (Op is bivariant in T through its methods, so the typed operation joins a list of Op.)
 */
export const op = <T>(o: Op<T>): Op => o;

export const stationKeys: StationKey[] = ['A', 'B', 'C'];
type StationDocument = TadaDocumentNode<{ station: { code: string } | null }, { code: string }>;
/** Reads of station(code) at each station; `document` selects the code and what `field` names. */
export const readStation = <D extends StationDocument>(
  name: string,
  document: D,
  field: string,
  check: (s: NonNullable<ResultOf<D>['station']>) => void,
  e: Record<StationKey, Record<Caller, Outcome>>,
): Op[] =>
  stationKeys.map((k) =>
    op({
      name: `station(code){${name}} of ${AT[k]}`,
      expect: e[k],
      deniedAt: ['station', field],
      run: (c) => call(c, document, { code: fx.station[k].code } as VariablesOf<D>),
      allowed: (d) => {
        expect(d.station?.code).toBe(fx.station[k].code);
        check(d.station!);
      },
    }),
  );
/** Readers of a station's details: staff of A reads A only, the SH manager reads A and B. */
export const STATION_READ = { A: by(N, Y, Y, Y, Y), B: by(N, N, Y, Y, Y), C: by(N, N, N, Y, Y) };
/** Operators of a station (status, pickups, fresh voids): same people, but never the analyst. */
export const OPERATE = { A: by(N, Y, Y, N, Y), B: by(N, N, Y, N, Y), C: by(N, N, N, N, Y) };
export const VOID = { A: by(N, Y, Y, N, Y), B: by(N, U, Y, N, Y), C: by(N, U, U, N, Y) };
export const CITY_READ: Record<string, Record<Caller, Outcome>> = {
  SH: by(N, N, Y, Y, Y),
  BJ: by(N, N, N, Y, Y),
  null: by(N, N, N, Y, Y),
};

/** A station-staff account at station A that the account operations act on (fresh per case). */
export async function targetUser(): Promise<string> {
  const u = await t.db.db
    .insertInto('app_user')
    .values({
      email: `target-${unique()}@test.cn`,
      display_name: 'Target',
      role: 'STATION_STAFF',
      station_id: fx.station.A.id,
      password_hash: 'scrypt$1$1$1$x$x',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  fx.target = u.id;
  return Buffer.from(`User:${u.id}`).toString('base64'); // a Relay global id
}

// A role the operation is not for is refused at the field (FORBIDDEN, 'denied'); a role it is for,
// acting outside its city or station, gets the ForbiddenError member of the result union ('union').
export const ROLE_DENIED = /Sign in to do this|role does not allow|own city|cannot|Only/;
export const MANAGE = by(N, N, Y, N, Y);
/** A station of the fixture. */
export const stationOf = (k: StationKey) => fx.station[k];

const VOID_DROP_OFF = graphql(`
  mutation ($id: ID!) {
    voidDropOff(id: $id, reason: "authorization test") {
      __typename
      ... on DropOff {
        id
        voided
      }
      ... on Error {
        message
      }
    }
  }
`);

/** voidDropOff of an entry the admin logs just before the call, with the clock then advanced by `ageMs`. */
export function voidOp(name: string, k: StationKey, e: Record<Caller, Outcome>, ageMs: number): Op {
  const saved = { now: new Date(0), id: '' };
  return op({
    name,
    expect: e,
    deniedAt: ['voidDropOff'],
    write: true,
    prepare: async () => {
      saved.id = await logOne(k);
      saved.now = t.clock.now;
      t.clock.now = new Date(saved.now.getTime() + ageMs);
    },
    run: (c) => call(c, VOID_DROP_OFF, { id: saved.id }),
    allowed: (d, _c, ch) => {
      expect(d.voidDropOff).toEqual({ __typename: 'DropOff', id: saved.id, voided: true });
      expect(ch!.after.voided).toBe(ch!.before.voided + 1);
    },
    restore: async () => void (t.clock.now = saved.now),
  });
}

async function setUp(): Promise<void> {
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

/** A field of an answer the runner does not know the shape of (undefined when absent). */
const child = (value: unknown, key: string | number): unknown =>
  value !== null && typeof value === 'object' ? (value as Record<string | number, unknown>)[key] : undefined;

const OUTCOME_LABEL = (o: Outcome, op: Op) =>
  o === 'allowed'
    ? 'allowed'
    : o === 'union'
      ? 'denied (ForbiddenError in the union)'
      : `denied (FORBIDDEN at ${op.deniedAt.join('.')})`;
/**
 * One domain's part of the matrix: its own throwaway database and fixture (beforeAll), then one case
 * per operation × caller, titled as before the matrix was split by domain.
 */
export function runMatrix(ops: Op[]): void {
  beforeAll(setUp);
  afterAll(() => t.close());
  // Rows as tuples: '%s' prints the whole title ('$title' of an object row is cut at 40 characters).
  const CASES = ops.flatMap((op) =>
    CALLERS.map(
      (caller) =>
        [
          `${CALLER_LABEL[caller]} · ${op.name} → ${OUTCOME_LABEL(op.expect[caller], op)}`,
          op,
          caller,
          op.expect[caller],
        ] as const,
    ),
  );

  describe('authorization matrix', () => {
    it('covers every caller for every operation', () => {
      expect(CASES).toHaveLength(ops.length * CALLERS.length);
    });

    it.each(CASES)('%s', async (_title, op, caller, outcome) => {
      let r: GqlResult<unknown>;
      let before: Snapshot | undefined;
      let after: Snapshot | undefined;
      try {
        await op.prepare?.();
        before = op.write ? await snapshot() : undefined;
        r = await op.run(caller);
        // Before restoring: a restore (status back to OPEN) must not hide a write that was denied.
        after = op.write ? await snapshot() : undefined;
      } finally {
        await op.restore?.();
      }
      const root = String(op.deniedAt[0]);
      if (outcome === 'allowed') {
        expect(r.errors).toBeUndefined();
        if (after) expect(after.audits).toBe(before!.audits + 1);
        await op.allowed(r.data, caller, after && { before: before!, after });
        return;
      }
      if (outcome === 'union') {
        expect(r.errors).toBeUndefined();
        expect(child(r.data, root)).toEqual({
          __typename: 'ForbiddenError',
          message: expect.stringMatching(op.unionMessage ?? /void/),
        });
      } else {
        expect(r.errors?.map((e) => ({ code: e.extensions?.code, path: e.path }))).toEqual([
          { code: 'FORBIDDEN', path: op.deniedAt },
        ]);
        if (op.deniesFieldOnly) expect(child(child(r.data, root), op.deniedAt[1]!)).toBeNull();
        else expect(child(r.data, root) ?? null).toBeNull();
      }
      if (after) expect(after).toEqual(before);
    });
  });
}

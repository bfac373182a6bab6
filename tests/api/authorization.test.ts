// Who may do what: every role × every operation, the expected outcome of each written out in the
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
import type { Role, Viewer } from '../../api/src/domain/viewer.ts';
import { createTestApp, ok, type GqlResult, type TestApp } from '../helpers/app.ts';
import { makeStation, makeUser } from '../helpers/factories.ts';
import { makeCampaign, memberTokenNow } from '../helpers/points.ts';

// MEMBER: a green-points member (a member token, not a staff account; docs/points.md).
type Caller = 'ANONYMOUS' | Role | 'MEMBER';
type Outcome = 'allowed' | 'denied' | 'union';
type StationKey = 'A' | 'B' | 'C';
type Snapshot = Awaited<ReturnType<typeof snapshot>>;

const CALLERS: Caller[] = ['ANONYMOUS', 'STATION_STAFF', 'CITY_MANAGER', 'SUSTAINABILITY_ANALYST', 'ADMIN', 'MEMBER'];
const CALLER_LABEL: Record<Caller, string> = {
  ANONYMOUS: 'ANONYMOUS',
  STATION_STAFF: 'STATION_STAFF (SH station A)',
  CITY_MANAGER: 'CITY_MANAGER (SH)',
  SUSTAINABILITY_ANALYST: 'SUSTAINABILITY_ANALYST',
  ADMIN: 'ADMIN',
  MEMBER: 'MEMBER (green points)',
};
const AT: Record<StationKey, string> = { A: 'SH station A', B: 'SH station B', C: 'BJ station C' };
const CITY_OF: Record<StationKey, string> = { A: 'SH', B: 'SH', C: 'BJ' };
const CENTRE: Record<string, [number, number]> = { SH: [31.2304, 121.4737], BJ: [39.9042, 116.4074] };
const PASSWORD = 'authz-test-password';

const Y = 'allowed',
  N = 'denied',
  U = 'union';
/**
 * Expected outcomes in CALLERS order: anonymous, staff of A, manager of SH, analyst, admin, and
 * a green-points member, who is anonymous to every staff operation unless a sixth value says so.
 */
const by = (
  ...o: [Outcome, Outcome, Outcome, Outcome, Outcome] | [Outcome, Outcome, Outcome, Outcome, Outcome, Outcome]
) => Object.fromEntries(CALLERS.map((c, i) => [c, o[i] ?? o[0]])) as Record<Caller, Outcome>;

let t: TestApp;
const fx = {
  station: {} as Record<StationKey, { id: number; code: string; gid: string }>,
  /** One drop-off per station logged in beforeAll, never voided: what reads find. */
  dropOff: {} as Record<StationKey, string>,
  users: {} as Record<Role, { viewer: Viewer; email: string }>,
  member: { code: '', secret: '', token: '' },
  /** The account the issue-11 account operations act on (made fresh per case). */
  target: 0,
};
let seq = 0;
const unique = () => `${Date.now().toString(36)}-${++seq}`;

/** The caller's viewer with the account's session version now (signOut raises it). */
async function currentViewer(caller: Role): Promise<Viewer> {
  const viewer = fx.users[caller].viewer;
  const row = await t.db.db
    .selectFrom('app_user')
    .select('session_version')
    .where('id', '=', viewer.userId!)
    .executeTakeFirstOrThrow();
  return { ...viewer, sessionVersion: row.session_version };
}

/** Tokens are minted per call at the current clock, so advancing the clock never expires them. */
/**
 * An answer as the matrix reads it. The ~60 cases each send their own query and check only what
 * they expect of its answer (often just that it is not denied), so the answer stays untyped here,
 * in this one place; new API tests pass a graphql() document to t.gql instead (tests/helpers/app.ts).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
type Answer = any;

async function call(caller: Caller, query: string, variables?: Record<string, unknown>): Promise<GqlResult<Answer>> {
  const token =
    caller === 'ANONYMOUS'
      ? null
      : caller === 'MEMBER'
        ? await memberTokenNow(t, fx.member.code)
        : await t.tokenFor(await currentViewer(caller));
  return t.gql(query, variables, token);
}

const LOG = `mutation($input: LogDropOffsInput!) { logDropOffs(input: $input) { __typename
  ... on LogDropOffsPayload { accepted results { dropOff { id } } } ... on Error { message } } }`;

/** Logs one entry at a station as the admin; returns the DropOff node id. */
async function logOne(at: StationKey): Promise<string> {
  const input = {
    stationCode: fx.station[at].code,
    items: [{ idempotencyKey: `authz-${unique()}`, materialCode: 'BOX_M', outcome: 'RECYCLED', quantity: 2 }],
  };
  return ok(await call('ADMIN', LOG, { input })).logDropOffs.results[0].dropOff.id;
}

async function snapshot() {
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

interface Op {
  name: string;
  expect: Record<Caller, Outcome>;
  /** Path of the FORBIDDEN error when the outcome is 'denied'. */
  deniedAt: (string | number)[];
  /** The ForbiddenError message when the outcome is 'union' (default: voidDropOff's). */
  unionMessage?: RegExp;
  write?: boolean;
  /** Runs before the "before" snapshot: what the case consumes (e.g. a fresh entry to void). */
  prepare?(): Promise<void>;
  run(caller: Caller): Promise<GqlResult<Answer>>;
  /** What success looks like; for writes, the snapshots before and after. */
  allowed(data: Answer, caller: Caller, change?: { before: Snapshot; after: Snapshot }): void | Promise<void>;
  restore?(): Promise<void>;
  /** The denied field is nullable: the denial nulls it, not its parent (deniedAt = [parent, field]). */
  deniesFieldOnly?: boolean;
}

const stationKeys: StationKey[] = ['A', 'B', 'C'];
const readStation = (
  name: string,
  sel: string,
  field: string,
  check: (s: Answer) => void,
  e: Record<StationKey, Record<Caller, Outcome>>,
): Op[] =>
  stationKeys.map((k) => ({
    name: `station(code){${name}} of ${AT[k]}`,
    expect: e[k],
    deniedAt: ['station', field],
    run: (c) => call(c, `query($code: String!) { station(code: $code) { code ${sel} } }`, { code: fx.station[k].code }),
    allowed: (d) => {
      expect(d.station.code).toBe(fx.station[k].code);
      check(d.station);
    },
  }));
/** Readers of a station's details: staff of A reads A only, the SH manager reads A and B. */
const STATION_READ = { A: by(N, Y, Y, Y, Y), B: by(N, N, Y, Y, Y), C: by(N, N, N, Y, Y) };
/** Operators of a station (status, pickups, fresh voids): same people, but never the analyst. */
const OPERATE = { A: by(N, Y, Y, N, Y), B: by(N, N, Y, N, Y), C: by(N, N, N, N, Y) };
const VOID = { A: by(N, Y, Y, N, Y), B: by(N, U, Y, N, Y), C: by(N, U, U, N, Y) };
const CITY_READ: Record<string, Record<Caller, Outcome>> = {
  SH: by(N, N, Y, Y, Y),
  BJ: by(N, N, N, Y, Y),
  null: by(N, N, N, Y, Y),
};

const OPS: Op[] = [
  {
    name: 'cities',
    expect: by(Y, Y, Y, Y, Y),
    deniedAt: ['cities'],
    run: (c) => call(c, '{ cities { code } }'),
    allowed: (d) => {
      expect(d.cities).toHaveLength(20);
      expect(d.cities.map((x: { code: string }) => x.code)).toContain('BJ');
    },
  },
  {
    name: 'materials',
    expect: by(Y, Y, Y, Y, Y),
    deniedAt: ['materials'],
    run: (c) => call(c, '{ materials { code } }'),
    allowed: (d) => {
      expect(d.materials).toHaveLength(6);
    },
  },
  {
    name: 'stations(cityCode: SH) public fields',
    expect: by(Y, Y, Y, Y, Y),
    deniedAt: ['stations'],
    run: (c) =>
      call(c, '{ stations(cityCode: "SH", first: 100) { edges { node { code name address lat lng status } } } }'),
    allowed: (d) => {
      const codes = d.stations.edges.map((e: { node: { code: string } }) => e.node.code);
      expect(codes).toEqual(expect.arrayContaining([fx.station.A.code, fx.station.B.code]));
      expect(codes).not.toContain(fx.station.C.code);
    },
  },
  ...(['A', 'C'] as StationKey[]).map((k): Op => ({
    name: `station(code){code status} of ${AT[k]}`,
    expect: by(Y, Y, Y, Y, Y),
    deniedAt: ['station'],
    run: (c) => call(c, 'query($code: String!) { station(code: $code) { code status } }', { code: fx.station[k].code }),
    allowed: (d) => expect(d.station).toEqual({ code: fx.station[k].code, status: 'OPEN' }),
  })),
  {
    name: 'node(id) of BJ station C',
    expect: by(Y, Y, Y, Y, Y),
    deniedAt: ['node'],
    run: (c) => call(c, 'query($id: ID!) { node(id: $id) { id ... on Station { code } } }', { id: fx.station.C.gid }),
    allowed: (d) => expect(d.node).toEqual({ id: fx.station.C.gid, code: fx.station.C.code }),
  },
  ...readStation('binItems', 'binItems', 'binItems', (s) => expect(s.binItems).toBeTypeOf('number'), STATION_READ),
  // Each station holds at least the 2 items logged in beforeAll today (voids in other cases hit other entries).
  ...readStation(
    'totals{items}',
    'totals { items }',
    'totals',
    (s) => expect(s.totals.items).toBeGreaterThanOrEqual(2),
    STATION_READ,
  ),
  ...readStation(
    'dropOffs(first:5)',
    'dropOffs(first: 5) { edges { node { id } } }',
    'dropOffs',
    (s) => expect(s.dropOffs.edges.length).toBeGreaterThanOrEqual(1),
    STATION_READ,
  ),
  ...stationKeys.map((k): Op => ({
    // DropOff's scopes are on the type: the denial surfaces at its first field and nulls the node.
    name: `node(id) of a DropOff at ${AT[k]}`,
    expect: STATION_READ[k],
    deniedAt: ['node', 'id'],
    run: (c) =>
      call(c, 'query($id: ID!) { node(id: $id) { id ... on DropOff { quantity station { code } } } }', {
        id: fx.dropOff[k],
      }),
    allowed: (d) => expect(d.node).toEqual({ id: fx.dropOff[k], quantity: 2, station: { code: fx.station[k].code } }),
  })),
  ...(['SH', 'BJ', null] as const).map((city): Op => ({
    name: `summary(cityCode: ${city})`,
    expect: CITY_READ[String(city)]!,
    deniedAt: ['summary'],
    run: (c) =>
      call(c, 'query($city: String) { summary(cityCode: $city) { cityCode stationsByStatus { total } } }', { city }),
    allowed: (d) => {
      expect(d.summary.cityCode).toBe(city);
      expect(d.summary.stationsByStatus.total).toBeGreaterThanOrEqual(city === 'BJ' ? 1 : 2);
    },
  })),
  ...(['SH', 'BJ', null] as const).map((city): Op => ({
    name: `mapStations(cityCode: ${city})`,
    expect: CITY_READ[String(city)]!,
    deniedAt: ['mapStations'],
    run: (c) => call(c, 'query($city: String) { mapStations(cityCode: $city) { codes binFillPercent } }', { city }),
    allowed: (d) => {
      const inCity = stationKeys.filter((k) => city === null || CITY_OF[k] === city).map((k) => fx.station[k].code);
      expect(d.mapStations.codes).toEqual(expect.arrayContaining(inCity));
      if (city) expect(d.mapStations.codes.every((code: string) => code.startsWith(`${city}-`))).toBe(true);
    },
  })),
  ...(['SH', 'BJ', null] as const).map((city): Op => ({
    name: `summary(cityCode: ${city}).daily`,
    expect: CITY_READ[String(city)]!,
    deniedAt: ['summary'],
    run: (c) => call(c, 'query($city: String) { summary(cityCode: $city) { daily { day items } } }', { city }),
    // Each station holds the items logged in beforeAll today.
    allowed: (d) => expect(d.summary.daily.at(-1).items).toBeGreaterThanOrEqual(2),
  })),
  // --- issue 12: the needs-action work queue (per city, network-wide) and its acknowledgements ---
  ...(['SH', 'BJ', null] as const).map((city): Op => ({
    name: `needsAction(cityCode: ${city})`,
    expect: CITY_READ[String(city)]!,
    deniedAt: ['needsAction'],
    run: (c) =>
      call(
        c,
        'query($city: String) { needsAction(cityCode: $city, kinds: [FULL, STALE, BIN_80]) { totalCount edges { node { status station { code } } } } }',
        { city },
      ),
    allowed: (d) => expect(d.needsAction.totalCount).toBe(d.needsAction.edges.length),
  })),
  ...stationKeys.map((k): Op => ({
    name: `acknowledgeStation at ${AT[k]}`,
    expect: OPERATE[k],
    deniedAt: ['acknowledgeStation'],
    write: true,
    run: (c) =>
      call(
        c,
        `mutation($code: String!) { acknowledgeStation(stationCode: $code, note: "on my way") { __typename
      ... on Acknowledgement { note } ... on Error { message } } }`,
        { code: fx.station[k].code },
      ),
    allowed: (d, _c, ch) => {
      expect(d.acknowledgeStation).toEqual({ __typename: 'Acknowledgement', note: 'on my way' });
      expect(ch!.after.acknowledgements).toBe(ch!.before.acknowledgements + 1);
    },
  })),
  // A nullable field: a denial nulls the field only (the station's public fields stay).
  ...readStation(
    'latestAcknowledgement',
    'latestAcknowledgement { note }',
    'latestAcknowledgement',
    () => {},
    STATION_READ,
  ).map((op) => ({ ...op, deniesFieldOnly: true })),
  // --- end issue 12 ---
  {
    name: 'emissionFactorSets',
    expect: by(N, Y, Y, Y, Y),
    deniedAt: ['emissionFactorSets'],
    run: (c) => call(c, '{ emissionFactorSets { version isDefault } }'),
    allowed: (d) => expect(d.emissionFactorSets.filter((s: { isDefault: boolean }) => s.isDefault)).toHaveLength(1),
  },
  ...(
    [
      ['network', {}, by(N, N, N, Y, Y)],
      ['cityCodes [SH]', { cityCodes: ['SH'] }, CITY_READ.SH!],
      ['cityCodes [BJ]', { cityCodes: ['BJ'] }, CITY_READ.BJ!],
      [`stationCodes [${AT.A}]`, { stationKey: 'A' }, STATION_READ.A],
      [`stationCodes [${AT.C}]`, { stationKey: 'C' }, STATION_READ.C],
    ] as const
  ).flatMap(([label, scope, e]): Op[] => {
    const vars = () => ({
      cityCodes: 'cityCodes' in scope ? scope.cityCodes : null,
      stationCodes: 'stationKey' in scope ? [fx.station[scope.stationKey].code] : null,
    });
    const args = 'groupBy: [NETWORK], cityCodes: $cityCodes, stationCodes: $stationCodes';
    return [
      {
        name: `carbonReport(${label})`,
        expect: e,
        deniedAt: ['carbonReport'],
        run: (c) =>
          call(
            c,
            `query($cityCodes: [String!], $stationCodes: [String!]) { carbonReport(${args}) { __typename ... on CarbonReport { total { items } } } }`,
            vars(),
          ),
        // at least the 2 items logged at each station in beforeAll
        allowed: (d) => {
          expect(d.carbonReport.__typename).toBe('CarbonReport');
          expect(d.carbonReport.total.items).toBeGreaterThanOrEqual(2);
        },
      },
      {
        name: `compareFactorSets(${label})`,
        expect: e,
        deniedAt: ['compareFactorSets'],
        run: (c) =>
          call(
            c,
            `query($cityCodes: [String!], $stationCodes: [String!]) { compareFactorSets(a: "DESNZ-2025", b: "DESNZ-2023", ${args}) {
          __typename ... on FactorSetComparison { total { items } } } }`,
            vars(),
          ),
        allowed: (d) => {
          expect(d.compareFactorSets.__typename).toBe('FactorSetComparison');
          expect(d.compareFactorSets.total.items).toBeGreaterThanOrEqual(2);
        },
      },
      // --- issue 13: the method page's sensitivity table follows the report's scope rules ---
      {
        name: `carbonSensitivity(${label})`,
        expect: e,
        deniedAt: ['carbonSensitivity'],
        run: (c) =>
          call(
            c,
            `query($cityCodes: [String!], $stationCodes: [String!]) { carbonSensitivity(cityCodes: $cityCodes, stationCodes: $stationCodes) {
          __typename ... on CarbonSensitivity { kg rows { factorSet { version } } } } }`,
            vars(),
          ),
        allowed: (d) => {
          expect(d.carbonSensitivity.__typename).toBe('CarbonSensitivity');
          expect(d.carbonSensitivity.rows[0].factorSet.version).toBe('CN-2026');
        },
      },
    ];
  }),
  // --- issue 13: the versioned method is for anyone signed in ---
  {
    name: 'carbonMethod',
    expect: by(N, Y, Y, Y, Y),
    deniedAt: ['carbonMethod'],
    run: (c) => call(c, '{ carbonMethod { version approvedOn } }'),
    allowed: (d) => expect(d.carbonMethod).toEqual({ version: '2026.1', approvedOn: '2026-12-01' }),
  },
  {
    name: 'viewer',
    expect: by(Y, Y, Y, Y, Y),
    deniedAt: ['viewer'],
    run: (c) => call(c, '{ viewer { role email } }'),
    allowed: (d, c) =>
      expect(d.viewer).toEqual(c === 'ANONYMOUS' || c === 'MEMBER' ? null : { role: c, email: fx.users[c].email }),
  },

  // Writes.
  ...stationKeys.map((k): Op => ({
    name: `logDropOffs at ${AT[k]}`,
    expect: { A: by(N, Y, N, N, Y), B: by(N, N, N, N, Y), C: by(N, N, N, N, Y) }[k],
    deniedAt: ['logDropOffs'],
    write: true,
    run: (c) =>
      call(c, LOG, {
        input: {
          stationCode: fx.station[k].code,
          items: [{ idempotencyKey: `authz-${unique()}`, materialCode: 'BOX_S', outcome: 'REUSED', quantity: 1 }],
        },
      }),
    allowed: (d, _c, ch) => {
      expect(d.logDropOffs).toMatchObject({ __typename: 'LogDropOffsPayload', accepted: 1 });
      expect(ch!.after.dropOffs).toBe(ch!.before.dropOffs + 1);
    },
  })),
  ...stationKeys.map((k) => voidOp(`voidDropOff of a fresh entry at ${AT[k]}`, k, VOID[k], 0)),
  voidOp(`voidDropOff of an entry logged 25 h ago at ${AT.A}`, 'A', by(N, U, Y, N, Y), 25 * 3600_000),
  ...stationKeys.map((k): Op => ({
    name: `setStationStatus at ${AT[k]}`,
    expect: OPERATE[k],
    deniedAt: ['setStationStatus'],
    write: true,
    run: (c) =>
      call(
        c,
        `mutation($code: String!) { setStationStatus(code: $code, status: MAINTENANCE) { __typename
      ... on Station { code operatingStatus } ... on Error { message } } }`,
        { code: fx.station[k].code },
      ),
    allowed: (d) =>
      expect(d.setStationStatus).toEqual({
        __typename: 'Station',
        code: fx.station[k].code,
        operatingStatus: 'MAINTENANCE',
      }),
    restore: async () =>
      void (await t.db.db.updateTable('station').set({ status: 'OPEN' }).where('id', '=', fx.station[k].id).execute()),
  })),
  ...stationKeys.map((k): Op => ({
    name: `recordBinPickup at ${AT[k]}`,
    expect: OPERATE[k],
    deniedAt: ['recordBinPickup'],
    write: true,
    run: (c) =>
      call(
        c,
        `mutation($code: String!) { recordBinPickup(stationCode: $code, kg: 3.5) { __typename
      ... on BinPickupPayload { kg station { code } } ... on Error { message } } }`,
        { code: fx.station[k].code },
      ),
    allowed: (d, _c, ch) => {
      expect(d.recordBinPickup).toEqual({
        __typename: 'BinPickupPayload',
        kg: 3.5,
        station: { code: fx.station[k].code },
      });
      expect(ch!.after.pickups).toBe(ch!.before.pickups + 1);
    },
  })),
  ...(['SH', 'BJ'] as const).map((city): Op => ({
    name: `createStation in ${city}`,
    expect: { SH: by(N, N, Y, N, Y), BJ: by(N, N, N, N, Y) }[city],
    deniedAt: ['createStation'],
    write: true,
    run: (c) => {
      const [lat, lng] = CENTRE[city]!;
      const code = `${city}-7${String(++seq).padStart(4, '0')}`;
      return call(
        c,
        `mutation($input: CreateStationInput!) { createStation(input: $input) { __typename
        ... on Station { code city { code } } ... on Error { message } } }`,
        {
          input: {
            code,
            cityCode: city,
            district: '授权区',
            name: `授权测试 ${code}`,
            address: '测试路 1 号',
            lat: lat + 0.01,
            lng,
            binCapacity: 100,
          },
        },
      );
    },
    allowed: (d, _c, ch) => {
      expect(d.createStation).toMatchObject({ __typename: 'Station', city: { code: city } });
      expect(ch!.after.stationCount).toBe(ch!.before.stationCount + 1);
    },
  })),
  ...stationKeys.map((k): Op => ({
    name: `updateStation at ${AT[k]}`,
    expect: { A: by(N, N, Y, N, Y), B: by(N, N, Y, N, Y), C: by(N, N, N, N, Y) }[k],
    deniedAt: ['updateStation'],
    write: true,
    run: (c) =>
      call(
        c,
        `mutation($code: String!, $name: String!) { updateStation(code: $code, input: { name: $name }) { __typename
      ... on Station { code name } ... on Error { message } } }`,
        { code: fx.station[k].code, name: `改名 ${c}` },
      ),
    allowed: (d, c) =>
      expect(d.updateStation).toEqual({ __typename: 'Station', code: fx.station[k].code, name: `改名 ${c}` }),
  })),
  {
    name: 'publishFactorSet',
    expect: by(N, N, N, N, Y),
    deniedAt: ['publishFactorSet'],
    write: true,
    run: (c) =>
      call(
        c,
        `mutation($input: PublishFactorSetInput!) { publishFactorSet(input: $input) { __typename ... on EmissionFactorSet { version isDefault } ... on Error { message } } }`,
        {
          input: {
            version: `AUTHZ-${++seq}`,
            name: 'Authorization test set',
            displacementRate: 1,
            notes: '',
            factors: [
              {
                materialCode: 'BOX_M',
                outcome: 'REUSED',
                unit: 'PER_ITEM',
                value: 0.037,
                low: 0.037,
                high: 0.037,
                source: 'authorization test',
                year: 2026,
              },
            ],
          },
        },
      ),
    allowed: (d) => expect(d.publishFactorSet).toMatchObject({ __typename: 'EmissionFactorSet', isDefault: false }),
  },
  {
    name: 'setDefaultFactorSet(DESNZ-2025)',
    expect: by(N, N, N, N, Y),
    deniedAt: ['setDefaultFactorSet'],
    write: true,
    run: (c) =>
      call(
        c,
        `mutation { setDefaultFactorSet(version: "DESNZ-2025") { __typename ... on EmissionFactorSet { version isDefault } ... on Error { message } } }`,
      ),
    allowed: (d) =>
      expect(d.setDefaultFactorSet).toEqual({
        __typename: 'EmissionFactorSet',
        version: 'DESNZ-2025',
        isDefault: true,
      }),
  },
  {
    name: "signIn (own credentials; anonymous: the staff member's)",
    expect: by(Y, Y, Y, Y, Y),
    deniedAt: ['signIn'],
    write: true,
    run: (c) =>
      call(
        c,
        'mutation($email: String!, $password: String!) { signIn(email: $email, password: $password) { token user { role } } }',
        { email: fx.users[c === 'ANONYMOUS' || c === 'MEMBER' ? 'STATION_STAFF' : c].email, password: PASSWORD },
      ),
    allowed: (d, c) => {
      expect(d.signIn.token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
      expect(d.signIn.user.role).toBe(c === 'ANONYMOUS' || c === 'MEMBER' ? 'STATION_STAFF' : c);
    },
  },

  {
    name: "signOut (ends the caller's own session; a member's on every device)",
    expect: by(N, Y, Y, Y, Y, Y),
    deniedAt: ['signOut'],
    write: true,
    run: (c) => call(c, 'mutation { signOut }'),
    allowed: (d) => expect(d.signOut).toBe(true),
  },
  ...POINTS_OPS(),
  ...ISSUE_11_OPS(),
];

// ---- Issue 11: accounts, devices, imports, decommissioning -------------------------------------

/** A station-staff account at station A that the account operations act on (fresh per case). */
async function targetUser(): Promise<string> {
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

function ISSUE_11_OPS(): Op[] {
  // A role the operation is not for is refused at the field (FORBIDDEN, 'denied'); a role it is for,
  // acting outside its city or station, gets the ForbiddenError member of the result union ('union').
  const ROLE_DENIED = /Sign in to do this|role does not allow|own city|cannot|Only/;
  const MANAGE = by(N, N, Y, N, Y);
  const target = { gid: '' };
  const accountOp = (
    name: string,
    mutation: string,
    field: string,
    check: (d: Answer) => void,
    prepare?: () => Promise<void>,
  ): Op => ({
    name,
    expect: MANAGE,
    deniedAt: [field],
    write: true,
    unionMessage: ROLE_DENIED,
    prepare: async () => {
      target.gid = await targetUser();
      await prepare?.();
    },
    run: (c) => call(c, mutation, { id: target.gid }),
    allowed: (d) => check(d[field]),
  });
  const stationOf = (k: StationKey) => fx.station[k];
  return [
    {
      name: 'users (connection)',
      expect: by(N, N, Y, N, Y),
      deniedAt: ['users'],
      run: (c) => call(c, '{ users(first: 5) { totalCount edges { node { role } } } }'),
      allowed: (d, c) => {
        expect(d.users.totalCount).toBeGreaterThanOrEqual(1);
        if (c === 'CITY_MANAGER')
          expect(d.users.edges.every((e: { node: { role: string } }) => e.node.role === 'STATION_STAFF')).toBe(true);
      },
    },
    {
      name: `createUser (staff at ${AT.A})`,
      expect: MANAGE,
      deniedAt: ['createUser'],
      write: true,
      unionMessage: ROLE_DENIED,
      run: (c) =>
        call(
          c,
          `mutation($input: CreateUserInput!) { createUser(input: $input) { __typename ... on UserActivation { user { role } activation { code } } ... on Error { message } } }`,
          {
            input: {
              role: 'STATION_STAFF',
              displayName: 'New staff',
              email: `new-${unique()}@test.cn`,
              stationCode: stationOf('A').code,
            },
          },
        ),
      allowed: (d, _c, ch) => {
        expect(d.createUser.user.role).toBe('STATION_STAFF');
        expect(ch!.after.users).toBe(ch!.before.users + 1);
      },
    },
    {
      name: 'createUser (city manager of BJ)',
      expect: by(N, N, U, N, Y),
      deniedAt: ['createUser'],
      write: true,
      unionMessage: ROLE_DENIED,
      run: (c) =>
        call(
          c,
          `mutation($input: CreateUserInput!) { createUser(input: $input) { __typename ... on UserActivation { user { role } } ... on Error { message } } }`,
          {
            input: { role: 'CITY_MANAGER', displayName: 'BJ manager', email: `bj-${unique()}@test.cn`, cityCode: 'BJ' },
          },
        ),
      allowed: (d) => expect(d.createUser.user.role).toBe('CITY_MANAGER'),
    },
    accountOp(
      `updateUser (staff at ${AT.A})`,
      'mutation($id: ID!) { updateUser(id: $id, input: { displayName: "Renamed" }) { __typename ... on User { displayName } ... on Error { message } } }',
      'updateUser',
      (r) => expect(r).toEqual({ __typename: 'User', displayName: 'Renamed' }),
    ),
    accountOp(
      `resetUserPassword (staff at ${AT.A})`,
      'mutation($id: ID!) { resetUserPassword(id: $id) { __typename ... on UserActivation { user { state } } ... on Error { message } } }',
      'resetUserPassword',
      (r) => expect(r).toEqual({ __typename: 'UserActivation', user: { state: 'PENDING' } }),
    ),
    accountOp(
      `deactivateUser (staff at ${AT.A})`,
      'mutation($id: ID!) { deactivateUser(id: $id, reason: "authorization test") { __typename ... on User { state } ... on Error { message } } }',
      'deactivateUser',
      (r) => expect(r).toEqual({ __typename: 'User', state: 'DEACTIVATED' }),
    ),
    accountOp(
      `reactivateUser (staff at ${AT.A})`,
      'mutation($id: ID!) { reactivateUser(id: $id) { __typename ... on User { state } ... on Error { message } } }',
      'reactivateUser',
      (r) => expect(r).toEqual({ __typename: 'User', state: 'ACTIVE' }),
      async () =>
        void (await t.db.db
          .updateTable('app_user')
          .set({ deactivated_at: t.clock.now, deactivation_reason: 'prepared' })
          .where('id', '=', fx.target)
          .execute()),
    ),
    {
      name: 'activateAccount (a wrong code)',
      expect: by(Y, Y, Y, Y, Y),
      deniedAt: ['activateAccount'],
      run: (c) =>
        call(
          c,
          'mutation { activateAccount(code: "0000-0000-0000", password: "x") { __typename ... on InputError { field } } }',
        ),
      allowed: (d) => expect(d.activateAccount).toEqual({ __typename: 'InputError', field: 'code' }),
    },
    {
      name: 'changePassword (a wrong current password)',
      expect: by(N, Y, Y, Y, Y),
      deniedAt: ['changePassword'],
      run: (c) =>
        call(
          c,
          'mutation { changePassword(currentPassword: "wrong-one", newPassword: "quiet-ferry-nine-lanterns") { __typename ... on InputError { field } } }',
        ),
      allowed: (d) => expect(d.changePassword).toEqual({ __typename: 'InputError', field: 'currentPassword' }),
    },
    ...(['B', 'C'] as StationKey[]).map((k): Op => ({
      name: `decommissionStation at ${AT[k]}`,
      expect: { A: MANAGE, B: MANAGE, C: by(N, N, U, N, Y) }[k],
      deniedAt: ['decommissionStation'],
      write: true,
      unionMessage: ROLE_DENIED,
      run: (c) =>
        call(
          c,
          'mutation($code: String!) { decommissionStation(code: $code, reason: "authorization test") { __typename ... on Station { code } ... on Error { message } } }',
          { code: stationOf(k).code },
        ),
      allowed: (d) => expect(d.decommissionStation).toEqual({ __typename: 'Station', code: stationOf(k).code }),
      restore: async () =>
        void (await t.db.db
          .updateTable('station')
          .set({ decommissioned_at: null, decommission_reason: null })
          .where('id', '=', stationOf(k).id)
          .execute()),
    })),
    {
      name: `recommissionStation at ${AT.B}`,
      expect: MANAGE,
      deniedAt: ['recommissionStation'],
      write: true,
      unionMessage: ROLE_DENIED,
      prepare: async () =>
        void (await t.db.db
          .updateTable('station')
          .set({ decommissioned_at: t.clock.now, decommission_reason: 'prepared' })
          .where('id', '=', stationOf('B').id)
          .execute()),
      run: (c) =>
        call(
          c,
          'mutation($code: String!) { recommissionStation(code: $code) { __typename ... on Station { code } ... on Error { message } } }',
          { code: stationOf('B').code },
        ),
      allowed: (d) => expect(d.recommissionStation).toEqual({ __typename: 'Station', code: stationOf('B').code }),
      restore: async () =>
        void (await t.db.db
          .updateTable('station')
          .set({ decommissioned_at: null, decommission_reason: null })
          .where('id', '=', stationOf('B').id)
          .execute()),
    },
    {
      name: 'stations(decommissioned: true, cityCode: SH)',
      expect: by(N, N, Y, N, Y),
      deniedAt: ['stations'],
      run: (c) => call(c, '{ stations(decommissioned: true, cityCode: "SH") { totalCount } }'),
      allowed: (d) => expect(d.stations.totalCount).toBe(0),
    },
    {
      name: 'importJobs',
      expect: by(N, N, Y, N, Y),
      deniedAt: ['importJobs'],
      run: (c) => call(c, '{ importJobs(first: 5) { edges { node { id } } } }'),
      allowed: (d) => expect(d.importJobs.edges).toEqual([]),
    },
    {
      name: 'auditLog',
      expect: by(N, N, Y, N, Y),
      deniedAt: ['auditLog'],
      run: (c) => call(c, '{ auditLog(first: 50) { edges { node { action cityCode } } } }'),
      // The matrix has written entries by now; a manager reads only those recorded for SH.
      allowed: (d, c) => {
        if (c === 'CITY_MANAGER')
          expect(d.auditLog.edges.every((e: { node: { cityCode: string } }) => e.node.cityCode === 'SH')).toBe(true);
      },
    },
    {
      name: 'importJob(id: 999999)',
      expect: by(N, N, Y, N, Y),
      deniedAt: ['importJob'],
      run: (c) => call(c, '{ importJob(id: 999999) { id } }'),
      allowed: (d) => expect(d.importJob).toBeNull(),
    },
    {
      name: 'applyImport(dryRunId: 999999)',
      expect: by(N, N, Y, N, Y),
      deniedAt: ['applyImport'],
      run: (c) => call(c, 'mutation { applyImport(dryRunId: 999999) { __typename } }'),
      allowed: (d) => expect(d.applyImport.__typename).toBe('NotFoundError'),
    },
    {
      name: 'takeActivationCodes(importId: 999999)',
      expect: by(N, N, Y, N, Y),
      deniedAt: ['takeActivationCodes'],
      run: (c) => call(c, 'mutation { takeActivationCodes(importId: 999999) { __typename } }'),
      allowed: (d) => expect(d.takeActivationCodes.__typename).toBe('NotFoundError'),
    },
    ...(['A', 'C'] as StationKey[]).map((k): Op => ({
      name: `issueActivationCodes at ${AT[k]}`,
      expect: { A: MANAGE, B: MANAGE, C: by(N, N, U, N, Y) }[k],
      deniedAt: ['issueActivationCodes'],
      unionMessage: ROLE_DENIED,
      run: (c) =>
        call(
          c,
          'mutation($s: String!) { issueActivationCodes(stationCode: $s) { __typename ... on ActivationCodeSheet { codes { code } } ... on Error { message } } }',
          { s: stationOf(k).code },
        ),
      allowed: (d) => expect(d.issueActivationCodes.__typename).toBe('ActivationCodeSheet'),
    })),
    ...(['A', 'C'] as StationKey[]).map((k): Op => ({
      name: `createPairingCode at ${AT[k]}`,
      expect: { A: by(N, Y, Y, U, Y), B: by(N, U, Y, U, Y), C: by(N, U, U, U, Y) }[k],
      deniedAt: ['createPairingCode'],
      write: true,
      unionMessage: ROLE_DENIED,
      run: (c) =>
        call(
          c,
          'mutation($s: String!) { createPairingCode(stationCode: $s) { __typename ... on PairingCode { code } ... on Error { message } } }',
          { s: stationOf(k).code },
        ),
      allowed: (d) => expect(d.createPairingCode.code).toMatch(/^\d{8}$/),
    })),
    ...(['A', 'C'] as StationKey[]).map((k): Op => ({
      name: `devices(stationCode) of ${AT[k]}`,
      expect: { A: by(N, Y, Y, N, Y), B: by(N, N, Y, N, Y), C: by(N, N, N, N, Y) }[k],
      deniedAt: ['devices'],
      run: (c) =>
        call(c, 'query($s: String) { devices(stationCode: $s) { edges { node { name } } } }', { s: stationOf(k).code }),
      allowed: (d) => expect(Array.isArray(d.devices.edges)).toBe(true),
    })),
    ...(['A', 'C'] as StationKey[]).map((k): Op => {
      const dev = { id: 0 };
      return {
        name: `revokeDevice of a device at ${AT[k]}`,
        expect: { A: by(N, Y, Y, U, Y), B: by(N, U, Y, U, Y), C: by(N, U, U, U, Y) }[k],
        deniedAt: ['revokeDevice'],
        write: true,
        unionMessage: ROLE_DENIED,
        prepare: async () => {
          dev.id = (
            await t.db.db
              .insertInto('counter_device')
              .values({ station_id: stationOf(k).id, name: 'authz', secret_hash: `authz-${unique()}` })
              .returning('id')
              .executeTakeFirstOrThrow()
          ).id;
        },
        run: (c) =>
          call(
            c,
            'mutation($id: Int!) { revokeDevice(id: $id) { __typename ... on CounterDevice { id revokedAt } ... on Error { message } } }',
            { id: dev.id },
          ),
        allowed: (d) => expect(d.revokeDevice).toMatchObject({ __typename: 'CounterDevice', id: dev.id }),
      };
    }),
    {
      name: 'pairDevice (a wrong code)',
      expect: by(Y, Y, Y, Y, Y),
      deniedAt: ['pairDevice'],
      run: (c) =>
        call(c, 'mutation { pairDevice(code: "00000000", name: "x") { __typename ... on InputError { field } } }'),
      allowed: (d) => expect(d.pairDevice).toEqual({ __typename: 'InputError', field: 'code' }),
    },
    {
      name: 'currentDevice (no device header)',
      expect: by(Y, Y, Y, Y, Y),
      deniedAt: ['currentDevice'],
      run: (c) => call(c, '{ currentDevice { id } }'),
      allowed: (d) => expect(d.currentDevice).toBeNull(),
    },
  ];
}

/** voidDropOff of an entry the admin logs just before the call, with the clock then advanced by `ageMs`. */
function voidOp(name: string, k: StationKey, e: Record<Caller, Outcome>, ageMs: number): Op {
  const saved = { now: new Date(0), id: '' };
  return {
    name,
    expect: e,
    deniedAt: ['voidDropOff'],
    write: true,
    prepare: async () => {
      saved.id = await logOne(k);
      saved.now = t.clock.now;
      t.clock.now = new Date(saved.now.getTime() + ageMs);
    },
    run: (c) =>
      call(
        c,
        `mutation($id: ID!) { voidDropOff(id: $id, reason: "authorization test") { __typename
        ... on DropOff { id voided } ... on Error { message } } }`,
        { id: saved.id },
      ),
    allowed: (d, _c, ch) => {
      expect(d.voidDropOff).toEqual({ __typename: 'DropOff', id: saved.id, voided: true });
      expect(ch!.after.voided).toBe(ch!.before.voided + 1);
    },
    restore: async () => void (t.clock.now = saved.now),
  };
}

beforeAll(async () => {
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
  const joined = ok(await t.gql('mutation { joinAsMember { memberCode secret token } }')).joinAsMember;
  fx.member = { code: joined.memberCode, secret: joined.secret, token: joined.token };
  for (const [k, s] of Object.entries({ A, B, C }) as [StationKey, typeof A][]) {
    const gid = ok(await t.gql('query($c: String!) { station(code: $c) { id } }', { c: s.code })).station.id;
    fx.station[k] = { id: s.id, code: s.code, gid };
    fx.dropOff[k] = await logOne(k);
  }
});
afterAll(() => t.close());

const OUTCOME_LABEL = (o: Outcome, op: Op) =>
  o === 'allowed'
    ? 'allowed'
    : o === 'union'
      ? 'denied (ForbiddenError in the union)'
      : `denied (FORBIDDEN at ${op.deniedAt.join('.')})`;
// Rows as tuples: '%s' prints the whole title ('$title' of an object row is cut at 40 characters).
const CASES = OPS.flatMap((op) =>
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
    expect(CASES).toHaveLength(OPS.length * CALLERS.length);
  });

  it.each(CASES)('%s', async (_title, op, caller, outcome) => {
    let r: GqlResult<Answer>;
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
      expect(r.data[root]).toEqual({
        __typename: 'ForbiddenError',
        message: expect.stringMatching(op.unionMessage ?? /void/),
      });
    } else {
      expect(r.errors?.map((e) => ({ code: e.extensions?.code, path: e.path }))).toEqual([
        { code: 'FORBIDDEN', path: op.deniedAt },
      ]);
      if (op.deniesFieldOnly) expect(r.data?.[root]?.[op.deniedAt[1]!]).toBeNull();
      else expect(r.data?.[root] ?? null).toBeNull();
    }
    if (after) expect(after).toEqual(before);
  });
});

// ---- Green points (issue 15): members, vouchers, campaigns, figures. -----------------------------
function POINTS_OPS(): Op[] {
  const ISSUE = `mutation($key: String!) { issueVoucher(idempotencyKey: $key) { __typename
    ... on IssueVoucherPayload { replayed voucher { points code } } ... on Error { message } } }`;
  /** Credits the member 10 points × n (admin logs n reused boxes at A with the member code). */
  const earn = async (n: number) => {
    const input = {
      stationCode: fx.station.A.code,
      items: [
        {
          idempotencyKey: `authz-${unique()}`,
          materialCode: 'BOX_M',
          outcome: 'REUSED',
          quantity: n,
          memberCode: fx.member.code,
        },
      ],
    };
    expect(ok(await call('ADMIN', LOG, { input })).logDropOffs.accepted).toBe(1);
  };
  const voucher = { code: '' };
  return [
    {
      name: 'pointsCampaigns (public fields)',
      expect: by(Y, Y, Y, Y, Y, Y),
      deniedAt: ['pointsCampaigns'],
      run: (c) => call(c, '{ pointsCampaigns { code voucherPoints rates { materialCode outcome pointsPerItem } } }'),
      allowed: (d) => expect(d.pointsCampaigns[0]).toMatchObject({ code: 'AUTHZ', voucherPoints: 50 }),
    },
    {
      name: 'pointsCampaigns{budget}',
      expect: by(N, Y, Y, Y, Y, N),
      deniedAt: ['pointsCampaigns', 0, 'budget'],
      run: (c) => call(c, '{ pointsCampaigns { code budget { total issued } } }'),
      allowed: (d) => expect(d.pointsCampaigns[0].budget.total).toBe(1000),
    },
    {
      name: 'member',
      expect: by(Y, Y, Y, Y, Y, Y),
      deniedAt: ['member'],
      run: (c) => call(c, '{ member { memberCode balance } }'),
      allowed: (d, c) => expect(d.member?.memberCode ?? null).toBe(c === 'MEMBER' ? fx.member.code : null),
    },
    {
      name: 'joinAsMember',
      expect: by(Y, Y, Y, Y, Y, Y),
      deniedAt: ['joinAsMember'],
      write: true,
      run: (c) => call(c, 'mutation { joinAsMember { memberCode secret } }'),
      allowed: (d) => expect(d.joinAsMember.secret).toMatch(/^\w{4}-/),
    },
    {
      name: "memberSignIn (the member's code and secret)",
      expect: by(Y, Y, Y, Y, Y, Y),
      deniedAt: ['memberSignIn'],
      write: true,
      run: (c) =>
        call(c, 'mutation($c: String!, $s: String!) { memberSignIn(memberCode: $c, secret: $s) { memberCode } }', {
          c: fx.member.code,
          s: fx.member.secret,
        }),
      allowed: (d) => expect(d.memberSignIn.memberCode).toBe(fx.member.code),
    },
    {
      name: `logDropOffs with a member code at ${AT.A}`,
      expect: by(N, Y, N, N, Y, N),
      deniedAt: ['logDropOffs'],
      write: true,
      run: (c) =>
        call(c, LOG, {
          input: {
            stationCode: fx.station.A.code,
            items: [
              {
                idempotencyKey: `authz-${unique()}`,
                materialCode: 'BOX_S',
                outcome: 'REUSED',
                quantity: 1,
                memberCode: fx.member.code,
              },
            ],
          },
        }),
      allowed: (d, _c, ch) => {
        expect(d.logDropOffs).toMatchObject({ __typename: 'LogDropOffsPayload', accepted: 1 });
        expect(ch!.after.dropOffs).toBe(ch!.before.dropOffs + 1);
      },
    },
    {
      name: "issueVoucher (the member's points)",
      expect: by(N, N, N, N, N, Y),
      deniedAt: ['issueVoucher'],
      write: true,
      prepare: () => earn(5),
      run: (c) => call(c, ISSUE, { key: `authz-voucher-${unique()}` }),
      allowed: (d) =>
        expect(d.issueVoucher).toMatchObject({
          __typename: 'IssueVoucherPayload',
          replayed: false,
          voucher: { points: 50 },
        }),
    },
    {
      name: `redeemVoucher at ${AT.A}`,
      expect: by(N, Y, N, N, Y, N),
      deniedAt: ['redeemVoucher'],
      write: true,
      prepare: async () => {
        await earn(5);
        voucher.code = ok(await call('MEMBER', ISSUE, { key: `authz-voucher-${unique()}` })).issueVoucher.voucher.code;
      },
      run: (c) =>
        call(
          c,
          `mutation($code: String!, $s: String!) { redeemVoucher(code: $code, stationCode: $s) { __typename
        ... on Voucher { redeemedAtStation } ... on Error { message } } }`,
          { code: voucher.code, s: fx.station.A.code },
        ),
      allowed: (d) => expect(d.redeemVoucher).toEqual({ __typename: 'Voucher', redeemedAtStation: fx.station.A.code }),
    },
    {
      name: 'createPointsCampaign',
      expect: by(N, N, N, N, Y, N),
      deniedAt: ['createPointsCampaign'],
      write: true,
      run: (c) =>
        call(
          c,
          `mutation($input: PointsCampaignInput!) { createPointsCampaign(input: $input) { __typename ... on PointsCampaign { code } ... on Error { message } } }`,
          {
            input: {
              code: `AUTHZ-${++seq}`,
              nameZh: '授权',
              nameEn: 'Authz',
              startsOn: '2027-01-01',
              endsOn: '2027-01-31',
              memberDailyCap: 100,
              stationDailyCap: 1000,
              voucherPoints: 50,
              voucherValue: 5,
              voucherBudget: 100,
              rates: [{ materialCode: 'BOX_M', outcome: 'REUSED', pointsPerItem: 10 }],
            },
          },
        ),
      allowed: (d) => expect(d.createPointsCampaign.__typename).toBe('PointsCampaign'),
    },
    {
      name: 'findStations (public finder)',
      expect: by(Y, Y, Y, Y, Y, Y),
      deniedAt: ['findStations'],
      run: (c) =>
        call(c, '{ findStations(lat: 31.2304, lng: 121.4737, acceptingOnly: false) { code distanceKm binFill } }'),
      allowed: (d) =>
        expect(d.findStations.map((s: { code: string }) => s.code)).toEqual(
          expect.arrayContaining([fx.station.A.code, fx.station.B.code]),
        ),
    },
    {
      name: 'cityDistricts(SH)',
      expect: by(Y, Y, Y, Y, Y, Y),
      deniedAt: ['cityDistricts'],
      run: (c) => call(c, '{ cityDistricts(cityCode: "SH") { name stations } }'),
      allowed: (d) => expect(d.cityDistricts.length).toBeGreaterThanOrEqual(1),
    },
    ...(['SH', 'BJ', null] as const).map((city): Op => ({
      name: `pointsSummary(cityCode: ${city})`,
      expect: CITY_READ[String(city)]!,
      deniedAt: ['pointsSummary'],
      run: (c) =>
        call(c, 'query($city: String) { pointsSummary(cityCode: $city) { cityCode membersReached pointsCredited } }', {
          city,
        }),
      allowed: (d) => expect(d.pointsSummary.cityCode).toBe(city),
    })),
    ...(['SH', null] as const).map((city): Op => ({
      name: `flaggedMembers(cityCode: ${city})`,
      expect: CITY_READ[String(city)]!,
      deniedAt: ['flaggedMembers'],
      run: (c) => call(c, 'query($city: String) { flaggedMembers(cityCode: $city) { memberCode } }', { city }),
      allowed: (d) => expect(Array.isArray(d.flaggedMembers)).toBe(true),
    })),
  ];
}

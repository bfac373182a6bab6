// The authorization matrix's operations (matrix.ts runs them): the Op type, op() that types a
// case's answer from its document, the expected outcomes shared by several domains, and the
// operations built the same way for each station (reads of station fields, voids).
import { expect } from 'vitest';
import type { GqlResult } from '../../helpers/app.ts';
import { graphql, type ResultOf, type TadaDocumentNode, type VariablesOf } from '../../../web/src/lib/graphql.ts';
import {
  AT,
  by,
  call,
  type Caller,
  fx,
  logOne,
  N,
  type Outcome,
  type Snapshot,
  type StationKey,
  t,
  U,
  unique,
  Y,
} from './fixture.ts';

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

const VOID_DROP_OFF = graphql(
  'mutation ($id: ID!) { voidDropOff(id: $id, reason: "authorization test") { __typename ... on DropOff { id voided } ... on Error { message } } }',
);

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

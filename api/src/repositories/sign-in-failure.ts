// Failed sign-ins are audit entries (action "<kind>:failed", the login as entity id, the client
// address in `after`); these queries count them for the throttle (domain/sign-in.ts). Person
// sign-in (entity "email") and member sign-in (entity "consumer") are counted apart.
import { sql } from 'kysely';
import type { Db } from './db.ts';
import type { RecentFailures } from '../domain/sign-in.ts';

/**
 * Which failures count: e.g. { failedAction: 'signIn:failed', entity: 'email' }. Constants of the
 * code, sent as literals so the planner can use the partial index on each action's addresses.
 */
export interface FailureKind {
  failedAction: string;
  entity: string;
}

/**
 * Serializes sign-in attempts for one login and for one address until the transaction ends, so
 * parallel guesses are counted one after another (two advisory locks, always taken in this order).
 */
export async function lockSignInKeys(trx: Db, kind: FailureKind, login: string, address: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(9001, hashtext(${`${kind.entity}:${login}`})), pg_advisory_xact_lock(9002, hashtext(${address}))`.execute(
    trx,
  );
}

/** Failures since `since` for the (login, address) pair, the address and the login. */
export async function recentSignInFailures(
  db: Db,
  kind: FailureKind,
  login: string,
  address: string,
  since: Date,
): Promise<RecentFailures> {
  const { rows } = await sql<{
    pair: string;
    pair_last: Date | null;
    address: string;
    address_last: Date | null;
    account: string;
    account_last: Date | null;
  }>`
    select count(*) filter (where entity_id = ${login} and after->>'address' = ${address}) as pair,
           max(at) filter (where entity_id = ${login} and after->>'address' = ${address}) as pair_last,
           count(*) filter (where after->>'address' = ${address}) as address,
           max(at) filter (where after->>'address' = ${address}) as address_last,
           count(*) filter (where entity_id = ${login}) as account,
           max(at) filter (where entity_id = ${login}) as account_last
    from audit_entry
    where action = ${sql.lit(kind.failedAction)} and entity = ${sql.lit(kind.entity)} and at >= ${since}
      and (entity_id = ${login} or after->>'address' = ${address})`.execute(db);
  const r = rows[0]!;
  const at = (d: Date | string | null) => (d === null ? null : new Date(d));
  return {
    pair: { count: Number(r.pair), last: at(r.pair_last) },
    address: { count: Number(r.address), last: at(r.address_last) },
    account: { count: Number(r.account), last: at(r.account_last) },
  };
}

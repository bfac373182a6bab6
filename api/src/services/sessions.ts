// Ending a person's sessions at once. Every token carries the account's session version when it
// was signed (claim "sv"); every request compares it with the account's current version and
// state. Every account change that must take effect at once (deactivation, password change or
// reset, activation, a new role or station) calls endSessionsOf inside its transaction.
//
// The check reads one small row per person, cached per process for at most 30 s; the process that
// ends the sessions forgets its entry, so there it is immediate, and other API processes follow
// within 30 s. Green-points members work the same way on their own table (consumer), keyed apart.
// The forgetting happens inside the ending transaction, before its commit: a request checked in
// between (the page's own last requests as it signs out) reads the old row. It must not be cached,
// or the ended token would pass for 30 s more: until a read shows the new version, none is kept.
import { sql, type Kysely } from 'kysely';
import type { Database } from '@recycle/db';
import { UnauthenticatedError } from '../domain/errors.ts';
import type { Viewer } from '../domain/viewer.ts';
import { msg } from '../domain/messages.ts';
import type { MemberViewer } from '../auth/member-token.ts';

type Db = Kysely<Database>;
export const SESSION_CHECK_TTL_MS = 30_000;

interface AccountSession {
  version: number;
  deactivated: boolean;
  at: number;
}
/** Cache keys: `u<id>` for a staff account (app_user), `m<id>` for a member (consumer). */
type SessionKey = `u${number}` | `m${number}`;
const cache = new WeakMap<Db, Map<SessionKey, AccountSession>>();
const entries = (db: Db) => cache.get(db) ?? (cache.set(db, new Map()), cache.get(db)!);

/** Ends every session of `userId`: tokens signed before this call are refused from now on. */
export async function endSessionsOf(trx: Db, userId: number): Promise<void> {
  const bumped = sql<{ v: number }>`update app_user set session_version = session_version + 1
    where id = ${userId} returning session_version as v`;
  // The transaction's handle is not the app's: forget the person in every cache this process holds.
  ending(`u${userId}`, (await bumped.execute(trx)).rows[0]?.v);
}

/** Ends every session of a green-points member (all their phones). */
export async function endMemberSessionsOf(trx: Db, consumerId: number): Promise<void> {
  const bumped = sql<{ v: number }>`update consumer set session_version = session_version + 1
    where id = ${consumerId} returning session_version as v`;
  ending(`m${consumerId}`, (await bumped.execute(trx)).rows[0]?.v);
}

/**
 * Sessions being ended: the version a read must show before it may be cached (until then the
 * ending transaction may not have committed). Kept 10 minutes at most: after a rollback reads show
 * the old version for good, and are simply not cached until then.
 */
const awaited = new Map<SessionKey, { version: number; until: number }>();
const AWAIT_COMMIT_MS = 10 * 60_000;

function ending(key: SessionKey, version: number | undefined): void {
  if (version !== undefined) awaited.set(key, { version, until: performance.now() + AWAIT_COMMIT_MS });
  forgetEverywhere(key);
}

const known = new Set<WeakRef<Map<SessionKey, AccountSession>>>();
function forgetEverywhere(key: SessionKey) {
  for (const ref of known) {
    const m = ref.deref();
    if (m) m.delete(key);
    else known.delete(ref);
  }
}

/** The account's current session version (for signing a token after endSessionsOf). */
export async function sessionVersionOf(db: Db, userId: number): Promise<number> {
  const r = await db.selectFrom('app_user').select('session_version').where('id', '=', userId).executeTakeFirst();
  return r?.session_version ?? 0;
}

/** The cached session state of `key`, read again after SESSION_CHECK_TTL_MS. */
async function sessionState(
  db: Db,
  key: SessionKey,
  read: () => Promise<{ session_version: number; deactivated: boolean } | undefined>,
  now: number,
): Promise<AccountSession> {
  const map = entries(db);
  if (map.size === 0) known.add(new WeakRef(map));
  let s = map.get(key);
  if (!s || now - s.at > SESSION_CHECK_TTL_MS) {
    const row = await read();
    s = { version: row?.session_version ?? -1, deactivated: !row || row.deactivated, at: now };
    const wait = awaited.get(key);
    // Read before the ending transaction committed: right for this request, not to be kept.
    if (wait && s.version < wait.version && performance.now() < wait.until) return s;
    if (wait) awaited.delete(key);
    map.set(key, s);
  }
  return s;
}

/** Refuses a person's token whose sessions were ended or whose account is deactivated (or gone). */
export async function checkSession(db: Db, viewer: Viewer, now = performance.now()): Promise<void> {
  if (viewer.userId === null) return;
  const id = viewer.userId;
  const s = await sessionState(
    db,
    `u${id}`,
    async () => {
      const row = await db
        .selectFrom('app_user')
        .select(['session_version', 'deactivated_at'])
        .where('id', '=', id)
        .executeTakeFirst();
      return row && { session_version: row.session_version, deactivated: row.deactivated_at !== null };
    },
    now,
  );
  if (s.deactivated) throw new UnauthenticatedError(msg('auth.deactivated'));
  if ((viewer.sessionVersion ?? 0) !== s.version) throw new UnauthenticatedError(msg('auth.sessionEnded'));
}

/** Refuses a member token signed before the member signed out everywhere (or of a member that is gone). */
export async function checkMemberSession(db: Db, member: MemberViewer, now = performance.now()): Promise<void> {
  const s = await sessionState(
    db,
    `m${member.consumerId}`,
    async () => {
      const row = await db
        .selectFrom('consumer')
        .select('session_version')
        .where('id', '=', member.consumerId)
        .executeTakeFirst();
      return row && { session_version: row.session_version, deactivated: false };
    },
    now,
  );
  if (s.deactivated) throw new UnauthenticatedError(msg('member.unknown'));
  if (member.sessionVersion !== s.version) throw new UnauthenticatedError(msg('member.signedOutEverywhere'));
}

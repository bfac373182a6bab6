// Every write leaves an audit entry: who, what, when, before and after.
import { sql } from 'kysely';
import type { Db } from './db.ts';

export interface AuditInput {
  actorId: number | null;
  /** Default: the database's now(). Writes pass the app clock where rules compare against it. */
  at?: Date;
  action: string;
  entity: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
  requestId?: string | null;
  /** The counter device that acted (with or without a person signed in on it). */
  deviceId?: number | null;
  /** The city the entry belongs to, so the city's manager can read it. */
  cityCode?: string | null;
}

export async function writeAudit(db: Db, e: AuditInput): Promise<void> {
  await db
    .insertInto('audit_entry')
    .values({
      actor_id: e.actorId,
      action: e.action,
      entity: e.entity,
      entity_id: e.entityId,
      before: e.before === undefined ? null : JSON.stringify(e.before),
      after: e.after === undefined ? null : JSON.stringify(e.after),
      request_id: e.requestId ?? null,
      device_id: e.deviceId ?? null,
      city_code: e.cityCode ?? null,
      ...(e.at ? { at: e.at } : {}),
    })
    .execute();
}

/** How many times `action` was recorded for one entity since `since` (e.g. failed sign-ins). */
export async function countAuditSince(
  db: Db,
  action: string,
  entity: string,
  entityId: string,
  since: Date,
): Promise<number> {
  const row = await db
    .selectFrom('audit_entry')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('action', '=', action)
    .where('entity', '=', entity)
    .where('entity_id', '=', entityId)
    .where('at', '>=', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface AuditFilter {
  /** Part of the actor's name, email or phone (case-insensitive). */
  actor: string | null;
  action: string | null;
  entity: string | null;
  entityId: string | null;
  from: Date | null;
  /** Exclusive. */
  to: Date | null;
  /** A city manager's scope: only entries recorded for this city. */
  cityCode: string | null;
}

/** Keyset position: `at` as PostgreSQL prints it (microseconds kept: a JS Date would drop them) and the id. */
export interface AuditKey {
  at: string;
  id: string;
}

/**
 * Newest first, keyset-paged on (at, id), which the audit_entry_at_idx index serves.
 * Example: listAuditEntries(db, { ...noFilter, action: 'updateStation' }, { limit: 51 })
 */
export function listAuditEntries(db: Db, f: AuditFilter, page: { after?: AuditKey; limit: number }) {
  const like = f.actor === null ? null : `%${f.actor.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return db
    .selectFrom('audit_entry')
    .leftJoin('app_user', 'app_user.id', 'audit_entry.actor_id')
    .select([
      'audit_entry.id',
      'audit_entry.at',
      'audit_entry.action',
      'audit_entry.entity',
      'audit_entry.entity_id',
      'audit_entry.before',
      'audit_entry.after',
      'audit_entry.actor_id',
      'audit_entry.device_id',
      'audit_entry.city_code',
      'audit_entry.request_id',
      'app_user.display_name as actor_name',
      'app_user.email as actor_email',
      'app_user.phone as actor_phone',
      sql<string>`audit_entry.at::text`.as('at_key'),
    ])
    .$if(f.cityCode !== null, (q) => q.where('audit_entry.city_code', '=', f.cityCode!))
    .$if(like !== null, (q) =>
      q.where((eb) =>
        eb.or([
          eb('app_user.display_name', 'ilike', like!),
          eb('app_user.email', 'ilike', like!),
          eb('app_user.phone', 'ilike', like!),
        ]),
      ),
    )
    .$if(f.action !== null, (q) => q.where('audit_entry.action', '=', f.action!))
    .$if(f.entity !== null, (q) => q.where('audit_entry.entity', '=', f.entity!))
    .$if(f.entityId !== null, (q) => q.where('audit_entry.entity_id', '=', f.entityId!))
    .$if(f.from !== null, (q) => q.where('audit_entry.at', '>=', f.from!))
    .$if(f.to !== null, (q) => q.where('audit_entry.at', '<', f.to!))
    .$if(page.after !== undefined, (q) =>
      q.where((eb) =>
        eb(
          eb.refTuple('audit_entry.at', 'audit_entry.id'),
          '<',
          eb.tuple(sql<Date>`cast(${page.after!.at} as timestamptz)`, sql<number>`cast(${page.after!.id} as bigint)`),
        ),
      ),
    )
    .orderBy('audit_entry.at', 'desc')
    .orderBy('audit_entry.id', 'desc')
    .limit(page.limit)
    .execute();
}

export type AuditRow = Awaited<ReturnType<typeof listAuditEntries>>[number];

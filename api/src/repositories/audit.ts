// Every write leaves an audit entry: who, what, when, before and after.
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
export async function countAuditSince(db: Db, action: string, entity: string, entityId: string, since: Date): Promise<number> {
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

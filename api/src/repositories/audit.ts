// Every write leaves an audit entry: who, what, when, before and after.
import type { Db } from './db.ts';

export interface AuditInput {
  actorId: number | null;
  action: string;
  entity: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
  requestId?: string | null;
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
    })
    .execute();
}

export function auditFor(db: Db, entity: string, entityId: string) {
  return db
    .selectFrom('audit_entry')
    .selectAll()
    .where('entity', '=', entity)
    .where('entity_id', '=', entityId)
    .orderBy('id', 'desc')
    .execute();
}

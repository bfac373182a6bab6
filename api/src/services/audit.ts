// Reading the audit log: the reader's scope (domain/audit.ts) and the window checked, then one
// keyset-paged query. (Writing entries is each write service's job, in its own transaction.)
import type { Context } from '../context.ts';
import { auditScope, checkAuditWindow } from '../domain/audit.ts';
import { listAuditEntries, type AuditFilter, type AuditKey, type AuditRow } from '../repositories/audit.ts';

export type { AuditKey, AuditRow };

/** `filter` as asked; the city is the reader's scope, never an argument. */
export function readAuditLog(
  ctx: Context,
  filter: Omit<AuditFilter, 'cityCode'>,
  page: { after?: AuditKey; limit: number },
): Promise<AuditRow[]> {
  const scope = auditScope(ctx.viewer);
  checkAuditWindow(filter.from, filter.to);
  return listAuditEntries(ctx.db, { ...filter, cityCode: scope.onlyCity }, page);
}

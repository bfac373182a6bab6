// Who reads which part of the audit log. Every entry about a city's stations, staff and devices is
// written with that city's code (audit_entry.city_code), so a city manager's view is exactly the
// entries of their city (their staff's sign-ins included). Entries without a city (failed sign-ins,
// admin and analyst accounts, import summaries, the factor sets) belong to the whole network:
// only admins read them.
import { ForbiddenError, InputError } from './errors.ts';
import type { Viewer } from './viewer.ts';
import { msg } from './messages.ts';

export interface AuditScope {
  /** null: every entry. */
  onlyCity: string | null;
}

export function auditScope(viewer: Viewer | null): AuditScope {
  if (viewer?.role === 'ADMIN') return { onlyCity: null };
  if (viewer?.role === 'CITY_MANAGER' && viewer.cityCode && viewer.userId !== null)
    return { onlyCity: viewer.cityCode };
  throw new ForbiddenError(msg('audit.forbidden'));
}

/** A time window must not end before it starts ("to" is exclusive, so from = to is empty but valid). */
export function checkAuditWindow(from: Date | null, to: Date | null): void {
  if (from && to && to.getTime() < from.getTime())
    throw InputError.of('to', msg('audit.toBeforeFrom', { from: from.toISOString() }));
}

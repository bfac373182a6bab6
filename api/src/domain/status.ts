// Station status as staff and managers see it. The stored status is what someone set (or the bin
// filling up); STALE is derived at read time, like a GBFS feed past its TTL.
export const STORED_STATUSES = ['OPEN', 'FULL', 'CLOSED', 'MAINTENANCE'] as const;
export type StoredStatus = (typeof STORED_STATUSES)[number];
export const EFFECTIVE_STATUSES = [...STORED_STATUSES, 'STALE'] as const;
export type EffectiveStatus = (typeof EFFECTIVE_STATUSES)[number];

export const STALE_AFTER_MS = 24 * 60 * 60 * 1000;

/**
 * A station that should be reporting (OPEN or FULL) but has reported nothing for 24 h is STALE.
 * A CLOSED or MAINTENANCE station is silent on purpose, so it keeps its status.
 * Example: effectiveStatus('OPEN', new Date('2026-11-20'), new Date('2026-11-25')) === 'STALE'
 */
export function effectiveStatus(stored: StoredStatus, lastReportedAt: Date | null, now: Date): EffectiveStatus {
  if (stored === 'CLOSED' || stored === 'MAINTENANCE') return stored;
  if (!lastReportedAt || now.getTime() - lastReportedAt.getTime() > STALE_AFTER_MS) return 'STALE';
  return stored;
}

/** Bin fill as a share of capacity, 0..(can exceed 1 when staff keep taking items in). */
export function binFill(binItems: number, capacity: number): number {
  return capacity > 0 ? Math.round((binItems / capacity) * 1000) / 1000 : 0;
}

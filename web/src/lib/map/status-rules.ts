// Status derivation on the client, the twin of api/src/domain/status.ts: after a manager sets a
// status the map shows the new effective status at once, before the next refresh.
import type { SchemaType } from '../graphql.ts';
import type { EffectiveStatus } from '../status.ts';

export type OperatingStatus = SchemaType<'OperatingStatus'>;
export const OPERATING_STATUSES: readonly OperatingStatus[] = ['OPEN', 'FULL', 'CLOSED', 'MAINTENANCE'];

export const STALE_AFTER_MS = 24 * 3600_000;

/**
 * OPEN and FULL stations that reported nothing for 24 h are STALE; CLOSED and MAINTENANCE are silent
 * on purpose and keep their status.
 * Example: effectiveStatus('OPEN', '2026-11-20T00:00:00Z', new Date('2026-11-25')) === 'STALE'
 */
export function effectiveStatus(stored: OperatingStatus, lastReportedAt: string | null, now: Date): EffectiveStatus {
  if (stored === 'CLOSED' || stored === 'MAINTENANCE') return stored;
  if (!lastReportedAt || now.getTime() - Date.parse(lastReportedAt) > STALE_AFTER_MS) return 'STALE';
  return stored;
}

/** How full a bin is, for the gauge: 'ok' under 70 %, 'high' under 100 %, 'full' from 100 %. */
export function binLevel(fraction: number): 'ok' | 'high' | 'full' {
  if (fraction >= 1) return 'full';
  return fraction >= 0.7 ? 'high' : 'ok';
}

/** Milliseconds a needs-action station has waited, for "sorted by how long" and its label. */
export function waitedMs(since: string, now: Date): number {
  return Math.max(0, now.getTime() - Date.parse(since));
}

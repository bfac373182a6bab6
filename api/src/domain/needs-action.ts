// What puts a station in the needs-action queue, and how the queue can be ordered. Pure.
//   FULL    its status is FULL (and it reported within 24 h)
//   STALE   OPEN or FULL with nothing reported for 24 h
//   BIN_80  its bin holds at least 80% of its capacity, whatever its status: a pickup is due soon
import { msg, type Message } from './messages.ts';
export const NEEDS_ACTION_KINDS = ['FULL', 'STALE', 'BIN_80'] as const;
export type NeedsActionKind = (typeof NEEDS_ACTION_KINDS)[number];

/** The queue without a filter: what "needs action" has always meant. */
export const DEFAULT_KINDS: readonly NeedsActionKind[] = ['FULL', 'STALE'];

/** WAITING: longest wait first. FILL: fullest bin first. Ties: by station code. */
export const NEEDS_ACTION_SORTS = ['WAITING', 'FILL'] as const;
export type NeedsActionSort = (typeof NEEDS_ACTION_SORTS)[number];

export const ACK_NOTE_MAX = 500;

/**
 * An acknowledgement belongs to the current wait: one made before the station started waiting
 * (before its last report or pickup) is about an earlier problem and is not shown in the queue.
 * Example: isCurrentAcknowledgement(new Date('2026-11-11T09:00Z'), new Date('2026-11-11T08:00Z')) === true
 */
export function isCurrentAcknowledgement(acknowledgedAt: Date, since: Date): boolean {
  return acknowledgedAt.getTime() >= since.getTime();
}

/** Trims the note; empty or too long is refused (null = fine). */
export function noteProblem(note: string): Message | null {
  const n = note.trim();
  if (!n) return msg('input.empty');
  if ([...n].length > ACK_NOTE_MAX) return msg('input.tooLong', { max: ACK_NOTE_MAX });
  return null;
}

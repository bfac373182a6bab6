// How each effective station status looks everywhere in the UI: a colour with enough contrast on
// white (WCAG AA for text), and a glyph so colour is never the only cue.
import type { SchemaType } from './graphql.ts';

/** The schema's StationStatus; STATUS_STYLE fails to compile when the schema gains one. */
export type EffectiveStatus = SchemaType<'StationStatus'>;
export const EFFECTIVE_STATUSES = [
  'OPEN',
  'FULL',
  'CLOSED',
  'MAINTENANCE',
  'STALE',
] as const satisfies readonly EffectiveStatus[];

export const STATUS_STYLE: Record<EffectiveStatus, { color: string; glyph: string; severity: number }> = {
  OPEN: { color: '#1a7f37', glyph: '●', severity: 0 },
  MAINTENANCE: { color: '#6941c6', glyph: '◆', severity: 1 },
  CLOSED: { color: '#475467', glyph: '■', severity: 2 },
  STALE: { color: '#b54708', glyph: '▲', severity: 3 },
  FULL: { color: '#b42318', glyph: '✖', severity: 4 },
};

// The 30-day sparkline: per-day totals (days with nothing logged are absent) filled to one value
// per day, and an SVG polyline for them. Pure.
import { addDays } from './filters.ts';

export interface DayValue {
  day: string;
  items: number;
}

/** One value per day from `from` to `to` inclusive, 0 where no row exists. */
export function fillDays(rows: readonly DayValue[], from: string, to: string): DayValue[] {
  const byDay = new Map(rows.map((r) => [r.day, r.items]));
  const out: DayValue[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push({ day: d, items: byDay.get(d) ?? 0 });
  return out;
}

/** "x,y x,y ..." for an SVG polyline of `width` × `height` (y grows down; max value at the top). */
export function sparkPoints(values: readonly number[], width: number, height: number): string {
  if (values.length === 0) return '';
  const max = Math.max(...values, 1);
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  return values.map((v, i) => `${round(i * step)},${round(height - (v / max) * height)}`).join(' ');
}

const round = (n: number) => Math.round(n * 10) / 10;

// The period of every read over totals: optional from/to in local days, checked once.
import { InputError } from './errors.ts';
import { addDays, daySpan, latestAcceptedDay, localDate, DEFAULT_TIMEZONE } from './time.ts';
import { msg } from './messages.ts';

/** The longest period any read (a report, its CSV, the dashboards) covers: a year and some margin. */
export const MAX_PERIOD_DAYS = 400;

/**
 * Resolves optional from/to (default: today, local time) and checks them: the Date scalar has
 * already refused impossible dates and years outside 2000-2099; here "to" may not be before
 * "from", the period may not exceed MAX_PERIOD_DAYS, and no day may be over a year after today.
 * Example: resolvePeriod(null, '2026-11-11', now) → { from: '2026-11-11', to: '2026-11-11' }
 */
export function resolvePeriod(from: string | null | undefined, to: string | null | undefined, now: Date) {
  // A 100-station page asks this 100 times with the same arguments and clock reading (one per
  // station's totals): the last accepted answer is given again. Checking each time was ~1.5% of the
  // page's CPU in a profile (0.18 ms a request, mostly addDays in latestAcceptedDay).
  if (from === lastResolved.from && to === lastResolved.to && now.getTime() === lastResolved.ms)
    return { ...lastResolved.period };
  const period = checkPeriod(from, to, now);
  lastResolved = { from, to, ms: now.getTime(), period };
  return { ...period };
}

let lastResolved: { from: unknown; to: unknown; ms: number; period: { from: string; to: string } } = {
  from: undefined,
  to: undefined,
  ms: NaN,
  period: { from: '', to: '' },
};

function checkPeriod(from: string | null | undefined, to: string | null | undefined, now: Date) {
  const today = localDate(now, DEFAULT_TIMEZONE);
  const latest = latestAcceptedDay(now);
  for (const [field, day] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (day && day > latest) throw InputError.of(field, msg('period.tooLate', { day, latest }));
  }
  const f = from ?? to ?? today;
  const t = to ?? (from ? today : f);
  if (f > t) throw InputError.of('from', msg('period.fromAfterTo', { from: f, to: t }));
  const span = daySpan(f, t);
  if (span > MAX_PERIOD_DAYS) throw InputError.of('to', msg('period.tooLong', { days: span, max: MAX_PERIOD_DAYS }));
  return { from: f, to: t };
}

/** ISO day of week, 1 (Monday) .. 7 (Sunday). */
const isoDow = (day: string) => ((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;

/**
 * Splits a period for reading station rollups: the ISO weeks (Monday..Sunday) it covers whole, read
 * from station_week_total by their Mondays, and the days at its edges outside them, read from
 * station_day_total. Example: splitWeeks('2026-10-20', '2026-11-11') →
 *   { weeks: { from: '2026-10-26', to: '2026-11-02' },
 *     days: [{ from: '2026-10-20', to: '2026-10-25' }, { from: '2026-11-09', to: '2026-11-11' }] }
 * (weeks.to is the last whole week's Monday: Nov 2-8). No whole week: weeks is null, days the period.
 */
export function splitWeeks(from: string, to: string): PeriodSplit {
  const firstMonday = addDays(from, (8 - isoDow(from)) % 7);
  const lastSunday = addDays(to, -(isoDow(to) % 7));
  if (firstMonday > lastSunday) return { weeks: null, days: [{ from, to }] };
  const days: DayRange[] = [];
  if (from < firstMonday) days.push({ from, to: addDays(firstMonday, -1) });
  if (lastSunday < to) days.push({ from: addDays(lastSunday, 1), to });
  return { weeks: { from: firstMonday, to: addDays(lastSunday, -6) }, days };
}

/** The Monday of a day's ISO week, as station_week_total keys it. Example: '2026-11-11' → '2026-11-09'. */
export function mondayOf(day: string): string {
  return addDays(day, 1 - isoDow(day));
}

export interface DayRange {
  from: string;
  to: string;
}

export interface PeriodSplit {
  /** The whole weeks' Mondays, first to last; null when the period holds no whole week. */
  weeks: DayRange | null;
  /** The days outside whole weeks (0, 1 or 2 ranges). */
  days: DayRange[];
}

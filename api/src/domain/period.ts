// The period of every read over totals: optional from/to in local days, checked once.
import { InputError } from './errors.ts';
import { daySpan, latestAcceptedDay, localDate, DEFAULT_TIMEZONE } from './time.ts';

/** The longest period any read (a report, its CSV, the dashboards) covers: a year and some margin. */
export const MAX_PERIOD_DAYS = 400;

/**
 * Resolves optional from/to (default: today, local time) and checks them: the Date scalar has
 * already refused impossible dates and years outside 2000-2099; here "to" may not be before
 * "from", the period may not exceed MAX_PERIOD_DAYS, and no day may be over a year after today.
 * Example: resolvePeriod(null, '2026-11-11', now) → { from: '2026-11-11', to: '2026-11-11' }
 */
export function resolvePeriod(from: string | null | undefined, to: string | null | undefined, now: Date) {
  const today = localDate(now, DEFAULT_TIMEZONE);
  const latest = latestAcceptedDay(now);
  for (const [field, day] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (day && day > latest) throw InputError.of(field, `is more than a year after today (${day} > ${latest})`);
  }
  const f = from ?? to ?? today;
  const t = to ?? (from ? today : f);
  if (f > t) throw InputError.of('from', `must not be after "to" (${f} > ${t})`);
  const span = daySpan(f, t);
  if (span > MAX_PERIOD_DAYS)
    throw InputError.of('to', `period is ${span} days, longer than the ${MAX_PERIOD_DAYS} allowed; split it`);
  return { from: f, to: t };
}

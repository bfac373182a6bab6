// Period arguments shared by every field that reads totals.
import { InputError } from '../domain/errors.ts';
import { daySpan, localDate, DEFAULT_TIMEZONE } from '../domain/time.ts';

export const MAX_PERIOD_DAYS = 400;

/** Resolves optional from/to (default: today, local time) and checks them. */
export function resolvePeriod(from: string | null | undefined, to: string | null | undefined, now: Date) {
  const today = localDate(now, DEFAULT_TIMEZONE);
  const f = from ?? to ?? today;
  const t = to ?? (from ? today : f);
  if (f > t) throw InputError.of('from', `must not be after "to" (${f} > ${t})`);
  if (daySpan(f, t) > MAX_PERIOD_DAYS) throw InputError.of('to', `period is longer than ${MAX_PERIOD_DAYS} days`);
  return { from: f, to: t };
}

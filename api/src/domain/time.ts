// Calendar days are the station's local days (all cities are Asia/Shanghai today, but the city
// row carries its timezone so the rules do not assume it).
import { msg, type Message } from './messages.ts';

const formatters = new Map<string, Intl.DateTimeFormat>();
// The last answer: a request asks for the day of its one clock reading (ctx.now) once per field that
// takes a period (200 times on a 100-station page), and Intl's format is a few microseconds each.
let last = { ms: NaN, timeZone: '', day: '' };

/** 'YYYY-MM-DD' of `at` in `timeZone`. Example: localDate(new Date('2026-11-10T17:00Z'), 'Asia/Shanghai') === '2026-11-11' */
export function localDate(at: Date, timeZone: string): string {
  const ms = at.getTime();
  if (ms === last.ms && timeZone === last.timeZone) return last.day;
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, f);
  }
  const day = f.format(at);
  last = { ms, timeZone, day };
  return day;
}

export const DEFAULT_TIMEZONE = 'Asia/Shanghai';

/** Whole days from `from` to `to` inclusive, both 'YYYY-MM-DD'. */
export function daySpan(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

// Input rules for days and instants, shared by the GraphQL scalars and the plain HTTP routes.
/** The earliest day or instant accepted anywhere (nothing was recycled here before). */
export const MIN_YEAR = 2000;
/** The scalars refuse years from here on; arguments also refuse anything over a year after today. */
export const MAX_YEAR = 2100;
export const MAX_DAYS_AHEAD = 366;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
// An explicit offset is required: "2026-11-11T10:00:00" alone would be read in the server's zone.
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):(\d{2}))$/i;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function calendarProblem(year: number, month: number, day: number): Message | null {
  if (year < MIN_YEAR || year >= MAX_YEAR) return msg('date.yearOutOfRange', { min: MIN_YEAR, max: MAX_YEAR - 1 });
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return msg('date.notReal');
  return null;
}

/**
 * Why `value` is not an accepted day "YYYY-MM-DD" (a coded message), or null when it is.
 * Example: dayProblem('2026-02-30')?.text === 'is not a real calendar date'
 */
export function dayProblem(value: unknown): Message | null {
  const m = typeof value === 'string' ? DAY.exec(value) : null;
  if (!m) return msg('date.badFormat', { value: String(JSON.stringify(value)) });
  return calendarProblem(Number(m[1]), Number(m[2]), Number(m[3]));
}

/**
 * Why `value` is not an accepted instant (ISO 8601 with "Z" or an offset such as "+08:00"), or null.
 * Example: instantProblem('2026-11-11T10:00:00') names the missing offset.
 */
export function instantProblem(value: unknown): Message | null {
  const shown = { value: String(JSON.stringify(value)) };
  const m = typeof value === 'string' ? INSTANT.exec(value) : null;
  if (!m) {
    return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T[\d:.]+$/.test(value)
      ? msg('instant.noOffset', shown)
      : msg('instant.badFormat', shown);
  }
  const calendar = calendarProblem(Number(m[1]), Number(m[2]), Number(m[3]));
  if (calendar) return calendar;
  if (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6] ?? 0) > 59) return msg('instant.notTimeOfDay');
  if (m[8] !== undefined && (Number(m[8]) > 14 || Number(m[9]) > 59)) return msg('instant.badOffset');
  return null;
}

/** The latest day arguments accept: a year after today (local). */
export function latestAcceptedDay(now: Date, timeZone = DEFAULT_TIMEZONE): string {
  return addDays(localDate(now, timeZone), MAX_DAYS_AHEAD);
}

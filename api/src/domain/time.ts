// Calendar days are the station's local days (all cities are Asia/Shanghai today, but the city
// row carries its timezone so the rules do not assume it).
const formatters = new Map<string, Intl.DateTimeFormat>();

/** 'YYYY-MM-DD' of `at` in `timeZone`. Example: localDate(new Date('2026-11-10T17:00Z'), 'Asia/Shanghai') === '2026-11-11' */
export function localDate(at: Date, timeZone: string): string {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f.format(at);
}

export const DEFAULT_TIMEZONE = 'Asia/Shanghai';

/** Whole days from `from` to `to` inclusive, both 'YYYY-MM-DD'. */
export function daySpan(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

// Chinese and English. Each feature keeps its own dictionary in src/i18n/<feature>.ts (both
// languages side by side); `t()` looks a key up in the active language and fills {placeholders}.
// Numbers and dates go through Intl with the active locale.
import { dictionaries } from '../i18n/index.ts';

export type Locale = 'zh' | 'en';
const KEY = 'recycle.locale';

function initial(): Locale {
  const saved = localStorage.getItem(KEY);
  if (saved === 'zh' || saved === 'en') return saved;
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

class I18n {
  locale = $state<Locale>(initial());

  /** BCP 47 tag for Intl and the lang attribute. */
  get tag(): string {
    return this.locale === 'zh' ? 'zh-CN' : 'en-GB';
  }

  set(locale: Locale): void {
    this.locale = locale;
    localStorage.setItem(KEY, locale);
    document.documentElement.lang = this.tag;
  }

  toggle(): void {
    this.set(this.locale === 'zh' ? 'en' : 'zh');
  }
}

export const i18n = new I18n();
document.documentElement.lang = i18n.tag;

/** Whether `key` has a text (in the active language or English). */
export function hasText(key: string): boolean {
  return Object.hasOwn(dictionaries[i18n.locale], key) || Object.hasOwn(dictionaries.en, key);
}

/** The text for `key` in the active language; a missing key shows itself so it is noticed. */
export function t(key: string, params: Record<string, string | number> = {}): string {
  const text = dictionaries[i18n.locale][key] ?? dictionaries.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? formatParam(params[name]!) : m));
}

function formatParam(v: string | number): string {
  return typeof v === 'number' ? fmtNumber(v) : v;
}

export function fmtNumber(n: number, options: Intl.NumberFormatOptions = {}): string {
  return new Intl.NumberFormat(i18n.tag, { maximumFractionDigits: 1, ...options }).format(n);
}

/** Large figures in a compact form: 12,345 → 1.2万 / 12K. */
export function fmtCompact(n: number): string {
  return new Intl.NumberFormat(i18n.tag, { notation: 'compact', maximumFractionDigits: 1 }).format(n);
}

export function fmtPercent(fraction: number): string {
  return new Intl.NumberFormat(i18n.tag, { style: 'percent', maximumFractionDigits: 0 }).format(fraction);
}

/** A calendar day given as 'YYYY-MM-DD' (no time zone shift). */
export function fmtDay(day: string, options: Intl.DateTimeFormatOptions = { month: 'short', day: 'numeric' }): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Intl.DateTimeFormat(i18n.tag, { ...options, timeZone: 'UTC' }).format(Date.UTC(y!, m! - 1, d!));
}

/** An instant, shown in China time (where every station is). */
export function fmtDateTime(
  iso: string | Date,
  options: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' },
): string {
  return new Intl.DateTimeFormat(i18n.tag, { ...options, timeZone: 'Asia/Shanghai' }).format(new Date(iso));
}

/** "5 minutes ago" / "5分钟前". */
export function fmtAgo(iso: string | Date, now: Date = new Date()): string {
  const seconds = Math.round((new Date(iso).getTime() - now.getTime()) / 1000);
  const rtf = new Intl.RelativeTimeFormat(i18n.tag, { numeric: 'auto' });
  const abs = Math.abs(seconds);
  if (abs < 60) return rtf.format(seconds, 'second');
  if (abs < 3600) return rtf.format(Math.round(seconds / 60), 'minute');
  if (abs < 86_400) return rtf.format(Math.round(seconds / 3600), 'hour');
  return rtf.format(Math.round(seconds / 86_400), 'day');
}

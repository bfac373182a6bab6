// Account rules: who may create and manage whom, what an account's state is, and how an email or
// a phone number is written so the same person is found again (sign-in, re-import).
import type { Role, Viewer } from './viewer.ts';

export type AccountState = 'PENDING' | 'ACTIVE' | 'DEACTIVATED';
export const ACCOUNT_STATES: readonly AccountState[] = ['PENDING', 'ACTIVE', 'DEACTIVATED'];

/** PENDING: invited, has not set a password yet. Deactivated wins over everything. */
export function accountState(u: { deactivated_at: Date | null; password_hash: string | null }): AccountState {
  if (u.deactivated_at) return 'DEACTIVATED';
  return u.password_hash ? 'ACTIVE' : 'PENDING';
}

/** An account as the rules see it: its role and the city it belongs to (a staff member's station's). */
export interface AccountRef {
  id: number;
  role: Role;
  cityCode: string | null;
}

/**
 * Admins create and manage every account; a city manager creates and manages the station staff
 * of their own city (and nobody else, not even themselves: another admin or manager does that).
 */
export function canManageAccount(viewer: Viewer | null, target: Pick<AccountRef, 'role' | 'cityCode'>): boolean {
  if (!viewer || viewer.userId === null) return false;
  if (viewer.role === 'ADMIN') return true;
  return (
    viewer.role === 'CITY_MANAGER' &&
    target.role === 'STATION_STAFF' &&
    target.cityCode !== null &&
    target.cityCode === viewer.cityCode
  );
}

/** Can list accounts at all (each list is then limited to what the viewer manages). */
export const canListAccounts = (viewer: Viewer | null) =>
  !!viewer && viewer.userId !== null && (viewer.role === 'ADMIN' || viewer.role === 'CITY_MANAGER');

/** "user@Example.CN " → "user@example.cn"; null when it is not an email address. */
export function normalizeEmail(s: string): string | null {
  const e = s.trim().toLowerCase();
  return e.length <= 254 && /^[^\s@,;]+@[^\s@,;]+\.[a-z0-9-]{2,}$/.test(e) ? e : null;
}

/**
 * A mainland China mobile number as 11 digits: "+86 138-0013-8000" → "13800138000".
 * Other numbers are kept as "+<digits>" (8-15 digits). null when it is not a phone number.
 */
export function normalizePhone(s: string): string | null {
  const t = s.trim();
  if (!/^\+?[\d\s()-]+$/.test(t)) return null;
  const digits = t.replace(/\D/g, '');
  const cn = digits.startsWith('86') && digits.length === 13 ? digits.slice(2) : digits;
  if (/^1[3-9]\d{9}$/.test(cn)) return cn;
  return t.startsWith('+') && digits.length >= 8 && digits.length <= 15 ? `+${digits}` : null;
}

/** What identifies the person at sign-in: an email, else a phone number. */
export function loginOf(u: { email: string | null; phone: string | null }): string {
  return u.email ?? u.phone ?? '';
}

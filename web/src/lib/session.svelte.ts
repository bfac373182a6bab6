// Who is signed in on this device. Kept in localStorage so a station PC or phone stays signed in
// (and remembers its station) until someone signs out or the token expires.
import type { SchemaType } from './graphql.ts';

export type Role = SchemaType<'Role'>;

export interface SessionUser {
  email: string;
  displayName: string;
  role: Role;
  cityCode: string | null;
  cityName: string | null;
  stationCode: string | null;
  stationName: string | null;
}

export interface Session {
  token: string;
  expiresAt: string;
  user: SessionUser;
}

const KEY = 'recycle.session';
/** Who was signed in when the token expired or was refused (cleared by signing out or in). */
const LAPSED_KEY = 'recycle.session.lapsed';

function read<T>(key: string): T | null {
  try {
    const raw = localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as T) : null;
  } catch {
    return null;
  }
}

function load(): Session | null {
  const s = read<Session>(KEY);
  if (!s) return null;
  if (new Date(s.expiresAt).getTime() > Date.now()) return s;
  // Expired while the device was off or offline: remember who it was, so the station counter
  // keeps logging for them (entries wait on the device until they sign in again).
  localStorage.setItem(LAPSED_KEY, JSON.stringify(s.user));
  localStorage.removeItem(KEY);
  return null;
}

class SessionStore {
  current = $state<Session | null>(load());
  /** The user whose sign-in lapsed (expired or refused), until someone signs in or out. */
  lapsed = $state<SessionUser | null>(read<SessionUser>(LAPSED_KEY));

  get user(): SessionUser | null {
    return this.current?.user ?? null;
  }

  get token(): string | null {
    return this.current?.token ?? null;
  }

  set(s: Session): void {
    this.current = s;
    this.lapsed = null;
    localStorage.setItem(KEY, JSON.stringify(s));
    localStorage.removeItem(LAPSED_KEY);
  }

  /** Signing out on purpose: nothing of the session is kept. */
  clear(): void {
    this.current = null;
    this.lapsed = null;
    localStorage.removeItem(KEY);
    localStorage.removeItem(LAPSED_KEY);
  }

  /** The server refused the token (expired, revoked): signed out, but remembered as lapsed. */
  expire(): void {
    if (this.current) {
      this.lapsed = this.current.user;
      localStorage.setItem(LAPSED_KEY, JSON.stringify(this.current.user));
    }
    this.current = null;
    localStorage.removeItem(KEY);
  }
}

export const session = new SessionStore();

/** Where each role starts after sign-in. */
export function homeFor(user: SessionUser): string {
  switch (user.role) {
    case 'STATION_STAFF':
      return '/station';
    case 'SUSTAINABILITY_ANALYST':
      return '/reports';
    case 'CITY_MANAGER':
      return user.cityCode ? `/map?city=${encodeURIComponent(user.cityCode)}` : '/map';
    default:
      return '/map';
  }
}

/** What sign-in and activation return, as the session keeps it. */
export interface SessionPayloadLike {
  token: string;
  expiresAt: string;
  user: {
    email: string | null;
    phone: string | null;
    displayName: string;
    role: Role;
    city: { code: string; nameZh: string; nameEn: string } | null;
    station: { code: string; name: string } | null;
  };
}

export function sessionFrom(p: SessionPayloadLike): Session {
  const u = p.user;
  return {
    token: p.token,
    expiresAt: p.expiresAt,
    user: {
      email: u.email ?? u.phone ?? '',
      displayName: u.displayName,
      role: u.role,
      cityCode: u.city?.code ?? null,
      cityName: u.city ? `${u.city.nameZh} ${u.city.nameEn}` : null,
      stationCode: u.station?.code ?? null,
      stationName: u.station?.name ?? null,
    },
  };
}

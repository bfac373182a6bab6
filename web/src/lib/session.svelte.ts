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

function load(): Session | null {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return null;
    const s = JSON.parse(raw) as Session;
    return new Date(s.expiresAt).getTime() > Date.now() ? s : null;
  } catch {
    return null;
  }
}

class SessionStore {
  current = $state<Session | null>(load());

  get user(): SessionUser | null {
    return this.current?.user ?? null;
  }

  get token(): string | null {
    return this.current?.token ?? null;
  }

  set(s: Session): void {
    this.current = s;
    localStorage.setItem(KEY, JSON.stringify(s));
  }

  clear(): void {
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

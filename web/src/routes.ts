// Every page of the app: its path, who may open it, and its component (loaded on demand so the
// station counter on a phone never downloads the map).
import type { Component } from 'svelte';
import type { Role } from './lib/session.svelte.ts';

export interface Route {
  path: string;
  /** Roles that may open it; empty means anyone signed in. */
  roles: Role[];
  /** Navigation label key, when the page appears in the top bar. */
  nav?: string;
  /** Open to anyone, signed in or not: the consumer pages (docs/points.md), activation with a one-time code, pairing a counter device. */
  public?: boolean;
  load: () => Promise<{ default: Component }>;
}

export const routes: Route[] = [
  {
    path: '/map',
    roles: ['ADMIN', 'SUSTAINABILITY_ANALYST', 'CITY_MANAGER'],
    nav: 'nav.map',
    load: () => import('./routes/map/MapPage.svelte'),
  },
  {
    path: '/station',
    roles: ['STATION_STAFF', 'ADMIN'],
    nav: 'nav.station',
    load: () => import('./routes/station/StationPage.svelte'),
  },
  { path: '/reports', roles: [], nav: 'nav.reports', load: () => import('./routes/reports/ReportPage.svelte') },
  {
    path: '/admin',
    roles: ['ADMIN', 'CITY_MANAGER'],
    nav: 'nav.admin',
    load: () => import('./routes/admin/AdminPage.svelte'),
  },
  { path: '/activate', roles: [], public: true, load: () => import('./routes/account/ActivatePage.svelte') },
  { path: '/station/pair', roles: [], public: true, load: () => import('./routes/station/PairPage.svelte') },
  { path: '/reports/method', roles: [], load: () => import('./routes/reports/MethodPage.svelte') },
  { path: '/find', roles: [], public: true, load: () => import('./routes/find/FindPage.svelte') },
  { path: '/member', roles: [], public: true, load: () => import('./routes/member/MemberPage.svelte') },
];

export function routeFor(path: string): Route | undefined {
  const p = path.length > 1 ? path.replace(/\/+$/, '') : path;
  return routes.find((r) => r.path === p);
}

export function allowed(route: Route, role: Role): boolean {
  return route.roles.length === 0 || route.roles.includes(role);
}

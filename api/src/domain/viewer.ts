// Who is asking. Derived once per request from the bearer token; every permission rule reads it.
export const ROLES = ['STATION_STAFF', 'CITY_MANAGER', 'SUSTAINABILITY_ANALYST', 'ADMIN'] as const;
export type Role = (typeof ROLES)[number];

export interface Viewer {
  /** null: a paired counter device with nobody signed in on it. */
  userId: number | null;
  role: Role;
  /** Set for STATION_STAFF (and for a device alone: its station). */
  stationId: number | null;
  /** Set for CITY_MANAGER. */
  cityCode: string | null;
  /** The account's session version the token was signed with (services/sessions.ts). */
  sessionVersion?: number;
  /** The paired counter device the request came from, if any. */
  device?: { id: number; stationId: number } | null;
}

/**
 * A counter device with nobody signed in acts as its station's staff for the counter's own
 * operations only (log, undo/void, bin, open/close, reading its station and its station's carbon
 * report or CSV): never other stations, accounts, imports or other devices.
 */
export const isDeviceOnly = (viewer: Viewer | null): boolean => viewer !== null && viewer.userId === null;

/** The minimum of a station the rules need. */
export interface StationRef {
  id: number;
  city_code: string;
}

export const isAdmin = (viewer: Viewer | null): boolean => viewer?.role === 'ADMIN';

/** Analysts and admins: read everything, everywhere. */
export const canReadEverything = (viewer: Viewer | null): boolean =>
  viewer?.role === 'ADMIN' || viewer?.role === 'SUSTAINABILITY_ANALYST';

/** Anyone who may write something: everyone signed in but analysts (who only read). */
export const canWriteSomething = (viewer: Viewer | null): boolean =>
  viewer !== null && viewer.role !== 'SUSTAINABILITY_ANALYST';

/** Can read everything about a station: totals, bin, drop-offs. */
export function canReadStation(viewer: Viewer | null, station: StationRef): boolean {
  if (!viewer) return false;
  switch (viewer.role) {
    case 'ADMIN':
    case 'SUSTAINABILITY_ANALYST':
      return true;
    case 'CITY_MANAGER':
      return viewer.cityCode === station.city_code;
    case 'STATION_STAFF':
      return viewer.stationId === station.id;
  }
}

/** Can change a station's status and record bin pickups. */
export function canOperateStation(viewer: Viewer | null, station: StationRef): boolean {
  if (!viewer) return false;
  if (viewer.role === 'ADMIN') return true;
  if (viewer.role === 'CITY_MANAGER') return viewer.cityCode === station.city_code;
  if (viewer.role === 'STATION_STAFF') return viewer.stationId === station.id;
  return false;
}

/** Can log drop-offs at a station: its own staff, or an admin (city managers do not work the counter). */
export function canLogAtStation(viewer: Viewer | null, station: StationRef): boolean {
  return viewer?.role === 'ADMIN' || (viewer?.role === 'STATION_STAFF' && viewer.stationId === station.id);
}

/** Can create stations in or edit stations of a city. */
export function canManageCity(viewer: Viewer | null, cityCode: string): boolean {
  if (!viewer) return false;
  return viewer.role === 'ADMIN' || (viewer.role === 'CITY_MANAGER' && viewer.cityCode === cityCode);
}

/** Can read aggregate figures of a city (or of the whole network when cityCode is null). */
export function canReadCity(viewer: Viewer | null, cityCode: string | null): boolean {
  if (!viewer) return false;
  if (viewer.role === 'ADMIN' || viewer.role === 'SUSTAINABILITY_ANALYST') return true;
  return viewer.role === 'CITY_MANAGER' && cityCode !== null && viewer.cityCode === cityCode;
}

/** What a carbon report covers, as the rules need it: its city filter and its stations (resolved). */
export interface ReportScope {
  cityCodes: readonly string[];
  stations: readonly StationRef[];
}

/**
 * Can read a carbon report (or its CSV) of this scope: analysts and admins anything; a city
 * manager only reports filtered to their city or its stations; staff, and a counter device alone,
 * only reports filtered to their own station. An unfiltered (network) report is for analysts and
 * admins.
 */
export function canReadReport(viewer: Viewer | null, scope: ReportScope): boolean {
  if (!viewer) return false;
  const { cityCodes, stations } = scope;
  switch (viewer.role) {
    case 'ADMIN':
    case 'SUSTAINABILITY_ANALYST':
      return true;
    case 'CITY_MANAGER':
      return (
        (cityCodes.length > 0 || stations.length > 0) &&
        cityCodes.every((c) => c === viewer.cityCode) &&
        stations.every((s) => s.city_code === viewer.cityCode)
      );
    case 'STATION_STAFF':
      return cityCodes.length === 0 && stations.length > 0 && stations.every((s) => s.id === viewer.stationId);
  }
}

// The dashboard's GraphQL documents and the shapes they return.
import type { EffectiveStatus } from '../../lib/status.ts';
import type { MapData } from '../../lib/map/stations.ts';
import type { OperatingStatus } from '../../lib/map/status-rules.ts';

export const MAP_QUERY = `query MapStations($city: String) {
  mapStations(cityCode: $city) { count day generatedAt codes lat lng status todayItems binFillPercent } }`;
export type MapResult = { mapStations: MapData };

export const REFERENCE_QUERY = `query MapReference {
  cities { code nameZh nameEn centerLat centerLng }
  emissionFactorSets { version name isDefault }
  materials { code nameZh nameEn } }`;
export interface City {
  code: string;
  nameZh: string;
  nameEn: string;
  centerLat: number;
  centerLng: number;
}
export interface Material {
  code: string;
  nameZh: string;
  nameEn: string;
}
export type ReferenceResult = { cities: City[]; emissionFactorSets: { version: string; name: string; isDefault: boolean }[]; materials: Material[] };

export const SUMMARY_QUERY = `query MapSummary($city: String, $from: Date, $to: Date, $fs: String, $sparkFrom: Date, $today: Date) {
  period: summary(cityCode: $city, from: $from, to: $to, factorSet: $fs) {
    stationsByStatus { total open full closed maintenance stale }
    totals { dropOffs items itemsReused kgRecycled weighedShare }
    co2eAvoided { factorSet { version name } total { central low high } }
  }
  today: summary(cityCode: $city) {
    totals { dropOffs items }
    daily(from: $sparkFrom, to: $today) { day items }
  } }`;
export interface SummaryData {
  period: {
    stationsByStatus: Record<'total' | 'open' | 'full' | 'closed' | 'maintenance' | 'stale', number>;
    totals: { dropOffs: number; items: number; itemsReused: number; kgRecycled: number; weighedShare: number | null };
    co2eAvoided: { factorSet: { version: string; name: string }; total: { central: number; low: number; high: number } };
  };
  today: { totals: { dropOffs: number; items: number }; daily: { day: string; items: number }[] };
}

export const NEEDS_ACTION_QUERY = `query NeedsAction($city: String!) {
  needsAction(cityCode: $city, first: 50) { status since station { code name district lat lng } } }`;
export interface NeedsActionItem {
  status: EffectiveStatus;
  since: string;
  station: { code: string; name: string; district: string; lat: number; lng: number };
}

export const SEARCH_QUERY = `query SearchStations($city: String, $q: String!) {
  stations(cityCode: $city, search: $q, first: 20) { totalCount edges { node { code name district status lat lng } } } }`;
export interface SearchHit {
  code: string;
  name: string;
  district: string;
  status: EffectiveStatus;
  lat: number;
  lng: number;
}

export const STATION_QUERY = `query MapStation($code: String!, $from: Date!, $to: Date!) {
  station(code: $code) {
    code name district address lat lng binCapacity binItems binFill status operatingStatus lastReportedAt lastPickupAt
    city { code nameZh nameEn }
    totals(from: $from, to: $to) { dropOffs items itemsReused kgRecycled }
    daily(from: $from, to: $to) { day items }
    dropOffs(first: 8) { edges { node { id occurredAt materialCode outcome quantity massKg voided } } }
  } }`;
export interface StationDetail {
  code: string;
  name: string;
  district: string;
  address: string;
  lat: number;
  lng: number;
  binCapacity: number;
  binItems: number;
  binFill: number;
  status: EffectiveStatus;
  operatingStatus: OperatingStatus;
  lastReportedAt: string | null;
  lastPickupAt: string | null;
  city: { code: string; nameZh: string; nameEn: string };
  totals: { dropOffs: number; items: number; itemsReused: number; kgRecycled: number };
  daily: { day: string; items: number }[];
  dropOffs: { edges: { node: { id: string; occurredAt: string; materialCode: string; outcome: string; quantity: number; massKg: number; voided: boolean } }[] };
}

export const SET_STATUS_MUTATION = `mutation SetStationStatus($code: String!, $status: OperatingStatus!) {
  setStationStatus(code: $code, status: $status) {
    __typename
    ... on Station { status operatingStatus lastReportedAt }
    ... on Error { message }
  } }`;
export type SetStatusResult = {
  setStationStatus:
    | { __typename: 'Station'; status: EffectiveStatus; operatingStatus: OperatingStatus; lastReportedAt: string | null }
    | { __typename: 'InputError' | 'NotFoundError'; message: string };
};

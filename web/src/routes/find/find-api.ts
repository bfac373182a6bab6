// The finder's reads: public GraphQL, no sign-in (api/src/schema/find.ts).
import { gql } from '../../lib/api.ts';
import type { EffectiveStatus } from '../../lib/status.ts';

export interface FoundStation {
  code: string;
  name: string;
  address: string;
  district: string;
  lat: number;
  lng: number;
  distanceKm: number | null;
  status: EffectiveStatus;
  accepting: boolean;
  binFill: 'EMPTY' | 'LOW' | 'MEDIUM' | 'HIGH' | 'FULL';
  lastReportedAt: string | null;
}

export interface Where {
  lat?: number;
  lng?: number;
  cityCode?: string;
  district?: string;
  acceptingOnly: boolean;
}

const FIND = `query Find($lat: Float, $lng: Float, $city: String, $district: String, $accepting: Boolean) {
  findStations(lat: $lat, lng: $lng, cityCode: $city, district: $district, acceptingOnly: $accepting, first: 10) {
    code name address district lat lng distanceKm status accepting binFill lastReportedAt } }`;

export async function findStations(w: Where): Promise<FoundStation[]> {
  const vars = { lat: w.lat ?? null, lng: w.lng ?? null, city: w.cityCode ?? null, district: w.district || null, accepting: w.acceptingOnly };
  return (await gql<{ findStations: FoundStation[] }>(FIND, vars, { token: null })).findStations;
}

export async function loadCities(): Promise<{ code: string; nameZh: string; nameEn: string }[]> {
  return (await gql<{ cities: { code: string; nameZh: string; nameEn: string }[] }>('{ cities { code nameZh nameEn } }', {}, { token: null })).cities;
}

export async function loadDistricts(cityCode: string): Promise<{ name: string; stations: number }[]> {
  const q = 'query Districts($c: String!) { cityDistricts(cityCode: $c) { name stations } }';
  return (await gql<{ cityDistricts: { name: string; stations: number }[] }>(q, { c: cityCode }, { token: null })).cityDistricts;
}

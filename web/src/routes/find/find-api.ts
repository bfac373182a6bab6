// The finder's reads, sent without any token (public).
import { request } from '../../lib/api.ts';
import type { ResultOf } from '../../lib/graphql.ts';
import { DistrictsQuery, FindCitiesQuery, FindStationsQuery } from './documents.ts';

export type FoundStation = ResultOf<typeof FindStationsQuery>['findStations'][number];

export interface Where {
  lat?: number;
  lng?: number;
  cityCode?: string;
  district?: string;
  acceptingOnly: boolean;
}

export async function findStations(w: Where): Promise<FoundStation[]> {
  const vars = {
    lat: w.lat ?? null,
    lng: w.lng ?? null,
    city: w.cityCode ?? null,
    district: w.district || null,
    accepting: w.acceptingOnly,
  };
  return (await request(FindStationsQuery, vars, { token: null })).findStations;
}

export async function loadCities() {
  return (await request(FindCitiesQuery, {}, { token: null })).cities;
}

export async function loadDistricts(cityCode: string) {
  return (await request(DistrictsQuery, { c: cityCode }, { token: null })).cityDistricts;
}

// Rules for creating and editing a station, checked before anything is written. Pure: the city
// row is passed in.
import { InputError } from './errors.ts';
import { distanceKm, MAX_KM_FROM_CITY_CENTRE } from './geo.ts';
import { msg } from './messages.ts';

export interface CityCentre {
  code: string;
  name_en: string;
  center_lat: number;
  center_lng: number;
}

/** A station code carries its city: SH-00123 belongs to SH. */
export function checkStationCode(code: string, cityCode: string, field: string): void {
  if (!code.startsWith(`${cityCode}-`)) throw InputError.of(field, msg('station.codeCity', { city: cityCode }));
}

/**
 * A station lies within MAX_KM_FROM_CITY_CENTRE of its city's centre: catches swapped lat/lng and
 * points in another city. Example: checkPlacement(shanghai, 39.90, 116.40, 'input') → InputError
 * on input.lat ("is 1068 km from the centre of Shanghai ...").
 */
export function checkPlacement(city: CityCentre, lat: number, lng: number, field: string): void {
  const km = distanceKm(lat, lng, city.center_lat, city.center_lng);
  if (km > MAX_KM_FROM_CITY_CENTRE) {
    throw InputError.of(`${field}.lat`, msg('station.outsideCity', { km: Math.round(km), city: city.name_en }));
  }
}

export interface StationEdit {
  district?: string | null;
  name?: string | null;
  address?: string | null;
  lat?: number | null;
  lng?: number | null;
  binCapacity?: number | null;
}

/** The columns an edit changes (fields left out or null stay); an edit that changes nothing is bad input. */
export function stationPatch(input: StationEdit, field: string) {
  const all = {
    district: input.district,
    name: input.name,
    address: input.address,
    lat: input.lat,
    lng: input.lng,
    bin_capacity: input.binCapacity,
  };
  const patch = Object.fromEntries(Object.entries(all).filter(([, v]) => v != null)) as {
    [K in keyof typeof all]?: NonNullable<(typeof all)[K]>;
  };
  if (Object.keys(patch).length === 0) throw InputError.of(field, msg('station.noChange'));
  return patch;
}

// Plausibility of station coordinates. Stations are stored in WGS-84; a point taken from a
// Chinese web map (GCJ-02/BD-09) is off by 100-700 m, which this check cannot catch, but a swapped
// lat/lng or a point in another city it does.
export const MAX_KM_FROM_CITY_CENTRE = 150;

/** Great-circle distance in km. Example: distanceKm(31.23, 121.47, 39.90, 116.40) ≈ 1068 */
export function distanceKm(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLng = (lng2 - lng1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(a));
}

// Reads for the public faces (the open feed and the station finder): public columns only.
import { sql } from 'kysely';
import type { Db } from './db.ts';
import { effectiveStatusSql } from './station.ts';

const PUBLIC_COLUMNS = [
  'station.code',
  'station.city_code',
  'station.district',
  'station.name',
  'station.address',
  'station.lat',
  'station.lng',
  'station.status',
  'station.bin_items',
  'station.bin_capacity',
  'station.last_reported_at',
] as const;

/** Every station of a city (or of the network), ordered by code. */
export function publicStations(db: Db, cityCode: string | null) {
  return db
    .selectFrom('station')
    .select(PUBLIC_COLUMNS)
    .$if(cityCode !== null, (q) => q.where('station.city_code', '=', cityCode!))
    .orderBy(sql`station.code collate "C"`)
    .execute();
}

export interface NearQuery {
  lat: number;
  lng: number;
  /** Search box half-size in km. */
  radiusKm: number;
  limit: number;
  /** Only stations taking drop-offs now (effective status OPEN). */
  acceptingOnly: boolean;
  staleBefore: Date;
}

/**
 * The nearest stations to a point inside a box of ±radiusKm, nearest first. The order uses the
 * equirectangular distance (exact enough within a city); callers compute the great-circle
 * distance they show.
 */
export function nearestStations(db: Db, q: NearQuery) {
  const dLat = q.radiusKm / 111.32;
  const dLng = q.radiusKm / (111.32 * Math.max(0.01, Math.cos((q.lat * Math.PI) / 180)));
  const kx = Math.cos((q.lat * Math.PI) / 180);
  return db
    .selectFrom('station')
    .select(PUBLIC_COLUMNS)
    .where('station.lat', '>=', q.lat - dLat)
    .where('station.lat', '<=', q.lat + dLat)
    .where('station.lng', '>=', q.lng - dLng)
    .where('station.lng', '<=', q.lng + dLng)
    .$if(q.acceptingOnly, (b) => b.where(effectiveStatusSql(q.staleBefore), '=', 'OPEN'))
    .orderBy(sql`power(station.lat - ${q.lat}, 2) + power((station.lng - ${q.lng}) * ${kx}, 2)`)
    .orderBy('station.code')
    .limit(q.limit)
    .execute();
}

/** Stations of one district of a city, by code. */
export function districtStations(
  db: Db,
  cityCode: string,
  district: string,
  acceptingOnly: boolean,
  staleBefore: Date,
) {
  return db
    .selectFrom('station')
    .select(PUBLIC_COLUMNS)
    .where('station.city_code', '=', cityCode)
    .where('station.district', '=', district)
    .$if(acceptingOnly, (b) => b.where(effectiveStatusSql(staleBefore), '=', 'OPEN'))
    .orderBy(sql`station.code collate "C"`)
    .execute();
}

/** The districts of a city with their station count and centre (mean position). */
export function cityDistricts(db: Db, cityCode: string) {
  return db
    .selectFrom('station')
    .select((eb) => [
      'station.district',
      eb.fn.countAll<number>().as('stations'),
      eb.fn.avg<number>('station.lat').as('lat'),
      eb.fn.avg<number>('station.lng').as('lng'),
    ])
    .where('station.city_code', '=', cityCode)
    .groupBy('station.district')
    .orderBy('station.district')
    .execute();
}

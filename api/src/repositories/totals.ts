// Reads of the rollup tables. No request path aggregates raw drop_off rows.
import type { Db } from './db.ts';

/** Totals per material and outcome over a period, for one city or (cityCode null) the network. */
export function cityPeriodTotals(db: Db, cityCode: string | null, from: string, to: string) {
  return db
    .selectFrom('city_day_total')
    .select((eb) => [
      'material_code',
      'outcome',
      eb.fn.sum<number>('entries').as('entries'),
      eb.fn.sum<number>('quantity').as('quantity'),
      eb.fn.sum<number>('mass_kg').as('mass_kg'),
      eb.fn.sum<number>('mass_kg_weighed').as('mass_kg_weighed'),
    ])
    .where('day', '>=', from)
    .where('day', '<=', to)
    .$if(cityCode !== null, (q) => q.where('city_code', '=', cityCode!))
    .groupBy(['material_code', 'outcome'])
    .orderBy('material_code')
    .orderBy('outcome')
    .execute();
}

/** Totals per station, material and outcome over a period, for a batch of stations. */
export function stationPeriodTotals(db: Db, stationIds: readonly number[], from: string, to: string) {
  return db
    .selectFrom('station_day_total')
    .select((eb) => [
      'station_id',
      'material_code',
      'outcome',
      eb.fn.sum<number>('entries').as('entries'),
      eb.fn.sum<number>('quantity').as('quantity'),
      eb.fn.sum<number>('mass_kg').as('mass_kg'),
      eb.fn.sum<number>('mass_kg_weighed').as('mass_kg_weighed'),
    ])
    .where('station_id', 'in', stationIds)
    .where('day', '>=', from)
    .where('day', '<=', to)
    .groupBy(['station_id', 'material_code', 'outcome'])
    .execute();
}

/** Per-day totals of one station (charts). */
export function stationDailyTotals(db: Db, stationId: number, from: string, to: string) {
  return db
    .selectFrom('station_day_total')
    .select((eb) => [
      'day',
      eb.fn.sum<number>('entries').as('entries'),
      eb.fn.sum<number>('quantity').as('quantity'),
      eb.fn.sum<number>('mass_kg').as('mass_kg'),
    ])
    .where('station_id', '=', stationId)
    .where('day', '>=', from)
    .where('day', '<=', to)
    .groupBy('day')
    .orderBy('day')
    .execute();
}

/** Per-day totals of one city, or (cityCode null) the network, from the city rollup (sparklines). */
export function cityDailyTotals(db: Db, cityCode: string | null, from: string, to: string) {
  return db
    .selectFrom('city_day_total')
    .select((eb) => [
      'day',
      eb.fn.sum<number>('entries').as('entries'),
      eb.fn.sum<number>('quantity').as('quantity'),
      eb.fn.sum<number>('mass_kg').as('mass_kg'),
    ])
    .where('day', '>=', from)
    .where('day', '<=', to)
    .$if(cityCode !== null, (q) => q.where('city_code', '=', cityCode!))
    .groupBy('day')
    .orderBy('day')
    .execute();
}

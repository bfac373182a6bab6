// Reads of the rollup tables. No request path aggregates raw drop_off rows.
import { sql, type Expression, type SqlBool } from 'kysely';
import { splitWeeks } from '../domain/period.ts';
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

/** The summed columns every rollup has. */
export const ROLLUP_SUMS = ['entries', 'quantity', 'mass_kg', 'mass_kg_weighed'] as const;

/**
 * Sums per station, material and outcome over a period: the ISO weeks it covers whole from
 * station_week_total (one row per station, week and material/outcome instead of up to seven), the
 * days at its edges from station_day_total, summed together. Over the Oct 20 - Nov 11 campaign that
 * reads 2 weeks and 9 days of rows instead of 23 days. `scope` narrows the stations (a condition on
 * station_id, matched on each rollup's own key so its primary key index serves it); null: all.
 * Used by the station pages' totals and the station carbon report alike.
 */
export function stationPeriodSums(db: Db, from: string, to: string, scope: Expression<SqlBool> | null) {
  const split = splitWeeks(from, to);
  const days = db
    .selectFrom('station_day_total')
    .select(['station_id', 'material_code', 'outcome', ...ROLLUP_SUMS])
    .where((eb) => eb.or(split.days.map((r) => eb.and([eb('day', '>=', r.from), eb('day', '<=', r.to)]))))
    .$if(scope !== null, (qb) => qb.where(scope!));
  const weeks = split.weeks
    ? db
        .selectFrom('station_week_total')
        .select(['station_id', 'material_code', 'outcome', ...ROLLUP_SUMS])
        .where('week', '>=', split.weeks.from)
        .where('week', '<=', split.weeks.to)
        .$if(scope !== null, (qb) => qb.where(scope!))
    : null;
  const rows = weeks ? (split.days.length ? weeks.unionAll(days) : weeks) : days;
  return db
    .selectFrom(rows.as('r'))
    .select([
      'station_id',
      'material_code',
      'outcome',
      ...ROLLUP_SUMS.map((c) => sql<number>`sum(${sql.ref(c)})`.as(c)),
    ])
    .groupBy(['station_id', 'material_code', 'outcome']);
}

/**
 * Totals per station, material and outcome over a period, for a batch of stations (a page of them).
 * Example: stations [1, 2], Oct 20 - Nov 11 → one row per (station, material, outcome) with entries.
 */
export function stationPeriodTotals(db: Db, stationIds: readonly number[], from: string, to: string) {
  return stationPeriodTotalsQuery(db, stationIds, from, to).execute();
}

/** The statement of stationPeriodTotals, unrun (the API benchmark times it). */
export function stationPeriodTotalsQuery(db: Db, stationIds: readonly number[], from: string, to: string) {
  return stationPeriodSums(db, from, to, sql<SqlBool>`${sql.ref('station_id')} = any(${stationIds}::int[])`);
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

// The one query behind carbon reports and their CSV export, over the daily rollups (never raw
// drop-offs). Rows come per group and material/outcome, ordered by the group keys, so a caller can
// either execute() it or stream() it and group on the fly (domain/carbon-report.ts).
import { sql } from 'kysely';
import type { ReportDimension, ReportPart, ReportQuery } from '../domain/carbon-report.ts';
import type { Db } from './db.ts';

/**
 * Station rollups when stations are grouped or filtered; otherwise the 20-cities-a-day city rollups
 * (about 500 times fewer rows to sum for a network or city report).
 */
function source(db: Db, byStation: boolean) {
  if (byStation) {
    return db
      .selectFrom('station_day_total as t')
      .innerJoin('station as s', 's.id', 't.station_id')
      .select(['s.city_code', 's.code as station_code', 's.name as station_name', 't.day', 't.material_code', 't.outcome', 't.entries', 't.quantity', 't.mass_kg']);
  }
  return db
    .selectFrom('city_day_total as t')
    .select([
      't.city_code', sql<string>`null::text`.as('station_code'), sql<string>`null::text`.as('station_name'),
      't.day', 't.material_code', 't.outcome', 't.entries', 't.quantity', 't.mass_kg',
    ]);
}

/** Column of each dimension in the source (NETWORK has none). */
const COLUMN: Record<Exclude<ReportDimension, 'NETWORK'>, string> = {
  CITY: 'r.city_code',
  STATION: 'r.station_code',
  DAY: 'r.day',
  MATERIAL: 'r.material_code',
  OUTCOME: 'r.outcome',
};

/**
 * Sums per group and material/outcome. Example (CITY x DAY, SH, Nov 11): one row per
 * (city, day, material, outcome) with entries, quantity and mass_kg summed, ordered by city then day.
 */
export function carbonReportParts(db: Db, q: ReportQuery) {
  const dims = new Set(q.groupBy);
  const byStation = dims.has('STATION') || q.stationCodes.length > 0;
  const withCity = dims.has('CITY') || dims.has('STATION');
  const keyed = (on: boolean, column: string) => (on ? sql.ref(column) : sql`null`);
  const groupColumns = [
    ...(withCity ? ['r.city_code', 'c.name_zh', 'c.name_en'] : []),
    ...(dims.has('STATION') ? ['r.station_code', 'r.station_name'] : []),
    ...(dims.has('DAY') ? ['r.day'] : []),
    'r.material_code',
    'r.outcome',
  ];
  const orderColumns = [...q.groupBy.flatMap((d) => (d === 'NETWORK' ? [] : [COLUMN[d]])), 'r.material_code', 'r.outcome'];
  return db
    .selectFrom(source(db, byStation).as('r'))
    .innerJoin('city as c', 'c.code', 'r.city_code')
    .select((eb) => [
      keyed(withCity, 'r.city_code').$castTo<string | null>().as('city_code'),
      keyed(withCity, 'c.name_zh').$castTo<string | null>().as('city_name_zh'),
      keyed(withCity, 'c.name_en').$castTo<string | null>().as('city_name_en'),
      keyed(dims.has('STATION'), 'r.station_code').$castTo<string | null>().as('station_code'),
      keyed(dims.has('STATION'), 'r.station_name').$castTo<string | null>().as('station_name'),
      keyed(dims.has('DAY'), 'r.day').$castTo<string | null>().as('day'),
      'r.material_code',
      'r.outcome',
      eb.fn.sum<number>('r.entries').as('entries'),
      eb.fn.sum<number>('r.quantity').as('quantity'),
      eb.fn.sum<number>('r.mass_kg').as('mass_kg'),
    ])
    .where('r.day', '>=', q.from)
    .where('r.day', '<=', q.to)
    .$if(q.cityCodes.length > 0, (qb) => qb.where('r.city_code', 'in', q.cityCodes))
    .$if(q.stationCodes.length > 0, (qb) => qb.where('r.station_code', 'in', q.stationCodes))
    .groupBy(groupColumns.map((c) => sql.ref(c)))
    .$call((qb) => orderColumns.reduce((acc, c) => acc.orderBy(sql.ref(c)), qb))
    .$castTo<ReportPart>();
}

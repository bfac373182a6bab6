// Green points figures for managers and analysts: reach, points, vouchers against the budget, and
// members whose credits look suspicious. Read-time aggregates over the (small) ledger.
import { sql } from 'kysely';
import type { Db } from './db.ts';

/** Members reached, points credited and reversed at a city's stations (or all) over local days. */
export async function pointsTotals(db: Db, cityCode: string | null, from: string, to: string) {
  const row = await db
    .selectFrom('points_entry')
    .innerJoin('station', 'station.id', 'points_entry.station_id')
    .select((eb) => [
      sql<number>`count(distinct points_entry.consumer_id) filter (where points_entry.kind = 'CREDIT')`.as('members'),
      sql<number>`coalesce(sum(points_entry.points) filter (where points_entry.kind = 'CREDIT'), 0)`.as('credited'),
      sql<number>`coalesce(-sum(points_entry.points) filter (where points_entry.kind = 'REVERSAL'), 0)`.as('reversed'),
      eb.fn.count<number>('points_entry.id').filterWhere('points_entry.kind', '=', 'CREDIT').as('credits'),
    ])
    .where('points_entry.local_day', '>=', from)
    .where('points_entry.local_day', '<=', to)
    .$if(cityCode !== null, (q) => q.where('station.city_code', '=', cityCode!))
    .executeTakeFirstOrThrow();
  return {
    members: Number(row.members),
    credited: Number(row.credited),
    reversed: Number(row.reversed),
    credits: Number(row.credits),
  };
}

/** Vouchers issued and redeemed between two instants (network-wide: vouchers belong to no city). */
export async function voucherTotals(db: Db, from: Date, to: Date) {
  const row = await db
    .selectFrom('voucher')
    .select((eb) => [
      eb.fn.countAll<number>().as('issued'),
      eb.fn.coalesce(eb.fn.sum<number>('value'), sql<number>`0`).as('value'),
      eb.fn.count<number>('id').filterWhere('redeemed_at', 'is not', null).as('redeemed'),
    ])
    .where('issued_at', '>=', from)
    .where('issued_at', '<', to)
    .executeTakeFirstOrThrow();
  return { issued: Number(row.issued), value: Number(row.value), redeemed: Number(row.redeemed) };
}

export interface FlagQuery {
  cityCode: string | null;
  since: Date;
  windowMinutes: number;
  minStations: number;
  limit: number;
}

/**
 * Members credited at `minStations` or more different stations within `windowMinutes` (by the
 * drop-offs' times), since `since`, with at least one of those stations in the city. Each row: the
 * member, the worst window's station count, its first and last credit, and the stations.
 */
export function flaggedMembers(db: Db, q: FlagQuery) {
  return sql<{
    member_code: string;
    stations: number;
    first_at: Date;
    last_at: Date;
    station_codes: string[];
    credits: number;
  }>`
    with credit as (
      select e.id, e.consumer_id, e.station_id, e.occurred_at, s.city_code
      from points_entry e join station s on s.id = e.station_id
      where e.kind = 'CREDIT' and e.occurred_at >= ${q.since}
    ),
    win as (
      select c.consumer_id, c.id, count(distinct o.station_id)::int as stations,
        min(o.occurred_at) as first_at, max(o.occurred_at) as last_at,
        bool_or(${q.cityCode}::text is null or o.city_code = ${q.cityCode}) as in_city
      from credit c
      join credit o on o.consumer_id = c.consumer_id
        and o.occurred_at between c.occurred_at - make_interval(mins => ${q.windowMinutes}) and c.occurred_at
      group by c.consumer_id, c.id
      having count(distinct o.station_id) >= ${q.minStations}
    ),
    worst as (
      select distinct on (consumer_id) consumer_id, stations, first_at, last_at
      from win where in_city
      order by consumer_id, stations desc, last_at desc
    )
    select m.member_code, w.stations, w.first_at, w.last_at,
      (select array_agg(distinct st.code order by st.code) from credit c join station st on st.id = c.station_id
        where c.consumer_id = w.consumer_id and c.occurred_at between w.first_at and w.last_at) as station_codes,
      (select count(*)::int from credit c where c.consumer_id = w.consumer_id) as credits
    from worst w join consumer m on m.id = w.consumer_id
    order by w.stations desc, w.last_at desc, m.member_code
    limit ${q.limit}`
    .execute(db)
    .then((r) => r.rows);
}

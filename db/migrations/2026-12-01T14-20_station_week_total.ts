// Frozen migration. The station carbon report over a campaign summed ~600,000 station_day_total
// rows into ~88,000 (station, material, outcome) groups on every request. station_week_total holds
// the same sums per ISO week (week = the Monday of the local day's week), maintained in the same
// statement as each batch and void, like station_day_total; the report reads whole weeks from it
// and only the days at the period's edges from station_day_total, so its figures are unchanged.
// Backfilled from station_day_total (the same figures, summed by week).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table station_week_total (
      station_id integer not null constraint station_week_total_station_fk references station (id),
      week date not null,
      material_code text not null constraint station_week_total_material_fk references package_material (code),
      outcome text not null,
      entries integer not null default 0,
      quantity bigint not null default 0,
      mass_kg numeric(14, 3) not null default 0,
      mass_kg_weighed numeric(14, 3) not null default 0,
      constraint station_week_total_pk primary key (station_id, week, material_code, outcome),
      constraint station_week_total_monday check (extract(isodow from week) = 1),
      constraint station_week_total_weighed_range check (mass_kg_weighed >= 0 and mass_kg_weighed <= mass_kg)
    )`.execute(db);
  await sql`create index station_week_total_week_idx on station_week_total (week, station_id)`.execute(db);
  await sql`insert into station_week_total (station_id, week, material_code, outcome, entries, quantity, mass_kg, mass_kg_weighed)
    select station_id, day - (extract(isodow from day)::int - 1), material_code, outcome,
      sum(entries), sum(quantity), sum(mass_kg), sum(mass_kg_weighed)
    from station_day_total group by 1, 2, 3, 4`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table station_week_total`.execute(db);
}

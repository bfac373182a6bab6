// Frozen migration. Carbon reports state how much of their mass was weighed and how much was
// estimated from a material's typical mass, so each drop-off records which it was, and the day
// rollups keep the weighed kilograms beside the total (reports never read raw drop-offs).
//
// Backfill for rows logged before this column existed: the API filled in `quantity x typical
// mass` (rounded to grams) whenever no mass was sent, so a row whose mass differs from that was
// typed in, i.e. weighed. A row that happens to equal it is counted as estimated: the
// conservative reading, since nothing recorded that it was weighed. Each statement is sent alone
// (PGlite's extended protocol runs one statement per query).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table drop_off add column mass_weighed boolean not null default false`.execute(db);
  await sql`alter table station_day_total add column mass_kg_weighed numeric(14, 3) not null default 0`.execute(db);
  await sql`alter table city_day_total add column mass_kg_weighed numeric(16, 3) not null default 0`.execute(db);
  await sql`update drop_off d set mass_weighed = true
    from package_material m
    where m.code = d.material_code and d.mass_kg <> round(d.quantity * m.typical_mass_kg, 3)`.execute(db);
  await sql`update station_day_total t set mass_kg_weighed = w.kg
    from (select station_id, local_day, material_code, outcome, sum(mass_kg) as kg from drop_off
          where mass_weighed and voided_at is null group by station_id, local_day, material_code, outcome) w
    where t.station_id = w.station_id and t.day = w.local_day and t.material_code = w.material_code
      and t.outcome = w.outcome`.execute(db);
  await sql`update city_day_total t set mass_kg_weighed = w.kg
    from (select s.city_code, d.local_day, d.material_code, d.outcome, sum(d.mass_kg) as kg
          from drop_off d join station s on s.id = d.station_id
          where d.mass_weighed and d.voided_at is null group by s.city_code, d.local_day, d.material_code, d.outcome) w
    where t.city_code = w.city_code and t.day = w.local_day and t.material_code = w.material_code
      and t.outcome = w.outcome`.execute(db);
  // The weighed part of a rollup can never exceed its whole (voids subtract from both).
  await sql`alter table station_day_total add constraint station_day_total_weighed_range
    check (mass_kg_weighed >= 0 and mass_kg_weighed <= mass_kg)`.execute(db);
  await sql`alter table city_day_total add constraint city_day_total_weighed_range
    check (mass_kg_weighed >= 0 and mass_kg_weighed <= mass_kg)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table city_day_total drop column mass_kg_weighed`.execute(db);
  await sql`alter table station_day_total drop column mass_kg_weighed`.execute(db);
  await sql`alter table drop_off drop column mass_weighed`.execute(db);
}

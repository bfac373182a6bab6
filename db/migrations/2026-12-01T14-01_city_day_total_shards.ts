// Frozen migration. At peak every 1-item batch of a city's stations added to the same dozen
// city_day_total rows (city, today, material, outcome): at 50 connections most backends queued on
// those row locks. The rollup is split into 16 shards (a station always writes shard
// station_id % 16); readers sum over the shards, so it stays exact. Existing rows are rebuilt per
// shard from station_day_total (the same figures per station), so a later void always subtracts
// from a row that holds its entry and no shard row goes negative (the weighed-range check holds).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table city_day_total add column shard smallint not null default 0`.execute(db);
  await sql`alter table city_day_total add constraint city_day_total_shard_range check (shard between 0 and 15)`.execute(
    db,
  );
  await sql`alter table city_day_total drop constraint city_day_total_pk`.execute(db);
  await sql`alter table city_day_total add constraint city_day_total_pk primary key (city_code, day, material_code, outcome, shard)`.execute(
    db,
  );
  await sql`delete from city_day_total`.execute(db);
  await sql`insert into city_day_total (city_code, day, material_code, outcome, shard, entries, quantity, mass_kg, mass_kg_weighed)
    select s.city_code, t.day, t.material_code, t.outcome, (t.station_id % 16)::smallint,
      sum(t.entries), sum(t.quantity), sum(t.mass_kg), sum(t.mass_kg_weighed)
    from station_day_total t join station s on s.id = t.station_id
    group by 1, 2, 3, 4, 5`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`create temporary table city_day_total_merged as
    select city_code, day, material_code, outcome, sum(entries) as entries, sum(quantity) as quantity, sum(mass_kg) as mass_kg,
      sum(mass_kg_weighed) as mass_kg_weighed
    from city_day_total group by 1, 2, 3, 4`.execute(db);
  await sql`delete from city_day_total`.execute(db);
  await sql`alter table city_day_total drop constraint city_day_total_pk`.execute(db);
  await sql`alter table city_day_total drop column shard`.execute(db);
  await sql`insert into city_day_total (city_code, day, material_code, outcome, entries, quantity, mass_kg, mass_kg_weighed)
    select * from city_day_total_merged`.execute(db);
  await sql`alter table city_day_total add constraint city_day_total_pk primary key (city_code, day, material_code, outcome)`.execute(
    db,
  );
  await sql`drop table city_day_total_merged`.execute(db);
}

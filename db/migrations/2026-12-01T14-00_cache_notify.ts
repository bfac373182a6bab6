// Frozen migration. API processes cache reference data (factor sets, materials, station
// identities). When several processes run, a change made through one (or by hand in psql) must
// reach the others' caches: each change sends NOTIFY recycle_cache '<topic>' at commit, from the
// database itself, so every code path is covered. Statement-level: one notification per statement,
// never per row; station rows change on every drop-off batch (bin, counters), so only inserts,
// deletes and changes of the columns a cache holds notify.
import { sql, type Kysely } from 'kysely';

const TOPICS = [
  { table: 'emission_factor_set', topic: 'factor-sets', events: 'insert or update or delete' },
  { table: 'emission_factor', topic: 'factor-sets', events: 'insert or update or delete' },
  { table: 'package_material', topic: 'materials', events: 'insert or update or delete' },
  { table: 'station', topic: 'stations', events: 'insert or delete or update of code, city_code' },
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create function recycle_cache_notify() returns trigger language plpgsql as $$
    begin
      perform pg_notify('recycle_cache', tg_argv[0]);
      return null;
    end $$`.execute(db);
  for (const t of TOPICS) {
    await sql
      .raw(
        `create trigger ${t.table}_cache_notify after ${t.events} on ${t.table}
      for each statement execute function recycle_cache_notify('${t.topic}')`,
      )
      .execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of TOPICS) await sql.raw(`drop trigger ${t.table}_cache_notify on ${t.table}`).execute(db);
  await sql`drop function recycle_cache_notify()`.execute(db);
}

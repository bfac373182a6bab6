// Frozen migration. A published emission factor set is an edition that reports are pinned to: the
// database itself refuses to change or delete it or its factors, whatever code path tries. Only
// the default flag may move (choosing the default is a separate, explicit act). Each statement is
// sent alone: PGlite's extended protocol runs one statement per query.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create function emission_factor_set_frozen() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        if old.published_at is not null then
          raise exception 'emission factor set % is published and cannot be deleted', old.version
            using errcode = 'check_violation', constraint = 'emission_factor_set_published_frozen';
        end if;
        return old;
      end if;
      if old.published_at is not null and (new.version, new.name, new.published_at, new.displacement_rate, new.notes)
          is distinct from (old.version, old.name, old.published_at, old.displacement_rate, old.notes) then
        raise exception 'emission factor set % is published and cannot be changed', old.version
          using errcode = 'check_violation', constraint = 'emission_factor_set_published_frozen';
      end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger emission_factor_set_frozen before update or delete on emission_factor_set
    for each row execute function emission_factor_set_frozen()`.execute(db);
  await sql`create function emission_factor_frozen() returns trigger language plpgsql as $$
    declare
      set_version text;
    begin
      select version into set_version from emission_factor_set
        where id = case when tg_op = 'INSERT' then new.factor_set_id else old.factor_set_id end
          and published_at is not null;
      if set_version is not null then
        raise exception 'emission factor set % is published: its factors cannot be added, changed or deleted', set_version
          using errcode = 'check_violation', constraint = 'emission_factor_published_frozen';
      end if;
      return case when tg_op = 'DELETE' then old else new end;
    end $$`.execute(db);
  await sql`create trigger emission_factor_frozen before insert or update or delete on emission_factor
    for each row execute function emission_factor_frozen()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger emission_factor_frozen on emission_factor`.execute(db);
  await sql`drop function emission_factor_frozen()`.execute(db);
  await sql`drop trigger emission_factor_set_frozen on emission_factor_set`.execute(db);
  await sql`drop function emission_factor_set_frozen()`.execute(db);
}

// Frozen migration. Method 2026.1 records, for each factor, where it can be read (links), the
// kind of evidence it rests on, and its source line in Chinese; and each set's notes in Chinese.
// Columns are added empty: editions published before keep what they were published with (the
// frozen-set triggers refuse to change them). The set trigger is redefined so notes_zh is frozen
// with the rest of a published set. Each statement is sent alone (PGlite's extended protocol).
import { sql, type Kysely } from 'kysely';

/** The set trigger's body; `columns` are the ones a published set may not change. */
const frozenSet = (columns: string) =>
  sql.raw(`create or replace function emission_factor_set_frozen() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        if old.published_at is not null then
          raise exception 'emission factor set % is published and cannot be deleted', old.version
            using errcode = 'check_violation', constraint = 'emission_factor_set_published_frozen';
        end if;
        return old;
      end if;
      if old.published_at is not null
          and (${columns
            .split(', ')
            .map((c) => `new.${c}`)
            .join(', ')}) is distinct from (${columns
            .split(', ')
            .map((c) => `old.${c}`)
            .join(', ')}) then
        raise exception 'emission factor set % is published and cannot be changed', old.version
          using errcode = 'check_violation', constraint = 'emission_factor_set_published_frozen';
      end if;
      return new;
    end $$`);

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table emission_factor
    add column source_zh text,
    add column source_urls text[] not null default '{}',
    add column evidence text,
    add constraint emission_factor_evidence_check check (evidence in ('PRIMARY', 'SECONDARY', 'DERIVED', 'ASSUMPTION'))`.execute(
    db,
  );
  await sql`alter table emission_factor_set add column notes_zh text`.execute(db);
  await frozenSet('version, name, published_at, displacement_rate, notes, notes_zh').execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await frozenSet('version, name, published_at, displacement_rate, notes').execute(db);
  await sql`alter table emission_factor_set drop column notes_zh`.execute(db);
  await sql`alter table emission_factor drop column source_zh, drop column source_urls, drop column evidence`.execute(
    db,
  );
}

// Frozen migration: never edit after it has landed; add a new dated file instead.
// Tables are singular and snake_case; every constraint is named by hand so errors and later
// migrations can refer to it. Quantities of mass and CO2e factors are numeric, never float.
import { sql, type Kysely } from 'kysely';

// PGlite's extended protocol runs one statement per query, so the DDL is split on ';' at line ends.
async function run(db: Kysely<any>, ddl: string): Promise<void> {
  for (const statement of ddl
    .split(/;\s*\n/)
    .map((s) => s.trim())
    .filter(Boolean)) {
    await sql.raw(statement).execute(db);
  }
}

export async function up(db: Kysely<any>): Promise<void> {
  await run(
    db,
    `
    create table city (
      code text constraint city_pk primary key,
      name_zh text not null,
      name_en text not null,
      center_lat double precision not null,
      center_lng double precision not null,
      timezone text not null default 'Asia/Shanghai',
      population_weight numeric(8, 3) not null default 1,
      constraint city_code_format check (code ~ '^[A-Z]{2,4}$')
    );

    create table package_material (
      code text constraint package_material_pk primary key,
      name_zh text not null,
      name_en text not null,
      -- the material class the emission factors are published for (board, plastic_film, ...)
      factor_material text not null,
      typical_mass_kg numeric(8, 3) not null,
      reusable boolean not null,
      sort_order int not null,
      constraint package_material_mass_positive check (typical_mass_kg > 0)
    );

    create table station (
      id integer generated always as identity constraint station_pk primary key,
      code text not null constraint station_code_key unique,
      city_code text not null constraint station_city_fk references city (code),
      district text not null,
      name text not null,
      address text not null,
      lat double precision not null,
      lng double precision not null,
      bin_capacity integer not null,
      status text not null default 'OPEN',
      -- items in the recycling bin since the last pickup (reused boxes leave via the counter)
      bin_items integer not null default 0,
      last_reported_at timestamptz,
      last_pickup_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint station_status_check check (status in ('OPEN', 'FULL', 'CLOSED', 'MAINTENANCE')),
      constraint station_bin_capacity_positive check (bin_capacity > 0),
      constraint station_lat_range check (lat between -90 and 90),
      constraint station_lng_range check (lng between -180 and 180)
    );
    create index station_city_idx on station (city_code, code);
    create index station_status_idx on station (status);

    create table app_user (
      id integer generated always as identity constraint app_user_pk primary key,
      email text not null constraint app_user_email_key unique,
      display_name text not null,
      password_hash text not null,
      role text not null,
      station_id integer constraint app_user_station_fk references station (id),
      city_code text constraint app_user_city_fk references city (code),
      created_at timestamptz not null default now(),
      constraint app_user_role_check
        check (role in ('STATION_STAFF', 'CITY_MANAGER', 'SUSTAINABILITY_ANALYST', 'ADMIN')),
      constraint app_user_staff_has_station check (role <> 'STATION_STAFF' or station_id is not null),
      constraint app_user_manager_has_city check (role <> 'CITY_MANAGER' or city_code is not null)
    );

    create table drop_off (
      id bigint generated always as identity constraint drop_off_pk primary key,
      station_id integer not null constraint drop_off_station_fk references station (id),
      occurred_at timestamptz not null,
      -- the station's local calendar day, fixed at insert so rollups and voids agree
      local_day date not null,
      material_code text not null constraint drop_off_material_fk references package_material (code),
      quantity integer not null,
      mass_kg numeric(10, 3) not null,
      outcome text not null,
      logged_by integer constraint drop_off_logged_by_fk references app_user (id),
      idempotency_key text not null,
      created_at timestamptz not null default now(),
      voided_at timestamptz,
      voided_by integer constraint drop_off_voided_by_fk references app_user (id),
      void_reason text,
      constraint drop_off_idempotency_key unique (station_id, idempotency_key),
      constraint drop_off_quantity_positive check (quantity > 0),
      constraint drop_off_mass_nonnegative check (mass_kg >= 0),
      constraint drop_off_outcome_check check (outcome in ('REUSED', 'RECYCLED')),
      constraint drop_off_void_complete check ((voided_at is null) = (void_reason is null))
    );
    create index drop_off_station_time_idx on drop_off (station_id, occurred_at desc);

    -- Rollups, maintained set-based in the same statement as each batch or void.
    create table station_day_total (
      station_id integer not null constraint station_day_total_station_fk references station (id),
      day date not null,
      material_code text not null constraint station_day_total_material_fk references package_material (code),
      outcome text not null,
      entries integer not null default 0,
      quantity bigint not null default 0,
      mass_kg numeric(14, 3) not null default 0,
      constraint station_day_total_pk primary key (station_id, day, material_code, outcome)
    );
    create index station_day_total_day_idx on station_day_total (day, station_id);

    create table city_day_total (
      city_code text not null constraint city_day_total_city_fk references city (code),
      day date not null,
      material_code text not null constraint city_day_total_material_fk references package_material (code),
      outcome text not null,
      entries bigint not null default 0,
      quantity bigint not null default 0,
      mass_kg numeric(16, 3) not null default 0,
      constraint city_day_total_pk primary key (city_code, day, material_code, outcome)
    );

    create table bin_pickup (
      id bigint generated always as identity constraint bin_pickup_pk primary key,
      station_id integer not null constraint bin_pickup_station_fk references station (id),
      picked_up_at timestamptz not null default now(),
      kg numeric(10, 3) not null,
      items_cleared integer not null default 0,
      recorded_by integer constraint bin_pickup_recorded_by_fk references app_user (id),
      constraint bin_pickup_kg_positive check (kg > 0)
    );
    create index bin_pickup_station_idx on bin_pickup (station_id, picked_up_at desc);

    create table emission_factor_set (
      id integer generated always as identity constraint emission_factor_set_pk primary key,
      version text not null constraint emission_factor_set_version_key unique,
      name text not null,
      published_at timestamptz,
      is_default boolean not null default false,
      -- share of reused boxes that really replace a new one (docs/domain.md: state it)
      displacement_rate numeric(4, 3) not null default 1,
      notes text not null default '',
      constraint emission_factor_set_displacement_range check (displacement_rate between 0 and 1)
    );
    create unique index emission_factor_set_one_default on emission_factor_set (is_default) where is_default;

    create table emission_factor (
      id integer generated always as identity constraint emission_factor_pk primary key,
      factor_set_id integer not null constraint emission_factor_set_fk references emission_factor_set (id),
      material_code text not null constraint emission_factor_material_fk references package_material (code),
      outcome text not null,
      unit text not null,
      value numeric(12, 6) not null,
      low numeric(12, 6) not null,
      high numeric(12, 6) not null,
      source text not null,
      source_year integer not null,
      constraint emission_factor_unique unique (factor_set_id, material_code, outcome),
      constraint emission_factor_outcome_check check (outcome in ('REUSED', 'RECYCLED')),
      constraint emission_factor_unit_check check (unit in ('PER_KG', 'PER_ITEM')),
      constraint emission_factor_range_check check (low <= value and value <= high)
    );

    create table audit_entry (
      id bigint generated always as identity constraint audit_entry_pk primary key,
      at timestamptz not null default now(),
      actor_id integer constraint audit_entry_actor_fk references app_user (id),
      action text not null,
      entity text not null,
      entity_id text not null,
      before jsonb,
      after jsonb,
      request_id text
    );
    create index audit_entry_entity_idx on audit_entry (entity, entity_id, at desc);
  `,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await run(
    db,
    `
    drop table audit_entry, emission_factor, emission_factor_set, bin_pickup, city_day_total,
      station_day_total, drop_off, app_user, station, package_material, city;
  `,
  );
}

// Frozen migration. Running a real network: account lifecycle (activation codes instead of
// passwords set by someone else, deactivation, last sign-in), counter devices paired to a station,
// bulk imports with their history, and decommissioned stations (kept for the reports' history).
// Each statement is sent alone: PGlite's extended protocol runs one statement per query.
import { sql, type Kysely } from 'kysely';

const UP = [
  // A person invited by phone only has no e-mail; one of the two is needed to sign in.
  sql`alter table app_user alter column email drop not null`,
  // No password until the person activates the account with their one-time code.
  sql`alter table app_user alter column password_hash drop not null`,
  sql`alter table app_user
    add column phone text constraint app_user_phone_key unique,
    add column activation_code_hash text constraint app_user_activation_code_key unique,
    add column activation_expires_at timestamptz,
    add column activated_at timestamptz,
    add column deactivated_at timestamptz,
    add column deactivation_reason text,
    add column last_sign_in_at timestamptz,
    add column created_by integer constraint app_user_created_by_fk references app_user (id),
    add column updated_at timestamptz not null default now(),
    add constraint app_user_has_login check (email is not null or phone is not null),
    add constraint app_user_activation_complete check ((activation_code_hash is null) = (activation_expires_at is null)),
    add constraint app_user_deactivation_complete check ((deactivated_at is null) = (deactivation_reason is null))`,
  // Existing accounts (seeded with a password) count as activated when they were created.
  sql`update app_user set activated_at = created_at where password_hash is not null`,
  sql`create index app_user_station_idx on app_user (station_id) where station_id is not null`,
  sql`create index app_user_city_idx on app_user (city_code) where city_code is not null`,

  sql`alter table station
    add column decommissioned_at timestamptz,
    add column decommission_reason text,
    add constraint station_decommission_complete check ((decommissioned_at is null) = (decommission_reason is null))`,

  // A shared counter PC or tablet of one station. The secret is a random token shown once; only
  // its SHA-256 is kept (it has 256 bits of entropy, so a slow hash adds nothing).
  sql`create table counter_device (
    id integer generated always as identity constraint counter_device_pk primary key,
    station_id integer not null constraint counter_device_station_fk references station (id),
    name text not null,
    secret_hash text not null constraint counter_device_secret_key unique,
    paired_at timestamptz not null default now(),
    paired_by integer constraint counter_device_paired_by_fk references app_user (id),
    last_seen_at timestamptz,
    revoked_at timestamptz,
    revoked_by integer constraint counter_device_revoked_by_fk references app_user (id)
  )`,
  sql`create index counter_device_station_idx on counter_device (station_id)`,
  // A short-lived code (digits) a device enters to pair; single use.
  sql`create table device_pairing (
    id integer generated always as identity constraint device_pairing_pk primary key,
    station_id integer not null constraint device_pairing_station_fk references station (id),
    code_hash text not null,
    created_by integer constraint device_pairing_created_by_fk references app_user (id),
    created_at timestamptz not null default now(),
    expires_at timestamptz not null,
    used_at timestamptz,
    device_id integer constraint device_pairing_device_fk references counter_device (id)
  )`,
  sql`create unique index device_pairing_open_code on device_pairing (code_hash) where used_at is null`,
  sql`alter table drop_off add column device_id integer constraint drop_off_device_fk references counter_device (id)`,

  // Audit: the device that acted (with or without a signed-in person), and the city an entry
  // belongs to, so a city manager can read the log of their own city.
  sql`alter table audit_entry
    add column device_id integer constraint audit_entry_device_fk references counter_device (id),
    add column city_code text`,
  sql`create index audit_entry_at_idx on audit_entry (at desc, id desc)`,

  // Bulk imports and their history. A dry run keeps the file so "apply" writes exactly what was
  // checked; the file is dropped once applied.
  sql`create table import_job (
    id integer generated always as identity constraint import_job_pk primary key,
    kind text not null,
    mode text not null,
    state text not null default 'RUNNING',
    file_name text not null,
    file_format text not null,
    file_size integer not null,
    file bytea,
    city_code text constraint import_job_city_fk references city (code),
    created_by integer constraint import_job_created_by_fk references app_user (id),
    created_at timestamptz not null default now(),
    finished_at timestamptz,
    dry_run_id integer constraint import_job_dry_run_fk references import_job (id),
    rows_total integer not null default 0,
    rows_created integer not null default 0,
    rows_updated integer not null default 0,
    rows_unchanged integer not null default 0,
    rows_invalid integer not null default 0,
    issue_count integer not null default 0,
    issues jsonb not null default '[]',
    error text,
    constraint import_job_kind_check check (kind in ('STATIONS', 'STAFF')),
    constraint import_job_mode_check check (mode in ('DRY_RUN', 'APPLY')),
    constraint import_job_state_check check (state in ('RUNNING', 'DONE', 'FAILED'))
  )`,
  sql`create index import_job_created_idx on import_job (created_at desc, id desc)`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of UP) await statement.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table import_job`.execute(db);
  await sql`alter table audit_entry drop column device_id, drop column city_code`.execute(db);
  await sql`alter table drop_off drop column device_id`.execute(db);
  await sql`drop table device_pairing`.execute(db);
  await sql`drop table counter_device`.execute(db);
  await sql`alter table station drop column decommissioned_at, drop column decommission_reason`.execute(db);
  await sql`alter table app_user drop constraint app_user_has_login, drop constraint app_user_activation_complete,
    drop constraint app_user_deactivation_complete, drop column phone, drop column activation_code_hash,
    drop column activation_expires_at, drop column activated_at, drop column deactivated_at,
    drop column deactivation_reason, drop column last_sign_in_at, drop column created_by, drop column updated_at`.execute(
    db,
  );
  await sql`alter table app_user alter column password_hash set not null`.execute(db);
  await sql`alter table app_user alter column email set not null`.execute(db);
}

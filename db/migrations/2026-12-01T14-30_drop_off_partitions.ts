// Frozen migration. drop_off becomes partitioned by month of occurred_at (UTC months, declarative
// `partition by range`), so a year of history is a dozen tables that retention can drop whole
// (docs/scaling.md, "A year of data"). Existing rows are moved into the partitions, ids kept.
//   - A partitioned table's unique constraints must include the partition key: the primary key is
//     (id, station_id, occurred_at) (id first: voids and lookups go by id; station_id for Citus),
//     the idempotency key (station_id, idempotency_key, occurred_at).
//   - "Same station + key = same entry" across partitions is kept by drop_off_key, a plain table of
//     (station_id, idempotency_key) claimed in the same statement as each insert: a key resent with
//     another occurredAt (another month) finds its claim and is answered with the stored row. Keys
//     only need to live while a retry can arrive (occurredAt older than 30 days is refused), so
//     retention deletes older claims and the table stays small.
//   - drop_off_ensure_partitions(from, to) creates the missing months (run here from Oct 2026, the
//     first campaign, at every migrate/start (db/src/partitions.ts) and
//     by the API before a write to a month it has not seen); drop_off_drop_partitions(before)
//     detaches and drops the months that end before `before` (pnpm db:retention).
import { sql, type Kysely } from 'kysely';

const COLUMNS = `id, station_id, occurred_at, local_day, material_code, quantity, mass_kg, outcome, logged_by,
  idempotency_key, created_at, voided_at, voided_by, void_reason, payload_fingerprint, device_id, mass_weighed`;

// The table as before (column order kept, so `select *` reads the same); `partitioned` adds the keys.
const createTable = (partitioned: boolean) => `create table drop_off (
    id bigint generated always as identity,
    station_id integer not null constraint drop_off_station_fk references station (id),
    occurred_at timestamptz not null,
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
    payload_fingerprint text,
    device_id integer constraint drop_off_device_fk references counter_device (id),
    mass_weighed boolean not null default false,
    constraint drop_off_quantity_positive check (quantity > 0),
    constraint drop_off_mass_nonnegative check (mass_kg >= 0),
    constraint drop_off_outcome_check check (outcome in ('REUSED', 'RECYCLED')),
    constraint drop_off_void_complete check ((voided_at is null) = (void_reason is null)),
    ${
      partitioned
        ? `constraint drop_off_pk primary key (id, station_id, occurred_at),
    constraint drop_off_idempotency_key unique (station_id, idempotency_key, occurred_at)
  ) partition by range (occurred_at)`
        : `constraint drop_off_pk primary key (id),
    constraint drop_off_idempotency_key unique (station_id, idempotency_key)
  )`
    }`;

// One partition per UTC month, named drop_off_yYYYYmMM. A concurrent creator of the same month
// (another API process) is not an error.
const ENSURE = `create function drop_off_ensure_partitions(from_at timestamptz, to_at timestamptz) returns integer
  language plpgsql as $$
  declare
    m timestamp := date_trunc('month', from_at at time zone 'UTC');
    created integer := 0;
    name text;
  begin
    while m <= to_at at time zone 'UTC' loop
      name := 'drop_off_y' || to_char(m, 'YYYY') || 'm' || to_char(m, 'MM');
      if to_regclass(name) is null then
        begin
          execute format('create table %I partition of drop_off for values from (%L) to (%L)', name,
            to_char(m, 'YYYY-MM-DD') || ' 00:00:00+00', to_char(m + interval '1 month', 'YYYY-MM-DD') || ' 00:00:00+00');
          created := created + 1;
        exception when duplicate_table then null;
        end;
      end if;
      m := m + interval '1 month';
    end loop;
    return created;
  end $$`;

// Detaches and drops every month that ends at or before `before`; returns the dropped names.
const DROP = `create function drop_off_drop_partitions(before timestamptz) returns setof text
  language plpgsql as $$
  declare
    p record;
  begin
    for p in
      select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
      where i.inhparent = 'drop_off'::regclass and c.relname ~ '^drop_off_y[0-9]{4}m[0-9]{2}$'
        and to_date(substr(c.relname, 11, 4) || substr(c.relname, 16, 2), 'YYYYMM') + interval '1 month'
          <= before at time zone 'UTC'
      order by 1
    loop
      execute format('alter table drop_off detach partition %I', p.name);
      execute format('drop table %I', p.name);
      return next p.name;
    end loop;
  end $$`;

export async function up(db: Kysely<any>): Promise<void> {
  const old = 'drop_off_unpartitioned';
  await sql.raw(`alter table drop_off rename to ${old}`).execute(db);
  // Free the names the new table takes (constraint indexes are relations; the identity's sequence).
  await sql.raw(`alter table ${old} drop constraint drop_off_pk, drop constraint drop_off_idempotency_key`).execute(db);
  await sql.raw(`drop index drop_off_station_time_idx`).execute(db);
  await sql.raw(`alter table ${old} alter column id drop identity`).execute(db);
  await sql.raw(createTable(true)).execute(db);
  await sql.raw(`create index drop_off_station_time_idx on drop_off (station_id, occurred_at desc)`).execute(db);
  await sql.raw(ENSURE).execute(db);
  await sql.raw(DROP).execute(db);
  await sql
    .raw(
      // from the first campaign's month (Oct 2026) or the oldest row, to two months ahead
      `select drop_off_ensure_partitions(least(timestamptz '2026-10-01 00:00:00+00', (select min(occurred_at) from ${old})),
        greatest(now(), (select max(occurred_at) from ${old})) + interval '2 months')`,
    )
    .execute(db);
  await sql.raw(`insert into drop_off (${COLUMNS}) overriding system value select ${COLUMNS} from ${old}`).execute(db);
  await sql
    .raw(
      `select setval(pg_get_serial_sequence('drop_off', 'id'), (select coalesce(max(id), 0) + 1 from drop_off), false)`,
    )
    .execute(db);
  await sql.raw(`drop table ${old}`).execute(db);
  await sql
    .raw(
      `create table drop_off_key (
        station_id integer not null,
        idempotency_key text not null,
        occurred_at timestamptz not null,
        constraint drop_off_key_pk primary key (station_id, idempotency_key)
      )`,
    )
    .execute(db);
  await sql
    .raw(
      `insert into drop_off_key (station_id, idempotency_key, occurred_at)
      select station_id, idempotency_key, occurred_at from drop_off`,
    )
    .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  const old = 'drop_off_partitioned';
  await sql.raw(`drop table drop_off_key`).execute(db);
  await sql
    .raw(`drop function drop_off_drop_partitions(timestamptz), drop_off_ensure_partitions(timestamptz, timestamptz)`)
    .execute(db);
  await sql.raw(`alter table drop_off rename to ${old}`).execute(db);
  await sql.raw(`alter table ${old} drop constraint drop_off_pk, drop constraint drop_off_idempotency_key`).execute(db);
  await sql.raw(`drop index drop_off_station_time_idx`).execute(db);
  await sql.raw(`alter table ${old} alter column id drop identity`).execute(db);
  await sql.raw(createTable(false)).execute(db);
  await sql.raw(`create index drop_off_station_time_idx on drop_off (station_id, occurred_at desc)`).execute(db);
  await sql.raw(`insert into drop_off (${COLUMNS}) overriding system value select ${COLUMNS} from ${old}`).execute(db);
  await sql
    .raw(
      `select setval(pg_get_serial_sequence('drop_off', 'id'), (select coalesce(max(id), 0) + 1 from drop_off), false)`,
    )
    .execute(db);
  await sql.raw(`drop table ${old}`).execute(db);
}

// Frozen migration. Green points: consumers (a member code, no personal data), campaigns, an
// append-only points ledger and vouchers paid from a capped budget (docs/points.md). The rules
// that must hold under any concurrency are constraints here, not only code:
//   - a drop-off is credited at most once and reversed at most once (unique per station + key + kind);
//   - the sum of vouchers issued never exceeds the campaign budget (check on the budget row);
//   - a voucher is issued once per consumer + idempotency key, and redeemed at most once;
//   - ledger rows are never updated or deleted (trigger).
// The ledger names a drop-off by its natural key (station, idempotency key) and carries no foreign
// key to drop_off, so drop_off can be partitioned later. Each statement is sent alone (PGlite).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table consumer (
    id integer generated always as identity constraint consumer_pk primary key,
    member_code text not null constraint consumer_member_code_key unique,
    -- scrypt hash of the recovery secret (the secret itself is shown once, never stored)
    secret_hash text not null,
    created_at timestamptz not null default now(),
    constraint consumer_member_code_format check (member_code ~ '^GM[0-9A-HJKMNP-TV-Z]{10}$')
  )`.execute(db);

  await sql`create table points_campaign (
    id integer generated always as identity constraint points_campaign_pk primary key,
    code text not null constraint points_campaign_code_key unique,
    name_zh text not null,
    name_en text not null,
    -- local days (Asia/Shanghai) of the drop-offs that earn points, inclusive
    starts_on date not null,
    ends_on date not null,
    consumer_daily_cap integer not null,
    station_daily_cap integer not null,
    voucher_points integer not null,
    voucher_value numeric(10, 2) not null,
    voucher_valid_days integer not null default 30,
    voucher_budget numeric(14, 2) not null,
    vouchers_issued numeric(14, 2) not null default 0,
    created_at timestamptz not null default now(),
    constraint points_campaign_code_format check (code ~ '^[A-Z0-9-]{3,32}$'),
    constraint points_campaign_dates check (starts_on <= ends_on),
    constraint points_campaign_caps_positive check (consumer_daily_cap > 0 and station_daily_cap > 0),
    constraint points_campaign_voucher_positive check (voucher_points > 0 and voucher_value > 0 and voucher_valid_days > 0),
    constraint points_campaign_budget_cap check (vouchers_issued >= 0 and vouchers_issued <= voucher_budget)
  )`.execute(db);
  await sql`create index points_campaign_dates_idx on points_campaign (starts_on, ends_on)`.execute(db);

  await sql`create table points_rate (
    campaign_id integer not null constraint points_rate_campaign_fk references points_campaign (id),
    material_code text not null constraint points_rate_material_fk references package_material (code),
    outcome text not null,
    points_per_item integer not null,
    constraint points_rate_pk primary key (campaign_id, material_code, outcome),
    constraint points_rate_outcome_check check (outcome in ('REUSED', 'RECYCLED')),
    constraint points_rate_nonnegative check (points_per_item >= 0)
  )`.execute(db);

  await sql`create table voucher (
    id bigint generated always as identity constraint voucher_pk primary key,
    campaign_id integer not null constraint voucher_campaign_fk references points_campaign (id),
    consumer_id integer not null constraint voucher_consumer_fk references consumer (id),
    idempotency_key text not null,
    -- sha256 of the code; the code is derived from code_nonce with a server key (docs/points.md)
    code_hash text not null constraint voucher_code_hash_key unique,
    code_nonce text not null,
    points integer not null,
    value numeric(10, 2) not null,
    issued_at timestamptz not null,
    expires_at timestamptz not null,
    redeemed_at timestamptz,
    redeemed_station_id integer constraint voucher_redeemed_station_fk references station (id),
    redeemed_by integer constraint voucher_redeemed_by_fk references app_user (id),
    constraint voucher_issue_once unique (consumer_id, idempotency_key),
    constraint voucher_positive check (points > 0 and value > 0),
    constraint voucher_redeem_complete check ((redeemed_at is null) = (redeemed_station_id is null))
  )`.execute(db);
  await sql`create index voucher_consumer_idx on voucher (consumer_id, id desc)`.execute(db);
  await sql`create index voucher_campaign_idx on voucher (campaign_id, issued_at)`.execute(db);

  await sql`create table points_entry (
    id bigint generated always as identity constraint points_entry_pk primary key,
    consumer_id integer not null constraint points_entry_consumer_fk references consumer (id),
    campaign_id integer not null constraint points_entry_campaign_fk references points_campaign (id),
    kind text not null,
    points integer not null,
    station_id integer constraint points_entry_station_fk references station (id),
    drop_off_key text,
    drop_off_id bigint,
    -- the drop-off's local day and time: daily caps and the suspicious-pattern check use them
    local_day date,
    occurred_at timestamptz,
    voucher_id bigint constraint points_entry_voucher_fk references voucher (id),
    reverses_id bigint constraint points_entry_reverses_fk references points_entry (id),
    created_at timestamptz not null,
    request_id text,
    constraint points_entry_kind_check check (kind in ('CREDIT', 'REVERSAL', 'VOUCHER')),
    constraint points_entry_sign check ((kind = 'CREDIT') = (points > 0) and points <> 0),
    constraint points_entry_shape check (
      (kind in ('CREDIT', 'REVERSAL') and station_id is not null and drop_off_key is not null
        and local_day is not null and occurred_at is not null and voucher_id is null)
      or (kind = 'VOUCHER' and voucher_id is not null and drop_off_key is null)),
    constraint points_entry_reversal_names_credit check ((kind = 'REVERSAL') = (reverses_id is not null)),
    constraint points_entry_once_per_drop_off unique (station_id, drop_off_key, kind),
    constraint points_entry_voucher_once unique (voucher_id),
    constraint points_entry_reverses_once unique (reverses_id)
  )`.execute(db);
  await sql`create index points_entry_consumer_idx on points_entry (consumer_id, id desc)`.execute(db);
  await sql`create index points_entry_consumer_day_idx on points_entry (consumer_id, local_day)`.execute(db);
  await sql`create index points_entry_station_day_idx on points_entry (station_id, local_day)`.execute(db);
  await sql`create index points_entry_credit_time_idx on points_entry (occurred_at) where kind = 'CREDIT'`.execute(db);

  await sql`create function points_entry_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'points_entry is append-only: correct an entry with a reversing entry'
        using errcode = 'check_violation', constraint = 'points_entry_append_only';
    end $$`.execute(db);
  await sql`create trigger points_entry_append_only before update or delete on points_entry
    for each row execute function points_entry_append_only()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger points_entry_append_only on points_entry`.execute(db);
  await sql`drop function points_entry_append_only()`.execute(db);
  await sql`drop table points_entry, voucher, points_rate, points_campaign, consumer`.execute(db);
}

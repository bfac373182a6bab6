// drop_off is partitioned by UTC month of occurred_at (migration 2026-12-01T14-30): these keep the
// coming months created and drop the old ones. The SQL functions they call can also be run by an
// operator or a cron job from psql (docs/scaling.md, "A year of data").
import { sql, type Kysely } from 'kysely';
import type { Database } from './types.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
/** A retry can only arrive for occurredAt within 30 days (older is refused); a day of margin. */
export const KEY_WINDOW_MS = 31 * DAY_MS;
/** Retention never drops the months the API may still write (the refusal window spans two). */
export const MIN_RETENTION_MONTHS = 2;

/**
 * Creates the missing monthly partitions from `from` to `to` (inclusive months); returns how
 * many were created. Safe to run concurrently and repeatedly.
 */
export async function ensureDropOffPartitions(db: Kysely<Database>, from: Date, to: Date): Promise<number> {
  const r = await sql<{ n: number }>`select drop_off_ensure_partitions(${from.toISOString()}::timestamptz,
    ${to.toISOString()}::timestamptz) as n`.execute(db);
  return Number(r.rows[0]!.n);
}

/** At migrate and start: the months a write can land in now (the refusal window) and two ahead. */
export async function ensureCurrentPartitions(db: Kysely<Database>, now = new Date()): Promise<number> {
  const ahead = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 2, 1));
  return ensureDropOffPartitions(db, new Date(now.getTime() - KEY_WINDOW_MS), ahead);
}

export interface DropOffPartition {
  name: string;
  /** Inclusive lower bound (the month's first instant, UTC). */
  from: Date;
  rows?: number;
}

/** The partitions of drop_off, oldest first. */
export async function listDropOffPartitions(db: Kysely<Database>): Promise<DropOffPartition[]> {
  const r = await sql<{ name: string }>`select c.relname as name from pg_inherits i
    join pg_class c on c.oid = i.inhrelid where i.inhparent = 'drop_off'::regclass order by 1`.execute(db);
  return r.rows.map((p) => {
    const m = /^drop_off_y(\d{4})m(\d{2})$/.exec(p.name);
    return { name: p.name, from: m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1)) : new Date(NaN) };
  });
}

export interface RetentionResult {
  /** Raw rows are kept from this instant on (the first day of a UTC month). */
  keepFrom: Date;
  dropped: string[];
  /** Idempotency key claims older than the retry window, deleted. */
  keysDeleted: number;
}

/**
 * Drops the raw drop-offs of every month older than `months` whole months before `now`'s month
 * (detach + drop of the partition). The rollups (station/city day, station week) are written in
 * the same statement as every drop-off and void, so they already hold those months' figures and
 * stay: reports over the dropped months are unchanged. Also deletes key claims older than the
 * retry window. Example: months = 13 on 2027-12-05 keeps raw rows from 2026-11-01.
 */
export async function dropOffRetention(
  db: Kysely<Database>,
  options: { months: number; now?: Date },
): Promise<RetentionResult> {
  const { months } = options;
  if (!Number.isInteger(months) || months < MIN_RETENTION_MONTHS) {
    throw new RangeError(`months must be a whole number >= ${MIN_RETENTION_MONTHS} (got ${months})`);
  }
  const now = options.now ?? new Date();
  const keepFrom = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - months, 1));
  const dropped = await sql<{ name: string }>`select drop_off_drop_partitions(${keepFrom.toISOString()}::timestamptz)
    as name`.execute(db);
  const keys = await sql`delete from drop_off_key
    where occurred_at < ${new Date(now.getTime() - KEY_WINDOW_MS).toISOString()}::timestamptz`.execute(db);
  return { keepFrom, dropped: dropped.rows.map((r) => r.name), keysDeleted: Number(keys.numAffectedRows ?? 0) };
}

// drop_off has one partition per UTC month (migration 2026-12-01T14-30). Migrate/start creates the
// current window and two months ahead; this covers a process running past them without a cron
// job: before a write to a month this process has not written yet, the month is created if
// missing (one statement, once per month and database handle), so no write fails for lack of one.
import { ensureDropOffPartitions } from '@recycle/db';
import type { Db } from './db.ts';

const known = new WeakMap<object, Set<string>>();
const monthOf = (d: Date) => d.toISOString().slice(0, 7);

export async function ensurePartitionsFor(db: Db, dates: readonly Date[]): Promise<void> {
  let months = known.get(db);
  if (!months) known.set(db, (months = new Set()));
  const missing = dates.filter((d) => !months.has(monthOf(d)));
  if (missing.length === 0) return;
  const times = missing.map((d) => d.getTime());
  await ensureDropOffPartitions(db, new Date(Math.min(...times)), new Date(Math.max(...times)));
  for (const d of missing) months.add(monthOf(d));
}

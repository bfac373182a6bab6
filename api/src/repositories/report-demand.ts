// The station reports asked for lately (migration 2026-12-03T22-00; services/report-warmup.ts).
import { sql } from 'kysely';
import type { Db } from './db.ts';

export interface ReportDemandRow {
  key: string;
  query: unknown;
  factor_sets: unknown;
  scenario: number | null;
}

/** Records that a report was asked at `at` (one row per key, the latest time kept). */
export async function noteReportDemand(db: Db, row: ReportDemandRow, at: Date): Promise<void> {
  await db
    .insertInto('report_demand')
    .values({
      key: row.key,
      query: JSON.stringify(row.query),
      factor_sets: JSON.stringify(row.factor_sets),
      scenario: row.scenario,
      asked_at: at,
    })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({ asked_at: sql`greatest(report_demand.asked_at, excluded.asked_at)` }),
    )
    .execute();
}

/** Forgets the reports last asked before `before`. */
export async function forgetReportDemandBefore(db: Db, before: Date): Promise<void> {
  await db.deleteFrom('report_demand').where('asked_at', '<', before).execute();
}

/** The `limit` reports asked most recently, newest first. */
export function recentReportDemand(db: Db, limit: number): Promise<ReportDemandRow[]> {
  return db
    .selectFrom('report_demand')
    .select(['key', 'query', 'factor_sets', 'scenario'])
    .orderBy('asked_at', 'desc')
    .orderBy('key')
    .limit(limit)
    .execute();
}

/** Forgets one report (one that can no longer be read: its factor set deleted, say). */
export async function forgetReportDemand(db: Db, key: string): Promise<void> {
  await db.deleteFrom('report_demand').where('key', '=', key).execute();
}

// Frozen migration. The station reports people asked for lately (api/src/services/report-warmup.ts):
// an API process that starts (a deploy, a restart, one more worker) reads them in the background so
// that the first person to ask again does not wait for a whole read (~2 s for the network's
// station report over the 11.11 campaign). One row per report as asked (its query, the factor sets
// as asked, the displacement scenario); few rows, written at most every few minutes per report.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('report_demand')
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('query', 'jsonb', (c) => c.notNull())
    .addColumn('factor_sets', 'jsonb', (c) => c.notNull())
    .addColumn('scenario', 'double precision')
    .addColumn('asked_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('report_demand_pk', ['key'])
    .execute();
  await db.schema.createIndex('report_demand_asked_idx').on('report_demand').column('asked_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('report_demand').execute();
}

// The dashboard's period reads must not grow with the history behind the period: each rollup read
// by a day range alone (no city, no station) needs an index led by the day, or it reads the whole
// table (a year of history made the network summary 4× slower in bench:year before
// city_day_total_day_idx). Checked on the plans, with sequential scans priced out: PostgreSQL still
// plans one where no index can serve the condition.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/db.ts';

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(() => db.dispose());

const SUMS = 'sum(entries) as entries, sum(quantity) as quantity, sum(mass_kg) as mass_kg';

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

/** Each read of a table in the plan: how, and through which indexes (a bitmap scan's are below it). */
async function tableReads(query: string): Promise<{ type: string; table: string; indexes: string[] }[]> {
  return db.db.transaction().execute(async (trx) => {
    await sql`set local enable_seqscan = off`.execute(trx);
    const r = await sql<{ 'QUERY PLAN': unknown }>`explain (format json) ${sql.raw(query)}`.execute(trx);
    const plan = r.rows[0]!['QUERY PLAN'];
    const root = (typeof plan === 'string' ? JSON.parse(plan) : plan) as { Plan: PlanNode }[];
    const indexesBelow = (n: PlanNode): string[] => [
      ...(n['Index Name'] ? [n['Index Name']] : []),
      ...(n.Plans ?? []).flatMap(indexesBelow),
    ];
    const out: { type: string; table: string; indexes: string[] }[] = [];
    const walk = (n: PlanNode) => {
      if (n['Relation Name']) out.push({ type: n['Node Type'], table: n['Relation Name'], indexes: indexesBelow(n) });
      else (n.Plans ?? []).forEach(walk);
    };
    walk(root[0]!.Plan);
    return out;
  });
}

async function leadingColumn(index: string): Promise<string> {
  const r = await sql<{ attname: string }>`select a.attname from pg_index i
    join pg_class c on c.oid = i.indexrelid
    join pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[0]
    where c.relname = ${index}`.execute(db.db);
  return r.rows[0]?.attname ?? `(no index ${index})`;
}

const period = `'2026-10-20' and '2026-11-11'`;
const READS: [name: string, query: string, table: string, leading: string[]][] = [
  [
    'network summary totals',
    `select material_code, outcome, ${SUMS} from city_day_total where day between ${period} group by 1, 2`,
    'city_day_total',
    ['day'],
  ],
  [
    'one city’s summary totals',
    `select material_code, outcome, ${SUMS} from city_day_total where city_code = 'SH' and day between ${period} group by 1, 2`,
    'city_day_total',
    ['city_code', 'day'],
  ],
  [
    'network station × day report',
    `select station_id, day, ${SUMS} from station_day_total where day between ${period} group by 1, 2`,
    'station_day_total',
    ['day'],
  ],
  [
    'network station × week report',
    `select station_id, ${SUMS} from station_week_total where week between ${period} group by 1`,
    'station_week_total',
    ['week'],
  ],
];

describe('period reads over the rollups use an index led by what they fix', () => {
  it.each(READS)('%s', async (_name, query, table, leading) => {
    const reads = (await tableReads(query)).filter((x) => x.table === table);
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.map((x) => x.type)).not.toContain('Seq Scan');
    // Reading a whole index with the period as a filter is no better than reading the table: the
    // index must start with a column the query fixes.
    for (const x of reads) {
      expect(x.indexes.length).toBeGreaterThan(0);
      for (const index of x.indexes) expect(leading).toContain(await leadingColumn(index));
    }
  });
});

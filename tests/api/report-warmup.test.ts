// A starting API process reads the station reports asked lately into its cache (report_demand,
// services/report-warmup.ts), so the first person to ask after a deploy or restart does not wait
// for a whole read. "Another process" is another database handle over the same database: the
// report cache is kept per handle, as it is per process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { print } from 'graphql';
import { partsRefreshStats, reportCacheStats } from '../../api/src/report-cache.ts';
import { WARM_REPORTS } from '../../api/src/services/report-warmup.ts';
import type { RunningServer } from '../../api/src/start-server.ts';
import { createCarbonFixture, PERIOD } from '../helpers/carbon-fixture.ts';
import { member, ok, type GqlResult, type TestApp } from '../helpers/app.ts';
import type { TestDb } from '../helpers/db.ts';
import { graphql, type ResultOf, type TadaDocumentNode, type VariablesOf } from '../../web/src/lib/graphql.ts';

let t: TestApp;
let admin: string;
const servers: RunningServer[] = [];

beforeAll(async () => {
  ({ t, admin } = await createCarbonFixture());
});
afterAll(async () => {
  for (const s of servers) await s.close();
  await t.close();
});

/** A server over a handle of its own (an empty report cache), as a newly started process. */
async function newProcess(): Promise<RunningServer> {
  const handle = { ...t.db, db: t.db.db.withoutPlugins() } as TestDb;
  const s = await t.listen({ db: handle });
  servers.push(s);
  return s;
}

async function ask<D extends TadaDocumentNode<unknown, never>>(
  s: RunningServer,
  document: D,
  variables: VariablesOf<D>,
) {
  const res = await fetch(`${s.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
    body: JSON.stringify({ query: print(document), variables }),
  });
  return ok((await res.json()) as GqlResult<ResultOf<D>>);
}

const REPORT = graphql(`
  query ($from: Date, $to: Date, $groupBy: [CarbonReportDimension!]!, $factorSet: String, $displacementRate: Float) {
    carbonReport(from: $from, to: $to, groupBy: $groupBy, factorSet: $factorSet, displacementRate: $displacementRate) {
      __typename
      ... on CarbonReport {
        rows {
          stationCode
          materialCode
          items
        }
        total {
          items
        }
      }
    }
  }
`);
const BY_STATION = { ...PERIOD, groupBy: ['STATION' as const] };

/** The report through `s`, and whether it was read whole or answered from the cache. */
async function report(s: RunningServer, variables: VariablesOf<typeof REPORT>) {
  const before = { whole: partsRefreshStats.wholeReads, hits: reportCacheStats.hits };
  const r = member((await ask(s, REPORT, variables)).carbonReport, 'CarbonReport');
  return {
    rows: r.rows.map((x) => `${x.stationCode} ${x.materialCode ?? ''} ${x.items}`.replace('  ', ' ')),
    total: r.total.items,
    readWhole: partsRefreshStats.wholeReads - before.whole,
    cached: reportCacheStats.hits - before.hits,
  };
}

async function demand() {
  return t.db.db
    .selectFrom('report_demand')
    .select(['query', 'factor_sets', 'scenario', 'asked_at'])
    .orderBy('asked_at', 'desc')
    .execute();
}

/** The note is written beside the answer, not before it: wait for it. */
async function demandOf(n: number) {
  for (let i = 0; i < 100; i++) {
    const rows = await demand();
    if (rows.length >= n) return rows;
    await new Promise((r) => setTimeout(r, 20));
  }
  return demand();
}

describe('station reports asked lately are read by a process as it starts', () => {
  it('notes a station report as asked (once), not a report by city', async () => {
    const first = await newProcess();
    expect(await first.reportsWarmed).toBe(0); // nothing asked yet
    const asked = await report(first, BY_STATION);
    expect(asked).toMatchObject({ total: 36, readWhole: 1 });
    expect(asked.rows).toEqual(['BJ-10001 4', 'SH-10001 29', 'SH-10002 3']);
    const rows = await demandOf(1);
    expect(rows).toEqual([
      {
        query: { ...PERIOD, groupBy: ['STATION'], cityCodes: [], stationCodes: [] },
        factor_sets: [null],
        scenario: null,
        asked_at: t.clock.now,
      },
    ]);
    // keyed by a hash of the report as asked: a report naming hundreds of stations fits an index entry
    const keys = await t.db.db.selectFrom('report_demand').select('key').execute();
    expect(keys.map((r) => r.key)).toEqual([expect.stringMatching(/^[0-9a-f]{64}$/)]);
    // by city: read from the city rollup in milliseconds, not worth warming; asked again: one row
    expect((await report(first, { ...PERIOD, groupBy: ['CITY'] })).total).toBe(36);
    expect((await report(first, BY_STATION)).cached).toBe(1);
    await new Promise((r) => setTimeout(r, 100));
    expect(await demand()).toHaveLength(1);
  });

  it('a new process reads it before anyone asks: the first ask is answered from its cache', async () => {
    const second = await newProcess();
    expect(await second.reportsWarmed).toBe(1);
    expect(await report(second, BY_STATION)).toEqual({
      rows: ['BJ-10001 4', 'SH-10001 29', 'SH-10002 3'],
      total: 36,
      readWhole: 0,
      cached: 1,
    });
    // a station report nobody asked before is still read whole on that process (the control)
    const other = await report(second, { ...PERIOD, groupBy: ['STATION', 'MATERIAL'] });
    expect(other).toMatchObject({ total: 36, readWhole: 1, cached: 0 });
  });

  it('keeps the factor set and scenario as asked; at most WARM_REPORTS, the latest asked first', async () => {
    const p = await newProcess();
    await p.reportsWarmed;
    t.clock.now = new Date(t.clock.now.getTime() + 60_000);
    await report(p, { ...BY_STATION, displacementRate: 0.5 });
    await demandOf(3); // BY_STATION, STATION x MATERIAL (above), and this one
    const rows = await demand();
    expect(rows[0]).toMatchObject({ factor_sets: [null], scenario: 0.5 });
    const next = await newProcess();
    expect(await next.reportsWarmed).toBe(Math.min(3, WARM_REPORTS));
    expect(await report(next, { ...BY_STATION, displacementRate: 0.5 })).toMatchObject({ readWhole: 0, cached: 1 });
  });

  it('forgets what cannot be read again (an unknown set, a bad row) and what was asked over a week ago', async () => {
    const old = new Date(t.clock.now.getTime() - 8 * 86_400_000);
    const later = new Date(t.clock.now.getTime() + 60_000);
    const query = JSON.stringify({ ...PERIOD, groupBy: ['STATION'], cityCodes: [], stationCodes: [] });
    await t.db.db
      .insertInto('report_demand')
      .values([
        { key: 'unknown-set', query, factor_sets: JSON.stringify(['NO-SUCH-SET']), scenario: null, asked_at: later },
        {
          key: 'bad-row',
          query: JSON.stringify({ from: 'soon' }),
          factor_sets: '[null]',
          scenario: null,
          asked_at: later,
        },
        { key: 'old', query, factor_sets: '[null]', scenario: 0.25, asked_at: old },
      ])
      .execute();
    const next = await newProcess();
    // the two bad rows take two of the three places, the newest good report the third
    expect(await next.reportsWarmed).toBe(WARM_REPORTS - 2);
    const keys = (await t.db.db.selectFrom('report_demand').select('key').execute()).map((r) => r.key);
    expect(keys).not.toContain('unknown-set');
    expect(keys).not.toContain('bad-row');
    expect(keys).not.toContain('old');
    expect(keys).toHaveLength(3);
  });
});

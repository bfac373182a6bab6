// SQL snapshots of the hardest repository queries: each function below runs against a Kysely that
// sends nothing (DummyDriver) and records the statement, which is written, formatted, to
// api/src/repositories/sql/<file>.sql. The files are committed; a test fails when the code's SQL
// and the files differ, so a reviewer sees every SQL change in a diff.
// `pnpm sql:print` rewrites the files after an intended change.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type CompiledQuery,
} from 'kysely';
import { format } from 'sql-formatter';
import type { Database } from '@recycle/db';
import type { ReportQuery } from '../../domain/carbon-report.ts';
import type { ValidDropOff } from '../../domain/drop-off-rules.ts';
import { fingerprint, type SentPayload } from '../../domain/idempotency.ts';
import { carbonReportParts, changedStationParts } from '../carbon-report.ts';
import { dropOffsByKeys, insertDropOffBatch, listStationDropOffs, voidDropOff } from '../drop-off.ts';
import { recordBinPickup } from '../pickup.ts';
import { listStations, mapStations, needsActionStations, stationStatusCounts } from '../station.ts';
import { cityPeriodTotals, stationPeriodTotals } from '../totals.ts';

type Db = Kysely<Database>;

interface Case {
  /** The heading in the file: the repository function and what this call shows. */
  name: string;
  run: (db: Db) => Promise<unknown>;
}

const AT = new Date('2026-11-11T04:00:00Z');
const STALE_BEFORE = new Date('2026-11-10T04:00:00Z');
const item = (
  idempotencyKey: string,
  materialCode: string,
  outcome: 'REUSED' | 'RECYCLED',
  quantity: number,
  massKg: number,
  massWeighed: boolean,
): ValidDropOff => {
  const sent: SentPayload = {
    materialCode,
    outcome,
    quantity,
    massKg: massWeighed ? massKg : null,
    occurredAt: AT,
    memberCode: null,
  };
  return {
    idempotencyKey,
    materialCode,
    outcome,
    quantity,
    massKg,
    massWeighed,
    occurredAt: AT,
    sent,
    fingerprint: fingerprint(sent),
  };
};
const ITEMS: ValidDropOff[] = [
  item('SF1234567890', 'BOX_M', 'REUSED', 2, 0.5, true),
  item('k-2', 'MAILER_BAG', 'RECYCLED', 5, 0.15, false),
];
const report = (q: Partial<ReportQuery> & Pick<ReportQuery, 'groupBy'>): ReportQuery => ({
  from: '2026-10-20',
  to: '2026-11-11',
  cityCodes: [],
  stationCodes: [],
  ...q,
});
const parts = (q: ReportQuery) => (db: Db) => carbonReportParts(db, q).execute();

/** The snapshotted calls, by file (api/src/repositories/sql/<file>.sql). */
export const SNAPSHOTS: Record<string, Case[]> = {
  'drop-off': [
    {
      name: 'insertDropOffBatch: two items (rows, rollups, bin and audit in one statement)',
      run: (db) =>
        insertDropOffBatch(
          db,
          {
            stationId: 7,
            cityCode: 'SH',
            stationCode: 'SH-00007',
            loggedBy: 3,
            deviceId: null,
            loggedAt: AT,
            requestId: 'req-1',
            replayedCount: 0,
          },
          ITEMS,
        ),
    },
    { name: 'voidDropOff', run: (db) => voidDropOff(db, 42, 3, 'duplicate', AT) },
    { name: 'dropOffsByKeys', run: (db) => dropOffsByKeys(db, 7, ['SF1234567890', 'k-2']) },
    {
      name: 'listStationDropOffs: a page after a cursor',
      run: (db) => listStationDropOffs(db, 7, { after: 100, limit: 51, inverted: false }),
    },
    {
      name: "listStationDropOffs: the counter's today (since bounds occurred_at: those months alone)",
      run: (db) => listStationDropOffs(db, 7, { since: AT, limit: 201, inverted: false }),
    },
  ],
  'carbon-report': [
    { name: 'carbonReportParts: NETWORK (city rollups)', run: parts(report({ groupBy: ['NETWORK'] })) },
    { name: 'carbonReportParts: CITY', run: parts(report({ groupBy: ['CITY'] })) },
    {
      name: 'carbonReportParts: CITY x DAY, one city',
      run: parts(report({ groupBy: ['CITY', 'DAY'], cityCodes: ['SH'] })),
    },
    {
      name: 'carbonReportParts: DAY x MATERIAL (city rollups summed again by day)',
      run: parts(report({ groupBy: ['DAY', 'MATERIAL'] })),
    },
    { name: 'carbonReportParts: STATION (station rollups)', run: parts(report({ groupBy: ['STATION'] })) },
    {
      name: 'carbonReportParts: STATION x DAY, one city',
      run: parts(report({ groupBy: ['STATION', 'DAY'], cityCodes: ['SH'] })),
    },
    {
      name: 'carbonReportParts: OUTCOME of two stations (station rollups summed again)',
      run: parts(report({ groupBy: ['OUTCOME'], stationCodes: ['SH-00001', 'SH-00002'] })),
    },
    {
      name: 'changedStationParts: STATION of one city, the stations changed since a snapshot and their parts',
      run: (db) =>
        changedStationParts(db, report({ groupBy: ['STATION'], cityCodes: ['SH'] }), '100:104:101,103', 2000),
    },
    {
      name: 'changedStationParts: the same with two stations moved into the city (candidates, read if they have drop-offs in its weeks)',
      run: (db) =>
        changedStationParts(db, report({ groupBy: ['STATION'], cityCodes: ['SH'] }), '100:104:101,103', 2000, [7, 9]),
    },
  ],
  station: [
    {
      name: 'listStations: a city, two statuses, a search, after a cursor',
      run: (db) =>
        listStations(
          db,
          { cityCode: 'SH', statuses: ['FULL', 'STALE'], search: '徐汇', staleBefore: STALE_BEFORE },
          { after: { value: 'SH-00100', code: 'SH-00100' }, limit: 51, inverted: false },
        ),
    },
    { name: 'stationStatusCounts: the network', run: (db) => stationStatusCounts(db, null, STALE_BEFORE) },
    { name: 'mapStations: one city', run: (db) => mapStations(db, 'SH', '2026-11-11', STALE_BEFORE) },
    { name: 'needsActionStations', run: (db) => needsActionStations(db, 'SH', STALE_BEFORE, 50) },
    { name: 'recordBinPickup', run: (db) => recordBinPickup(db, 7, 12.5, 3, AT) },
  ],
  totals: [
    { name: 'cityPeriodTotals: one city', run: (db) => cityPeriodTotals(db, 'SH', '2026-10-20', '2026-11-11') },
    {
      name: 'stationPeriodTotals: a page of stations over the campaign (2 whole weeks, 9 edge days)',
      run: (db) => stationPeriodTotals(db, [1, 2, 3], '2026-10-20', '2026-11-11'),
    },
  ],
};

/** A Kysely that compiles like PostgreSQL's and records every statement instead of sending it. */
function recordingDb(sink: CompiledQuery[]): Db {
  return new Kysely<Database>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new PostgresIntrospector(db),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
    log: (event) => {
      if (event.level === 'query') sink.push(event.query);
    },
  });
}

const json = (v: unknown) => JSON.stringify(v, (_k, x) => (x instanceof Date ? x.toISOString() : x));

/** The text of every snapshot file, by file name (without .sql). */
export async function sqlSnapshots(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [file, cases] of Object.entries(SNAPSHOTS)) {
    const blocks: string[] = [];
    for (const c of cases) {
      const sink: CompiledQuery[] = [];
      await c.run(recordingDb(sink));
      for (const q of sink) {
        const text = format(q.sql, {
          language: 'postgresql',
          keywordCase: 'lower',
          tabWidth: 2,
          paramTypes: { numbered: ['$'] },
        });
        blocks.push(`-- ${c.name}\n-- parameters: ${json(q.parameters)}\n${text};\n`);
      }
    }
    out[file] =
      `-- Generated by \`pnpm sql:print\` from api/src/repositories/sql/snapshots.ts: do not edit.\n\n${blocks.join('\n')}`;
  }
  return out;
}

export const snapshotPath = (file: string): string => fileURLToPath(new URL(`./${file}.sql`, import.meta.url));

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const [file, text] of Object.entries(await sqlSnapshots())) {
    writeFileSync(snapshotPath(file), text);
    console.log(`wrote ${snapshotPath(file)}`);
  }
}

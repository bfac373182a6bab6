// A carbon report's rows and total as the data is now, for GraphQL and the start-up warm-up: from
// this process's caches (report-cache.ts) when they hold it, else its rollup sums read from the
// database (whole, or for a station-first report read before only the stations that changed since)
// and grouped under the factor sets.
import {
  MAX_INLINE_REPORT_PARTS,
  checkInlinePartCount,
  groupReport,
  ReportGrouper,
  reportTotal,
  type ReportPart,
  type ReportQuery,
  type ReportRow,
} from '../domain/carbon-report.ts';
import type { FactorSetForCalc } from '../domain/carbon.ts';
import {
  newcomersOf,
  refreshableByStation,
  relabelStationParts,
  relabelStationRows,
  replaceStationParts,
  replaceStationRows,
  scopeChanges,
} from '../domain/report-refresh.ts';
import {
  cachedParts,
  cachedReport,
  labelEpoch,
  newestPartsOf,
  newestReportOf,
  newPartsGeneration,
  partsCacheKey,
  partsRefreshStats,
  reportCacheKey,
  storeNewestParts,
  storeNewestReport,
  type GroupedReport,
  type NewestParts,
  type PartsRead,
  type Relabelled,
} from '../report-cache.ts';
import {
  carbonReportParts,
  changedStationParts,
  reportDataVersion,
  stationRanks,
} from '../repositories/carbon-report.ts';
import type { Db } from '../repositories/db.ts';
import { stationLabels } from '../repositories/station.ts';
import { eachInSlices } from '../slices.ts';

/**
 * The report's rows and total under `sets` (displacement applied), as the data is now: from this
 * process's cache when neither data, sets nor scenario changed (report-cache.ts); from the cached
 * parts regrouped for another set or scenario; else the parts read again (readParts), then grouped
 * (groupParts). Also what the start-up warm-up runs (services/report-warmup.ts).
 */
export async function finishedReport(
  db: Db,
  q: ReportQuery,
  sets: readonly FactorSetForCalc[],
): Promise<GroupedReport> {
  const version = await reportDataVersion(db, q);
  return cachedReport(db, reportCacheKey(q, sets, version), async () => {
    const read = await cachedParts(db, partsCacheKey(q, version), () => readParts(db, q));
    const report = await groupParts(db, q, sets, read);
    if (refreshableByStation(q)) storeNewestReport(db, q, sets, report);
    return report;
  });
}

/**
 * Past this many changed stations a station report is read whole: reading that many by id costs
 * about what the whole 10,000-station report does.
 */
export const MAX_REFRESH_STATIONS = 2_000;

/**
 * A report's parts from the database. A station-first report read before in this process is brought
 * up to date instead: only the stations whose drop-offs changed since the snapshot it was read in
 * are read again and swapped in (a drop-off between two requests: one station, ~1/10,000 of the
 * work); a station's first entry in the period goes where the database's order puts it. After a
 * rename or a move the parts are relabelled first (relabelled), and the stations that moved into or
 * out of a report's cities read or dropped by the same swap.
 */
async function readParts(db: Db, q: ReportQuery): Promise<PartsRead> {
  // before any read: a rename notified during it makes the next request relabel again
  const labels = labelEpoch(db);
  const newest = refreshableByStation(q) ? newestPartsOf(db, q) : undefined;
  const base: (NewestParts & Partial<Relabelling>) | undefined =
    newest && newest.labels !== labels ? await relabelled(db, q, newest, labels) : newest;
  if (base) {
    const changed = await changedStationParts(db, q, base.snapshot, MAX_REFRESH_STATIONS, base.candidates);
    if (changed) {
      // the stations that left the report's cities have no parts in it now
      const stationCodes = [...(base.left ?? []), ...changed.stationCodes];
      const ranks = await newcomerRanks(db, base.parts, changed.parts);
      const parts = replaceStationParts(base.parts, stationCodes, changed.parts, ranks);
      if (parts) {
        checkInlinePartCount(parts.length);
        const generation = storeNewestParts(db, q, { parts, snapshot: changed.snapshot }, labels);
        partsRefreshStats.refreshes += 1;
        partsRefreshStats.stations += stationCodes.length;
        const refresh = {
          baseGeneration: base.generation,
          changed: stationCodes,
          fresh: changed.parts,
          ranks,
          relabelled: base.relabelled,
        };
        return { parts, generation, refresh };
      }
    }
  }
  const found = await carbonReportParts(db, q).executeMarked(MAX_INLINE_REPORT_PARTS + 1);
  checkInlinePartCount(found.parts.length);
  if (!refreshableByStation(q)) return { parts: found.parts };
  partsRefreshStats.wholeReads += 1;
  return { parts: found.parts, generation: storeNewestParts(db, q, found, labels) };
}

/** The newest parts relabelled, and for a report of some cities the stations that left or may have entered them. */
interface Relabelling extends NewestParts {
  relabelled: Relabelled;
  left: string[];
  candidates: number[];
}

/**
 * The newest parts under the names and cities stations have now (after a rename or a move:
 * report-cache.ts labelEpoch), with the same snapshot (names are not drop-offs: no figure changes).
 * A report of some cities also gets which of its stations left them (their parts are dropped by
 * the refresh) and which stations now in them had no parts (read by id: one moved in brings its
 * history). Not stored: only complete once the refresh has read those (readParts stores that).
 * Undefined when a station of the parts is gone or has another code: the report is read whole.
 */
async function relabelled(
  db: Db,
  q: ReportQuery,
  newest: NewestParts,
  labels: number,
): Promise<Relabelling | undefined> {
  const names = await stationLabels(db, q.stationCodes);
  const parts = relabelStationParts(newest.parts, names);
  if (!parts) return undefined;
  partsRefreshStats.relabels += 1;
  return {
    parts,
    snapshot: newest.snapshot,
    generation: newPartsGeneration(),
    labels,
    relabelled: { from: newest.generation, labels: names },
    ...scopeChanges(q, newest.parts, names),
  };
}

/** Where the fresh parts' stations that had no part before go (none: no query). */
async function newcomerRanks(db: Db, base: readonly ReportPart[], fresh: readonly ReportPart[]) {
  const { known, newcomers } = newcomersOf(base, fresh);
  return newcomers.length ? stationRanks(db, newcomers, known) : new Map<string, number>();
}

/**
 * The newest report under the same sets, if it was grouped from the refresh's base parts, or from
 * the parts those were relabelled from (then with its rows relabelled the same way).
 */
function baseReport(previous: GroupedReport | undefined, refresh: NonNullable<PartsRead['refresh']>) {
  if (previous?.partsGeneration === refresh.baseGeneration) return previous;
  const { relabelled } = refresh;
  if (!relabelled || previous?.partsGeneration !== relabelled.from) return undefined;
  const rows = relabelStationRows(previous.rows, relabelled.labels);
  return rows ? { ...previous, rows } : undefined;
}

/**
 * The report's rows and total from its parts. Refreshed parts whose base the newest report under
 * the same sets was grouped from: that report's rows with the changed stations' rows grouped again
 * (~10,000 rows of CO2e not computed again for one changed station); the total from all the parts.
 * Otherwise every part is grouped, a slice at a time, so a 10,000-station report does not hold the
 * event loop (slices.ts).
 */
async function groupParts(
  db: Db,
  q: ReportQuery,
  sets: readonly FactorSetForCalc[],
  read: PartsRead,
): Promise<GroupedReport> {
  const previous = read.refresh && baseReport(newestReportOf(db, q, sets), read.refresh);
  if (read.refresh && previous) {
    const { changed, fresh, ranks } = read.refresh;
    const rows = replaceStationRows(previous.rows, changed, groupReport(fresh, q.groupBy, sets).rows, ranks);
    if (rows) {
      partsRefreshStats.regroups += 1;
      // no station read again (a rename alone): the same figures, so the same total
      const total = changed.length === 0 ? previous.total : reportTotal(read.parts, sets);
      return { rows, total, partsGeneration: read.generation };
    }
  }
  const grouper = new ReportGrouper(q.groupBy, sets);
  const rows: ReportRow[] = [];
  await eachInSlices(read.parts, (p) => {
    const row = grouper.push(p);
    if (row) rows.push(row);
  });
  const last = grouper.end();
  if (last) rows.push(last);
  return { rows, total: grouper.total(), partsGeneration: read.generation };
}

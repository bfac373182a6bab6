// Day totals computed while the history is generated, so the loader can COPY them instead of
// aggregating a million rows again inside WASM (3 s+ of the 60 s first-start budget). They must
// equal what the API's set-based maintenance would give: non-voided rows only, mass summed
// exactly (in grams, so 0.1 + 0.2 never drifts). tests/db/seed-load.test.ts checks them against
// a direct SUM over drop_off.
import { weekOf } from '@recycle/db';
import type { DropOffSeed } from './history.ts';

export interface DayTotal {
  day: string;
  materialCode: string;
  outcome: string;
  entries: number;
  quantity: number;
  /** Exact to the gram; convert with gramsToKg. */
  massGrams: number;
  /** The weighed part of massGrams. */
  weighedGrams: number;
}

/** '12.345' from 12345 grams: numeric(…, 3) text without float formatting surprises. */
export function gramsToKg(grams: number): string {
  return (grams / 1000).toFixed(3);
}

function add(
  totals: Map<string, DayTotal>,
  key: string,
  day: string,
  materialCode: string,
  outcome: string,
  entries: number,
  quantity: number,
  massGrams: number,
  weighedGrams: number,
): void {
  const t = totals.get(key);
  if (t) {
    t.entries += entries;
    t.quantity += quantity;
    t.massGrams += massGrams;
    t.weighedGrams += weighedGrams;
  } else {
    totals.set(key, { day, materialCode, outcome, entries, quantity, massGrams, weighedGrams });
  }
}

const byKey = (a: DayTotal, b: DayTotal) =>
  a.day < b.day
    ? -1
    : a.day > b.day
      ? 1
      : a.materialCode < b.materialCode
        ? -1
        : a.materialCode > b.materialCode
          ? 1
          : a.outcome < b.outcome
            ? -1
            : a.outcome > b.outcome
              ? 1
              : 0;

/**
 * One station's totals per (day, material, outcome), in primary-key order so the COPY appends to
 * the btree instead of inserting all over it.
 */
export function stationDayTotals(dropOffs: readonly DropOffSeed[]): DayTotal[] {
  const totals = new Map<string, DayTotal>();
  for (const r of dropOffs) {
    if (r.voidedAt !== null) continue;
    const grams = Math.round(r.massKg * 1000);
    add(
      totals,
      `${r.localDay}|${r.materialCode}|${r.outcome}`,
      r.localDay,
      r.materialCode,
      r.outcome,
      1,
      r.quantity,
      grams,
      r.massWeighed ? grams : 0,
    );
  }
  return [...totals.values()].sort(byKey);
}

/**
 * One station's day totals summed per ISO week (the `day` of each is its week's Monday, as in
 * station_week_total), in primary-key order.
 */
export function stationWeekTotals(dayTotals: readonly DayTotal[]): DayTotal[] {
  const totals = new Map<string, DayTotal>();
  sumInto(totals, dayTotals, (t) => weekOf(t.day), '');
  return [...totals.values()].sort(byKey);
}

/**
 * Adds totals into the rows of a coarser rollup: each lands in the row of its period (`periodOf`:
 * its week's Monday, or its own day) under `prefix` (the city and shard), per material and outcome.
 */
function sumInto(
  totals: Map<string, DayTotal>,
  rows: readonly DayTotal[],
  periodOf: (t: DayTotal) => string,
  prefix: string,
): void {
  for (const t of rows) {
    const period = periodOf(t);
    const key = `${prefix}${period}|${t.materialCode}|${t.outcome}`;
    add(totals, key, period, t.materialCode, t.outcome, t.entries, t.quantity, t.massGrams, t.weighedGrams);
  }
}

/**
 * Sums station day totals into city day totals, in the station's rollup shard as the API writes
 * them (so a later void subtracts from the row that holds the entry); a few thousand rows.
 */
export class CityDayTotals {
  private readonly totals = new Map<string, DayTotal>();

  add(cityCode: string, shard: number, stationTotals: readonly DayTotal[]): void {
    sumInto(this.totals, stationTotals, (t) => t.day, `${cityCode}|${shard}|`);
  }

  /** In primary-key order (city, day, material, outcome, shard). */
  rows(): (DayTotal & { cityCode: string; shard: number })[] {
    return [...this.totals.entries()]
      .map(([key, t]) => {
        const [cityCode, shard] = key.split('|');
        return { ...t, cityCode: cityCode!, shard: Number(shard) };
      })
      .sort((a, b) => (a.cityCode < b.cityCode ? -1 : a.cityCode > b.cityCode ? 1 : byKey(a, b) || a.shard - b.shard));
  }
}

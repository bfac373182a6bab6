// Drop-off history and bin pickups of one station, generated day by day. Pure and deterministic:
// (seed, station, days, now) -> the same rows, and each station has its own random stream so
// stations can be generated one at a time with bounded memory.
import { DAY_MS, campaignFor, campaignMultiplier, localDayOf, localDayStart, weekdayMultiplier } from './calendar.ts';
import type { StationSeed } from './network.ts';
import { between, deriveRng, pickWeighted, type Rng } from './prng.ts';
import { MATERIALS, type Outcome } from './reference.ts';

export interface DropOffSeed {
  /** UTC epoch ms. */
  occurredAt: number;
  /** China local day of occurredAt, 'YYYY-MM-DD'. */
  localDay: string;
  materialCode: string;
  quantity: number;
  massKg: number;
  /** True when staff weighed the entry; false when its mass is quantity x typical mass (as the API fills it in). */
  massWeighed: boolean;
  outcome: Outcome;
  idempotencyKey: string;
  /** Set on ~0.3% of rows: a staff member picked the wrong material and voided the entry. */
  voidedAt: number | null;
}

export interface PickupSeed {
  pickedUpAt: number;
  kg: number;
  itemsCleared: number;
}

export interface StationHistory {
  dropOffs: DropOffSeed[];
  pickups: PickupSeed[];
  /** Non-voided RECYCLED items logged after the last pickup: what the bin holds at `now`. */
  binItems: number;
}

export interface HistoryOptions {
  seed: number;
  now: Date;
  /** Local days to generate, from historyDays(). */
  days: readonly string[];
}

export const VOID_REASON = 'seed: wrong material';
const BASELINE_ITEMS_PER_DAY = 80;
const VOID_RATE = 0.003;
const REUSE_SHARE_OF_BOXES = 0.3;
const OPEN_SECONDS = 8 * 3600;
const CLOSE_SECONDS = 21 * 3600;

// Material mix by items: boxes 55% (S/M/L), mailer bags 30%, fill 15%.
const MATERIAL_WEIGHTS: readonly (readonly [string, number])[] = [
  ['BOX_S', 20],
  ['BOX_M', 23],
  ['BOX_L', 12],
  ['MAILER_BAG', 30],
  ['FOAM_FILL', 5],
  ['PAPER_FILL', 10],
];
const TYPICAL_MASS = new Map(MATERIALS.map((m) => [m.code, m.typicalMassKg]));
const REUSABLE = new Set(MATERIALS.filter((m) => m.reusable).map((m) => m.code));

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/**
 * Items per entry, 1-40, mean ~31: staff log a counted batch (a stack of flattened boxes, a bag of
 * mailers) rather than one parcel at a time. The batch size sets the row count (~1 M for 10,000
 * stations over a campaign season).
 */
function drawQuantity(rng: Rng): number {
  return 1 + Math.floor(39.999 * rng() ** 0.3);
}

/**
 * Seconds after local midnight: open 08:00-21:00, with an after-work bump around 18:30. The last
 * minute is left free so the de-duplicating 1 s bumps below never push a row past closing.
 */
function drawSecondOfDay(rng: Rng): number {
  const span = CLOSE_SECONDS - 60 - OPEN_SECONDS;
  if (rng() < 0.6) return OPEN_SECONDS + Math.floor(rng() * span);
  const s = Math.floor(18.5 * 3600 + (rng() + rng() + rng() - 1.5) * 2.5 * 3600);
  return s >= OPEN_SECONDS && s < OPEN_SECONDS + span ? s : OPEN_SECONDS + Math.floor(rng() * span);
}

function dayRows(rng: Rng, station: StationSeed, day: string, multiplier: number): DropOffSeed[] {
  const noise = between(rng, 0.85, 1.15);
  let left = Math.round(BASELINE_ITEMS_PER_DAY * station.sizeFactor * multiplier * weekdayMultiplier(day) * noise);
  const start = localDayStart(day);
  const rows: DropOffSeed[] = [];
  while (left > 0) {
    const quantity = Math.min(left, drawQuantity(rng));
    left -= quantity;
    const materialCode = pickWeighted(rng, MATERIAL_WEIGHTS);
    const reused = REUSABLE.has(materialCode) && rng() < REUSE_SHARE_OF_BOXES;
    const massKg = round3(quantity * TYPICAL_MASS.get(materialCode)! * between(rng, 0.85, 1.15));
    const occurredAt = start + drawSecondOfDay(rng) * 1000;
    const voided = rng() < VOID_RATE;
    rows.push({
      occurredAt,
      localDay: day,
      materialCode,
      quantity,
      massKg,
      massWeighed: true,
      outcome: reused ? 'REUSED' : 'RECYCLED',
      idempotencyKey: '',
      voidedAt: voided ? occurredAt + Math.floor(between(rng, 2, 30) * 60_000) : null,
    });
  }
  rows.sort((a, b) => a.occurredAt - b.occurredAt);
  return rows;
}

/** Counts toward the recycling bin: reused boxes leave over the counter, voided rows never happened. */
const inBin = (r: DropOffSeed) => r.outcome === 'RECYCLED' && r.voidedAt === null;

/**
 * A FULL station must end with a bin at or over capacity and no pickup since: pickups are allowed
 * only before the first row of the trailing run of rows that alone fill the bin.
 */
function pickupCutoff(rows: DropOffSeed[], station: StationSeed): number {
  if (station.plan !== 'FULL') return rows.length;
  let items = 0;
  for (let i = rows.length - 1; i >= 0; i--) {
    if (inBin(rows[i]!)) items += rows[i]!.quantity;
    if (items >= station.binCapacity) return i;
  }
  return 0;
}

/**
 * The recycler empties the bin once it is 70-95% full (each visit has its own threshold). The pickup
 * time falls strictly between the row that crossed the threshold and the next row (or `now`), so
 * "recycled rows after the last pickup" in SQL gives the same bin level as this simulation.
 */
function simulatePickups(rng: Rng, rows: DropOffSeed[], station: StationSeed, nowMs: number) {
  const cutoff = pickupCutoff(rows, station);
  const pickups: PickupSeed[] = [];
  let items = 0;
  let kg = 0;
  let threshold = station.binCapacity * between(rng, 0.7, 0.95);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    if (!inBin(row)) continue;
    items += row.quantity;
    kg += row.massKg;
    if (i >= cutoff || items < threshold) continue;
    const next = i + 1 < rows.length ? rows[i + 1]!.occurredAt : nowMs;
    const gap = next - row.occurredAt;
    if (gap < 2) continue; // no room for a pickup strictly between two rows: wait for the next one
    const pickedUpAt = row.occurredAt + 1 + Math.floor(between(rng, 0.1, 0.9) * (gap - 1));
    pickups.push({ pickedUpAt, kg: round3(kg), itemsCleared: items });
    items = 0;
    kg = 0;
    threshold = station.binCapacity * between(rng, 0.7, 0.95);
  }
  return { pickups, binItems: items };
}

/** Share of stations with a counter scale, and of their RECYCLED entries they weigh. */
const SCALE_SHARE = 0.4;
const WEIGHED_SHARE = 0.8;

/**
 * Which entries were weighed. Only stations with a scale weigh, only RECYCLED material (a bag of
 * mailers or a stack of flattened boxes), and not always; a reused box is counted, never weighed.
 * An estimated entry gets quantity x typical mass, exactly what the API stores when no mass is
 * sent. Drawn from the station's own "weighed" stream so every other value of the history stays
 * what it was before weighing was recorded.
 */
function markWeighed(rng: Rng, rows: DropOffSeed[]): void {
  const hasScale = rng() < SCALE_SHARE;
  for (const row of rows) {
    row.massWeighed = hasScale && row.outcome === 'RECYCLED' && rng() < WEIGHED_SHARE;
    if (!row.massWeighed) row.massKg = round3(row.quantity * TYPICAL_MASS.get(row.materialCode)!);
  }
}

const HEARTBEAT_HOURS = 20;

/**
 * A small station logs ~2-3 batches a day, so by chance it can go a day without a row and look
 * STALE. Stations planned to be reporting get one small entry within the last 20 h (inside
 * opening hours) when they have none, so that STALE means what the plan says.
 */
function addHeartbeat(rng: Rng, rows: DropOffSeed[], nowMs: number): void {
  const last = rows.length ? rows[rows.length - 1]!.occurredAt : -Infinity;
  if (last >= nowMs - HEARTBEAT_HOURS * 3_600_000) return;
  for (const back of [0, 1]) {
    const day = localDayOf(nowMs - back * DAY_MS);
    const open = localDayStart(day) + OPEN_SECONDS * 1000;
    const lo = Math.max(open, nowMs - HEARTBEAT_HOURS * 3_600_000, last + 1000);
    const hi = Math.min(open + (CLOSE_SECONDS - OPEN_SECONDS - 60) * 1000, nowMs);
    if (lo >= hi) continue;
    const occurredAt = lo + Math.floor((rng() * (hi - lo)) / 1000) * 1000;
    const quantity = 1 + Math.floor(rng() * 5);
    const massKg = round3(quantity * TYPICAL_MASS.get('MAILER_BAG')! * between(rng, 0.85, 1.15));
    rows.push({
      occurredAt,
      localDay: day,
      materialCode: 'MAILER_BAG',
      quantity,
      massKg,
      massWeighed: true,
      outcome: 'RECYCLED',
      idempotencyKey: `seed-${rows.length + 1}`,
      voidedAt: null,
    });
    return;
  }
}

/**
 * Every drop-off and pickup of `station` over `days`, nothing after `now`. CLOSED, MAINTENANCE and
 * STALE stations go silent `silentHours` before now.
 * Example: generateStationHistory(stations[0], { seed: 42, now, days: historyDays(now) }).dropOffs[0]
 */
export function generateStationHistory(station: StationSeed, options: HistoryOptions): StationHistory {
  const rng = deriveRng(options.seed, `history:${station.code}`);
  const nowMs = options.now.getTime();
  const lastMs = nowMs - station.silentHours * 3_600_000;
  const campaign = campaignFor(options.now);
  const peak = between(rng, 2, 3.5);
  const dropOffs: DropOffSeed[] = [];
  let lastTime = -Infinity;
  for (const day of options.days) {
    const rows = dayRows(rng, station, day, campaignMultiplier(day, campaign, peak));
    for (const row of rows) {
      // Distinct, increasing instants per station keep "after the last pickup" unambiguous.
      if (row.occurredAt <= lastTime) row.occurredAt = lastTime + 1000;
      if (row.occurredAt > lastMs || row.occurredAt > nowMs) continue;
      if (row.voidedAt !== null) row.voidedAt = Math.min(Math.max(row.voidedAt, row.occurredAt + 1000), nowMs);
      lastTime = row.occurredAt;
      row.idempotencyKey = `seed-${dropOffs.length + 1}`;
      dropOffs.push(row);
    }
  }
  if (station.silentHours === 0) addHeartbeat(rng, dropOffs, nowMs);
  markWeighed(deriveRng(options.seed, `weighed:${station.code}`), dropOffs);
  const { pickups, binItems } = simulatePickups(rng, dropOffs, station, nowMs);
  return { dropOffs, pickups, binItems };
}

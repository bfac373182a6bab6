// What the public (the station finder and the open feed) may know about a station, and the rules
// that turn stored figures into public ones. Only coarse figures leave: whether it is accepting
// drop-offs, and the bin's fill as a bucket, never item counts, capacities or staff.
import { effectiveStatus, type EffectiveStatus, type StoredStatus } from './status.ts';

export const BIN_FILL_BUCKETS = ['EMPTY', 'LOW', 'MEDIUM', 'HIGH', 'FULL'] as const;
export type BinFillBucket = (typeof BIN_FILL_BUCKETS)[number];

/**
 * The bin's fill as a bucket: EMPTY (0), LOW (under 50 %), MEDIUM (50-80 %), HIGH (80-99 %),
 * FULL (at or over capacity). Example: binFillBucket(45, 100) === 'LOW'
 */
export function binFillBucket(binItems: number, capacity: number): BinFillBucket {
  if (binItems <= 0) return 'EMPTY';
  const share = capacity > 0 ? binItems / capacity : 1;
  if (share >= 1) return 'FULL';
  if (share >= 0.8) return 'HIGH';
  if (share >= 0.5) return 'MEDIUM';
  return 'LOW';
}

/**
 * A station takes drop-offs when it is OPEN and reporting: FULL has no room in the bin, CLOSED and
 * MAINTENANCE are shut, and a STALE one (nothing reported for 24 h) may not be staffed.
 */
export function isAccepting(status: EffectiveStatus): boolean {
  return status === 'OPEN';
}

/** The station columns the public views read (see repositories/public-station.ts). */
export interface PublicStationRow {
  code: string;
  city_code: string;
  district: string;
  name: string;
  address: string;
  lat: number;
  lng: number;
  status: string;
  bin_items: number;
  bin_capacity: number;
  last_reported_at: Date | null;
}

export interface PublicStationStatus {
  status: EffectiveStatus;
  accepting: boolean;
  binFill: BinFillBucket;
  lastReportedAt: Date | null;
}

export function publicStatus(row: PublicStationRow, now: Date): PublicStationStatus {
  const status = effectiveStatus(row.status as StoredStatus, row.last_reported_at, now);
  return {
    status,
    accepting: isAccepting(status),
    binFill: binFillBucket(row.bin_items, row.bin_capacity),
    lastReportedAt: row.last_reported_at,
  };
}

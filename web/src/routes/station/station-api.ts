// The station page's reads and its non-queued writes (void, status, pickup): online only.
import { request, unwrapResult } from '../../lib/api.ts';
import type { OperatingStatus } from '../../lib/map/status-rules.ts';
import {
  CounterStationQuery,
  CounterStatusMutation,
  MaterialsQuery,
  RecordPickupMutation,
  VoidDropOffMutation,
  type Material,
  type ServerDropOff,
  type StationView,
} from './documents.ts';

export async function fetchMaterials(): Promise<Material[]> {
  return (await request(MaterialsQuery)).materials;
}

/**
 * The station with today's totals (server day) and its latest entries since `since` (the counter
 * shows today's: asking for them alone keeps the read to this month however long the history).
 * Null for an unknown code.
 */
export async function fetchStation(
  code: string,
  since: string | null = null,
): Promise<{ station: StationView; dropOffs: ServerDropOff[] } | null> {
  const data = await request(CounterStationQuery, { code, since });
  if (!data.station) return null;
  const { dropOffs, ...station } = data.station;
  return { station, dropOffs: dropOffs.edges.map((e) => e.node) };
}

// Each throws a ResultError with the API's message when it refuses (already voided, past 24 h, ...).

export async function voidDropOff(id: string, reason: string): Promise<void> {
  unwrapResult((await request(VoidDropOffMutation, { id, reason })).voidDropOff);
}

export async function setStationStatus(code: string, status: Exclude<OperatingStatus, 'MAINTENANCE'>): Promise<void> {
  unwrapResult((await request(CounterStatusMutation, { code, status })).setStationStatus);
}

export async function recordPickup(stationCode: string, kg: number): Promise<{ itemsCleared: number }> {
  const r = unwrapResult((await request(RecordPickupMutation, { code: stationCode, kg })).recordBinPickup);
  return { itemsCleared: r.itemsCleared };
}

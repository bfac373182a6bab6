// The station page's reads and its non-queued writes (void, status, pickup): online only.
import { gql, isResultError, type ResultError } from '../api.ts';
import type { EffectiveStatus } from '../status.ts';
import type { ServerDropOff } from './types.ts';

export interface Material {
  code: string;
  nameZh: string;
  nameEn: string;
  reusable: boolean;
  typicalMassKg: number;
}

export interface MaterialTotal {
  materialCode: string;
  outcome: string;
  items: number;
}

export interface StationView {
  code: string;
  name: string;
  status: EffectiveStatus;
  operatingStatus: 'OPEN' | 'FULL' | 'CLOSED' | 'MAINTENANCE';
  binItems: number;
  binCapacity: number;
  lastPickupAt: string | null;
  totals: { items: number; itemsReused: number; itemsRecycled: number; dropOffs: number; byMaterial: MaterialTotal[] };
}


const STATION_FIELDS = `code name status operatingStatus binItems binCapacity lastPickupAt
  totals { items itemsReused itemsRecycled dropOffs byMaterial { materialCode outcome items } }`;

export async function fetchMaterials(): Promise<Material[]> {
  return (await gql<{ materials: Material[] }>('{ materials { code nameZh nameEn reusable typicalMassKg } }')).materials;
}

/** The station with today's totals (server day) and its latest entries. Null for an unknown code. */
export async function fetchStation(code: string): Promise<{ station: StationView; dropOffs: ServerDropOff[] } | null> {
  const q = `query Station($code: String!) { station(code: $code) { ${STATION_FIELDS}
    dropOffs(first: 200) { edges { node { id idempotencyKey materialCode outcome quantity occurredAt localDay voided voidReason } } } } }`;
  const data = await gql<{ station: (StationView & { dropOffs: { edges: { node: ServerDropOff }[] } }) | null }>(q, { code });
  if (!data.station) return null;
  const { dropOffs, ...station } = data.station;
  return { station, dropOffs: dropOffs.edges.map((e) => e.node) };
}

/** Throws the typed error's message when the API refuses (already voided, past 24 h, ...). */
function unwrap<T extends { __typename: string }>(r: T): T {
  if (isResultError(r)) throw new Error((r as unknown as ResultError).message);
  return r;
}

export async function voidDropOff(id: string, reason: string): Promise<void> {
  const m = `mutation Void($id: ID!, $reason: String!) { voidDropOff(id: $id, reason: $reason) {
    __typename ... on Error { message } } }`;
  unwrap((await gql<{ voidDropOff: { __typename: string } }>(m, { id, reason })).voidDropOff);
}

export async function setStationStatus(code: string, status: 'OPEN' | 'FULL' | 'CLOSED'): Promise<void> {
  const m = `mutation Status($code: String!, $status: OperatingStatus!) { setStationStatus(code: $code, status: $status) {
    __typename ... on Error { message } } }`;
  unwrap((await gql<{ setStationStatus: { __typename: string } }>(m, { code, status })).setStationStatus);
}

export async function recordPickup(stationCode: string, kg: number): Promise<{ itemsCleared: number }> {
  const m = `mutation Pickup($code: String!, $kg: Float!) { recordBinPickup(stationCode: $code, kg: $kg) {
    __typename ... on BinPickupPayload { itemsCleared } ... on Error { message } } }`;
  const r = unwrap((await gql<{ recordBinPickup: { __typename: string; itemsCleared?: number } }>(m, { code: stationCode, kg })).recordBinPickup);
  return { itemsCleared: r.itemsCleared ?? 0 };
}

// The shapes the offline queue keeps and sends. Plain data: an entry is stored in IndexedDB as is.
import type { SchemaType } from '../graphql.ts';
import type { ServerDropOff } from '../../routes/station/documents.ts';

export type Outcome = SchemaType<'Outcome'>;

/** pending: on the device, not yet confirmed by the server; synced: the server holds it (once);
 *  rejected: the server refused it and will not take it as is (kept and shown to staff). */
export type EntryState = 'pending' | 'synced' | 'rejected';

export interface QueuedEntry {
  /** IndexedDB primary key: `${stationCode}|${key}`, so the same waybill at one station is one row. */
  id: string;
  stationCode: string;
  /** The idempotency key sent to the API: a UUID made here, or the scanned waybill number. */
  key: string;
  /** Creation order on this device; batches are sent oldest first. */
  seq: number;
  materialCode: string;
  outcome: Outcome;
  quantity: number;
  /** Weighed mass, or null for the material's typical mass (filled in by the server). */
  massKg: number | null;
  /** When it was tapped or scanned (ISO): the server files it under that day, not the sync day. */
  occurredAt: string;
  source: 'tap' | 'scan';
  state: EntryState;
  /** Why the server refused it (state rejected). */
  reason?: string;
  /** Set when it was refused because its key was already logged with another payload: the fields that differ. */
  conflictFields?: string[];
  /** The server's DropOff id once synced (needed to void it). */
  dropOffId?: string;
  /** True when the server already had the key (a resend after a lost response). */
  replayed?: boolean;
  /** Device time (ms) when it was confirmed. */
  syncedAt?: number;
  /** Device time (ms) when staff voided it (undo or void): it leaves the running totals then. */
  voidedAt?: number;
  /** The void's own key, made once when staff ask for it: resends are the same void. */
  voidKey?: string;
  voidReason?: string;
  /** pending: asked for, on the device (sent when the network and a sign-in allow);
   *  sent: the server holds the entry voided; rejected: the server refused (voidError says why). */
  voidState?: 'pending' | 'sent' | 'rejected';
  /** Device time (ms) when the server confirmed the void. */
  voidSyncedAt?: number;
  voidError?: string;
  /** Green points: the member code scanned with this entry (docs/points.md). */
  memberCode?: string;
}

/** What the queue needs to void an entry it may not hold (a row only the server listed). */
export interface VoidTarget {
  stationCode: string;
  key: string;
  dropOffId?: string;
  materialCode: string;
  outcome: Outcome;
  quantity: number;
  occurredAt: string;
}

export interface NewEntry {
  stationCode: string;
  materialCode: string;
  outcome: Outcome;
  quantity: number;
  massKg?: number | null;
  /** A scanned waybill: becomes the idempotency key. Omitted for taps (a UUID is made). */
  waybill?: string;
  /** Green points: the customer's member code, when staff scanned one for this entry. */
  memberCode?: string;
}

/** A drop-off as the server lists it (today's list on the counter); its type is read from the document. */
export type { ServerDropOff };

// "Same key, same entry": an idempotency key stands for one payload. The fingerprint is a hash of
// what the client SENT for the item (not of the server's defaults: an item sent without occurredAt
// is stamped with the time of receipt, so a resend gets a different one, yet is the same entry).
// It is stored with the row; a resend with an equal fingerprint is a replay, a different one a
// conflict that names each field that differs.
import { createHash } from 'node:crypto';

/** The fields a client states for one drop-off; null = not sent (the server's default applies). */
export interface SentPayload {
  materialCode: string;
  outcome: string;
  quantity: number;
  massKg: number | null;
  occurredAt: Date | null;
  /** The green-points member code the item named (normalized), or null. */
  memberCode: string | null;
}

/** The stored columns a fingerprint is checked against. */
export interface StoredEntry {
  material_code: string;
  outcome: string;
  quantity: number;
  mass_kg: number;
  occurred_at: Date;
  payload_fingerprint: string | null;
}

export const PAYLOAD_FIELDS = ['materialCode', 'outcome', 'quantity', 'massKg', 'occurredAt', 'memberCode'] as const;
export type PayloadField = (typeof PAYLOAD_FIELDS)[number];

/** Mass is stored to the gram (numeric(10, 3)): the fingerprint sees what is stored. */
const grams = (kg: number | null) => (kg === null ? null : kg.toFixed(3));

/**
 * 22 characters (128 bits) of SHA-256 over the canonical sent payload.
 * The member code is appended only when one was sent, so payloads without one keep the fingerprints
 * stored before member codes existed.
 * Example: fingerprint({ materialCode: 'BOX_M', outcome: 'REUSED', quantity: 1, massKg: null, occurredAt: null, memberCode: null })
 */
export function fingerprint(p: SentPayload): string {
  const fields: unknown[] = [
    'v1',
    p.materialCode,
    p.outcome,
    p.quantity,
    grams(p.massKg),
    p.occurredAt?.toISOString() ?? null,
  ];
  if (p.memberCode !== null) fields.push(p.memberCode);
  const canonical = JSON.stringify(fields);
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 22);
}

/**
 * What the original request sent, recovered from the stored row: the row holds every value, and
 * the fingerprint tells which of mass and time were the client's and which the server's defaults.
 * The member code is not stored with the row: the candidates are none and the one sent now.
 * Rows stored before fingerprints existed (null) are taken as sending everything they hold.
 */
function originalPayload(row: StoredEntry, sentMember: string | null): SentPayload | null {
  const base = { materialCode: row.material_code, outcome: row.outcome, quantity: row.quantity };
  if (row.payload_fingerprint === null) return null;
  for (const memberCode of new Set([null, sentMember])) {
    for (const massKg of [row.mass_kg, null]) {
      for (const occurredAt of [row.occurred_at, null]) {
        const candidate = { ...base, massKg, occurredAt, memberCode };
        if (fingerprint(candidate) === row.payload_fingerprint) return candidate;
      }
    }
  }
  return null;
}

function same(field: PayloadField, a: SentPayload, b: SentPayload): boolean {
  if (field === 'massKg') return grams(a.massKg) === grams(b.massKg);
  if (field === 'occurredAt') return (a.occurredAt?.getTime() ?? null) === (b.occurredAt?.getTime() ?? null);
  if (field === 'memberCode') return a.memberCode === b.memberCode;
  return a[field] === b[field];
}

/** The fields in which two sent payloads differ (empty: the same entry). */
export function payloadDifferences(a: SentPayload, b: SentPayload): PayloadField[] {
  return PAYLOAD_FIELDS.filter((f) => !same(f, a, b));
}

/**
 * The fields in which a resent item differs from the entry stored under its key (empty: a replay).
 * Example: a key first sent with quantity 2 and resent with quantity 7 → ['quantity'].
 */
export function differencesFromStored(sent: SentPayload, row: StoredEntry): PayloadField[] {
  if (row.payload_fingerprint !== null && fingerprint(sent) === row.payload_fingerprint) return [];
  const original = originalPayload(row, sent.memberCode);
  if (original) return payloadDifferences(sent, original);
  // A legacy row (or an unknown fingerprint version): compare what both sides certainly hold.
  const stored: SentPayload = {
    materialCode: row.material_code,
    outcome: row.outcome,
    quantity: row.quantity,
    massKg: row.mass_kg,
    occurredAt: row.occurred_at,
    memberCode: null,
  };
  const differs = PAYLOAD_FIELDS.filter((f) => {
    if (
      f === 'memberCode' ||
      (f === 'massKg' && sent.massKg === null) ||
      (f === 'occurredAt' && sent.occurredAt === null)
    )
      return false;
    return !same(f, sent, stored);
  });
  // A fingerprint that no candidate explains was made with another member code than the one sent now.
  return row.payload_fingerprint !== null ? [...differs, 'memberCode'] : differs;
}

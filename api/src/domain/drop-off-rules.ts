// What a drop-off batch must satisfy before anything is written. Pure: `now` and the known
// materials are passed in, so the rules are testable without a clock or a database.
import { z } from 'zod';
import { ConflictError, ForbiddenError, InputError, NotFoundError, type FieldIssue } from './errors.ts';
import { english, msg } from './messages.ts';
import { zodFieldIssue } from './zod-issues.ts';
import { fingerprint, payloadDifferences, type SentPayload } from './idempotency.ts';
import { parseMemberCode } from './points.ts';
import { canOperateStation, type StationRef, type Viewer } from './viewer.ts';

export const MAX_BATCH = 500;
export const MAX_QUANTITY = 500;
/** Heavier than any parcel packaging: a typo (grams typed as kg) rather than a real item. */
export const MAX_KG_PER_ITEM = 10;
export const CLOCK_SKEW_MS = 5 * 60 * 1000;
export const MAX_AGE_MS = 30 * 24 * 60 * 60 * 1000;
export const MAX_KEY_LENGTH = 100;
/** Mass is stored to the gram (numeric(10, 3)): less would be stored as 0 kg, so it is refused. */
export const MIN_KG = 0.001;
/** Station staff may void their own entries this long after logging them; managers and admins any time. */
export const STAFF_VOID_WINDOW_MS = 24 * 60 * 60 * 1000;

/** Rounds kg to the stored precision (grams). */
export const roundKg3 = (kg: number) => Math.round(kg * 1000) / 1000;

export interface DropOffItemInput {
  idempotencyKey: string;
  materialCode: string;
  outcome: 'REUSED' | 'RECYCLED';
  quantity: number;
  massKg?: number | null;
  occurredAt?: Date | null;
  /** A green-points member code (checked by services/points.ts); part of the idempotency fingerprint. */
  memberCode?: string | null;
}

export interface MaterialInfo {
  code: string;
  typical_mass_kg: number;
}

export interface ValidDropOff {
  idempotencyKey: string;
  materialCode: string;
  outcome: 'REUSED' | 'RECYCLED';
  quantity: number;
  massKg: number;
  /** True when the mass was sent (weighed at the counter); false when estimated from the typical mass. */
  massWeighed: boolean;
  occurredAt: Date;
  /** What the client sent (null: not sent), and its fingerprint stored with the row. */
  sent: SentPayload;
  fingerprint: string;
}

// One schema for the process: zod 4 compiles a schema when it is built, and building it per batch
// was ~10% of the API's CPU for a 1-item logDropOffs (profile under bench:peak). The batch's
// "now" reaches the time-window refinements through `batchClock`, set just before the batch is
// parsed; safeParse is synchronous, so no other batch can change it in between.
const batchClock = { nowMs: 0 };
const itemSchema = z
  .object({
    idempotencyKey: z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .max(MAX_KEY_LENGTH, `must be at most ${MAX_KEY_LENGTH} characters`)
      .refine((k) => /^[\x21-\x7e]+$/.test(k), {
        message: english('dropOff.badKey'),
        params: { reason: 'dropOff.badKey' },
      }),
    materialCode: z.string(),
    outcome: z.enum(['REUSED', 'RECYCLED']),
    quantity: z
      .number()
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(MAX_QUANTITY, `must be at most ${MAX_QUANTITY} per entry`),
    massKg: z.number().min(MIN_KG, `must be at least ${MIN_KG} kg (mass is stored to the gram)`).nullish(),
    occurredAt: z
      .date()
      .refine((d) => d.getTime() <= batchClock.nowMs + CLOCK_SKEW_MS, {
        message: english('dropOff.future'),
        params: { reason: 'dropOff.future' },
      })
      .refine((d) => d.getTime() >= batchClock.nowMs - MAX_AGE_MS, {
        message: english('dropOff.tooOld'),
        params: { reason: 'dropOff.tooOld' },
      })
      .nullish(),
  })
  .superRefine((item, ctx) => {
    if (item.massKg != null && item.massKg / item.quantity > MAX_KG_PER_ITEM) {
      ctx.addIssue({
        code: 'custom',
        path: ['massKg'],
        message: english('dropOff.tooHeavy', { kg: item.massKg, quantity: item.quantity, max: MAX_KG_PER_ITEM }),
        params: { reason: 'dropOff.tooHeavy', kg: item.massKg, quantity: item.quantity, max: MAX_KG_PER_ITEM },
      });
    }
  });

/** The member code as the fingerprint sees it: normalized when valid (unknown ones are refused later). */
function memberCodeSent(raw: string | null | undefined): string | null {
  if (raw == null || raw.trim() === '') return null;
  return parseMemberCode(raw) ?? raw.trim().toUpperCase();
}

/**
 * Validates a batch and fills defaults (mass from the material's typical mass, marked estimated;
 * time = now). Throws one InputError naming every item and field at fault, then a NotFoundError for
 * the first unknown material; returns items in input order.
 */
export function validateDropOffBatch(
  items: readonly DropOffItemInput[],
  now: Date,
  materials: ReadonlyMap<string, MaterialInfo>,
  fieldPrefix = 'input.items',
): ValidDropOff[] {
  if (items.length === 0) throw InputError.of(fieldPrefix, msg('dropOff.none'));
  if (items.length > MAX_BATCH) {
    throw InputError.of(fieldPrefix, msg('dropOff.tooMany', { count: items.length, max: MAX_BATCH }));
  }
  const issues: FieldIssue[] = [];
  const valid: ValidDropOff[] = [];
  items.forEach((item, index) => {
    batchClock.nowMs = now.getTime();
    const parsed = itemSchema.safeParse(item);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        issues.push(zodFieldIssue([fieldPrefix, index, ...issue.path].join('.'), issue));
      }
      return;
    }
    const v = parsed.data;
    const sent: SentPayload = {
      materialCode: v.materialCode,
      outcome: v.outcome,
      quantity: v.quantity,
      massKg: v.massKg == null ? null : roundKg3(v.massKg),
      occurredAt: v.occurredAt ?? null,
      memberCode: memberCodeSent(item.memberCode),
    };
    valid.push({
      idempotencyKey: v.idempotencyKey,
      materialCode: v.materialCode,
      outcome: v.outcome,
      quantity: v.quantity,
      massKg: sent.massKg ?? roundKg3((materials.get(v.materialCode)?.typical_mass_kg ?? 0) * v.quantity),
      massWeighed: v.massKg != null,
      occurredAt: v.occurredAt ?? now,
      sent,
      fingerprint: fingerprint(sent),
    });
  });
  if (issues.length) throw new InputError(issues);
  const unknown = valid.findIndex((v) => !materials.has(v.materialCode));
  if (unknown >= 0)
    throw new NotFoundError('Material', valid[unknown]!.materialCode, `${fieldPrefix}.${unknown}.materialCode`);
  return valid;
}

/**
 * One item per idempotency key, in first-seen order. A key repeated with the same payload is a
 * double tap (kept once); repeated with any differing field (material, outcome, quantity, mass,
 * occurredAt) it is an InputError on the later item naming that field.
 */
export function dedupeBatch(items: readonly ValidDropOff[], fieldPrefix = 'input.items'): ValidDropOff[] {
  const seen = new Map<string, { item: ValidDropOff; index: number }>();
  items.forEach((item, index) => {
    const prior = seen.get(item.idempotencyKey);
    if (!prior) return void seen.set(item.idempotencyKey, { item, index });
    const differs = payloadDifferences(prior.item.sent, item.sent);
    if (differs.length > 0) {
      throw InputError.of(
        `${fieldPrefix}.${index}.${differs[0]}`,
        msg('dropOff.keyReused', { index: prior.index, key: item.idempotencyKey, fields: differs.join(', ') }),
      );
    }
  });
  return [...seen.values()].map((v) => v.item);
}

export interface VoidTarget {
  created_at: Date;
  voided_at: Date | null;
  void_reason: string | null;
}

/** Who may void an entry, and when: throws ForbiddenError or ConflictError (already void). */
export function checkVoid(viewer: Viewer, station: StationRef, entry: VoidTarget, now: Date): void {
  if (!canOperateStation(viewer, station)) throw new ForbiddenError(msg('void.otherStation'));
  if (viewer.role === 'STATION_STAFF' && now.getTime() - entry.created_at.getTime() > STAFF_VOID_WINDOW_MS) {
    throw new ForbiddenError(msg('void.window'));
  }
  if (entry.voided_at) throw new ConflictError(msg('void.already', { reason: entry.void_reason ?? '' }), 'id');
}

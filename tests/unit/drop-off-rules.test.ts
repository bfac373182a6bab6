// Drop-off batch validation: defaults filled in, every bad field named, nothing half-accepted.
import { describe, expect, it } from 'vitest';
import {
  MAX_BATCH,
  validateDropOffBatch,
  type DropOffItemInput,
  type MaterialInfo,
} from '../../api/src/domain/drop-off-rules.ts';
import { InputError, NotFoundError } from '../../api/src/domain/errors.ts';

const NOW = new Date('2026-11-11T04:00:00Z');
const MATERIALS = new Map<string, MaterialInfo>([
  ['BOX_S', { code: 'BOX_S', typical_mass_kg: 0.15 }],
  ['BOX_M', { code: 'BOX_M', typical_mass_kg: 0.25 }],
  ['MAILER_BAG', { code: 'MAILER_BAG', typical_mass_kg: 0.03 }],
]);

const item = (o: Partial<DropOffItemInput> = {}): DropOffItemInput => ({
  idempotencyKey: 'SF1234567890',
  materialCode: 'BOX_M',
  outcome: 'RECYCLED',
  quantity: 1,
  ...o,
});

/** The InputError a batch throws (fails the test when it does not throw one). */
function issuesOf(items: DropOffItemInput[]): InputError {
  try {
    validateDropOffBatch(items, NOW, MATERIALS);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return err as InputError;
  }
  throw new Error('expected an InputError');
}

describe('validateDropOffBatch: defaults', () => {
  it('fills mass from the typical mass × quantity (marked estimated) and time from now', () => {
    const [v] = validateDropOffBatch([item({ quantity: 3 })], NOW, MATERIALS);
    // 3 × 0.25 kg = 0.75 kg
    expect(v).toEqual({
      idempotencyKey: 'SF1234567890',
      materialCode: 'BOX_M',
      outcome: 'RECYCLED',
      quantity: 3,
      massKg: 0.75,
      massWeighed: false,
      occurredAt: NOW,
      // what was sent (mass and time were not), for the idempotency fingerprint
      sent: {
        materialCode: 'BOX_M',
        outcome: 'RECYCLED',
        quantity: 3,
        massKg: null,
        occurredAt: null,
        memberCode: null,
      },
      fingerprint: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
    });
  });

  it('rounds the default mass to grams: 7 × 0.03 = 0.21 (not 0.21000000000000002)', () => {
    const [v] = validateDropOffBatch([item({ materialCode: 'MAILER_BAG', quantity: 7 })], NOW, MATERIALS);
    expect(v!.massKg).toBe(0.21);
  });

  it('keeps a given mass and time, and trims the key', () => {
    const at = new Date('2026-11-10T09:30:00Z');
    const [v] = validateDropOffBatch(
      [item({ idempotencyKey: '  k-1  ', massKg: 0.3, quantity: 2, occurredAt: at })],
      NOW,
      MATERIALS,
    );
    expect(v).toMatchObject({ idempotencyKey: 'k-1', massKg: 0.3, massWeighed: true, occurredAt: at });
  });

  it('returns items in input order', () => {
    const out = validateDropOffBatch([item({ idempotencyKey: 'b' }), item({ idempotencyKey: 'a' })], NOW, MATERIALS);
    expect(out.map((v) => v.idempotencyKey)).toEqual(['b', 'a']);
  });
});

describe('validateDropOffBatch: rejections', () => {
  it('rejects an empty batch and one of 501 items', () => {
    expect(issuesOf([]).message).toBe('input.items: must contain at least one item');
    const many = Array.from({ length: MAX_BATCH + 1 }, (_, i) => item({ idempotencyKey: `k${i}` }));
    expect(issuesOf(many).message).toBe('input.items: has 501 items: at most 500 per batch');
  });

  it('accepts exactly 500 items', () => {
    const many = Array.from({ length: MAX_BATCH }, (_, i) => item({ idempotencyKey: `k${i}` }));
    expect(validateDropOffBatch(many, NOW, MATERIALS)).toHaveLength(500);
  });

  it('names each field at fault with its index, across items, in one error', () => {
    const err = issuesOf([
      item(),
      item({ materialCode: 'GLASS', quantity: 0 }),
      item({ quantity: 1.5 }),
      item({ massKg: 0.0004 }),
    ]);
    expect(err.extensions.code).toBe('BAD_USER_INPUT');
    expect(err.issues).toEqual([
      // Each with its message code and params, for the web to show in the person's language.
      { field: 'input.items.1.quantity', message: 'must be at least 1', reason: 'input.tooSmall', params: { min: 1 } },
      { field: 'input.items.2.quantity', message: 'must be a whole number', reason: 'input.notInteger', params: {} },
      {
        field: 'input.items.3.massKg',
        message: 'must be at least 0.001 kg (mass is stored to the gram)',
        reason: 'input.tooSmall',
        params: { min: 0.001 },
      },
    ]);
    expect(err.message).toMatch(/^3 invalid inputs: input\.items\.1\.quantity: must be at least 1;/);
  });

  it('an unknown material, once everything else is valid, is a NotFoundError naming the item', () => {
    let err: unknown;
    try {
      validateDropOffBatch([item(), item({ materialCode: 'GLASS' })], NOW, MATERIALS);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err).toMatchObject({ field: 'input.items.1.materialCode', message: 'Material "GLASS" does not exist' });
  });

  it('rejects a quantity over 500 per entry', () => {
    expect(issuesOf([item({ quantity: 501 })]).issues).toEqual([
      {
        field: 'input.items.0.quantity',
        message: 'must be at most 500 per entry',
        reason: 'input.tooBig',
        params: { max: 500 },
      },
    ]);
  });

  it('rejects keys that are empty, too long or contain spaces', () => {
    expect(issuesOf([item({ idempotencyKey: '   ' })]).issues[0]).toEqual({
      field: 'input.items.0.idempotencyKey',
      message: 'must not be empty',
      reason: 'input.tooShort',
      params: { min: 1 },
    });
    expect(issuesOf([item({ idempotencyKey: 'x'.repeat(101) })]).issues[0]!.message).toBe(
      'must be at most 100 characters',
    );
    expect(issuesOf([item({ idempotencyKey: 'a b' })]).issues[0]!.message).toMatch(/printable ASCII without spaces/);
  });

  it('rejects zero or negative mass, and more than 10 kg per item (grams typed as kg)', () => {
    expect(issuesOf([item({ massKg: 0 })]).issues[0]).toEqual({
      field: 'input.items.0.massKg',
      message: 'must be at least 0.001 kg (mass is stored to the gram)',
      reason: 'input.tooSmall',
      params: { min: 0.001 },
    });
    // 25 kg / 2 items = 12.5 kg per item > 10
    expect(issuesOf([item({ quantity: 2, massKg: 25 })]).issues[0]).toEqual({
      field: 'input.items.0.massKg',
      message: 'is 25 kg for 2 item(s): over 10 kg per item',
      reason: 'dropOff.tooHeavy',
      params: { kg: 25, quantity: 2, max: 10 },
    });
    // 20 kg / 2 items = 10 kg per item: allowed
    expect(validateDropOffBatch([item({ quantity: 2, massKg: 20 })], NOW, MATERIALS)[0]!.massKg).toBe(20);
  });

  it('allows 5 minutes of clock skew into the future, not more', () => {
    const in5min = new Date(NOW.getTime() + 5 * 60_000);
    const in6min = new Date(NOW.getTime() + 6 * 60_000);
    expect(validateDropOffBatch([item({ occurredAt: in5min })], NOW, MATERIALS)[0]!.occurredAt).toEqual(in5min);
    expect(issuesOf([item({ occurredAt: in6min })]).issues[0]).toEqual({
      field: 'input.items.0.occurredAt',
      message: 'is in the future',
      reason: 'dropOff.future',
      params: {},
    });
  });

  it('rejects entries older than 30 days (Oct 12 04:00Z is 30 days before Nov 11 04:00Z)', () => {
    expect(validateDropOffBatch([item({ occurredAt: new Date('2026-10-12T04:00:00Z') })], NOW, MATERIALS)).toHaveLength(
      1,
    );
    expect(issuesOf([item({ occurredAt: new Date('2026-10-12T03:59:59Z') })]).issues[0]!.message).toBe(
      'is older than 30 days',
    );
  });

  it('uses the field prefix it is given', () => {
    try {
      validateDropOffBatch([item({ quantity: 0 })], NOW, MATERIALS, 'batch');
      expect.fail('should throw');
    } catch (err) {
      expect((err as InputError).field).toBe('batch.0.quantity');
    }
  });
});

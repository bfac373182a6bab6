// The payload fingerprint behind "same key, same entry" (api/src/domain/idempotency.ts).
import { describe, expect, it } from 'vitest';
import {
  differencesFromStored,
  fingerprint,
  payloadDifferences,
  type SentPayload,
} from '../../api/src/domain/idempotency.ts';

const at = new Date('2026-11-11T02:00:00.000Z');
const sent = (o: Partial<SentPayload> = {}): SentPayload => ({
  materialCode: 'BOX_M',
  outcome: 'RECYCLED',
  quantity: 2,
  massKg: null,
  occurredAt: null,
  memberCode: null,
  ...o,
});
/** The row the server stores for a payload (defaults filled in) and its fingerprint. */
const stored = (p: SentPayload, defaults = { massKg: 0.5, occurredAt: new Date('2026-11-11T04:00:00Z') }) => ({
  material_code: p.materialCode,
  outcome: p.outcome,
  quantity: p.quantity,
  mass_kg: p.massKg ?? defaults.massKg,
  occurred_at: p.occurredAt ?? defaults.occurredAt,
  payload_fingerprint: fingerprint(p),
});

describe('fingerprint', () => {
  it('is 22 URL-safe characters, equal for equal payloads and different for any differing field', () => {
    const f = fingerprint(sent());
    expect(f).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(fingerprint(sent())).toBe(f);
    const variants = [
      sent({ materialCode: 'BOX_S' }),
      sent({ outcome: 'REUSED' }),
      sent({ quantity: 3 }),
      sent({ massKg: 0.5 }),
      sent({ occurredAt: at }),
    ];
    expect(new Set([f, ...variants.map(fingerprint)]).size).toBe(6);
  });

  it('sees mass to the gram, as it is stored', () => {
    expect(fingerprint(sent({ massKg: 0.3 }))).toBe(fingerprint(sent({ massKg: 0.1 + 0.2 })));
  });
});

describe('differencesFromStored', () => {
  it('a resend of the same payload is a replay, even though the server filled in mass and time', () => {
    expect(differencesFromStored(sent(), stored(sent()))).toEqual([]);
    expect(
      differencesFromStored(sent({ massKg: 0.25, occurredAt: at }), stored(sent({ massKg: 0.25, occurredAt: at }))),
    ).toEqual([]);
  });

  it('names each differing field, including one sent now and left to the default before', () => {
    const row = stored(sent());
    expect(differencesFromStored(sent({ quantity: 7 }), row)).toEqual(['quantity']);
    expect(differencesFromStored(sent({ outcome: 'REUSED', materialCode: 'BOX_L' }), row)).toEqual([
      'materialCode',
      'outcome',
    ]);
    // Stated explicitly, even with the very value the server filled in, it is another payload.
    expect(differencesFromStored(sent({ massKg: 0.5 }), row)).toEqual(['massKg']);
    expect(differencesFromStored(sent({ occurredAt: row.occurred_at }), row)).toEqual(['occurredAt']);
    // And the other way round: sent before, left out now.
    expect(differencesFromStored(sent(), stored(sent({ occurredAt: at })))).toEqual(['occurredAt']);
  });

  it('a row without a fingerprint (logged before them) is compared on the values both sides hold', () => {
    const legacy = { ...stored(sent({ massKg: 0.5 })), payload_fingerprint: null };
    expect(differencesFromStored(sent(), legacy)).toEqual([]);
    expect(differencesFromStored(sent({ massKg: 0.5 }), legacy)).toEqual([]);
    expect(differencesFromStored(sent({ massKg: 0.6, quantity: 1 }), legacy)).toEqual(['quantity', 'massKg']);
  });
});

describe('member codes (green points)', () => {
  it('a payload without a member code keeps the fingerprint it had before member codes existed', () => {
    // sha256 of ["v1","BOX_M","RECYCLED",2,null,null], as stored by the first fingerprint migration
    expect(fingerprint(sent())).toBe(
      fingerprint({
        materialCode: 'BOX_M',
        outcome: 'RECYCLED',
        quantity: 2,
        massKg: null,
        occurredAt: null,
        memberCode: null,
      }),
    );
    expect(fingerprint(sent({ memberCode: 'GM123456789X' }))).not.toBe(fingerprint(sent()));
  });

  it('a resend naming another member, or one where none was named, is a conflict on memberCode', () => {
    const withMember = stored(sent({ memberCode: 'GM123456789X' }));
    expect(differencesFromStored(sent({ memberCode: 'GM123456789X' }), withMember)).toEqual([]);
    expect(differencesFromStored(sent({ memberCode: 'GM000000000Y' }), withMember)).toEqual(['memberCode']);
    expect(differencesFromStored(sent(), withMember)).toEqual(['memberCode']);
    expect(differencesFromStored(sent({ memberCode: 'GM123456789X' }), stored(sent()))).toEqual(['memberCode']);
    expect(differencesFromStored(sent({ memberCode: 'GM000000000Y', quantity: 5 }), withMember)).toEqual([
      'quantity',
      'memberCode',
    ]);
  });
});

describe('payloadDifferences', () => {
  it('compares two sent payloads field by field', () => {
    expect(payloadDifferences(sent(), sent())).toEqual([]);
    expect(payloadDifferences(sent({ occurredAt: at }), sent({ occurredAt: new Date(at) }))).toEqual([]);
    expect(payloadDifferences(sent({ occurredAt: at }), sent())).toEqual(['occurredAt']);
    expect(payloadDifferences(sent({ memberCode: 'GM123456789X' }), sent())).toEqual(['memberCode']);
  });
});

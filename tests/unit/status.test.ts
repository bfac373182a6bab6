// Station status rules: STALE after 24 h of silence (like a GBFS feed past its TTL), bin fill.
import { describe, expect, it } from 'vitest';
import { binFill, effectiveStatus, STALE_AFTER_MS } from '../../api/src/domain/status.ts';

const NOW = new Date('2026-11-11T04:00:00Z');
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3600_000);

describe('effectiveStatus', () => {
  it('is 24 hours in milliseconds: 24 × 60 × 60 × 1000 = 86,400,000', () => {
    expect(STALE_AFTER_MS).toBe(86_400_000);
  });

  it('keeps OPEN and FULL when they reported within 24 h', () => {
    expect(effectiveStatus('OPEN', hoursAgo(1), NOW)).toBe('OPEN');
    expect(effectiveStatus('FULL', hoursAgo(23), NOW)).toBe('FULL');
  });

  it('is STALE for OPEN or FULL stations silent for more than 24 h', () => {
    expect(effectiveStatus('OPEN', hoursAgo(25), NOW)).toBe('STALE');
    expect(effectiveStatus('FULL', hoursAgo(25), NOW)).toBe('STALE');
  });

  it('is not yet STALE at exactly 24 h (the rule is "more than")', () => {
    expect(effectiveStatus('OPEN', hoursAgo(24), NOW)).toBe('OPEN');
    expect(effectiveStatus('OPEN', new Date(NOW.getTime() - STALE_AFTER_MS - 1), NOW)).toBe('STALE');
  });

  it('is STALE for a station that never reported', () => {
    expect(effectiveStatus('OPEN', null, NOW)).toBe('STALE');
  });

  it('keeps CLOSED and MAINTENANCE whatever the silence: they are quiet on purpose', () => {
    expect(effectiveStatus('CLOSED', hoursAgo(25), NOW)).toBe('CLOSED');
    expect(effectiveStatus('MAINTENANCE', null, NOW)).toBe('MAINTENANCE');
    expect(effectiveStatus('CLOSED', hoursAgo(1), NOW)).toBe('CLOSED');
  });

  it('matches its doc example: OPEN last seen Nov 20, now Nov 25 → STALE', () => {
    expect(effectiveStatus('OPEN', new Date('2026-11-20'), new Date('2026-11-25'))).toBe('STALE');
  });
});

describe('binFill', () => {
  it('is items over capacity, rounded to 3 decimals', () => {
    expect(binFill(50, 200)).toBe(0.25); // 50 / 200
    expect(binFill(1, 3)).toBe(0.333); // 0.3333… → 0.333
    expect(binFill(2, 3)).toBe(0.667); // 0.6666… → 0.667
  });

  it('can exceed 1 when staff keep taking items in', () => {
    expect(binFill(150, 100)).toBe(1.5);
  });

  it('is 0 for an empty bin and for a zero capacity (no division by zero)', () => {
    expect(binFill(0, 100)).toBe(0);
    expect(binFill(10, 0)).toBe(0);
  });
});

// Calendar days in the station's time zone.
import { describe, expect, it } from 'vitest';
import { InputError } from '../../api/src/domain/errors.ts';
import { resolvePeriod } from '../../api/src/domain/period.ts';
import { addDays, daySpan, localDate } from '../../api/src/domain/time.ts';

describe('localDate', () => {
  it('is the Shanghai day (UTC+8): 17:00Z on Nov 10 is 01:00 on Nov 11', () => {
    expect(localDate(new Date('2026-11-10T17:00:00Z'), 'Asia/Shanghai')).toBe('2026-11-11');
  });

  it('is still the previous day one minute before local midnight (15:59Z = 23:59 +08)', () => {
    expect(localDate(new Date('2026-11-10T15:59:00Z'), 'Asia/Shanghai')).toBe('2026-11-10');
    expect(localDate(new Date('2026-11-10T16:00:00Z'), 'Asia/Shanghai')).toBe('2026-11-11');
  });

  it('uses the zone it is given: the same instant is Nov 10 in UTC and Nov 11 in Shanghai', () => {
    const at = new Date('2026-11-10T20:00:00Z');
    expect(localDate(at, 'UTC')).toBe('2026-11-10');
    expect(localDate(at, 'Asia/Shanghai')).toBe('2026-11-11');
  });

  it('answers again right after the same instant in another zone, or a Date changed in place', () => {
    const at = new Date('2026-11-10T20:00:00Z');
    expect(localDate(at, 'Asia/Shanghai')).toBe('2026-11-11');
    expect(localDate(at, 'UTC')).toBe('2026-11-10');
    expect(localDate(at, 'Asia/Shanghai')).toBe('2026-11-11');
    at.setTime(Date.parse('2026-11-11T20:00:00Z'));
    expect(localDate(at, 'Asia/Shanghai')).toBe('2026-11-12');
    expect(() => localDate(new Date(NaN), 'Asia/Shanghai')).toThrow(RangeError);
  });

  it('gives the test clock (04:00Z) as Nov 11 in Shanghai (12:00 local)', () => {
    expect(localDate(new Date('2026-11-11T04:00:00Z'), 'Asia/Shanghai')).toBe('2026-11-11');
  });
});

describe('daySpan', () => {
  it('counts both ends: Nov 1 to Nov 11 is 11 days; a single day is 1', () => {
    expect(daySpan('2026-11-01', '2026-11-11')).toBe(11);
    expect(daySpan('2026-11-11', '2026-11-11')).toBe(1);
  });

  it('crosses month and year ends: Dec 30 to Jan 2 is 4 days; Feb 2028 (leap) has 29', () => {
    expect(daySpan('2026-12-30', '2027-01-02')).toBe(4);
    expect(daySpan('2028-02-01', '2028-02-29')).toBe(29);
  });
});

describe('addDays', () => {
  it('adds and subtracts whole days across month ends', () => {
    expect(addDays('2026-11-30', 1)).toBe('2026-12-01');
    expect(addDays('2026-11-01', -1)).toBe('2026-10-31');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-11-11', 0)).toBe('2026-11-11');
  });
});

describe('resolvePeriod', () => {
  const now = new Date('2026-11-11T04:00:00Z'); // 12:00 on Nov 11 in Shanghai

  it('defaults to today and checks the order, the length and how far ahead a day may be', () => {
    expect(resolvePeriod(null, null, now)).toEqual({ from: '2026-11-11', to: '2026-11-11' });
    expect(resolvePeriod('2026-11-01', null, now)).toEqual({ from: '2026-11-01', to: '2026-11-11' });
    expect(resolvePeriod(null, '2026-10-20', now)).toEqual({ from: '2026-10-20', to: '2026-10-20' });
    expect(() => resolvePeriod('2026-11-12', '2026-11-11', now)).toThrow(InputError);
    expect(() => resolvePeriod('2025-01-01', '2026-11-11', now)).toThrow(InputError); // 680 days
    expect(() => resolvePeriod(null, '2027-11-13', now)).toThrow(InputError); // over 366 days ahead
    expect(resolvePeriod(null, '2027-11-12', now)).toEqual({ from: '2027-11-12', to: '2027-11-12' });
  });

  it('gives the same answer when asked again, a fresh object each time, and follows the clock', () => {
    const a = resolvePeriod('2026-10-20', null, now);
    const b = resolvePeriod('2026-10-20', null, now);
    expect(b).toEqual({ from: '2026-10-20', to: '2026-11-11' });
    expect(b).not.toBe(a);
    a.to = 'changed'; // a caller changing its answer does not change the next one
    expect(resolvePeriod('2026-10-20', null, now).to).toBe('2026-11-11');
    // the same arguments at 16:00Z are Nov 12 in Shanghai: today moves on
    expect(resolvePeriod('2026-10-20', null, new Date('2026-11-11T16:00:00Z')).to).toBe('2026-11-12');
    // an answer given before does not let a bad period through, and a refusal is not remembered
    expect(() => resolvePeriod('2026-11-12', '2026-11-11', now)).toThrow(InputError);
    expect(() => resolvePeriod('2026-11-12', '2026-11-11', now)).toThrow(InputError);
    expect(resolvePeriod('2026-10-20', undefined, now)).toEqual({ from: '2026-10-20', to: '2026-11-11' });
  });
});

// The query-string words the map and the reports share (web/src/lib/url-params.ts): one address
// means the same period and factor set on both pages.
import { describe, expect, it } from 'vitest';
import {
  factorSetParams,
  PERIODS,
  periodParams,
  periodRange,
  readFactorSet,
  readPeriod,
} from '../../web/src/lib/url-params.ts';
import { parseFilters } from '../../web/src/lib/map/filters.ts';

const q = (s: string) => new URLSearchParams(s);

describe('readPeriod', () => {
  it('knows the campaign presets, today and custom, and nothing else', () => {
    expect(PERIODS).toEqual(['campaign', 'nov1to3', 'nov11', 'today', 'custom']);
    expect(readPeriod(q('period=nov1to3'), 'today')).toEqual({ period: 'nov1to3', from: null, to: null });
    expect(readPeriod(q('period=weekly'), 'campaign')).toEqual({ period: 'campaign', from: null, to: null });
  });

  it("each page has its own default: the map's today, the report's campaign", () => {
    expect(readPeriod(q(''), 'today').period).toBe('today');
    expect(readPeriod(q(''), 'campaign').period).toBe('campaign');
  });

  it('two valid days are a custom period, with or without period=custom, put in order', () => {
    expect(readPeriod(q('from=2026-11-05&to=2026-11-01'), 'campaign')).toEqual({
      period: 'custom',
      from: '2026-11-01',
      to: '2026-11-05',
    });
    expect(readPeriod(q('period=custom&from=2026-11-01&to=2026-11-02'), 'today')).toEqual({
      period: 'custom',
      from: '2026-11-01',
      to: '2026-11-02',
    });
    // a preset wins over stray days; a custom period without two valid days is the default
    expect(readPeriod(q('period=nov11&from=2026-11-01&to=2026-11-02'), 'today')).toEqual({
      period: 'nov11',
      from: null,
      to: null,
    });
    expect(readPeriod(q('period=custom&from=2026-13-45&to=2026-12-02'), 'campaign')).toEqual({
      period: 'campaign',
      from: null,
      to: null,
    });
  });

  it("reads the map's old preset names in addresses shared before", () => {
    expect(readPeriod(q('period=presale'), 'today').period).toBe('campaign');
    expect(readPeriod(q('period=first'), 'today').period).toBe('nov1to3');
  });
});

describe('periodParams', () => {
  it("leaves the page's default out and writes days only for a custom period", () => {
    expect(periodParams({ period: 'today', from: null, to: null }, 'today')).toEqual({
      period: null,
      from: null,
      to: null,
    });
    expect(periodParams({ period: 'today', from: null, to: null }, 'campaign')).toEqual({
      period: 'today',
      from: null,
      to: null,
    });
    expect(periodParams({ period: 'custom', from: '2026-11-01', to: '2026-11-03' }, 'campaign')).toEqual({
      period: 'custom',
      from: '2026-11-01',
      to: '2026-11-03',
    });
  });

  it('round-trips through a URL', () => {
    const c = { period: 'custom' as const, from: '2026-11-02', to: '2026-11-09' };
    const back = q(
      new URLSearchParams(
        Object.entries(periodParams(c, 'today')).filter((e): e is [string, string] => e[1] !== null),
      ).toString(),
    );
    expect(readPeriod(back, 'today')).toEqual(c);
  });
});

describe('periodRange', () => {
  it('the campaign presets fall in the current campaign year (last year before Oct 20)', () => {
    expect(periodRange({ period: 'campaign', from: null, to: null }, '2026-11-25')).toEqual({
      from: '2026-10-20',
      to: '2026-11-11',
    });
    expect(periodRange({ period: 'nov11', from: null, to: null }, '2027-03-01')).toEqual({
      from: '2026-11-11',
      to: '2026-11-11',
    });
    expect(periodRange({ period: 'today', from: null, to: null }, '2027-03-01')).toEqual({
      from: '2027-03-01',
      to: '2027-03-01',
    });
  });
});

describe('factor set', () => {
  it('is factorSet on every page; the old fs (map) and set (reports) are still read', () => {
    expect(readFactorSet(q('factorSet=WARM-16'))).toBe('WARM-16');
    expect(readFactorSet(q('fs=WARM-16'))).toBe('WARM-16');
    expect(readFactorSet(q('set=DESNZ-2025'))).toBe('DESNZ-2025');
    expect(readFactorSet(q('factorSet=%20'))).toBeNull();
    expect(parseFilters(q('fs=WARM-16')).factorSet).toBe('WARM-16');
  });

  it('writing it removes the old spellings', () => {
    expect(factorSetParams('WARM-16')).toEqual({ factorSet: 'WARM-16', fs: null, set: null });
    expect(factorSetParams(null)).toEqual({ factorSet: null, fs: null, set: null });
  });
});

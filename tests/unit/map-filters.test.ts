// The map dashboard's filters and their URL form (web/src/lib/map/filters.ts).
import { describe, expect, it } from 'vitest';
import { addDays, DEFAULT_FILTERS, filtersToQuery, parseFilters } from '../../web/src/lib/map/filters.ts';
import { periodRange } from '../../web/src/lib/url-params.ts';
import { chinaToday } from '../../web/src/lib/campaign.ts';

const parse = (q: string) => parseFilters(new URLSearchParams(q));

describe('parseFilters', () => {
  it('gives the defaults for an empty query', () => {
    expect(parse('')).toEqual(DEFAULT_FILTERS);
  });

  it('reads every filter', () => {
    expect(
      parse('city=sh&status=STALE,full&period=nov11&q=%E5%BE%90%E6%B1%87&station=SH-00012&factorSet=WARM-16'),
    ).toEqual({
      city: 'SH',
      statuses: ['FULL', 'STALE'],
      period: 'nov11',
      from: null,
      to: null,
      q: '徐汇',
      station: 'SH-00012',
      factorSet: 'WARM-16',
    });
  });

  it('drops unknown statuses, repeated ones and a malformed city', () => {
    const f = parse('city=S%20H!&status=OPEN,BROKEN,OPEN');
    expect(f.city).toBeNull();
    expect(f.statuses).toEqual(['OPEN']);
  });

  it('keeps a custom period only with two valid days, in order', () => {
    expect(parse('period=custom&from=2026-11-05&to=2026-11-01')).toMatchObject({
      period: 'custom',
      from: '2026-11-01',
      to: '2026-11-05',
    });
    expect(parse('period=custom&from=2026-11-05')).toMatchObject({ period: 'today', from: null, to: null });
    expect(parse('period=custom&from=2026-13-45&to=2026-11-05')).toMatchObject({ period: 'today' });
    expect(parse('period=weekly')).toMatchObject({ period: 'today' });
  });
});

describe('filtersToQuery', () => {
  it('leaves defaults out of the URL', () => {
    expect(filtersToQuery(DEFAULT_FILTERS)).toEqual({
      city: null,
      status: null,
      period: null,
      from: null,
      to: null,
      q: null,
      station: null,
      factorSet: null,
      fs: null,
      set: null,
    });
  });

  it('all five statuses ticked is the same as none: no key', () => {
    expect(
      filtersToQuery({ ...DEFAULT_FILTERS, statuses: ['OPEN', 'FULL', 'CLOSED', 'MAINTENANCE', 'STALE'] }).status,
    ).toBeNull();
  });

  it('round-trips through a URL', () => {
    const f = {
      ...DEFAULT_FILTERS,
      city: 'BJ',
      statuses: ['FULL' as const, 'STALE' as const],
      period: 'custom' as const,
      from: '2026-11-01',
      to: '2026-11-05',
      q: 'BJ-001',
    };
    const q = new URLSearchParams(
      Object.entries(filtersToQuery(f)).filter((e): e is [string, string] => e[1] !== null),
    );
    expect(q.toString()).toBe('city=BJ&status=FULL%2CSTALE&period=custom&from=2026-11-01&to=2026-11-05&q=BJ-001');
    expect(parseFilters(q)).toEqual(f);
  });
});

describe('periodRange', () => {
  const today = '2026-11-25';
  it.each([
    ['campaign', '2026-10-20', '2026-11-11'],
    ['nov1to3', '2026-11-01', '2026-11-03'],
    ['nov11', '2026-11-11', '2026-11-11'],
    ['today', '2026-11-25', '2026-11-25'],
  ] as const)('%s is %s .. %s', (period, from, to) => {
    expect(periodRange({ period, from: null, to: null }, today)).toEqual({ from, to });
  });

  it('custom uses its days', () => {
    expect(periodRange({ period: 'custom', from: '2026-11-02', to: '2026-11-04' }, today)).toEqual({
      from: '2026-11-02',
      to: '2026-11-04',
    });
  });
});

describe('days', () => {
  it('chinaToday is the date in UTC+8', () => {
    expect(chinaToday(new Date('2026-11-10T16:30:00Z'))).toBe('2026-11-11'); // 00:30 on Nov 11 in Shanghai
    expect(chinaToday(new Date('2026-11-10T15:59:00Z'))).toBe('2026-11-10');
  });

  it('addDays crosses months', () => {
    expect(addDays('2026-10-31', 1)).toBe('2026-11-01');
    expect(addDays('2026-11-25', -29)).toBe('2026-10-27');
  });
});

// The seed generators are pure: the same seed and `now` must give byte-identical data on every
// machine, because demos, screenshots and benchmarks refer to stations and numbers by name.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  CITIES,
  FACTOR_SETS,
  MATERIALS,
  campaignFor,
  generateStationHistory,
  generateStations,
  historyDays,
  localDayOf,
  stationsPerCity,
  type StationSeed,
} from '@recycle/seeds';

const NOW = new Date('2026-11-25T04:00:00Z'); // 12:00 in Shanghai
const DAYS = historyDays(NOW);

function generate(seed: number, stations: number) {
  const network = generateStations({ seed, stations });
  const histories = network.map((s) => generateStationHistory(s, { seed, now: NOW, days: DAYS }));
  return { network, histories };
}

function hash(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

const chinaTime = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  hourCycle: 'h23',
});

function chinaDayAndHour(ms: number): { day: string; hour: number } {
  const parts = Object.fromEntries(chinaTime.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  return { day: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour) };
}

describe('seed generators', () => {
  const a = generate(42, 200);

  it('give identical stations and drop-offs for the same seed and now', () => {
    const b = generate(42, 200);
    expect(hash(b.network)).toBe(hash(a.network));
    expect(hash(b.histories)).toBe(hash(a.histories));
  });

  it('give different data for a different seed', () => {
    const c = generate(43, 200);
    expect(hash(c.network)).not.toBe(hash(a.network));
    expect(hash(c.histories)).not.toBe(hash(a.histories));
  });

  it('share stations between cities by population, summing to N', () => {
    const counts = stationsPerCity(10_000);
    expect([...counts.values()].reduce((s, n) => s + n, 0)).toBe(10_000);
    // 1 each, then 9,980 x 24.87 / 261.57 (sum of weights) = 948.9 -> 1 + 948 + 1 (largest remainder)
    expect(counts.get('SH')).toBe(950);
    expect(counts.get('XM')).toBe(198); // 1 + 9,980 x 5.16 / 261.57 = 1 + 196.9 -> 198
    const perCity = new Map<string, number>();
    for (const s of a.network) perCity.set(s.cityCode, (perCity.get(s.cityCode) ?? 0) + 1);
    expect(perCity).toEqual(stationsPerCity(200));
    expect(perCity.size).toBe(20);
  });

  it('name stations <CITY>-<5 digits>, per city, inside a plausible radius of the centre', () => {
    const centres = new Map(CITIES.map((c) => [c.code, c]));
    for (const s of a.network) {
      expect(s.code).toMatch(new RegExp(`^${s.cityCode}-\\d{5}$`));
      const c = centres.get(s.cityCode)!;
      expect(c.districts).toContain(s.district);
      expect(Math.abs(s.lat - c.lat)).toBeLessThan(0.4); // 2.5 sigma of 15 km is 37.5 km = 0.34 deg
      expect(s.binCapacity).toBeGreaterThanOrEqual(150);
      expect(s.binCapacity).toBeLessThanOrEqual(400);
    }
    expect(a.network[0]!.code).toBe('SH-00001');
    expect(a.network.filter((s) => s.cityCode === 'SH').at(-1)!.code).toBe('SH-00018');
  });

  it('pins the first drop-off of SH-00001 (seed 42)', () => {
    const sh1: StationSeed = a.network[0]!;
    expect(sh1.plan).toBe('OPEN'); // the staff demo account works here
    const first = a.histories[0]!.dropOffs[0]!;
    expect(new Date(first.occurredAt).toISOString()).toBe('2026-10-20T12:46:32.000Z'); // 20:46 in Shanghai
    expect(first).toMatchObject({
      localDay: '2026-10-20',
      materialCode: 'PAPER_FILL',
      quantity: 31,
      massKg: 1.55,
      massWeighed: false,
      outcome: 'RECYCLED',
      idempotencyKey: 'seed-1',
      voidedAt: null,
    });
    // SH-00001 has no scale: its 31 paper fills are estimated at the typical 0.05 kg = 1.55 kg
  });

  it('marks an entry weighed only at stations with a scale and only for recycled material; estimated = typical mass', () => {
    const mass = new Map(MATERIALS.map((m) => [m.code, m.typicalMassKg]));
    let weighedKg = 0;
    let allKg = 0;
    for (const h of a.histories) {
      for (const r of h.dropOffs) {
        allKg += r.massKg;
        if (r.massWeighed) {
          weighedKg += r.massKg;
          expect(r.outcome).toBe('RECYCLED');
        } else {
          expect(r.massKg).toBe(Math.round(r.quantity * mass.get(r.materialCode)! * 1000) / 1000);
        }
      }
    }
    // ~40% of stations weigh ~80% of their recycled entries: about a fifth of all kg
    expect(weighedKg / allKg).toBeGreaterThan(0.1);
    expect(weighedKg / allKg).toBeLessThan(0.35);
  });

  it('never writes a row after now, and only in opening hours on its Shanghai local day', () => {
    const mass = new Map(MATERIALS.map((m) => [m.code, m.typicalMassKg]));
    for (const h of a.histories) {
      const keys = new Set(h.dropOffs.map((r) => r.idempotencyKey));
      expect(keys.size).toBe(h.dropOffs.length);
      for (const r of h.dropOffs) {
        expect(r.occurredAt).toBeLessThanOrEqual(NOW.getTime());
        const { day, hour } = chinaDayAndHour(r.occurredAt);
        expect(r.localDay).toBe(day);
        expect(r.localDay).toBe(localDayOf(r.occurredAt));
        expect(hour).toBeGreaterThanOrEqual(8);
        expect(hour).toBeLessThan(21);
        expect(r.quantity).toBeGreaterThanOrEqual(1);
        expect(r.quantity).toBeLessThanOrEqual(40);
        const typical = r.quantity * mass.get(r.materialCode)!;
        expect(r.massKg).toBeGreaterThanOrEqual(Math.floor(typical * 0.85 * 1000) / 1000);
        expect(r.massKg).toBeLessThanOrEqual(Math.ceil(typical * 1.15 * 1000) / 1000);
        if (r.outcome === 'REUSED') expect(r.materialCode).toMatch(/^BOX_/);
      }
      for (const p of h.pickups) expect(p.pickedUpAt).toBeLessThanOrEqual(NOW.getTime());
    }
  });

  it('covers every day of the campaign, Oct 20 to Nov 11, and stops at today', () => {
    expect(campaignFor(NOW)).toEqual({ start: '2026-10-20', end: '2026-11-11', year: 2026 });
    expect(DAYS[0]).toBe('2026-10-20');
    expect(DAYS.at(-1)).toBe('2026-11-25');
    expect(DAYS).toHaveLength(37);
    const seen = new Set(a.histories.flatMap((h) => h.dropOffs.map((r) => r.localDay)));
    for (let d = 20; d <= 31; d++) expect(seen).toContain(`2026-10-${d}`);
    for (let d = 1; d <= 11; d++) expect(seen).toContain(`2026-11-${String(d).padStart(2, '0')}`);
  });

  it('peaks on 11.11 at 2-3.5x a normal day', () => {
    const itemsOn = (day: string) =>
      a.histories.reduce(
        (s, h) => s + h.dropOffs.filter((r) => r.localDay === day).reduce((q, r) => q + r.quantity, 0),
        0,
      );
    const peak = itemsOn('2026-11-11');
    const normal = itemsOn('2026-11-18'); // a Wednesday, like Nov 11; 1.1x after the season
    expect(peak / normal).toBeGreaterThan(2 / 1.1);
    expect(peak / normal).toBeLessThan(3.5 / 1.1);
  });

  it('keeps a short history after the season back to the last campaign', () => {
    expect(historyDays(new Date('2027-03-15T00:00:00Z'))[0]).toBe('2026-10-20');
    expect(historyDays(NOW, 3)).toEqual(['2026-11-23', '2026-11-24', '2026-11-25']);
  });

  it('ships factor sets whose every factor lies inside its range, with exactly one default', () => {
    expect(FACTOR_SETS.filter((s) => s.isDefault).map((s) => s.version)).toEqual(['CN-2026']);
    for (const set of FACTOR_SETS) {
      expect(set.factors).toHaveLength(12); // 6 materials x 2 outcomes
      for (const f of set.factors) {
        expect(f.low).toBeLessThanOrEqual(f.value);
        expect(f.value).toBeLessThanOrEqual(f.high);
      }
    }
  });
});

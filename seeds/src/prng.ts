// Seeded pseudo-random numbers. The seeder must be reproducible (same seed and `now` give the same
// rows on every machine), so nothing here may touch Math.random or the clock.

/** A source of uniform numbers in [0, 1). */
export type Rng = () => number;

/**
 * sfc32 (Small Fast Counting, from PractRand): 128 bits of state, passes BigCrush, a few ns a call.
 * The four state words are derived from `seed` with splitmix32 so that nearby seeds (1, 2, 3)
 * give unrelated streams.
 * Example: const rng = createRng(42); rng() // 0.93...
 */
export function createRng(seed: number): Rng {
  let s = seed >>> 0;
  const splitmix = (): number => {
    s = (s + 0x9e3779b9) | 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    return (z ^ (z >>> 15)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  const next: Rng = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  // The first outputs of sfc32 are still correlated with the seed words: discard them.
  for (let i = 0; i < 12; i++) next();
  return next;
}

/**
 * An independent stream for one entity (a station, a city), so that generating station 5 does not
 * depend on how many numbers station 4 consumed: adding a feature to one generator then changes
 * only its own rows. FNV-1a over the label, mixed with the seed.
 */
export function deriveRng(seed: number, label: string): Rng {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193);
  return createRng(h >>> 0);
}

/** Integer in [min, max], both inclusive. */
export function intBetween(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

/** Real number in [min, max). */
export function between(rng: Rng, min: number, max: number): number {
  return min + rng() * (max - min);
}

/** Standard normal deviate (Box-Muller); one value per call keeps the stream easy to reason about. */
export function normal(rng: Rng): number {
  const u = 1 - rng(); // (0, 1]: log(0) would be -Infinity
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

/**
 * Pick an item with probability proportional to its weight.
 * Example: pickWeighted(rng, [['OPEN', 86], ['FULL', 4]])
 */
export function pickWeighted<T>(rng: Rng, items: readonly (readonly [T, number])[]): T {
  let total = 0;
  for (const [, w] of items) total += w;
  let r = rng() * total;
  for (const [item, w] of items) {
    r -= w;
    if (r < 0) return item;
  }
  return items[items.length - 1]![0];
}

/** Uniform pick from a non-empty list. */
export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)]!;
}

// The counter's weight field (web/src/lib/station/weight.ts): full-width digits and a decimal
// comma, as phone keyboards in China type them, mean the same kilograms as ASCII.
import { describe, expect, it } from 'vitest';
import { parseWeightKg } from '../../web/src/lib/station/weight.ts';

describe('parseWeightKg', () => {
  it.each([
    ['0.5', 0.5],
    ['0,5', 0.5],
    ['０．５', 0.5],
    ['０，５', 0.5],
    ['０.２５', 0.25],
    ['１２', 12],
    [' 1.25 kg', 1.25],
    ['2公斤', 2],
    ['.5', 0.5],
    ['3.', 3],
    ['0。5', 0.5],
  ])('%j is %d kg', (text, kg) => {
    expect(parseWeightKg(text)).toBe(kg);
  });

  it('an empty field is no weight (the server uses the typical mass)', () => {
    expect(parseWeightKg('')).toBeNull();
    expect(parseWeightKg('  ')).toBeNull();
  });

  it.each(['abc', '1,2,3', '1.2.3', '-1', '1e3', ',', '０x'])('%j is not a weight', (text) => {
    expect(parseWeightKg(text)).toBeNaN();
  });
});

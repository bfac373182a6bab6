// What staff type into the weight field on a phone: Chinese keyboards often give full-width digits
// (０.５), and many people write a decimal comma (0,5). Both mean 0.5 kg. Pure.

/** Full-width ASCII (U+FF01-FF5E) to ASCII, and the ideographic full stop/comma used as decimals. */
function toAscii(text: string): string {
  return text
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[。．]/g, '.')
    .replace(/[，、]/g, ',');
}

/**
 * The weight in kg, null for an empty field, NaN for text that is not one number.
 * Example: parseWeightKg('０，５') === 0.5; parseWeightKg(' 1.25 kg') === 1.25; parseWeightKg('1,2,3') is NaN
 */
export function parseWeightKg(text: string): number | null {
  const s = toAscii(text)
    .trim()
    .replace(/\s*(kg|公斤|千克)$/i, '')
    .trim();
  if (s === '') return null;
  if (!/^\d*(?:[.,]\d*)?$/.test(s) || !/\d/.test(s)) return Number.NaN;
  return Number(s.replace(',', '.'));
}

// One unit for every CO2e figure of a report (headline, charts, tables, comparison, print): tonnes
// once the report's largest figure reaches a tonne, kilograms below that, always labelled.
import { fmtNumber } from '../../lib/i18n.svelte.ts';

export interface Co2eUnit {
  unit: 't' | 'kg';
  /** The number in this unit, formatted for the active language (no unit). */
  num(kg: number): string;
  /** The number with its unit, e.g. "9.2 t". */
  fmt(kg: number): string;
}

/** Example: co2eUnit(9_196_000).fmt(12_345) === '12.35 t'; co2eUnit(800).fmt(12.34) === '12.3 kg'. */
export function co2eUnit(largestKg: number): Co2eUnit {
  const tonnes = Math.abs(largestKg) >= 1000;
  const num = tonnes
    ? (kg: number) => fmtNumber(kg / 1000, { maximumFractionDigits: 2 })
    : (kg: number) => fmtNumber(kg, { maximumFractionDigits: 1 });
  const unit = tonnes ? 't' : 'kg';
  return { unit, num, fmt: (kg) => `${num(kg)} ${unit}` };
}

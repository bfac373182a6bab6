// Rules for a new emission factor set: each factor names a known material, once per outcome, and
// its central value lies within its stated range (low <= value <= high: central is the best
// estimate, low/high its uncertainty). Checked before anything is written; every fault is reported.
import { InputError, issue, NotFoundError, type FieldIssue } from './errors.ts';
import { msg } from './messages.ts';

export interface FactorInput {
  materialCode: string;
  outcome: string;
  unit: string;
  value: number;
  low: number;
  high: number;
  source: string;
  sourceZh?: string | null;
  sourceUrls?: readonly string[] | null;
  evidence?: string | null;
  year: number;
}

/**
 * Row values for emission_factor, or an InputError naming each factor at fault (`field`.i.x);
 * once those are fixed, a NotFoundError for the first unknown material.
 */
export function checkNewFactors(factors: readonly FactorInput[], materials: ReadonlySet<string>, field: string) {
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  factors.forEach((f, i) => {
    const at = `${field}.${i}`;
    const pair = `${f.materialCode}/${f.outcome}`;
    if (seen.has(pair)) issues.push(issue(at, msg('factorSet.twice', { pair })));
    seen.add(pair);
    if (f.low > f.value)
      issues.push(issue(`${at}.low`, msg('factorSet.lowAboveValue', { low: f.low, value: f.value })));
    if (f.high < f.value)
      issues.push(issue(`${at}.high`, msg('factorSet.highBelowValue', { high: f.high, value: f.value })));
  });
  if (issues.length > 0) throw new InputError(issues);
  const unknown = factors.findIndex((f) => !materials.has(f.materialCode));
  if (unknown >= 0)
    throw new NotFoundError('Material', factors[unknown]!.materialCode, `${field}.${unknown}.materialCode`);
  return factors.map((f) => ({
    material_code: f.materialCode,
    outcome: f.outcome,
    unit: f.unit,
    value: f.value,
    low: f.low,
    high: f.high,
    source: f.source,
    source_year: f.year,
    source_zh: f.sourceZh ?? null,
    source_urls: [...(f.sourceUrls ?? [])],
    evidence: f.evidence ?? null,
  }));
}

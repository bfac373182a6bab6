// The written method and the code agree: docs/carbon-method.md names the version, approver, date
// and default set that reports print, and its CN-2026 table holds the published factors.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FACTOR_SETS } from '@recycle/seeds';
import { CARBON_METHOD } from '../../api/src/domain/carbon-method.ts';

const doc = readFileSync('docs/carbon-method.md', 'utf8');

describe('docs/carbon-method.md', () => {
  it('has the header the reports print', () => {
    expect(doc).toContain(`- **Version:** ${CARBON_METHOD.version}\n`);
    expect(doc).toContain(`- **Approved by:** ${CARBON_METHOD.approvedBy}\n`);
    expect(doc).toContain(`- **Date:** ${CARBON_METHOD.approvedOn}\n`);
    expect(doc).toContain(`- **Default factor set:** ${CARBON_METHOD.defaultFactorSet}\n`);
    expect(CARBON_METHOD.document).toBe('docs/carbon-method.md');
  });

  it('lists every CN-2026 factor with its central, low and high', () => {
    const cn = FACTOR_SETS.find((s) => s.version === CARBON_METHOD.defaultFactorSet)!;
    expect(cn.isDefault).toBe(true);
    // the doc writes minus signs as − and may pad to 4 decimals (0.6290)
    const fmt = (v: number) => (v < 0 ? `−${Math.abs(v)}` : String(v));
    for (const f of cn.factors) {
      const row = doc
        .split('\n')
        .find(
          (l) =>
            l.startsWith('| ') &&
            l.includes(f.materialCode) &&
            l.includes(f.outcome === 'REUSED' ? '| reused |' : '| recycled |'),
        );
      expect(row, `${f.materialCode} ${f.outcome}`).toBeDefined();
      for (const v of [f.value, f.low, f.high])
        expect(row, `${f.materialCode} ${f.outcome} ${v}`).toMatch(
          new RegExp(`\\| ${fmt(v).replace('.', '\\.')}0* \\|`),
        );
    }
  });
});

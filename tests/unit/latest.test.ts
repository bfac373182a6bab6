// Only the latest request's answer is shown (web/src/lib/latest.ts): the unfiltered first page
// answering after the search sent next must not replace the search's rows.
import { describe, expect, it } from 'vitest';
import { latestOnly } from '../../web/src/lib/latest.ts';

describe('latestOnly', () => {
  it('lets the newest answer through and drops an older one that arrives after it', async () => {
    const requests = latestOnly();
    let shown: string[] = [];
    const load = async (rows: string[], ms: number) => {
      const current = requests.begin();
      await new Promise((r) => setTimeout(r, ms));
      if (current()) shown = rows;
    };
    const unfiltered = load(['SH-00001', 'SH-00002'], 40); // sent first, answers last
    const searched = load(['SH-14321'], 5);
    await Promise.all([unfiltered, searched]);
    expect(shown).toEqual(['SH-14321']);
  });

  it('lets a lone request through', () => {
    const current = latestOnly().begin();
    expect(current()).toBe(true);
  });
});

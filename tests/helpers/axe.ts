// Accessibility as a test: axe-core (Deque, the engine behind most a11y checkers) run inside the
// page under test. Browser tests call `expectAccessible(page, 'map (en)')` on each page and in each
// language; it fails with every critical or serious violation listed (rule, impact, the elements).
// Moderate and minor findings are returned for information, not failed on.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeFinding {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

export interface AxeOptions {
  /** CSS selectors to leave out (e.g. a third-party widget the test does not own). */
  exclude?: string[];
}

/** Runs axe-core over the whole page (WCAG 2.x A and AA rules and best practices). */
export async function axeFindings(page: Page, options: AxeOptions = {}): Promise<AxeFinding[]> {
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined');
  if (!loaded) await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(async (exclude) => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: any[] }> } }).axe;
    const context = exclude.length ? { include: [document], exclude: exclude.map((s) => [s]) } : document;
    const result = await axe.run(context, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id as string,
      impact: (v.impact ?? null) as string | null,
      help: v.help as string,
      targets: (v.nodes as { target: string[] }[]).slice(0, 5).map((n) => n.target.join(' ')),
    }));
  }, options.exclude ?? []);
}

/**
 * Fails with the list of critical and serious violations, if any. Example:
 *   await expectAccessible(page, 'sign-in (zh)');
 */
export async function expectAccessible(page: Page, label: string, options: AxeOptions = {}): Promise<AxeFinding[]> {
  const findings = await axeFindings(page, options);
  const blocking = findings.filter((f) => f.impact === 'critical' || f.impact === 'serious');
  expect(blocking, `${label}: axe critical/serious violations`).toEqual([]);
  return findings;
}

// Accessibility as a test: axe-core (from npm, bundled with the tests: no CDN) injected into the
// page under test and run there. Shared by every browser test that checks a page; the rule the
// project holds is 0 critical and 0 serious violations.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  /** CSS selectors of the first nodes at fault, to find them. */
  targets: string[];
}

/**
 * Runs axe-core on the page as it is now (WCAG 2.1 A and AA rules plus best practices) and returns
 * the critical and serious violations. Example: expect(await seriousViolations(page)).toEqual([]).
 */
export interface AxeOptions {
  /** Selectors left out of the run. */
  exclude?: string[];
  /** Rules to run besides the tagged set, e.g. axe's experimental 'p-as-heading' and 'label-content-name-mismatch'. */
  rules?: string[];
}

export async function seriousViolations(page: Page, options: AxeOptions = {}): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol, not added as an inline <script>: the app's CSP
  // (script-src 'self') rightly refuses inline scripts, and the check must run under that CSP.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(
    async ([exclude, extra]) => {
      const axe = (
        window as unknown as {
          axe: {
            run: (
              ctx: unknown,
              opts: unknown,
            ) => Promise<{
              violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[];
            }>;
          };
        }
      ).axe;
      const context = exclude.length ? { exclude: exclude.map((s) => [s]) } : document;
      const rules = Object.fromEntries(extra.map((id) => [id, { enabled: true }]));
      const r = await axe.run(context, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
        rules,
        resultTypes: ['violations'],
      });
      return r.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes.slice(0, 5).map((n) => String(n.target)),
      }));
    },
    [options.exclude ?? [], options.rules ?? []] as const,
  );
  return violations.filter((v) => v.impact === 'critical' || v.impact === 'serious');
}

/** The same check as an assertion: fails listing each serious violation's rule and elements. */
export async function expectNoSeriousA11yViolations(
  page: Page,
  label = 'page',
  options: AxeOptions = {},
): Promise<void> {
  const serious = (await seriousViolations(page, options)).map(
    (v) => `${v.impact} ${v.id}: ${v.help} (${v.targets.join('; ')})`,
  );
  expect(serious, `${label}: axe critical/serious violations`).toEqual([]);
}

/**
 * Controls whose accessible name leaves out a number shown on them (WCAG 2.5.3, label in name):
 * a button that shows "(12)" but is named "Full" hides the count from a screen reader and from
 * voice control. Checks buttons, links and tabs named by aria-label / aria-labelledby; thousands
 * separators are ignored. Returns "name ← shown text" for each, [] when all is well.
 */
export async function namesMissingVisibleCounts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const digits = (s: string) => s.replace(/[,\s\u00a0\u202f]/g, '').match(/\d+(\.\d+)?/g) ?? [];
    const nameOf = (el: Element) => {
      const ids = el.getAttribute('aria-labelledby');
      if (ids)
        return ids
          .split(/\s+/)
          .map((id) => document.getElementById(id)?.textContent ?? '')
          .join(' ');
      return el.getAttribute('aria-label') ?? '';
    };
    const out: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>(
      'button[aria-label], button[aria-labelledby], a[aria-label], a[aria-labelledby], [role="tab"][aria-label], [role="button"][aria-label]',
    )) {
      if (!el.checkVisibility()) continue;
      const shown = el.innerText;
      const name = nameOf(el);
      const inName = new Set(digits(name));
      if (digits(shown).some((d) => !inName.has(d))) out.push(`${name} ← ${shown.replace(/\s+/g, ' ').trim()}`);
    }
    return out;
  });
}

// BENCH_WEB_PROFILE=1 pnpm bench:web: a Chromium CPU profile (CDP Profiler) of the dashboard's pans
// and zooms at the slowest CPU rate of the run, summed by function (self time), so a slow frame can
// be traced to its code. Writes the raw profile to bench/results/web-profile-<part>.cpuprofile
// (open it in Chromium's DevTools, Performance panel) and prints the top functions.
import { writeFileSync } from 'node:fs';
import type { LaunchedBrowser } from '@recycle/testing';

/** `window.bench` as web/src/routes/map/bench/bench-page.ts exposes it in the page. */
export interface BenchPageWindow {
  bench: {
    load(url: string): Promise<number>;
    run(
      impl: 'dashboard' | 'baseline',
      steps: number,
    ): Promise<{ first: number; pan: number[]; zoom: number[]; panDrawn: number[]; zoomDrawn: number[] }>;
    mount(impl: 'dashboard' | 'baseline'): Promise<number>;
    pans(steps: number): Promise<number[]>;
    zooms(steps: number): Promise<number[]>;
  };
}

// playwright-core's types through the testing package (the root package does not depend on it).
type Page = Awaited<ReturnType<LaunchedBrowser['browser']['newPage']>>;
type CDPSession = Awaited<ReturnType<ReturnType<Page['context']>['newCDPSession']>>;

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time per function (ms), largest first. */
export function selfTimes(profile: Profile): { name: string; ms: number }[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const totals = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const f = byId.get(id)!.callFrame;
    const file = f.url.split('/').pop()?.split('?')[0] ?? '';
    const key = `${f.functionName || '(anonymous)'} ${file}${file ? `:${f.lineNumber + 1}` : ''}`;
    totals.set(key, (totals.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return [...totals].map(([name, ms]) => ({ name, ms })).sort((a, b) => b.ms - a.ms);
}

export async function profileParts(page: Page, cdp: CDPSession, steps: number): Promise<string[]> {
  const lines: string[] = [];
  await page.evaluate(() => (window as unknown as BenchPageWindow).bench.mount('dashboard'));
  for (const part of ['pans', 'zooms'] as const) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
    const frames = await page.evaluate(([p, s]) => (window as unknown as BenchPageWindow).bench[p](s), [
      part,
      steps,
    ] as const);
    const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
    writeFileSync(`bench/results/web-profile-${part}.cpuprofile`, JSON.stringify(profile));
    const top = selfTimes(profile);
    const total = top.reduce((a, t) => a + t.ms, 0);
    lines.push(
      `${part}: ${frames.length} frames, ${frames.reduce((a, b) => a + b, 0).toFixed(0)} ms in frames; profile ${total.toFixed(0)} ms, top self time:`,
      ...top.slice(0, 25).map((t) => `  ${t.ms.toFixed(1).padStart(8)} ms  ${t.name}`),
    );
  }
  return lines;
}

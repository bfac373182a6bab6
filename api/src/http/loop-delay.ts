// The process's event-loop delay, reported by /healthz: how long a timer waited behind other work
// (a large answer being serialized, a CSV row loop, PGlite running a query in-process). An operator
// or load balancer reads it next to "ok"; `pnpm bench:loop` reads it while the costliest allowed
// queries run. perf_hooks samples it in libuv at almost no cost.
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

/** Each window is this long; /healthz shows the last complete one and the one in progress. */
export const LOOP_WINDOW_MS = 10_000;

export interface LoopDelay {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Seconds the figures cover. */
  windowS: number;
}

let histogram: IntervalHistogram | undefined;
let windowStart = 0;
let last: LoopDelay | undefined;

const ms = (ns: number) => Math.round(ns / 1e4) / 100;

function read(h: IntervalHistogram, since: number): LoopDelay {
  // Before the first sample the histogram holds no values (min is a huge sentinel); say 0.
  if (h.count === 0) return { p50Ms: 0, p99Ms: 0, maxMs: 0, windowS: Math.round((Date.now() - since) / 100) / 10 };
  return {
    p50Ms: ms(h.percentile(50)),
    p99Ms: ms(h.percentile(99)),
    maxMs: ms(h.max),
    windowS: Math.round((Date.now() - since) / 100) / 10,
  };
}

/** Starts sampling (idempotent); the window timer does not keep the process alive. */
export function startLoopDelayMonitor(): void {
  if (histogram) return;
  histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  windowStart = Date.now();
  setInterval(() => {
    last = read(histogram!, windowStart);
    histogram!.reset();
    windowStart = Date.now();
  }, LOOP_WINDOW_MS).unref();
}

/** The last complete window and the current one, for /healthz. */
export function loopDelay(): { current: LoopDelay; last: LoopDelay | null } {
  startLoopDelayMonitor();
  return { current: read(histogram!, windowStart), last: last ?? null };
}

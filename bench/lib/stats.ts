// Latency statistics and number formatting for the benchmark report.

export interface LatencyStats {
  requests: number;
  errors: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function latencyStats(latenciesMs: readonly number[], errors: number, elapsedMs: number): LatencyStats {
  const s = [...latenciesMs].sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 10) / 10;
  return {
    requests: s.length,
    errors,
    seconds: round(elapsedMs / 1000),
    perSecond: round(s.length / (elapsedMs / 1000)),
    p50: round(percentile(s, 50)),
    p90: round(percentile(s, 90)),
    p99: round(percentile(s, 99)),
    max: round(s[s.length - 1] ?? NaN),
    mean: round(s.reduce((a, b) => a + b, 0) / (s.length || 1)),
  };
}

export function median(xs: readonly number[]): number {
  return percentile(
    [...xs].sort((a, b) => a - b),
    50,
  );
}

export const fmtInt = (n: number) => Math.round(n).toLocaleString('en');
export const fmtMs = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1)) + ' ms';
export const fmtKb = (bytes: number) => (bytes / 1024).toFixed(0) + ' KB';
export const fmtRatio = (x: number) => (x >= 10 ? x.toFixed(0) : x.toFixed(2)) + '×';

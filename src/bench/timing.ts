/**
 * Repeated timing of one operation, summarized robustly: the median and the quartiles, which a
 * few slow repeats (garbage collection, another process) move less than they move the mean.
 */

/** Summary of repeated wall-clock times, in milliseconds. */
export interface TimingSummary {
  readonly repeats: number;
  readonly medianMs: number;
  /** First and third quartiles, the spread that the table prints. */
  readonly q1Ms: number;
  readonly q3Ms: number;
  readonly minMs: number;
  readonly maxMs: number;
}

/** How long to measure: untimed warm-up calls, then repeats until both minimums are met. */
export interface TimingOptions {
  readonly warmup: number;
  readonly minRepeats: number;
  readonly maxRepeats: number;
  /** Keep repeating (up to `maxRepeats`) until the timed calls add up to this many ms. */
  readonly minTotalMs: number;
}

export const DEFAULT_TIMING: TimingOptions = {
  warmup: 3,
  minRepeats: 10,
  maxRepeats: 200,
  minTotalMs: 2000,
};

/** Calls `operation` `warmup` times untimed, then times each further call; returns the times. */
export function timeRepeated(operation: () => void, options: TimingOptions): number[] {
  for (let i = 0; i < options.warmup; i++) operation();

  const timesMs: number[] = [];
  let totalMs = 0;
  while (
    timesMs.length < options.maxRepeats &&
    (timesMs.length < options.minRepeats || totalMs < options.minTotalMs)
  ) {
    const start = performance.now();
    operation();
    const elapsedMs = performance.now() - start;
    timesMs.push(elapsedMs);
    totalMs += elapsedMs;
  }
  return timesMs;
}

/**
 * Summarizes times by order statistics. Quantiles interpolate linearly between the sorted
 * values at position q (n - 1), as NumPy's default `quantile` does.
 */
export function summarizeTimes(timesMs: readonly number[]): TimingSummary {
  if (timesMs.length === 0) throw new Error('Cannot summarize an empty list of times');
  const sorted = [...timesMs].sort((a, b) => a - b);
  return {
    repeats: sorted.length,
    medianMs: quantile(sorted, 0.5),
    q1Ms: quantile(sorted, 0.25),
    q3Ms: quantile(sorted, 0.75),
    minMs: sorted[0],
    maxMs: sorted[sorted.length - 1],
  };
}

function quantile(sorted: readonly number[], q: number): number {
  const position = q * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
}

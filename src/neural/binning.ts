/**
 * Spike counts in time bins around an alignment event, one window per trial.
 */

/** A window relative to each trial's alignment time, in seconds: `[startS, endS)`. */
export interface AlignmentWindow {
  startS: number;
  endS: number;
}

/**
 * Maximum number of counts (trials x units x bins) binned at once: 2^28 int32 values, 1 GiB.
 * NOTE: this limit is a choice. Node.js 20 buffers stop at 4 GiB, a counts file of 2^30 values.
 */
export const MAX_COUNTS = 2 ** 28;

/** Spike counts of shape (trials, units, bins), C order, with the bin edges they used. */
export interface BinnedSpikes {
  counts: Int32Array;
  trials: number;
  units: number;
  bins: number;
  /** Bin edges relative to the alignment time, seconds, `bins + 1` values. */
  edgesS: Float64Array;
}

/**
 * Checks a window and bin width and returns the number of bins. The window's length must be a
 * whole number of bins (within 1e-6 of a bin), so that every bin has the same width.
 */
export function binCount(window: AlignmentWindow, binMs: number): number {
  if (!Number.isFinite(window.startS) || !Number.isFinite(window.endS)) {
    throw new Error(`invalid window ${window.startS},${window.endS}: both ends must be numbers`);
  }
  if (window.startS >= window.endS) {
    throw new Error(
      `invalid window ${window.startS},${window.endS}: the start must be before the end (seconds)`,
    );
  }
  if (!Number.isFinite(binMs) || binMs <= 0) {
    throw new Error(`invalid bin width ${binMs} ms: it must be a positive number`);
  }
  const lengthMs = (window.endS - window.startS) * 1000;
  const bins = Math.round(lengthMs / binMs);
  if (bins < 1 || Math.abs(bins * binMs - lengthMs) > 1e-6 * binMs) {
    throw new Error(
      `the window's ${lengthMs} ms is not a whole number of ${binMs} ms bins; ` +
        'choose a bin width that divides the window',
    );
  }
  return bins;
}

/**
 * Counts the spikes of each unit in each bin of each trial's window. Bin k of trial n covers
 * `[align[n] + edgesS[k], align[n] + edgesS[k+1])`, with `edgesS[0] = startS` and
 * `edgesS[bins] = endS` exactly, so the bins of a trial add up to the spikes with
 * `align + startS <= t < align + endS`.
 *
 * @param spikeTimes sorted spike times of each unit, seconds
 * @param alignS alignment time of each trial, seconds
 */
export function binSpikes(
  spikeTimes: readonly Float64Array[],
  alignS: Float64Array,
  window: AlignmentWindow,
  binMs: number,
): BinnedSpikes {
  const bins = binCount(window, binMs);
  const trials = alignS.length;
  const units = spikeTimes.length;
  if (trials * units * bins > MAX_COUNTS) {
    throw new Error(
      `${trials} trials x ${units} units x ${bins} bins of ${binMs} ms make ` +
        `${trials * units * bins} counts, more than the ${MAX_COUNTS} allowed; ` +
        'use wider bins, a shorter window or fewer units',
    );
  }
  const edgesS = new Float64Array(bins + 1);
  for (let k = 0; k <= bins; k++) {
    edgesS[k] = window.startS + ((window.endS - window.startS) * k) / bins;
  }
  edgesS[bins] = window.endS;

  const counts = new Int32Array(trials * units * bins);
  for (let trial = 0; trial < trials; trial++) {
    for (let unit = 0; unit < units; unit++) {
      const times = spikeTimes[unit];
      const offset = (trial * units + unit) * bins;
      let previous = lowerBound(times, alignS[trial] + edgesS[0]);
      for (let k = 0; k < bins; k++) {
        const next = lowerBound(times, alignS[trial] + edgesS[k + 1]);
        counts[offset + k] = next - previous;
        previous = next;
      }
    }
  }
  return { counts, trials, units, bins, edgesS };
}

/** Index of the first element of the sorted `values` that is >= `target`. */
function lowerBound(values: Float64Array, target: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (values[middle] < target) low = middle + 1;
    else high = middle;
  }
  return low;
}

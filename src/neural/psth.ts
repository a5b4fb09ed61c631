/**
 * Peri-stimulus time histograms: condition-averaged firing rates per unit.
 */
import type { BinnedSpikes } from './binning.js';
import { smoothRows } from './smoothing.js';

/** Firing rates of shape (groups, units, bins), spikes/s, C order. */
export interface Psth {
  rates: Float64Array;
  groups: number;
  units: number;
  bins: number;
}

/**
 * Averages spike counts over the trials of each group and divides by the bin width:
 * `rate[g, u, k] = mean over trials n in group g of counts[n, u, k] / (binMs / 1000)`,
 * then smooths along bins with a Gaussian of `smoothMs` when given. A group without trials
 * gets NaN rates.
 *
 * @param groupRows for each group, indexes into the first axis of `binned.counts`
 */
export function computePsth(
  binned: BinnedSpikes,
  groupRows: readonly (readonly number[])[],
  binMs: number,
  smoothMs?: number,
): Psth {
  const { units, bins } = binned;
  const groups = groupRows.length;
  const rates = new Float64Array(groups * units * bins);
  const binS = binMs / 1000;
  for (let group = 0; group < groups; group++) {
    const rows = groupRows[group];
    for (let unit = 0; unit < units; unit++) {
      const target = (group * units + unit) * bins;
      for (const row of rows) {
        const source = (row * units + unit) * bins;
        for (let k = 0; k < bins; k++) rates[target + k] += binned.counts[source + k];
      }
      const scale = rows.length > 0 ? 1 / (rows.length * binS) : Number.NaN;
      for (let k = 0; k < bins; k++) rates[target + k] *= scale;
    }
  }
  const smoothed = smoothMs === undefined ? rates : smoothRows(rates, bins, smoothMs, binMs);
  return { rates: smoothed, groups, units, bins };
}

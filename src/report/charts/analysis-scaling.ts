/**
 * Histogram of the units' scaling index next to the same R^2 on absolute time: temporally
 * scaled populations pile up near 1 on scaled time, absolute-timing ones on absolute time.
 */
import type { TopLevelSpec } from 'vega-lite';

import type { ScalingAnalysis } from '../../analysis/scaling.js';
import { topLevelSpec } from './spec.js';

/** Options of `scalingIndexChart`. */
export interface ScalingIndexChartOptions {
  scaling: ScalingAnalysis;
  title?: string;
  /** Bin width of the histogram; 0.05 by default. */
  binStep?: number;
  width?: number;
  height?: number;
}

const measures = ['scaled time (t / T)', 'absolute time'];

/** Builds the histogram of scaling indices on scaled and on absolute time. */
export function scalingIndexChart(options: ScalingIndexChartOptions): TopLevelSpec {
  const { units, summary } = options.scaling;
  const values: { measure: string; rSquared: number }[] = [];
  for (const unit of units) {
    if (!Number.isFinite(unit.scaled) || !Number.isFinite(unit.absolute)) continue;
    // Negative R^2 values (worse than the mean) go in the lowest bin and 1 in the highest.
    values.push({ measure: measures[0], rSquared: clampToBins(unit.scaled) });
    values.push({ measure: measures[1], rSquared: clampToBins(unit.absolute) });
  }

  return topLevelSpec({
    title: {
      text: options.title ?? 'Temporal scaling of single units',
      subtitle:
        `median R² ${summary.medianScaled.toFixed(2)} on scaled time, ` +
        `${summary.medianAbsolute.toFixed(2)} on absolute time; ` +
        `${(100 * summary.fractionScaledBetter).toFixed(0)}% of ${summary.units} units ` +
        'scale better',
    },
    width: options.width ?? 420,
    height: options.height ?? 240,
    data: { values },
    mark: { type: 'bar', opacity: 0.6, binSpacing: 0 },
    encoding: {
      x: {
        field: 'rSquared',
        type: 'quantitative',
        bin: { extent: [0, 1], step: options.binStep ?? 0.05 },
        title: 'R² of responses across intervals',
      },
      y: { aggregate: 'count', type: 'quantitative', stack: null, title: 'units' },
      color: {
        field: 'measure',
        type: 'nominal',
        scale: { domain: measures, range: ['#4e79a7', '#f28e2b'] },
        legend: { title: 'time axis', orient: 'top' },
      },
    },
  });
}

function clampToBins(rSquared: number): number {
  return Math.min(Math.max(rSquared, 0), 1 - 1e-9);
}

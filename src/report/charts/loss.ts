/**
 * Training loss of every model in one chart: each step's loss drawn faint, and a moving
 * average over it drawn solid, in the models' colours and in the experiment's order.
 */
import type { TopLevelSpec } from 'vega-lite';

import { modelColors } from '../theme.js';
import { topLevelSpec } from './spec.js';

/** One model's loss per optimiser step. */
export interface LossSeries {
  modelName: string;
  points: { step: number; loss: number }[];
}

/** Options of `lossChart`. */
export interface LossChartOptions {
  /** Series in the experiment's order, which sets colours and the legend's order. */
  series: LossSeries[];
  /** Log scale on the loss axis; true by default. Falls back to linear if a loss is <= 0. */
  logScale?: boolean;
  /** Window of the moving average in steps; about 2% of the longest run by default. */
  smoothingWindow?: number;
  width?: number;
  height?: number;
}

/**
 * Computes the centred moving average m_t = mean(x_{t-k} .. x_{t+k}) with k = floor(w / 2),
 * the window shrinking at both ends so that every output averages real values only.
 */
export function movingAverage(values: readonly number[], window: number): number[] {
  const half = Math.max(0, Math.floor(window / 2));
  const prefix = new Float64Array(values.length + 1);
  for (let t = 0; t < values.length; t++) prefix[t + 1] = prefix[t] + values[t];
  return values.map((_, t) => {
    const start = Math.max(0, t - half);
    const end = Math.min(values.length, t + half + 1);
    return (prefix[end] - prefix[start]) / (end - start);
  });
}

/** Builds the loss chart of all models. */
export function lossChart(options: LossChartOptions): TopLevelSpec {
  const names = options.series.map((series) => series.modelName);
  const longest = Math.max(1, ...options.series.map((series) => series.points.length));
  const window = options.smoothingWindow ?? Math.max(1, Math.round(longest / 50));
  const allPositive = options.series.every((series) => series.points.every((p) => p.loss > 0));
  const logScale = (options.logScale ?? true) && allPositive;

  const values: { model: string; step: number; loss: number; smoothed: number }[] = [];
  for (const series of options.series) {
    const smoothed = movingAverage(
      series.points.map((point) => point.loss),
      window,
    );
    series.points.forEach((point, k) => {
      values.push({ model: series.modelName, ...point, smoothed: smoothed[k] });
    });
  }

  const color = {
    field: 'model',
    type: 'nominal',
    scale: modelColors(names),
    sort: names,
    legend: { title: 'model', symbolType: 'stroke', symbolStrokeWidth: 2, symbolOpacity: 1 },
  };
  const x = { field: 'step', type: 'quantitative', title: 'training step' };
  const losses = values.map((value) => value.loss);
  const yScale = logScale ? { type: 'log', nice: false } : { zero: false };
  const yAxis =
    logScale && losses.length > 0
      ? { values: logTicks(Math.min(...losses), Math.max(...losses)) }
      : {};
  return topLevelSpec({
    title: {
      text: 'Training loss',
      subtitle: `faint: loss at each step; solid: moving average over ${window} steps`,
    },
    width: options.width ?? 560,
    height: options.height ?? 280,
    data: { values },
    encoding: { x, color },
    layer: [
      {
        mark: { type: 'line', strokeWidth: 1, opacity: 0.25 },
        encoding: {
          y: { field: 'loss', type: 'quantitative', scale: yScale, axis: yAxis, title: 'loss' },
        },
      },
      {
        mark: { type: 'line', strokeWidth: 2 },
        encoding: { y: { field: 'smoothed', type: 'quantitative', scale: yScale } },
      },
    ],
  });
}

/**
 * Returns the ticks in [low, high] at 1, 2 and 5 times each power of ten, or at the powers of
 * ten alone when the range spans more than three decades, so that labels do not crowd.
 */
function logTicks(low: number, high: number): number[] {
  const ticks: number[] = [];
  const first = Math.floor(Math.log10(low));
  const last = Math.ceil(Math.log10(high));
  const mantissas = last - first > 3 ? [1] : [1, 2, 5];
  for (let exponent = first; exponent <= last; exponent++) {
    for (const mantissa of mantissas) {
      const tick = mantissa * 10 ** exponent;
      if (tick >= low / 1.0001 && tick <= high * 1.0001) ticks.push(Number(tick.toPrecision(1)));
    }
  }
  return ticks;
}

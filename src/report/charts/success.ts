/**
 * Success rate over training, from the periodic closed-loop evaluations: the fraction of
 * fresh trials whose produced interval fell within the task's margin. Each model gets its own
 * row, because models that never succeed would otherwise hide each other's lines at 0.
 */
import type { TopLevelSpec } from 'vega-lite';

import { modelColors } from '../theme.js';
import { topLevelSpec } from './spec.js';

/** One model's periodic evaluations. */
export interface SuccessSeries {
  modelName: string;
  points: { step: number; successRate: number }[];
}

/** Options of `successChart`. */
export interface SuccessChartOptions {
  /** Series in the experiment's order, which sets colours and the legend's order. */
  series: SuccessSeries[];
  width?: number;
  /** Height of each model's row in pixels. */
  rowHeight?: number;
}

/** Builds the success-rate chart, a row per model with a point per evaluation. */
export function successChart(options: SuccessChartOptions): TopLevelSpec {
  const names = options.series.map((series) => series.modelName);
  const values = options.series.flatMap((series) =>
    series.points.map((point) => ({ model: series.modelName, ...point })),
  );
  return topLevelSpec({
    title: {
      text: 'Success rate during training',
      subtitle: 'fraction of evaluation trials with |t_p − T| ≤ 0.2 T + 25 ms',
    },
    data: { values },
    facet: {
      row: {
        field: 'model',
        type: 'nominal',
        sort: names,
        header: { title: null, labelAngle: 0, labelAlign: 'left', labelFontSize: 12 },
      },
    },
    spacing: 16,
    spec: {
      width: options.width ?? 560,
      height: options.rowHeight ?? 60,
      mark: { type: 'line', point: true, strokeWidth: 2 },
      encoding: {
      x: { field: 'step', type: 'quantitative', title: 'training step' },
        y: {
          field: 'successRate',
          type: 'quantitative',
          scale: { domain: [0, 1] },
          axis: { format: '.0%', values: [0, 0.5, 1] },
          title: 'success',
        },
        color: {
          field: 'model',
          type: 'nominal',
          scale: modelColors(names),
          sort: names,
          legend: null,
        },
      },
    },
  });
}

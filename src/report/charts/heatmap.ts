/**
 * A matrix drawn as a heatmap: one rectangle per entry, row 0 at the top as in a printed
 * matrix, columns left to right. Weight and activity charts compose it with their own axes,
 * titles and colour scales.
 */
import type { ViewSpec } from './spec.js';

/** Options of `heatmapView`. */
export interface HeatmapOptions {
  /** Matrix, shape (rows, cols), row-major. */
  data: ArrayLike<number>;
  rows: number;
  cols: number;
  /** Size of the drawing area in pixels. */
  width: number;
  height: number;
  title?: string;
  xTitle: string;
  yTitle: string;
  /** Vega-Lite colour scale of the values, for example a diverging scheme centred at 0. */
  colorScale: Record<string, unknown>;
  colorTitle: string;
  /** Multiplies column indices on the x axis, for example dt to show time in ms. */
  xScale?: number;
  /** Row labels in order, shown on the y axis instead of indices. */
  rowLabels?: string[];
  /** Column labels in order, shown on the x axis instead of indices. */
  colLabels?: string[];
  /** Whether to draw the y axis; false for a panel that shares the rows of its neighbour. */
  showYAxis?: boolean;
  /** Whether to draw the colour legend; true by default. */
  showLegend?: boolean;
}

/**
 * Builds a heatmap view of a rows x cols matrix. Entry (i, j) covers x in [j, j + 1) times
 * `xScale` and y in [i, i + 1), so axis ticks fall on row and column boundaries.
 */
export function heatmapView(options: HeatmapOptions): ViewSpec {
  const { data, rows, cols } = options;
  const xScale = options.xScale ?? 1;
  const values: { r: number; c: number; v: number }[] = [];
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) values.push({ r: i, c: j * xScale, v: data[i * cols + j] });
  }

  const xAxis: Record<string, unknown> = {
    title: options.xTitle,
    tickMinStep: xScale,
    grid: false,
  };
  if (options.colLabels) labelCategories(xAxis, options.colLabels, xScale);
  let yAxis: Record<string, unknown> | null = {
    title: options.yTitle,
    tickMinStep: 1,
    grid: false,
  };
  if (options.rowLabels) labelCategories(yAxis, options.rowLabels, 1);
  if (options.showYAxis === false) yAxis = null;

  return {
    ...(options.title === undefined ? {} : { title: { text: options.title, fontSize: 12 } }),
    width: options.width,
    height: options.height,
    data: { values },
    transform: [
      { calculate: `datum.c + ${xScale}`, as: 'c1' },
      { calculate: 'datum.r + 1', as: 'r1' },
    ],
    // Marks without ARIA labels keep a large heatmap's SVG to about a third of the size.
    mark: { type: 'rect', strokeWidth: 0, aria: false },
    encoding: {
      x: {
        field: 'c',
        type: 'quantitative',
        scale: { domain: [0, cols * xScale], nice: false, zero: false },
        axis: xAxis,
      },
      x2: { field: 'c1' },
      y: {
        field: 'r',
        type: 'quantitative',
        scale: { domain: [0, rows], nice: false, zero: false, reverse: true },
        axis: yAxis,
      },
      y2: { field: 'r1' },
      color: {
        field: 'v',
        type: 'quantitative',
        scale: options.colorScale,
        legend:
          options.showLegend === false
            ? null
            : { title: options.colorTitle, gradientLength: 160, titleLimit: 240 },
      },
    },
  };
}

/** Puts one label at the centre of each row or column instead of numeric ticks. */
function labelCategories(axis: Record<string, unknown>, labels: string[], step: number): void {
  axis.values = labels.map((_, k) => (k + 0.5) * step);
  axis.labelExpr = `${JSON.stringify(labels)}[floor(datum.value / ${step})]`;
  axis.ticks = false;
  axis.labelAngle = 0;
  axis.labelOverlap = false;
}

/**
 * Returns the q-quantile (0 <= q <= 1) of |x| over all arrays, by linear interpolation
 * between order statistics. Heatmaps clip their colour scale there, so that a few large
 * entries do not wash out the rest.
 */
export function absoluteQuantile(arrays: ArrayLike<number>[], q: number): number {
  const magnitudes: number[] = [];
  for (const array of arrays) {
    for (let k = 0; k < array.length; k++) magnitudes.push(Math.abs(array[k]));
  }
  if (magnitudes.length === 0) return 0;
  magnitudes.sort((a, b) => a - b);
  const position = q * (magnitudes.length - 1);
  const lower = Math.floor(position);
  const upper = Math.min(lower + 1, magnitudes.length - 1);
  return magnitudes[lower] + (position - lower) * (magnitudes[upper] - magnitudes[lower]);
}

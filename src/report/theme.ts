/**
 * Colours, fonts and sizes shared by every rnnlab chart, so that a model keeps its colour
 * and every figure reads the same in the report, in `figures/` and in a browser.
 */
import type { Config } from 'vega-lite';

/**
 * Font stack for chart text. DejaVu Sans ships with Debian and most Linux systems, Liberation
 * Sans is metric-compatible with Arial, and `sans-serif` is the browser's fallback.
 */
export const chartFontFamily = 'DejaVu Sans, Liberation Sans, Arial, sans-serif';

/** Family that the PNG rasteriser uses when none of the families above is installed. */
export const defaultRasterFontFamily = 'DejaVu Sans';

/**
 * Colours given to models in experiment order: Tableau 10's blue, orange, green, red, purple,
 * brown, pink, grey, olive and cyan, a palette chosen to stay distinct for most readers.
 */
export const modelPalette: readonly string[] = [
  '#4e79a7',
  '#f28e2b',
  '#59a14f',
  '#e15759',
  '#b07aa1',
  '#9c755f',
  '#ff9da7',
  '#bab0ac',
  '#edc948',
  '#76b7b2',
];

/** Colour of reference marks: identity lines, unit circles, success bands and zero lines. */
export const referenceColor = '#555555';

/** Colour scheme of weight heatmaps: blue for negative, white at zero, red for positive. */
export const divergingScheme = 'redblue';

/** Colour scheme of activity heatmaps (sequential, dark for low, bright for high). */
export const sequentialScheme = 'viridis';

/**
 * Returns the colour of each model, keyed by name, in the order given. The order is the
 * experiment's order, so the same model gets the same colour in every chart of one report.
 */
export function modelColors(modelNames: readonly string[]): { domain: string[]; range: string[] } {
  const range = modelNames.map((_, index) => modelPalette[index % modelPalette.length]);
  return { domain: [...modelNames], range };
}

/** Vega-Lite configuration applied to every chart. */
export const chartConfig: Config = {
  font: chartFontFamily,
  background: 'white',
  padding: 8,
  view: { stroke: null },
  axis: {
    labelFontSize: 11,
    titleFontSize: 12,
    titleFontWeight: 'normal',
    gridColor: '#e6e6e6',
    domainColor: '#888888',
    tickColor: '#888888',
  },
  legend: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal' },
  header: { labelFontSize: 12, titleFontSize: 12 },
  title: { fontSize: 13, fontWeight: 'bold', anchor: 'start', offset: 8 },
};

/**
 * Variance explained by each principal component, as bars, with the cumulative fraction as a
 * line, so that the number of components needed for a given fraction can be read off.
 */
import type { TopLevelSpec } from 'vega-lite';

import type { PrincipalComponents } from '../../analysis/pca.js';
import { referenceColor } from '../theme.js';
import { topLevelSpec } from './spec.js';

/** Options of `varianceExplainedChart`. */
export interface VarianceExplainedChartOptions {
  pca: PrincipalComponents;
  /** Components to show; the first 10 (or N) by default. */
  components?: number;
  title?: string;
  width?: number;
  height?: number;
}

/** Builds the variance-explained chart of a PCA. */
export function varianceExplainedChart(options: VarianceExplainedChartOptions): TopLevelSpec {
  const { pca } = options;
  const count = Math.min(options.components ?? 10, pca.N);
  let cumulative = 0;
  const values = Array.from({ length: count }, (_, k) => {
    cumulative += pca.explainedVarianceRatio[k];
    return { component: `PC${k + 1}`, ratio: pca.explainedVarianceRatio[k], cumulative };
  });
  const order = values.map((value) => value.component);
  const x = { field: 'component', type: 'ordinal', sort: order, title: 'principal component' };
  const y = { type: 'quantitative', scale: { domain: [0, 1] }, axis: { format: '%' } };

  return topLevelSpec({
    title: {
      text: options.title ?? 'Variance explained',
      subtitle: `bars: each component; line: cumulative (${(100 * cumulative).toFixed(1)}% ` +
        `in ${count} components)`,
    },
    width: options.width ?? 360,
    height: options.height ?? 240,
    data: { values },
    encoding: { x },
    layer: [
      {
        mark: { type: 'bar', color: '#4e79a7' },
        encoding: { y: { ...y, field: 'ratio', title: 'fraction of variance' } },
      },
      {
        mark: { type: 'line', color: referenceColor, point: true },
        encoding: { y: { ...y, field: 'cumulative' } },
      },
    ],
  });
}

/**
 * Condition-averaged trajectories in the plane of two principal components, one line per
 * target interval from set (circle) to go (cross), with fixed and slow points as markers:
 * filled for stable points (every |lambda| < 1), open for unstable ones.
 */
import type { TopLevelSpec } from 'vega-lite';

import type { FixedPoint } from '../../analysis/fixed-points.js';
import { projectStates, type TrajectoryPca } from '../../analysis/pca.js';
import type { ConditionTrajectory } from '../../analysis/types.js';
import { referenceColor } from '../theme.js';
import { intervalColor } from './analysis-colors.js';
import { topLevelSpec, type ViewSpec } from './spec.js';

/** Options of `pcaTrajectoryChart`. */
export interface PcaTrajectoryChartOptions {
  /** PCA of the trajectories, with projections in the order of `conditions`. */
  pca: TrajectoryPca;
  conditions: readonly Pick<ConditionTrajectory, 'label' | 'intervalMs' | 'dtMs' | 'T'>[];
  /**
   * Fixed and slow points, projected with the same components; none by default. Each state has
   * N values, or 2N for an LSTM's [h; c], of which h is drawn.
   */
  fixedPoints?: readonly FixedPoint[];
  /** Zero-based components on the x and y axes; [0, 1] by default. */
  axes?: [number, number];
  title?: string;
  width?: number;
  height?: number;
}

/** Builds the chart of trajectories and fixed points in two principal components. */
export function pcaTrajectoryChart(options: PcaTrajectoryChartOptions): TopLevelSpec {
  const { pca, conditions } = options;
  const [a, b] = options.axes ?? [0, 1];
  if (Math.max(a, b) >= pca.k) {
    throw new Error(`Cannot draw PC${Math.max(a, b) + 1}: the PCA kept ${pca.k} components`);
  }
  const percent = (component: number) =>
    `${(100 * pca.explainedVarianceRatio[component]).toFixed(1)}%`;

  const path: { condition: string; timeMs: number; x: number; y: number }[] = [];
  const ends: { condition: string; event: string; x: number; y: number }[] = [];
  conditions.forEach((condition, c) => {
    const projection = pca.projections[c];
    for (let t = 0; t < condition.T; t++) {
      path.push({
        condition: condition.label,
        timeMs: t * condition.dtMs,
        x: projection[t * pca.k + a],
        y: projection[t * pca.k + b],
      });
    }
    const goStep = Math.min(Math.round(condition.intervalMs / condition.dtMs), condition.T - 1);
    ends.push({ condition: condition.label, event: 'set', x: projection[a], y: projection[b] });
    ends.push({
      condition: condition.label,
      event: 'go',
      x: projection[goStep * pca.k + a],
      y: projection[goStep * pca.k + b],
    });
  });

  const points = (options.fixedPoints ?? []).map((point) => {
    // An LSTM's points are [h; c], and the trajectories hold h, so the chart draws the h part.
    const hidden = point.state.length === 2 * pca.N ? point.state.subarray(0, pca.N) : point.state;
    if (hidden.length !== pca.N) {
      throw new Error(
        `Fixed point has ${point.state.length} values, expected ${pca.N} (or 2 x ${pca.N} ` +
          'for an LSTM) to match the PCA',
      );
    }
    const projected = projectStates(pca, hidden, pca.k);
    return {
      x: projected[a],
      y: projected[b],
      stability: point.stable ? 'stable' : 'unstable',
      kind: point.kind,
      q: point.q,
    };
  });

  const color = intervalColor(conditions);
  const x = { field: 'x', type: 'quantitative', title: `PC${a + 1} (${percent(a)})` };
  const y = { field: 'y', type: 'quantitative', title: `PC${b + 1} (${percent(b)})` };
  const layers: ViewSpec[] = [
    {
      data: { values: path },
      mark: { type: 'line', strokeWidth: 2 },
      encoding: { x, y, color, order: { field: 'timeMs', type: 'quantitative' } },
    },
    {
      data: { values: ends },
      mark: { type: 'point', size: 60, strokeWidth: 2, filled: false },
      encoding: {
        x,
        y,
        color,
        shape: {
          field: 'event',
          type: 'nominal',
          scale: { domain: ['set', 'go'], range: ['circle', 'cross'] },
          legend: { title: 'event' },
        },
      },
    },
  ];
  if (points.length > 0) {
    layers.push({
      data: { values: points },
      mark: { type: 'point', size: 90, strokeWidth: 1.5, color: referenceColor },
      encoding: {
        x,
        y,
        fill: {
          field: 'stability',
          type: 'nominal',
          scale: { domain: ['stable', 'unstable'], range: [referenceColor, 'white'] },
          legend: { title: 'fixed point' },
        },
        shape: { value: 'diamond' },
        tooltip: [
          { field: 'kind', type: 'nominal' },
          { field: 'q', type: 'quantitative', format: '.2e' },
        ],
      },
    });
  }

  return topLevelSpec({
    title: {
      text: options.title ?? 'Population trajectories from set to go',
      subtitle:
        points.length > 0
          ? 'diamonds: fixed and slow points, filled when stable (every |λ| < 1)'
          : `projections on PC${a + 1} and PC${b + 1} of all conditions together`,
    },
    width: options.width ?? 420,
    height: options.height ?? 360,
    layer: layers,
    resolve: { scale: { shape: 'independent' } },
  });
}

/**
 * Produced against target interval: mean produced interval with +- 1 SD bars per target, the
 * identity line, and the Weber fraction in the title. With a sweep, trained targets are drawn
 * as filled circles and untrained ones as open squares.
 */
import type { TopLevelSpec } from 'vega-lite';

import type { SweepTarget, TimingBehaviour } from '../../analysis/behaviour.js';
import { referenceColor } from '../theme.js';
import { topLevelSpec } from './spec.js';

/** Options of `behaviourChart`. */
export interface BehaviourChartOptions {
  behaviour: TimingBehaviour;
  /** Targets of an interval sweep, which mark trained and untrained targets. */
  sweep?: readonly SweepTarget[];
  modelName?: string;
  color?: string;
  width?: number;
  height?: number;
}

/** Builds the produced-against-target chart. */
export function behaviourChart(options: BehaviourChartOptions): TopLevelSpec {
  const { behaviour } = options;
  const trained = new Map(options.sweep?.map((target) => [target.targetMs, target.trained]));
  const values = behaviour.targets
    .filter((target) => target.responses > 0)
    .map((target) => {
      const sd = Number.isFinite(target.sdMs) ? target.sdMs : 0;
      return {
        targetMs: target.targetMs,
        meanMs: target.meanMs,
        lowMs: target.meanMs - sd,
        highMs: target.meanMs + sd,
        weber: target.weberFraction,
        responses: target.responses,
        training: options.sweep === undefined
          ? 'target'
          : trained.get(target.targetMs) ? 'trained' : 'untrained',
      };
    });
  const all = values.flatMap((value) => [value.targetMs, value.lowMs, value.highMs]);
  const low = Math.min(...all, Infinity);
  const high = Math.max(...all, -Infinity);
  const identity = Number.isFinite(low) ? [{ t: low, p: low }, { t: high, p: high }] : [];

  const fit = behaviour.scalarVariability;
  const weber = fit !== null && Number.isFinite(fit.weberFraction)
    ? `Weber fraction ${fit.weberFraction.toFixed(3)} (fit of variance = k T² + variance₀)`
    : `Weber fraction ${behaviour.meanWeberFraction.toFixed(3)} (mean SD / mean over targets)`;
  const color = options.color ?? '#4e79a7';
  // Shape and fill encode the same field, so they share one legend, shown only for a sweep.
  const legend = options.sweep === undefined ? null : { title: 'target' };
  const domain = options.sweep === undefined ? ['target'] : ['trained', 'untrained'];
  const shapes = options.sweep === undefined ? ['circle'] : ['circle', 'square'];
  const x = {
    field: 'targetMs',
    type: 'quantitative',
    scale: { zero: false },
    title: 'target interval (ms)',
  };
  const y = { type: 'quantitative', scale: { zero: false }, title: 'produced interval (ms)' };

  return topLevelSpec({
    title: {
      text: `${options.modelName ? `${options.modelName}: ` : ''}${weber}`,
      subtitle:
        `points: mean produced, bars: ± 1 SD; dashed: produced = target; ` +
        `${(100 * behaviour.missRate).toFixed(1)}% of trials without a response`,
    },
    width: options.width ?? 320,
    height: options.height ?? 300,
    layer: [
      {
        data: { values: identity },
        mark: { type: 'line', color: referenceColor, strokeDash: [4, 3], strokeWidth: 1 },
        encoding: { x: { ...x, field: 't' }, y: { ...y, field: 'p' } },
      },
      {
        data: { values },
        mark: { type: 'rule', color, strokeWidth: 1.5 },
        encoding: { x, y: { ...y, field: 'lowMs' }, y2: { field: 'highMs' } },
      },
      {
        data: { values },
        mark: { type: 'point', size: 70, strokeWidth: 2, color },
        encoding: {
          x,
          y: { ...y, field: 'meanMs' },
          shape: {
            field: 'training',
            type: 'nominal',
            scale: { domain, range: shapes },
            legend,
          },
          fill: {
            field: 'training',
            type: 'nominal',
            scale: { domain, range: options.sweep === undefined ? [color] : [color, 'white'] },
            legend,
          },
          tooltip: [
            { field: 'targetMs', type: 'quantitative', title: 'target (ms)' },
            { field: 'meanMs', type: 'quantitative', title: 'mean (ms)', format: '.0f' },
            { field: 'weber', type: 'quantitative', title: 'SD / mean', format: '.3f' },
            { field: 'responses', type: 'quantitative' },
          ],
        },
      },
    ],
  });
}

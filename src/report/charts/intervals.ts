/**
 * Produced interval t_p against target interval T for one model: every evaluation trial as
 * a jittered point, the mean and standard deviation per target, the identity line t_p = T and
 * the task's success band |t_p - T| <= 0.2 T + 25 ms (NeuroGym's MotorTiming reward rule).
 */
import type { TopLevelSpec } from 'vega-lite';

import { Random } from '../../engine/random.js';
import type { ProducedIntervalSummary, TrialOutcome } from '../types.js';
import { referenceColor } from '../theme.js';
import { topLevelSpec } from './spec.js';

/** Options of `intervalsChart`. */
export interface IntervalsChartOptions {
  modelName: string;
  outcomes: TrialOutcome[];
  summaries: ProducedIntervalSummary[];
  color: string;
  /** Seed of the horizontal jitter, so that the same outcomes give the same figure. */
  jitterSeed?: number;
  width?: number;
  height?: number;
}

/** Half-width of the success band at target T in ms: 0.2 T + 25. */
export function successMarginMs(targetMs: number): number {
  return 0.2 * targetMs + 25;
}

/** Builds the produced-against-target chart of one model. */
export function intervalsChart(options: IntervalsChartOptions): TopLevelSpec {
  const targets = [...new Set(options.outcomes.map((o) => o.targetMs))].sort((a, b) => a - b);
  for (const summary of options.summaries) {
    if (!targets.includes(summary.targetMs)) targets.push(summary.targetMs);
  }
  targets.sort((a, b) => a - b);
  const lowest = targets[0] ?? 0;
  const highest = targets[targets.length - 1] ?? 1000;
  const span = Math.max(highest - lowest, 0.5 * highest, 100);
  const xMin = Math.max(0, lowest - 0.3 * span);
  const xMax = highest + 0.3 * span;

  const produced = options.outcomes.filter((o) => o.producedMs !== null);
  const missing = options.outcomes.length - produced.length;
  const maxProduced = Math.max(0, ...produced.map((o) => o.producedMs as number));
  const yMax = Math.max(xMax + successMarginMs(xMax), maxProduced * 1.05);

  const random = new Random(options.jitterSeed ?? 1);
  const jitter = 0.04 * (xMax - xMin);
  const trials = produced.map((o) => ({
    target: o.targetMs + random.uniformIn(-jitter, jitter),
    produced: o.producedMs,
  }));

  const band = [xMin, xMax].map((T) => ({
    T,
    low: T - successMarginMs(T),
    high: T + successMarginMs(T),
  }));
  const summaries = options.summaries
    .filter((s) => s.meanMs !== null)
    .map((s) => ({
      target: s.targetMs,
      mean: s.meanMs,
      low: (s.meanMs as number) - (s.stdMs ?? 0),
      high: (s.meanMs as number) + (s.stdMs ?? 0),
    }));

  const x = {
    field: 'T',
    type: 'quantitative',
    scale: { domain: [xMin, xMax], nice: false },
    axis: { values: targets, title: 'target interval T (ms)' },
  };
  const y = {
    type: 'quantitative',
    scale: { domain: [0, yMax], nice: false },
    title: 'produced interval t_p (ms)',
  };
  const total = options.outcomes.length;
  const noGo = missing === 0 ? 'every trial had a go' : `${missing} of ${total} trials had no go`;
  return topLevelSpec({
    title: {
      text: `${options.modelName}: produced against target interval`,
      subtitle: [
        'grey band: success, |t_p − T| ≤ 0.2 T + 25 ms',
        'dashed: t_p = T; black: mean ± SD per target',
        noGo,
      ],
    },
    width: options.width ?? 260,
    height: options.height ?? 260,
    layer: [
      {
        data: { values: band },
        mark: { type: 'area', color: '#d9d9d9', opacity: 0.6 },
        encoding: { x, y: { ...y, field: 'low' }, y2: { field: 'high' } },
      },
      {
        data: { values: band },
        mark: { type: 'line', color: referenceColor, strokeDash: [5, 4], strokeWidth: 1 },
        encoding: { x, y: { ...y, field: 'T' } },
      },
      {
        data: { values: trials },
        mark: { type: 'point', filled: true, size: 18, opacity: 0.35, color: options.color },
        encoding: { x: { ...x, field: 'target' }, y: { ...y, field: 'produced' } },
      },
      {
        data: { values: summaries },
        mark: { type: 'rule', color: 'black', strokeWidth: 2 },
        encoding: {
          x: { ...x, field: 'target' },
          y: { ...y, field: 'low' },
          y2: { field: 'high' },
        },
      },
      ...(produced.length > 0 || total === 0
        ? []
        : [
            {
              data: { values: [{ T: (xMin + xMax) / 2, y: yMax / 2 }] },
              mark: { type: 'text', text: 'no trial produced a go', fontSize: 13, color: '#444' },
              encoding: { x, y: { ...y, field: 'y' } },
            },
          ]),
      {
        data: { values: summaries },
        mark: { type: 'tick', color: 'black', thickness: 2, size: 18, orient: 'horizontal' },
        encoding: { x: { ...x, field: 'target' }, y: { ...y, field: 'mean' } },
      },
    ],
  });
}

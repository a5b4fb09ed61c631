/**
 * Mean speed of the population trajectory against the interval on log-log axes, with the
 * fitted power law S = e^A T^(-B): B = 1 for perfect temporal scaling, 0 for none.
 */
import type { TopLevelSpec } from 'vega-lite';

import type { SpeedAnalysis } from '../../analysis/speed.js';
import { referenceColor } from '../theme.js';
import { intervalColor } from './analysis-colors.js';
import { topLevelSpec } from './spec.js';

/** Options of `speedChart`. */
export interface SpeedChartOptions {
  speed: SpeedAnalysis;
  title?: string;
  width?: number;
  height?: number;
}

/** Builds the speed-against-interval chart with its power-law fit. */
export function speedChart(options: SpeedChartOptions): TopLevelSpec {
  const { speed } = options;
  const points = speed.conditions.map((condition) => ({
    condition: condition.label,
    intervalMs: condition.intervalMs,
    speed: condition.meanSpeedPerSecond,
  }));
  const intervals = points.map((point) => point.intervalMs);
  const low = Math.min(...intervals);
  const high = Math.max(...intervals);
  const hasFit = Number.isFinite(speed.B);
  const fit = hasFit
    ? Array.from({ length: 20 }, (_, k) => {
        const intervalMs = low * (high / low) ** (k / 19);
        return { intervalMs, speed: Math.exp(speed.A - speed.B * Math.log(intervalMs)) };
      })
    : [];

  const x = {
    field: 'intervalMs',
    type: 'quantitative',
    scale: { type: 'log', nice: false, padding: 20 },
    title: 'interval T (ms)',
  };
  const y = {
    field: 'speed',
    type: 'quantitative',
    scale: { type: 'log', nice: false, padding: 20 },
    title: `mean speed in the top ${speed.components} PCs (units/s)`,
  };
  const subtitle = hasFit
    ? `fit log S = A - B log T: B = ${speed.B.toFixed(2)}, R² = ${speed.rSquared.toFixed(3)}` +
      ' (B = 1: perfect temporal scaling)'
    : 'a fit needs at least two intervals';

  return topLevelSpec({
    title: { text: options.title ?? 'Speed of the population trajectory', subtitle },
    width: options.width ?? 320,
    height: options.height ?? 260,
    layer: [
      {
        data: { values: fit },
        mark: { type: 'line', color: referenceColor, strokeDash: [4, 3] },
        encoding: { x, y },
      },
      {
        data: { values: points },
        mark: { type: 'point', filled: true, size: 90 },
        encoding: { x, y, color: intervalColor(speed.conditions) },
      },
    ],
  });
}

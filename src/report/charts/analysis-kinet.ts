/**
 * KiNeT results: for each condition, the matched time on its trajectory against the time on
 * the reference trajectory (a line of slope 1 / relative speed), and the distance between the
 * trajectories over reference time.
 */
import type { TopLevelSpec } from 'vega-lite';

import type { KinetAnalysis } from '../../analysis/kinet.js';
import { referenceColor } from '../theme.js';
import { intervalColor } from './analysis-colors.js';
import { topLevelSpec } from './spec.js';

/** Options of `kinetChart`. */
export interface KinetChartOptions {
  kinet: KinetAnalysis;
  title?: string;
  width?: number;
  height?: number;
}

/** Builds the time-mapping and distance panels of a KiNeT analysis. */
export function kinetChart(options: KinetChartOptions): TopLevelSpec {
  const { kinet } = options;
  const values: { condition: string; referenceMs: number; matchedMs: number; distance: number }[] =
    [];
  for (const condition of kinet.conditions) {
    condition.matchedTimesMs.forEach((matchedMs, j) => {
      values.push({
        condition: condition.label,
        referenceMs: kinet.referenceTimesMs[j],
        matchedMs,
        distance: condition.signedDistances[j],
      });
    });
  }
  const lastMs = kinet.referenceTimesMs[kinet.referenceTimesMs.length - 1] ?? 0;
  const speeds = kinet.conditions
    .filter((_, c) => c !== kinet.referenceIndex)
    .map((condition) => `${condition.label}: ${condition.relativeSpeed.toFixed(2)}`)
    .join(', ');

  const color = intervalColor(kinet.conditions);
  const width = options.width ?? 300;
  const height = options.height ?? 260;
  const x = {
    field: 'referenceMs',
    type: 'quantitative',
    title: `time on ${kinet.referenceLabel} (ms)`,
  };
  const identity = [
    { referenceMs: 0, matchedMs: 0 },
    { referenceMs: lastMs, matchedMs: lastMs },
  ];
  return topLevelSpec({
    title: {
      text: options.title ?? 'Kinematic analysis of neural trajectories (KiNeT)',
      subtitle: `relative speed against ${kinet.referenceLabel}: ${speeds}`,
    },
    data: { values },
    hconcat: [
      {
        title: { text: 'time of the nearest point', fontSize: 12 },
        width,
        height,
        layer: [
          {
            data: { values: identity },
            mark: { type: 'line', color: referenceColor, strokeDash: [4, 3], strokeWidth: 1 },
            encoding: { x, y: { field: 'matchedMs', type: 'quantitative' } },
          },
          {
            mark: { type: 'line', strokeWidth: 2 },
            encoding: {
              x,
              y: { field: 'matchedMs', type: 'quantitative', title: 'matched time (ms)' },
              color,
            },
          },
        ],
      },
      {
        title: { text: 'distance to the reference', fontSize: 12 },
        width,
        height,
        mark: { type: 'line', strokeWidth: 2 },
        encoding: {
          x,
          y: { field: 'distance', type: 'quantitative', title: 'signed distance (state units)' },
          color,
        },
      },
    ],
    spacing: 32,
  });
}

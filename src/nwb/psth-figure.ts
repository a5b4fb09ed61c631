/**
 * The figure of one unit's trial-aligned activity: a spike raster (one row per trial, sorted
 * by condition) above the PSTH of each condition, both against time from the alignment event.
 */
import type { TopLevelSpec } from 'vega-lite';

import type { TrialAligned } from '../neural/trial-aligned.js';
import type { UnitSpikes } from './units.js';
import { chartConfig, modelPalette } from '../report/theme.js';

/** Raster points above 20 000 are thinned to every n-th spike to keep the SVG readable. */
const MAX_RASTER_POINTS = 20_000;

/**
 * Builds the Vega-Lite specification for unit `unitIndex` (an index into `aligned.unitIds`).
 * `units` must be the spikes the counts were computed from.
 */
export function psthFigureSpec(
  aligned: TrialAligned,
  units: UnitSpikes,
  unitIndex: number,
): TopLevelSpec {
  const { window, align } = aligned.options;
  const labels = aligned.groups.map((group) => group.label);
  const color = {
    field: 'group',
    type: 'nominal' as const,
    title: aligned.options.groupBy ?? 'trials',
    scale: { domain: labels, range: labels.map((_, i) => modelPalette[i % modelPalette.length]) },
  };

  // Trials are drawn grouped by condition, in table order within a condition.
  const order = aligned.trialRows
    .map((_, position) => position)
    .sort((a, b) => aligned.trialGroups[a] - aligned.trialGroups[b] || a - b);
  const raster: { t: number; trial: number; group: string }[] = [];
  const times = units.spikeTimes[unitIndex];
  order.forEach((position, rasterRow) => {
    const align0 = aligned.alignS[position];
    for (const time of times) {
      const relative = time - align0;
      if (relative >= window.startS && relative < window.endS) {
        const group = labels[aligned.trialGroups[position]];
        raster.push({ t: relative, trial: rasterRow, group });
      }
    }
  });
  const stride = Math.ceil(raster.length / MAX_RASTER_POINTS);
  const rasterShown = stride > 1 ? raster.filter((_, i) => i % stride === 0) : raster;

  const { units: unitCount, bins } = aligned.psth;
  const rates: { t: number; rate: number | null; group: string }[] = [];
  aligned.groups.forEach((group, g) => {
    for (let k = 0; k < bins; k++) {
      const rate = aligned.psth.rates[(g * unitCount + unitIndex) * bins + k];
      const shown = Number.isFinite(rate) ? rate : null;
      rates.push({ t: aligned.timeS[k], rate: shown, group: group.label });
    }
  });

  const x = {
    field: 't',
    type: 'quantitative' as const,
    title: `time from ${align} (s)`,
    scale: { domain: [window.startS, window.endS] },
  };
  const smoothMs = aligned.options.smoothMs;
  const smoothing = smoothMs ? `, Gaussian sigma ${smoothMs} ms` : '';
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: chartConfig,
    title: `unit ${aligned.unitIds[unitIndex]}`,
    vconcat: [
      {
        width: 480,
        height: Math.min(320, Math.max(80, order.length * 2)),
        title: {
          text: stride > 1 ? `spike raster (every ${stride}th spike shown)` : 'spike raster',
          fontSize: 12,
        },
        data: { values: rasterShown },
        mark: { type: 'tick', orient: 'vertical', thickness: 1, size: 3 },
        encoding: {
          x,
          y: { field: 'trial', type: 'quantitative', title: 'trial', axis: { grid: false } },
          color,
        },
      },
      {
        width: 480,
        height: 180,
        title: { text: `PSTH (${aligned.options.binMs} ms bins${smoothing})`, fontSize: 12 },
        data: { values: rates },
        mark: { type: 'line', strokeWidth: 1.5 },
        encoding: {
          x,
          y: { field: 'rate', type: 'quantitative', title: 'firing rate (spikes/s)' },
          color,
        },
      },
    ],
    resolve: { scale: { color: 'shared' } },
  } as TopLevelSpec;
}

/**
 * Hidden activity of example trials. Each trial gets a heatmap of units against time, units
 * sorted by the time of their peak, with the start of every trial period and the network's
 * go marked. The network's outputs follow below on the same time axis.
 */
import type { TopLevelSpec } from 'vega-lite';

import type { ExampleTrial } from '../types.js';
import { textWidth } from '../text-width.js';
import { referenceColor, sequentialScheme } from '../theme.js';
import { heatmapView } from './heatmap.js';
import { topLevelSpec, type ViewSpec } from './spec.js';

/** Options of `activityChart`. */
export interface ActivityChartOptions {
  modelName: string;
  /** One trial per target interval, shown left to right in this order. */
  trials: ExampleTrial[];
  /** Colour of the go channel and the go marker. */
  color: string;
}

/**
 * Orders units by the step of their maximum activity, earliest first; ties keep unit order.
 * `hidden` is (T, H) row-major.
 */
export function unitsByPeakTime(hidden: ArrayLike<number>, T: number, H: number): number[] {
  const peakStep = new Array<number>(H).fill(0);
  for (let unit = 0; unit < H; unit++) {
    let best = -Infinity;
    for (let t = 0; t < T; t++) {
      const value = hidden[t * H + unit];
      if (value > best) {
        best = value;
        peakStep[unit] = t;
      }
    }
  }
  return Array.from({ length: H }, (_, unit) => unit).sort(
    (a, b) => peakStep[a] - peakStep[b] || a - b,
  );
}

/**
 * Rearranges (T, H) activity into (H, T) rows in the given unit order, each unit min-max
 * scaled to [0, 1] so that weak and strong units are equally visible. A constant unit is 0.
 */
export function scaledUnitRows(
  hidden: ArrayLike<number>,
  T: number,
  H: number,
  order: number[],
): Float64Array {
  const rows = new Float64Array(H * T);
  order.forEach((unit, row) => {
    let low = Infinity;
    let high = -Infinity;
    for (let t = 0; t < T; t++) {
      low = Math.min(low, hidden[t * H + unit]);
      high = Math.max(high, hidden[t * H + unit]);
    }
    const range = high - low;
    for (let t = 0; t < T; t++) {
      rows[row * T + t] = range > 0 ? (hidden[t * H + unit] - low) / range : 0;
    }
  });
  return rows;
}

/** Vertical distance between stacked marker labels in pixels. */
const labelRowHeight = 11;

/**
 * Assigns each event label a row above the heatmap so that labels do not overlap: an event
 * goes in the first row whose previous label ends left of it. `pixelsPerMs` converts times
 * to pixels; label widths are DejaVu Sans's at 10 px.
 */
function stackLabels<Event extends { t: number; label: string }>(
  events: Event[],
  pixelsPerMs: number,
): (Event & { row: number })[] {
  const rowEnds: number[] = [];
  return [...events]
    .sort((a, b) => a.t - b.t)
    .map((event) => {
      const start = event.t * pixelsPerMs + 3;
      let row = rowEnds.findIndex((end) => end + 4 <= start);
      if (row < 0) row = rowEnds.length;
      rowEnds[row] = start + textWidth(event.label, 10);
      return { ...event, row };
    });
}

/** Builds the activity chart of one model, a column per example trial. */
export function activityChart(options: ActivityChartOptions): TopLevelSpec {
  const longest = Math.max(1, ...options.trials.map((trial) => trial.seqLen));
  const stepWidth = Math.min(8, Math.max(1, Math.floor(420 / longest)));
  const columns: ViewSpec[] = options.trials.map((trial, k) =>
    trialColumn(trial, stepWidth, options, k === options.trials.length - 1),
  );
  return topLevelSpec({
    title: {
      text: `${options.modelName}: hidden activity of example trials`,
      subtitle: 'units sorted by time of peak activity, each scaled to its own range',
    },
    hconcat: columns,
    spacing: 28,
  });
}

function trialColumn(
  trial: ExampleTrial,
  stepWidth: number,
  options: ActivityChartOptions,
  showLegends: boolean,
): ViewSpec {
  const { seqLen: T, hiddenSize: H, dtMs } = trial;
  const order = unitsByPeakTime(trial.hidden, T, H);
  const rows = scaledUnitRows(trial.hidden, T, H, order);
  const width = T * stepWidth;
  const unitHeight = Math.min(6, Math.max(2, Math.floor(240 / H)));
  const timeDomain = [0, T * dtMs];

  const events = trial.periods
    .filter((period) => period.startStep > 0 && period.endStep > period.startStep)
    .map((period) => ({ t: period.startStep * dtMs, label: period.name, kind: 'period' }));
  if (trial.goStep !== null) events.push({ t: trial.goStep * dtMs, label: 'go', kind: 'go' });
  const markers = stackLabels(events, width / (T * dtMs));
  const markerColor = {
    field: 'kind',
    type: 'nominal',
    scale: { domain: ['period', 'go'], range: [referenceColor, options.color] },
    legend: null,
  };
  const markerX = { field: 't', type: 'quantitative', scale: { domain: timeDomain } };
  const markerLayers = (withLabels: boolean): ViewSpec[] => {
    const layers: ViewSpec[] = [
      {
        data: { values: markers },
        mark: { type: 'rule', strokeDash: [4, 3], strokeWidth: 1.5 },
        encoding: { x: markerX, color: markerColor },
      },
    ];
    const rows = withLabels ? new Set(markers.map((marker) => marker.row)) : new Set<number>();
    for (const row of rows) {
      layers.push({
        data: { values: markers.filter((marker) => marker.row === row) },
        mark: { type: 'text', align: 'left', dx: 3, y: -6 - labelRowHeight * row, fontSize: 10 },
        encoding: { x: markerX, text: { field: 'label' }, color: markerColor },
      });
    }
    return layers;
  };

  const { width: _width, height: _height, ...heatmap } = heatmapView({
    data: rows,
    rows: H,
    cols: T,
    width,
    height: H * unitHeight,
    xTitle: '',
    yTitle: 'unit (sorted by peak time)',
    colorScale: { scheme: sequentialScheme, domain: [0, 1] },
    colorTitle: 'activity (scaled)',
    xScale: dtMs,
    showLegend: showLegends,
  });

  const names = trial.outputNames ?? Array.from({ length: trial.outputSize }, (_, k) => `${k}`);
  const outputs: { t: number; channel: string; value: number }[] = [];
  for (let t = 0; t < T; t++) {
    for (let k = 0; k < trial.outputSize; k++) {
      const value = trial.outputs[t * trial.outputSize + k];
      outputs.push({ t: t * dtMs, channel: names[k], value });
    }
  }
  const channelColors = names.map((_, k) => (k === names.length - 1 ? options.color : '#7f7f7f'));
  const outputView: ViewSpec = {
    width,
    height: 90,
    layer: [
      {
        data: { values: outputs },
        mark: { type: 'line', strokeWidth: 1.5 },
        encoding: {
          x: {
            field: 't',
            type: 'quantitative',
            scale: { domain: timeDomain, nice: false },
            title: 'time from trial start (ms)',
          },
          y: { field: 'value', type: 'quantitative', title: 'output' },
          color: {
            field: 'channel',
            type: 'nominal',
            scale: { domain: names, range: channelColors },
            legend: showLegends ? { title: 'output', symbolType: 'stroke' } : null,
          },
        },
      },
      ...markerLayers(false),
    ],
    resolve: { scale: { color: 'independent' } },
  };

  return {
    title: { text: `T = ${trial.targetMs} ms`, fontSize: 12 },
    vconcat: [
      { layer: [heatmap, ...markerLayers(true)], width, height: H * unitHeight },
      outputView,
    ],
    spacing: 6,
    resolve: { scale: { color: 'independent' } },
  };
}

/**
 * A model's weights as PyTorch stores them, one heatmap per gate block: for each gate a row
 * with its input block (H, I), its recurrent block (H, H) and its biases, then the readout
 * `fc.weight` (O, H) and `fc.bias` (O). All panels share one diverging colour scale centred
 * at 0, so that colours compare across gates.
 */
import type { TopLevelSpec } from 'vega-lite';

import {
  gateBlockNames,
  type CellLayout,
  type GateBlockNames,
  type ParameterBlock,
} from '../parameters.js';
import { divergingScheme } from '../theme.js';
import { absoluteQuantile, heatmapView } from './heatmap.js';
import { topLevelSpec, type ViewSpec } from './spec.js';

/** Options of `weightsChart`. */
export interface WeightsChartOptions {
  modelName: string;
  layout: CellLayout;
  /** Output channel names for the readout's rows, for example `['fixate', 'go']`. */
  outputNames?: string[];
  /** Quantile of |w| at which the colour scale saturates; 0.99 by default. */
  clipQuantile?: number;
}

/**
 * Builds the weights chart of one model. The colour scale spans [-m, m], m being the 0.99
 * quantile of |w| over every panel, and saturates beyond it.
 */
export function weightsChart(options: WeightsChartOptions): TopLevelSpec {
  const { layout } = options;
  const H = layout.hiddenSize;
  const cell = Math.min(14, Math.max(1, Math.floor(240 / H)));
  const narrowCell = Math.max(cell, 16);
  const biasCell = Math.max(cell, 32);

  const panelValues: ArrayLike<number>[] = [];
  for (const blocks of layout.gates) {
    panelValues.push(blocks.input.data, blocks.recurrent.data);
    if (blocks.inputBias) panelValues.push(blocks.inputBias.data);
    if (blocks.recurrentBias) panelValues.push(blocks.recurrentBias.data);
  }
  if (layout.readoutWeight) panelValues.push(layout.readoutWeight.data);
  if (layout.readoutBias) panelValues.push(layout.readoutBias.data);
  const limit = absoluteQuantile(panelValues, options.clipQuantile ?? 0.99) || 1;
  const colorScale = {
    scheme: divergingScheme,
    reverse: true,
    domain: [-limit, limit],
    domainMid: 0,
    clamp: true,
  };
  const colorTitle = 'weight';
  const panel = (
    block: ParameterBlock,
    title: string,
    width: number,
    extra: Partial<Parameters<typeof heatmapView>[0]> = {},
  ): ViewSpec =>
    heatmapView({
      data: block.data,
      rows: block.rows,
      cols: block.cols,
      width,
      height: block.rows * cell,
      title,
      xTitle: 'column',
      yTitle: 'row',
      colorScale,
      colorTitle,
      ...extra,
    });

  const rows: ViewSpec[] = layout.gates.map((blocks) => {
    const names = gateBlockNames(layout.cell, blocks.gate);
    const effective = layout.cell === 'leaky' ? ' (effective)' : '';
    const recurrentTitle = `${names.recurrent}${effective}, H x H`;
    const views: ViewSpec[] = [
      panel(blocks.input, `${names.input}, H x I`, blocks.input.cols * narrowCell, {
        xTitle: 'input',
        yTitle: 'unit',
        colLabels: Array.from({ length: blocks.input.cols }, (_, j) => `${j}`),
      }),
      panel(blocks.recurrent, recurrentTitle, H * cell, {
        xTitle: 'presynaptic unit (column)',
        yTitle: 'unit',
      }),
    ];
    const bias = biasColumns(layout, blocks.inputBias, blocks.recurrentBias, names);
    if (bias) {
      views.push(
        panel(bias.block, 'biases', bias.labels.length * biasCell, {
          xTitle: '',
          yTitle: '',
          colLabels: bias.labels,
          showYAxis: false,
        }),
      );
    }
    // A single-gate cell has one row of panels, which needs no gate title.
    if (layout.gates.length === 1) return { hconcat: views };
    const rowRange = `rows ${blocks.input.rowStart}–${blocks.input.rowEnd - 1}`;
    const title = `${blocks.gate.name} ${blocks.gate.symbol}, ${rowRange} of each stacked matrix`;
    return { title, hconcat: views };
  });

  if (layout.readoutWeight) {
    const weight = layout.readoutWeight;
    const height = Math.max(weight.rows * cell, weight.rows * 16);
    const labels = options.outputNames?.length === weight.rows ? options.outputNames : undefined;
    const views: ViewSpec[] = [
      panel(weight, `${weight.parameter}, O x H`, H * cell, {
        height,
        xTitle: 'hidden unit',
        yTitle: 'output',
        rowLabels: labels,
      }),
    ];
    if (layout.readoutBias) {
      views.push(
        panel(layout.readoutBias, 'bias', biasCell, {
          height,
          xTitle: '',
          yTitle: '',
          colLabels: [''],
          showYAxis: false,
        }),
      );
    }
    rows.push({ title: 'readout', hconcat: views });
  }

  return topLevelSpec({
    title: {
      text: `${options.modelName}: weights`,
      subtitle: `${layout.cell}, H = ${H}; colours saturate at ±${limit.toPrecision(2)}`,
    },
    vconcat: rows,
    spacing: 18,
    resolve: { scale: { color: 'shared' } },
  });
}

/**
 * Puts a gate's biases side by side as columns: b_i<gate>, b_h<gate> and their sum, which is
 * the bias the gate adds. The GRU's n gate gets no sum, because b_hn sits inside
 * r * (W_hn h + b_hn).
 */
function biasColumns(
  layout: CellLayout,
  inputBias: ParameterBlock | null,
  recurrentBias: ParameterBlock | null,
  names: GateBlockNames,
): { block: ParameterBlock; labels: string[] } | null {
  const columns: { label: string; data: ArrayLike<number> }[] = [];
  if (inputBias) columns.push({ label: names.inputBias, data: inputBias.data });
  if (recurrentBias) columns.push({ label: names.recurrentBias, data: recurrentBias.data });
  if (columns.length === 0) return null;
  const gruNewGate = layout.cell === 'gru' && names.recurrent === 'W_hn';
  if (inputBias && recurrentBias && !gruNewGate) {
    const sum = new Float64Array(inputBias.rows);
    for (let i = 0; i < sum.length; i++) sum[i] = inputBias.data[i] + recurrentBias.data[i];
    columns.push({ label: 'sum', data: sum });
  }

  const H = layout.hiddenSize;
  const data = new Float64Array(H * columns.length);
  for (let i = 0; i < H; i++) {
    columns.forEach((column, j) => (data[i * columns.length + j] = column.data[i]));
  }
  const source = inputBias ?? recurrentBias!;
  const block = { ...source, cols: columns.length, data };
  return { block, labels: columns.map((column) => column.label) };
}

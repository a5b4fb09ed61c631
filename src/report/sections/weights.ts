/**
 * The weights as a PyTorch user reads them: each parameter's name and shape, how the gates
 * are stacked in it, and one heatmap figure per model with every gate's blocks.
 */
import type { CellType } from '../../experiment/config.js';
import { weightsChart } from '../charts/weights.js';
import { figureSlot } from '../figure-slot.js';
import { escapeHtml } from '../html-escape.js';
import { cellGates, cellLayout, gateBlockNames, type CellLayout } from '../parameters.js';
import type { ModelReport, ReportInput, ReportSection } from '../types.js';

/** Each cell's update equations, in PyTorch's notation (`torch.nn.RNN`, `LSTM`, `GRU`). */
const cellEquations: Record<CellType, string[]> = {
  rnn: ["h' = tanh(W_ih x + b_ih + W_hh h + b_hh)"],
  'rnn-relu': ["h' = relu(W_ih x + b_ih + W_hh h + b_hh)"],
  lstm: [
    'i = σ(W_ii x + b_ii + W_hi h + b_hi)',
    'f = σ(W_if x + b_if + W_hf h + b_hf)',
    'g = tanh(W_ig x + b_ig + W_hg h + b_hg)',
    'o = σ(W_io x + b_io + W_ho h + b_ho)',
    "c' = f ⊙ c + i ⊙ g,  h' = o ⊙ tanh(c')",
  ],
  gru: [
    'r = σ(W_ir x + b_ir + W_hr h + b_hr)',
    'z = σ(W_iz x + b_iz + W_hz h + b_hz)',
    'n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))',
    "h' = (1 − z) ⊙ n + z ⊙ h",
  ],
  leaky: ["x' = (1 − α) x + α (W_rec f(x) + W_in u + b_rec) + noise,  α = dt / τ"],
};

/** Builds the weights section with the figures `weights-<model>`. */
export function weightsSection(input: ReportInput): ReportSection {
  const parts = input.models.map((model) => {
    const layout = cellLayout(model.cell, model.hiddenSize, model.stateDict, model.config.leaky);
    return (
      `<h3>${escapeHtml(model.name)}</h3>\n` +
      parameterTable(layout) +
      `<p>${stackingExplanation(layout)}</p>\n` +
      `<p class="equation">${cellEquations[model.cell].map(escapeHtml).join('<br>')}</p>\n` +
      figureSlot(`weights-${model.name}`)
    );
  });
  return {
    id: 'weights',
    title: 'Weights',
    html:
      '<p>Parameters are named and shaped as PyTorch\'s <code>state_dict()</code> lists them, ' +
      'so they can be compared with a PyTorch model directly. Heatmaps show row i, column j ' +
      'of each block as the weight from unit (or input) j onto unit i; blue is negative, red ' +
      'positive, white zero.</p>\n' +
      parts.join('\n'),
    figures: input.models.map((model) => ({
      name: `weights-${model.name}`,
      spec: weightsChart({
        modelName: model.name,
        layout: cellLayout(model.cell, model.hiddenSize, model.stateDict, model.config.leaky),
        outputNames: outputNames(model),
      }),
      caption:
        `${model.name}: each gate's input block, recurrent block and biases, ` +
        'then the readout.',
    })),
    figureLayout: 'column',
  };
}

function outputNames(model: ModelReport): string[] | undefined {
  return model.exampleTrials.find((trial) => trial.outputNames)?.outputNames;
}

function parameterTable(layout: CellLayout): string {
  const rows = layout.parameters.map((parameter) => {
    const shape = `(${parameter.shape.join(', ')})`;
    return (
      `<tr><td><code>${escapeHtml(parameter.name)}</code></td><td>${shape}</td>` +
      `<td>${escapeHtml(describeParameter(layout, parameter.name))}</td></tr>`
    );
  });
  return (
    '<table class="parameters">\n<thead><tr><th scope="col">parameter</th>' +
    '<th scope="col">shape</th><th scope="col">content</th></tr></thead>\n' +
    `<tbody>\n${rows.join('\n')}\n</tbody>\n</table>\n`
  );
}

function describeParameter(layout: CellLayout, name: string): string {
  const gates = cellGates[layout.cell];
  const symbols = gates.map((gate) => gate.symbol).join(', ');
  const stacked = gates.length > 1 ? `, gates ${symbols} stacked` : '';
  if (name === layout.keys.input) return `input weights${stacked}`;
  if (name === layout.keys.recurrent) return `recurrent (hidden-to-hidden) weights${stacked}`;
  if (name === layout.keys.inputBias) return `input biases${stacked}`;
  if (name === layout.keys.recurrentBias) return `recurrent biases${stacked}`;
  if (name === layout.readoutWeight?.parameter) return 'readout weights: y = W h + b';
  if (name === layout.readoutBias?.parameter) return 'readout bias';
  if (name === layout.keys.mask) return 'connectivity mask M (a buffer, not trained)';
  if (name === layout.keys.daleSign) {
    return "Dale's law sign of each presynaptic unit, +1 or −1 (a buffer, not trained)";
  }
  if (/(^|\.)h0$/.test(name)) return 'initial hidden state h0';
  if (/(^|\.)c0$/.test(name)) return 'initial cell state c0';
  return '';
}

/** Explains in words which rows of the stacked matrices belong to which gate. */
function stackingExplanation(layout: CellLayout): string {
  const H = layout.hiddenSize;
  const code = (text: string): string => `<code>${escapeHtml(text)}</code>`;
  const recurrent = code(layout.keys.recurrent);
  const input = code(layout.keys.input);
  const gates = layout.gates;

  if (gates.length === 1) {
    const effective =
      layout.cell === 'leaky'
        ? ' The chart shows the effective W_rec, the matrix the network multiplies by: with ' +
          "Dale's law |W| D (D = +1 for excitatory and −1 for inhibitory columns), the " +
          'connectivity mask applied, and self-connections removed unless the model allows them.'
        : '';
    return (
      `${recurrent} is (${H}, ${H}), a single square block, and ${input} is ` +
      `(${H}, ${layout.inputSize}).${effective}`
    );
  }

  const G = gates.length;
  const ranges = gates
    .map((blocks) => {
      const names = gateBlockNames(layout.cell, blocks.gate);
      return (
        `rows ${blocks.input.rowStart}–${blocks.input.rowEnd - 1} are the ` +
        `${blocks.gate.name} ${blocks.gate.symbol} (${names.recurrent})`
      );
    })
    .join(', ');
  const biasNote =
    layout.cell === 'gru'
      ? 'The two biases of r and z only ever appear as their sum, shown as a third column. ' +
        'The n gate gets no sum, because b_hn sits inside r ⊙ (W_hn h + b_hn).'
      : 'The two biases of each gate only ever appear as their sum, shown as a third column.';
  return (
    `${recurrent} is (${G * H}, ${H}) because PyTorch stacks the ${G} gates along the rows, ` +
    `in the order ${gates.map((g) => g.gate.symbol).join(', ')}: ${ranges}. ` +
    `${input} (${G * H}, ${layout.inputSize}) and both biases (${G * H}) are stacked the ` +
    `same way. Each gate's recurrent block is ${H} × ${H}, square whatever the hidden size, ` +
    `so each block has its own ${H} eigenvalues (next section). ${biasNote}`
  );
}

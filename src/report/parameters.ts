/**
 * How PyTorch lays out a recurrent cell's parameters, and the per-gate blocks that a reader
 * wants to see. PyTorch stacks the G gates of `weight_ih_l0` (G H, I), `weight_hh_l0`
 * (G H, H) and the two biases (G H) along the rows, so rows g H .. (g + 1) H - 1 belong to
 * gate g. The order is i, f, g, o for `torch.nn.LSTM` and r, z, n for `torch.nn.GRU`.
 */
import type { CellType, LeakyConfig } from '../experiment/config.js';
import type { ReportParameter } from './types.js';

/** A gate of a recurrent cell, named as PyTorch's documentation names it. */
export interface Gate {
  /** Symbol in the cell's equations, for example `f`. */
  symbol: string;
  /** Name in words, for example `forget gate`. */
  name: string;
}

/** Gates of each cell type in PyTorch's stacking order. */
export const cellGates: Record<CellType, Gate[]> = {
  rnn: [{ symbol: 'h', name: 'hidden update' }],
  'rnn-relu': [{ symbol: 'h', name: 'hidden update' }],
  lstm: [
    { symbol: 'i', name: 'input gate' },
    { symbol: 'f', name: 'forget gate' },
    { symbol: 'g', name: 'cell candidate' },
    { symbol: 'o', name: 'output gate' },
  ],
  gru: [
    { symbol: 'r', name: 'reset gate' },
    { symbol: 'z', name: 'update gate' },
    { symbol: 'n', name: 'new gate' },
  ],
  leaky: [{ symbol: 'x', name: 'rate update' }],
};

/** Names of a gate's blocks in PyTorch's documentation, for example W_if, W_hf, b_if, b_hf. */
export interface GateBlockNames {
  input: string;
  recurrent: string;
  inputBias: string;
  recurrentBias: string;
}

/**
 * Returns the names PyTorch's documentation gives a gate's blocks: W_i<gate> and W_h<gate>
 * for the LSTM and GRU, W_ih and W_hh for the vanilla RNN, and W_in and W_rec (PsychRNN's
 * names) for a leaky network.
 */
export function gateBlockNames(cell: CellType, gate: Gate): GateBlockNames {
  if (cell === 'lstm' || cell === 'gru') {
    const s = gate.symbol;
    return {
      input: `W_i${s}`,
      recurrent: `W_h${s}`,
      inputBias: `b_i${s}`,
      recurrentBias: `b_h${s}`,
    };
  }
  if (cell === 'leaky') {
    return { input: 'W_in', recurrent: 'W_rec', inputBias: 'b_in', recurrentBias: 'b_rec' };
  }
  return { input: 'W_ih', recurrent: 'W_hh', inputBias: 'b_ih', recurrentBias: 'b_hh' };
}

/** A rows x cols slice of one parameter, copied row-major. */
export interface ParameterBlock {
  /** State dict key of the parameter the block comes from. */
  parameter: string;
  /** First and one-past-last row of the block in that parameter. */
  rowStart: number;
  rowEnd: number;
  rows: number;
  cols: number;
  data: Float64Array;
}

/** The blocks of one gate: its input weights, recurrent weights and biases. */
export interface GateBlocks {
  gate: Gate;
  /** Input block (H, I) of `weight_ih_l0`, or W_in of a leaky network. */
  input: ParameterBlock;
  /**
   * Recurrent block (H, H) of `weight_hh_l0`. For a leaky network this is the effective
   * W_rec, after Dale's law, the connectivity mask and the removal of self-connections.
   */
  recurrent: ParameterBlock;
  /** Bias blocks (H, 1), as stored; either may be absent. */
  inputBias: ParameterBlock | null;
  recurrentBias: ParameterBlock | null;
}

/** A parameter's name and shape, as `state_dict()` lists it. */
export interface ParameterShape {
  name: string;
  shape: number[];
}

/** A cell's parameters split into per-gate blocks and the readout. */
export interface CellLayout {
  cell: CellType;
  hiddenSize: number;
  inputSize: number;
  /** Every parameter in the state dict's order. */
  parameters: ParameterShape[];
  gates: GateBlocks[];
  /** Readout `fc.weight` (O, H) and `fc.bias` (O, 1). */
  readoutWeight: ParameterBlock | null;
  readoutBias: ParameterBlock | null;
  /** State dict keys of the stacked input weight, recurrent weight and biases. */
  keys: {
    input: string;
    recurrent: string;
    inputBias: string | null;
    recurrentBias: string | null;
    mask: string | null;
    daleSign: string | null;
  };
}

// Parameter names to look for. PyTorch's names come first; a leaky network may also use
// PsychRNN's names (W_in, W_rec, b_rec, W_out, b_out). rnnlab's leaky cell stores W_in, W and b
// as rnn.weight_ih_l0, rnn.weight_hh_l0 and rnn.bias_hh_l0, with the buffers rnn.mask (H, H)
// and rnn.dale_sign (H).
const inputNames = ['weight_ih_l0', 'W_in'];
const recurrentNames = ['weight_hh_l0', 'W_rec'];
const inputBiasNames = ['bias_ih_l0'];
const recurrentBiasNames = ['bias_hh_l0', 'b_rec'];
const readoutWeightNames = ['fc.weight', 'W_out'];
const readoutBiasNames = ['fc.bias', 'b_out'];
const maskNames = ['mask'];
const daleSignNames = ['dale_sign'];

/**
 * Splits a model's state dict into the blocks PyTorch stacks: for each gate g of G, rows
 * g H .. (g + 1) H - 1 of the input weight (G H, I), the recurrent weight (G H, H) and the
 * biases (G H). Parameter keys may carry a module prefix (`rnn.weight_hh_l0`). Throws when a
 * required parameter is missing or has the wrong shape for the cell and hidden size.
 */
export function cellLayout(
  cell: CellType,
  hiddenSize: number,
  stateDict: Record<string, ReportParameter>,
  leaky: LeakyConfig | null = null,
): CellLayout {
  const gates = cellGates[cell];
  const stacked = gates.length * hiddenSize;
  const H = hiddenSize;

  const input = requireParameter(stateDict, inputNames);
  const recurrent = requireParameter(stateDict, recurrentNames);
  const inputBias = findParameter(stateDict, inputBiasNames);
  const recurrentBias = findParameter(stateDict, recurrentBiasNames);
  const inputSize = input.parameter.shape[1];
  checkShape(input.key, input.parameter, [stacked, inputSize]);
  checkShape(recurrent.key, recurrent.parameter, [stacked, H]);
  if (inputBias) checkLength(inputBias.key, inputBias.parameter, stacked);
  if (recurrentBias) checkLength(recurrentBias.key, recurrentBias.parameter, stacked);

  const effectiveRecurrent =
    cell === 'leaky'
      ? effectiveLeakyRecurrent(
          recurrent.parameter.data,
          H,
          leaky,
          findBuffer(stateDict, maskNames, [H, H]),
          findBuffer(stateDict, daleSignNames, [H]),
        )
      : recurrent.parameter.data;

  const gateBlocks: GateBlocks[] = gates.map((gate, g) => ({
    gate,
    input: rowBlock(input.key, input.parameter.data, inputSize, g * H, H),
    recurrent: rowBlock(recurrent.key, effectiveRecurrent, H, g * H, H),
    inputBias: inputBias ? rowBlock(inputBias.key, inputBias.parameter.data, 1, g * H, H) : null,
    recurrentBias: recurrentBias
      ? rowBlock(recurrentBias.key, recurrentBias.parameter.data, 1, g * H, H)
      : null,
  }));

  const readoutWeight = findParameter(stateDict, readoutWeightNames);
  const readoutBias = findParameter(stateDict, readoutBiasNames);
  let readoutWeightBlock: ParameterBlock | null = null;
  let readoutBiasBlock: ParameterBlock | null = null;
  if (readoutWeight) {
    const outputs = readoutWeight.parameter.shape[0];
    checkShape(readoutWeight.key, readoutWeight.parameter, [outputs, H]);
    readoutWeightBlock = rowBlock(readoutWeight.key, readoutWeight.parameter.data, H, 0, outputs);
    if (readoutBias) {
      checkLength(readoutBias.key, readoutBias.parameter, outputs);
      readoutBiasBlock = rowBlock(readoutBias.key, readoutBias.parameter.data, 1, 0, outputs);
    }
  }

  return {
    cell,
    hiddenSize: H,
    inputSize,
    parameters: Object.entries(stateDict).map(([name, p]) => ({ name, shape: [...p.shape] })),
    gates: gateBlocks,
    readoutWeight: readoutWeightBlock,
    readoutBias: readoutBiasBlock,
    keys: {
      input: input.key,
      recurrent: recurrent.key,
      inputBias: inputBias?.key ?? null,
      recurrentBias: recurrentBias?.key ?? null,
      mask: findParameter(stateDict, maskNames)?.key ?? null,
      daleSign: findParameter(stateDict, daleSignNames)?.key ?? null,
    },
  };
}

/**
 * Computes a leaky network's effective recurrent matrix W_rec = M * W, or M * |W| D under
 * Dale's law, with D = diag(d) signing column j by unit j's type (+1 excitatory, -1
 * inhibitory) and M the connectivity mask, whose diagonal is zero unless self-connections are
 * allowed. `daleSign` is d as stored in the state dict. Without it, Dale's law follows
 * `leaky.excitatoryFraction`: the first round(fraction * H) units are excitatory, as in
 * rnnlab's leaky cell. Without a stored mask, only self-connections are removed.
 */
export function effectiveLeakyRecurrent(
  weight: ArrayLike<number>,
  H: number,
  leaky: LeakyConfig | null,
  mask: ArrayLike<number> | null,
  daleSign: ArrayLike<number> | null = null,
): Float64Array {
  const effective = Float64Array.from(weight);
  const fraction = leaky?.excitatoryFraction ?? null;
  let signs: ArrayLike<number> | null = daleSign;
  if (!signs && fraction !== null) {
    const excitatory = Math.round(fraction * H);
    signs = Array.from({ length: H }, (_, j) => (j < excitatory ? 1 : -1));
  }
  const removeSelf = !mask && leaky !== null && !leaky.selfConnections;
  for (let i = 0; i < H; i++) {
    for (let j = 0; j < H; j++) {
      const k = i * H + j;
      if (signs) effective[k] = Math.abs(effective[k]) * Math.sign(signs[j]);
      if (mask) effective[k] *= mask[k];
      if (removeSelf && i === j) effective[k] = 0;
      // A masked inhibitory entry comes out as -0; store it as 0.
      if (effective[k] === 0) effective[k] = 0;
    }
  }
  return effective;
}

interface FoundParameter {
  key: string;
  parameter: ReportParameter;
}

function findParameter(
  stateDict: Record<string, ReportParameter>,
  names: string[],
): FoundParameter | null {
  for (const name of names) {
    for (const [key, parameter] of Object.entries(stateDict)) {
      if (key === name || key.endsWith(`.${name}`)) return { key, parameter };
    }
  }
  return null;
}

function requireParameter(
  stateDict: Record<string, ReportParameter>,
  names: string[],
): FoundParameter {
  const found = findParameter(stateDict, names);
  if (found) return found;
  const keys = Object.keys(stateDict).join(', ') || 'none';
  throw new Error(`state dict has no ${names.join(' or ')} parameter (keys: ${keys})`);
}

function findBuffer(
  stateDict: Record<string, ReportParameter>,
  names: string[],
  shape: number[],
): Float32Array | null {
  const buffer = findParameter(stateDict, names);
  if (!buffer) return null;
  checkShape(buffer.key, buffer.parameter, shape);
  return buffer.parameter.data;
}

function checkShape(key: string, parameter: ReportParameter, expected: number[]): void {
  const shape = parameter.shape;
  const matches = shape.length === expected.length && shape.every((d, k) => d === expected[k]);
  if (!matches) {
    const actual = shape.join(', ');
    const wanted = expected.join(', ');
    throw new Error(`parameter ${key} has shape (${actual}), expected (${wanted})`);
  }
  checkLength(key, parameter, expected.reduce((a, b) => a * b, 1));
}

function checkLength(key: string, parameter: ReportParameter, expected: number): void {
  if (parameter.data.length !== expected) {
    throw new Error(`parameter ${key} has ${parameter.data.length} values, expected ${expected}`);
  }
}

function rowBlock(
  parameter: string,
  data: ArrayLike<number>,
  cols: number,
  rowStart: number,
  rows: number,
): ParameterBlock {
  const block = new Float64Array(rows * cols);
  for (let k = 0; k < rows * cols; k++) block[k] = data[rowStart * cols + k];
  return { parameter, rowStart, rowEnd: rowStart + rows, rows, cols, data: block };
}

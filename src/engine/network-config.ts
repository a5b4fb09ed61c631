/**
 * Configuration of a recurrent network and the construction of its cell.
 */
import type { Cell, CellKind } from './cells/cell.js';
import { GruCell } from './cells/gru.js';
import { LeakyCell } from './cells/leaky.js';
import { resolveLeakyOptions, type LeakyOptions } from './cells/leaky-connectivity.js';
import { LstmCell } from './cells/lstm.js';
import { RnnCell } from './cells/rnn.js';
import type { Kernels } from './kernels/kernels.js';
import type { Random } from './random.js';
import { checkPositiveInteger } from './shape.js';

export const CELL_KINDS: readonly CellKind[] = ['rnn', 'rnn-relu', 'lstm', 'gru', 'leaky'];

export interface NetworkConfig {
  /** Recurrent cell: tanh RNN, relu RNN, LSTM, GRU or leaky rate network. */
  cell: CellKind;
  /** Number of input features I. */
  inputSize: number;
  /** Number of hidden units H. */
  hiddenSize: number;
  /** Number of readout outputs O (classes for cross-entropy). */
  outputSize: number;
  /** Whether the initial state h0 (and c0 for the LSTM) is trained, instead of fixed at 0. */
  trainInitialState?: boolean;
  /** Options of the leaky rate network, required when `cell` is 'leaky'. */
  leaky?: LeakyOptions;
  /** Seed of every random draw: initial weights, masks and recurrent noise. */
  seed: number;
}

/** Checks `config` and throws an error naming the first invalid field. */
export function checkNetworkConfig(config: NetworkConfig): void {
  if (!CELL_KINDS.includes(config.cell)) {
    throw new Error(
      `cell: expected one of ${CELL_KINDS.map((kind) => `'${kind}'`).join(', ')}, ` +
        `got '${String(config.cell)}'`,
    );
  }
  checkPositiveInteger('inputSize', config.inputSize);
  checkPositiveInteger('hiddenSize', config.hiddenSize);
  checkPositiveInteger('outputSize', config.outputSize);
  if (!Number.isSafeInteger(config.seed)) {
    throw new Error(`seed: expected an integer, got ${config.seed}`);
  }
  if (config.leaky !== undefined && config.cell !== 'leaky') {
    throw new Error(
      `leaky: options for the leaky network were given, but cell is '${config.cell}'`,
    );
  }
}

/** Creates the cell of `config`, with `noiseRandom` for the leaky network's recurrent noise. */
export function createCell(kernels: Kernels, config: NetworkConfig, noiseRandom: Random): Cell {
  const { inputSize, hiddenSize } = config;
  switch (config.cell) {
    case 'rnn':
      return new RnnCell(kernels, inputSize, hiddenSize, 'tanh');
    case 'rnn-relu':
      return new RnnCell(kernels, inputSize, hiddenSize, 'relu');
    case 'lstm':
      return new LstmCell(kernels, inputSize, hiddenSize);
    case 'gru':
      return new GruCell(kernels, inputSize, hiddenSize);
    case 'leaky': {
      const options = resolveLeakyOptions(config.leaky, hiddenSize);
      return new LeakyCell(kernels, inputSize, hiddenSize, options, noiseRandom);
    }
  }
}

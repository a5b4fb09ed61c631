/**
 * The recurrent cell interface shared by the vanilla RNN, LSTM, GRU and leaky rate network.
 *
 * A cell runs a whole sequence at once. Sequences are (time, batch, features) row-major, so row
 * t * B + b of a matrix (T * B, F) is step t of batch column b. The network owns the input,
 * the readout and the loss. The cell owns its stored states and its backpropagation through
 * time (BPTT).
 */
import type { Kernels } from '../kernels/kernels.js';
import type { Random } from '../random.js';
import type { NamedTensor, TensorSpec } from '../tensor.js';

export type CellKind = 'rnn' | 'rnn-relu' | 'lstm' | 'gru' | 'leaky';

/** Noise handling of a forward pass: draw new noise, reuse the last draw, or switch it off. */
export type NoiseMode = 'sample' | 'reuse' | 'off';

export interface Cell {
  readonly kind: CellKind;
  readonly inputSize: number;
  readonly hiddenSize: number;
  /** State tensors carried between steps: ['h'], or ['h', 'c'] for the LSTM. */
  readonly stateNames: readonly string[];
  /** Parameters in PyTorch's order, named as in its state_dict (with the "rnn." prefix). */
  readonly parameterSpecs: readonly TensorSpec[];
  /** Non-trainable tensors saved with the parameters, such as a connectivity mask. */
  readonly bufferSpecs: readonly TensorSpec[];

  /** Receives the allocated parameters and buffers, looked up by name. */
  bind(lookup: (name: string) => NamedTensor): void;

  /** Draws the initial parameter values (and buffers, such as a random mask) from `random`. */
  initialize(random: Random): void;

  /** Allocates the workspaces for sequences of up to `seqLen` steps and `batch` columns. */
  allocateWorkspace(seqLen: number, batch: number): void;

  /**
   * Runs the sequence whose inputs (T * B, I) start at `input`, from initial states (B, H) at
   * `initialStates` (one offset per state name), and stores every state.
   */
  forward(
    seqLen: number,
    batch: number,
    input: number,
    initialStates: readonly number[],
    noise: NoiseMode,
  ): void;

  /** Offset of the readout's input (T * B, H) after `forward`: h_1..h_T, or r_1..r_T. */
  readonly output: number;

  /** Offset of state `index` (T * B, H) for steps 1..T after `forward`, such as c for LSTM. */
  stateOutput(index: number): number;

  /**
   * Backpropagates through time. `dOutput` (T * B, H) contains dL/d(output) from the
   * readout and is used as scratch. Adds the parameter gradients to the gradient block and writes
   * dL/d(initial state) (B, H) to `dInitialStates`, one offset per state name.
   */
  backward(
    seqLen: number,
    batch: number,
    input: number,
    dOutput: number,
    dInitialStates: readonly number[],
  ): void;
}

/** Fills `count` elements at `offset` with uniform draws in (-bound, bound), like PyTorch. */
export function fillUniform(
  kernels: Kernels,
  random: Random,
  offset: number,
  count: number,
  bound: number,
): void {
  const data = kernels.data;
  for (let i = 0; i < count; i++) data[offset + i] = random.uniformIn(-bound, bound);
}

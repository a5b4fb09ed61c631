/**
 * A recurrent network as PyTorch users build one: one recurrent layer (`rnn`) and a linear
 * readout (`fc`), y_t = r_t W_fc^T + b_fc, where r_t is the cell's output (h_t, or the rates for
 * the leaky network). fc.weight (O, H) and fc.bias (O) start uniform in (-1/sqrt(H), 1/sqrt(H)),
 * as nn.Linear's do. With `trainInitialState`, h0 (1, H) (and c0 (1, H) for the LSTM) start at
 * zero and are trained, shared by every batch column.
 *
 * Sequences are (time, batch, features) row-major: element (t, b, i) at (t * B + b) * I + i.
 * Workspaces are sized for the largest (seqLen, batch) seen so far and reused.
 */
import type { Cell, NoiseMode } from './cells/cell.js';
import type { Kernels } from './kernels/kernels.js';
import { checkMask, type Loss } from './loss.js';
import { checkNetworkConfig, createCell, type NetworkConfig } from './network-config.js';
import { NetworkWorkspace } from './network-workspace.js';
import { allocateBuffers, allocateParameters, type ParameterBlock } from './parameter-block.js';
import { Random } from './random.js';
import {
  addRatePenalty,
  addWeightPenalty,
  checkPenalties,
  type Penalties,
} from './regularization.js';
import { checkFinite, checkLength, checkPositiveInteger } from './shape.js';
import {
  readStateDict,
  writeStateDict,
  type StateDict,
  type StateTensorInput,
} from './state-dict.js';
import type { NamedTensor, TensorSpec } from './tensor.js';

export interface ForwardOptions {
  /** Whether to return the hidden states (and the LSTM's cell states). */
  returnStates?: boolean;
  /** Recurrent noise of the leaky network: new draws (default), the last draw, or none. */
  noise?: NoiseMode;
}

export interface ForwardResult {
  /** Readout outputs (T, B, O). */
  outputs: Float32Array;
  /** Readout input (T, B, H): h, or the rates r for the leaky network. */
  hidden?: Float32Array;
  /** The LSTM's cell states c (T, B, H). */
  cell?: Float32Array;
  /** The leaky network's states x (T, B, H), before the rate function. */
  state?: Float32Array;
}

/** One training batch, in the (time, batch, features) layout. */
export interface Batch {
  seqLen: number;
  batchSize: number;
  /** Inputs (T, B, I). */
  inputs: Float32Array;
  /** Class indices (T, B) for cross-entropy, or values (T, B, O) for mean squared error. */
  targets: Float32Array;
  /** Optional per-step loss weights (T, B). */
  mask?: Float32Array;
}

/**
 * The whole batch that a `lossAndGradients` call computes one part of, in data-parallel
 * training: each part normalises its loss by the whole batch's totals, so that the losses and
 * gradients of the parts add up to those of the whole batch.
 */
export interface BatchShare {
  /** Sum of the whole batch's mask, or its rows (seqLen x batch size) without a mask. */
  weightSum: number;
  /** Rows of the whole batch (seqLen x batch size), over which the rate penalty is a mean. */
  rows: number;
  /** Whether this part adds the weight penalty, which exactly one part of a batch should. */
  weightPenalty: boolean;
}

export interface LossBreakdown {
  /** Data loss plus penalties: the number that training minimizes. */
  loss: number;
  /** The data loss alone (cross-entropy or mean squared error). */
  dataLoss: number;
  weightPenalty: number;
  ratePenalty: number;
}

export class RecurrentNetwork {
  readonly config: Readonly<NetworkConfig>;
  readonly cell: Cell;
  /** All parameters, and all gradients, as two contiguous blocks. */
  readonly parameterBlock: ParameterBlock;

  private readonly tensors: NamedTensor[];
  private readonly bufferTensors: NamedTensor[];
  private readonly readoutWeight: NamedTensor;
  private readonly readoutBias: NamedTensor;
  private readonly initialStates: NamedTensor[];

  private readonly workspace: NetworkWorkspace;
  /** Shape of the last forward pass, for `backward`, or 0 before the first. */
  private lastSeqLen = 0;
  private lastBatch = 0;

  /** Builds the network of `config` on `kernels`, drawing its initial weights from the seed. */
  constructor(
    readonly kernels: Kernels,
    config: NetworkConfig,
  ) {
    checkNetworkConfig(config);
    this.config = { ...config };
    const random = new Random(config.seed);
    const initRandom = random.fork();
    const noiseRandom = random.fork();
    this.cell = createCell(kernels, config, noiseRandom);

    const h = config.hiddenSize;
    const specs: TensorSpec[] = [
      ...this.cell.parameterSpecs,
      { name: 'fc.weight', shape: [config.outputSize, h], role: 'weight' },
      { name: 'fc.bias', shape: [config.outputSize], role: 'bias' },
    ];
    if (config.trainInitialState) {
      for (const state of this.cell.stateNames) {
        specs.push({ name: `${state}0`, shape: [1, h], role: 'initial-state' });
      }
    }
    const { block, tensors } = allocateParameters(kernels, specs);
    this.parameterBlock = block;
    this.tensors = tensors;
    this.bufferTensors = allocateBuffers(kernels, this.cell.bufferSpecs);
    const all = [...tensors, ...this.bufferTensors];
    this.cell.bind((name) => {
      const found = all.find((tensor) => tensor.name === name);
      if (!found) throw new Error(`Internal error: the cell needs tensor '${name}'`);
      return found;
    });
    this.readoutWeight = this.tensor('fc.weight');
    this.readoutBias = this.tensor('fc.bias');
    this.initialStates = tensors.filter((tensor) => tensor.role === 'initial-state');
    this.workspace = new NetworkWorkspace(kernels, this.cell, config);

    this.cell.initialize(initRandom);
    const bound = 1 / Math.sqrt(h);
    for (const tensor of [this.readoutWeight, this.readoutBias]) {
      const data = kernels.data;
      for (let i = 0; i < tensor.size; i++) {
        data[tensor.offset + i] = initRandom.uniformIn(-bound, bound);
      }
    }
  }

  /** Trainable tensors in state_dict order: rnn.*, fc.weight, fc.bias, then h0 and c0. */
  parameters(): readonly NamedTensor[] {
    return this.tensors;
  }

  /** Non-trainable tensors, such as the leaky network's mask and Dale signs. */
  buffers(): readonly NamedTensor[] {
    return this.bufferTensors;
  }

  /** Returns the named parameter or buffer, or throws. */
  tensor(name: string): NamedTensor {
    const found = [...this.tensors, ...this.bufferTensors].find((t) => t.name === name);
    if (!found) throw new Error(`The network has no tensor named '${name}'`);
    return found;
  }

  /** Copies every tensor, in PyTorch's order: rnn parameters and buffers, fc, h0 and c0. */
  stateDict(): StateDict {
    return readStateDict(this.kernels, this.stateOrder());
  }

  /** Loads tensors saved by `stateDict` (or by PyTorch), checking names and shapes first. */
  loadStateDict(
    dict: Readonly<Record<string, StateTensorInput>>,
    options: { strict?: boolean } = {},
  ): void {
    writeStateDict(this.kernels, this.stateOrder(), dict, options.strict ?? true);
  }

  private stateOrder(): NamedTensor[] {
    const rnn = this.tensors.filter((tensor) => tensor.name.startsWith('rnn.'));
    const fc = this.tensors.filter((tensor) => tensor.name.startsWith('fc.'));
    return [...rnn, ...this.bufferTensors, ...fc, ...this.initialStates];
  }

  /**
   * Allocates the workspaces for batches of up to (seqLen, batchSize) now rather than at the
   * first forward pass, so that a batch too large for memory fails before any data is made.
   */
  reserve(seqLen: number, batchSize: number): void {
    checkPositiveInteger('seqLen', seqLen);
    checkPositiveInteger('batchSize', batchSize);
    this.workspace.reserve(seqLen, batchSize);
  }

  /** Sets every gradient to zero. */
  zeroGradients(): void {
    this.kernels.fill(this.parameterBlock.size, this.parameterBlock.gradientOffset, 0);
  }

  /**
   * Runs inputs (T, B, I) through the network and returns the outputs (T, B, O), with the
   * states when `options.returnStates` is set.
   */
  forward(
    inputs: Float32Array,
    seqLen: number,
    batchSize: number,
    options: ForwardOptions = {},
  ): ForwardResult {
    this.loadInputs(inputs, seqLen, batchSize);
    this.runForward(seqLen, batchSize, options.noise ?? 'sample');

    const rows = seqLen * batchSize;
    const h = this.config.hiddenSize;
    const result: ForwardResult = {
      outputs: this.copyOut(this.workspace.outputs, rows * this.config.outputSize),
    };
    if (options.returnStates) {
      result.hidden = this.copyOut(this.cell.output, rows * h);
      if (this.cell.kind === 'lstm') result.cell = this.copyOut(this.cell.stateOutput(1), rows * h);
      if (this.cell.kind === 'leaky') {
        result.state = this.copyOut(this.cell.stateOutput(0), rows * h);
      }
    }
    return result;
  }

  /**
   * Backpropagates dL/dy (T, B, O) through the last forward pass and replaces the gradients
   * with dL/d(parameter).
   */
  backward(dOutputs: Float32Array): void {
    if (this.lastSeqLen === 0) throw new Error('backward: run forward first');
    const shape = [this.lastSeqLen, this.lastBatch, this.config.outputSize];
    checkLength('dOutputs', dOutputs, shape);
    checkFinite('dOutputs', dOutputs, shape);
    this.kernels.data.set(dOutputs, this.workspace.dOutputs);
    this.runBackward(this.lastSeqLen, this.lastBatch, 0);
  }

  /**
   * Runs `batch` forward, evaluates `loss` plus the penalties, and replaces the gradients with
   * those of the total. Returns the total and its parts. With `share`, the batch is one part of
   * a larger one and is normalised by that batch's totals (see `BatchShare`).
   */
  lossAndGradients(
    batch: Batch,
    loss: Loss,
    penalties: Penalties = {},
    noise: NoiseMode = 'sample',
    share?: BatchShare,
  ): LossBreakdown {
    const { seqLen, batchSize } = batch;
    checkPenalties(penalties);
    if (share !== undefined) checkShare(share, seqLen * batchSize);
    this.loadInputs(batch.inputs, seqLen, batchSize);
    loss.checkTargets(batch.targets, seqLen, batchSize, this.config.outputSize);
    const k = this.kernels;
    const w = this.workspace;
    k.data.set(batch.targets, w.targets);
    let weights = -1;
    let weightSum = seqLen * batchSize;
    if (batch.mask !== undefined) {
      // A part of a batch may have no weighted step; the whole batch has some.
      weightSum = checkMask(batch.mask, seqLen, batchSize, { allowZero: share !== undefined });
      k.data.set(batch.mask, w.mask);
      weights = w.mask;
    }

    this.runForward(seqLen, batchSize, noise);
    const rows = seqLen * batchSize;
    const o = this.config.outputSize;
    const { outputs, targets, dOutputs } = w;
    const lossWeightSum = share?.weightSum ?? weightSum;
    const dataLoss = loss.evaluate(k, rows, o, outputs, targets, weights, lossWeightSum, dOutputs);
    const rateRows = share?.rows ?? rows;
    const ratePenalty = this.runBackward(seqLen, batchSize, penalties.rateL2 ?? 0, rateRows);
    const weightL2 = share === undefined || share.weightPenalty ? (penalties.weightL2 ?? 0) : 0;
    const weightPenalty = addWeightPenalty(k, this.tensors, weightL2);
    return { loss: dataLoss + weightPenalty + ratePenalty, dataLoss, weightPenalty, ratePenalty };
  }

  /** Checks the shape, allocates workspaces and copies inputs (T, B, I) into them. */
  private loadInputs(inputs: Float32Array, seqLen: number, batchSize: number): void {
    checkPositiveInteger('seqLen', seqLen);
    checkPositiveInteger('batchSize', batchSize);
    const shape = [seqLen, batchSize, this.config.inputSize];
    checkLength('inputs', inputs, shape);
    checkFinite('inputs', inputs, shape);
    this.workspace.reserve(seqLen, batchSize);
    this.kernels.data.set(inputs, this.workspace.inputs);
  }

  private runForward(seqLen: number, batch: number, noise: NoiseMode): void {
    const k = this.kernels;
    const w = this.workspace;
    const h = this.config.hiddenSize;
    const o = this.config.outputSize;
    const rows = seqLen * batch;

    // Initial states: zero, or the trained row (1, H) repeated for every batch column.
    for (let s = 0; s < w.states.length; s++) {
      if (this.initialStates.length === 0) {
        k.fill(batch * h, w.states[s], 0);
        continue;
      }
      const trained = this.initialStates[s].offset;
      for (let b = 0; b < batch; b++) k.copy(h, trained, w.states[s] + b * h);
    }
    this.cell.forward(seqLen, batch, w.inputs, w.states, noise);

    // Readout for all steps at once: y = r W_fc^T + b_fc.
    const readout = this.readoutWeight.offset;
    k.gemm(false, true, rows, o, h, 1, this.cell.output, h, readout, h, 0, w.outputs, o);
    k.addRowVector(rows, o, this.readoutBias.offset, w.outputs);
    this.lastSeqLen = seqLen;
    this.lastBatch = batch;
  }

  /**
   * Backpropagates dOutputs and returns the rate penalty, whose gradient it includes. The
   * penalty is a mean over `rateRows` rows of rates (this batch's rows unless given).
   */
  private runBackward(seqLen: number, batch: number, rateL2: number, rateRows?: number): number {
    const k = this.kernels;
    const w = this.workspace;
    const h = this.config.hiddenSize;
    const o = this.config.outputSize;
    const rows = seqLen * batch;
    const rates = this.cell.output;
    this.zeroGradients();

    // Readout: dW_fc = dy^T r, db_fc = sum dy, dr = dy W_fc.
    const dReadout = this.readoutWeight.gradientOffset;
    k.gemm(true, false, o, h, rows, 1, w.dOutputs, o, rates, h, 0, dReadout, h);
    k.sumRows(rows, o, w.dOutputs, this.readoutBias.gradientOffset, false);
    const weight = this.readoutWeight.offset;
    k.gemm(false, false, rows, h, o, 1, w.dOutputs, o, weight, h, 0, w.dHidden, h);
    const rateCount = (rateRows ?? rows) * h;
    const ratePenalty = addRatePenalty(k, rows * h, rates, w.dHidden, rateL2, rateCount);

    this.cell.backward(seqLen, batch, w.inputs, w.dHidden, w.dStates);
    for (let s = 0; s < this.initialStates.length; s++) {
      k.sumRows(batch, h, w.dStates[s], this.initialStates[s].gradientOffset, false);
    }
    return ratePenalty;
  }

  private copyOut(offset: number, count: number): Float32Array {
    return Float32Array.from(this.kernels.data.subarray(offset, offset + count));
  }
}

function checkShare(share: BatchShare, rows: number): void {
  if (!(share.weightSum > 0 && Number.isFinite(share.weightSum))) {
    throw new Error(`share.weightSum: expected a positive number, got ${share.weightSum}`);
  }
  if (!(Number.isSafeInteger(share.rows) && share.rows >= rows)) {
    throw new Error(
      `share.rows: expected an integer of at least this part's ${rows} rows, got ${share.rows}`,
    );
  }
}

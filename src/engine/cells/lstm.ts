/**
 * Long short-term memory, as torch.nn.LSTM with one layer:
 *
 *     i_t = sigmoid(W_ii x_t + b_ii + W_hi h_{t-1} + b_hi)
 *     f_t = sigmoid(W_if x_t + b_if + W_hf h_{t-1} + b_hf)
 *     g_t = tanh(W_ig x_t + b_ig + W_hg h_{t-1} + b_hg)
 *     o_t = sigmoid(W_io x_t + b_io + W_ho h_{t-1} + b_ho)
 *     c_t = f_t * c_{t-1} + i_t * g_t
 *     h_t = o_t * tanh(c_t)
 *
 * Parameters, each initialized uniform in (-1/sqrt(H), 1/sqrt(H)) as PyTorch does, with the
 * gate blocks stacked in the order i, f, g, o: rnn.weight_ih_l0 (4H, I) = (W_ii | W_if | W_ig |
 * W_io), rnn.weight_hh_l0 (4H, H), rnn.bias_ih_l0 (4H), rnn.bias_hh_l0 (4H).
 *
 * Forward and backward, with a_t the gate pre-activations (B, 4H) and dh_t, dc_t the total
 * gradients reaching h_t and c_t:
 *
 *     a_t = x_t W_ih^T + b_ih + b_hh + h_{t-1} W_hh^T   da_t = lstmBackward(dh_t, dc_t)
 *     (i, f, g, o, c_t, h_t) = lstmForward(a_t, c_{t-1})  dc_{t-1} = dc_total f_t
 *                                                      dh_{t-1} += da_t W_hh
 *                                                      dW_hh += da_t^T h_{t-1}
 *                                                      dW_ih += da_t^T x_t
 *                                                      db_ih = db_hh += sum_b da_t
 *
 * where lstmBackward applies dc_total = dc_t + dh_t o (1 - tanh(c_t)^2) and the gate
 * derivatives documented with the kernel.
 */
import type { Kernels } from '../kernels/kernels.js';
import type { Random } from '../random.js';
import type { NamedTensor, TensorSpec } from '../tensor.js';
import { fillUniform, type Cell, type NoiseMode } from './cell.js';

export class LstmCell implements Cell {
  readonly kind = 'lstm' as const;
  readonly stateNames = ['h', 'c'] as const;
  readonly parameterSpecs: readonly TensorSpec[];
  readonly bufferSpecs: readonly TensorSpec[] = [];

  private weightIh: NamedTensor | null = null;
  private weightHh: NamedTensor | null = null;
  private biasIh: NamedTensor | null = null;
  private biasHh: NamedTensor | null = null;

  /** Hidden states h_0..h_T ((T + 1) * B, H), starting with the initial state. */
  private hiddenStates = -1;
  /** Cell states c_0..c_T ((T + 1) * B, H). */
  private cellStates = -1;
  /** Gate activations i, f, g, o for every step (T * B, 4H). */
  private gates = -1;
  /** Pre-activation gradients da_t for every step (T * B, 4H). */
  private dGates = -1;
  /** Running gradient of the cell state (B, H). */
  private dCell = -1;
  /** Size of one state block (B, H) in the last forward pass. */
  private batchStride = 0;

  constructor(
    private readonly kernels: Kernels,
    readonly inputSize: number,
    readonly hiddenSize: number,
  ) {
    const h = hiddenSize;
    this.parameterSpecs = [
      { name: 'rnn.weight_ih_l0', shape: [4 * h, inputSize], role: 'weight' },
      { name: 'rnn.weight_hh_l0', shape: [4 * h, h], role: 'weight' },
      { name: 'rnn.bias_ih_l0', shape: [4 * h], role: 'bias' },
      { name: 'rnn.bias_hh_l0', shape: [4 * h], role: 'bias' },
    ];
  }

  get output(): number {
    return this.hiddenStates + this.batchStride;
  }

  stateOutput(index: number): number {
    if (index === 0) return this.output;
    if (index === 1) return this.cellStates + this.batchStride;
    throw new RangeError(`LSTM has two states, got state index ${index}`);
  }

  bind(lookup: (name: string) => NamedTensor): void {
    this.weightIh = lookup('rnn.weight_ih_l0');
    this.weightHh = lookup('rnn.weight_hh_l0');
    this.biasIh = lookup('rnn.bias_ih_l0');
    this.biasHh = lookup('rnn.bias_hh_l0');
  }

  initialize(random: Random): void {
    const bound = 1 / Math.sqrt(this.hiddenSize);
    for (const tensor of [this.weightIh!, this.weightHh!, this.biasIh!, this.biasHh!]) {
      fillUniform(this.kernels, random, tensor.offset, tensor.size, bound);
    }
  }

  allocateWorkspace(seqLen: number, batch: number): void {
    const stateSize = batch * this.hiddenSize;
    this.hiddenStates = this.kernels.alloc((seqLen + 1) * stateSize);
    this.cellStates = this.kernels.alloc((seqLen + 1) * stateSize);
    this.gates = this.kernels.alloc(seqLen * 4 * stateSize);
    this.dGates = this.kernels.alloc(seqLen * 4 * stateSize);
    this.dCell = this.kernels.alloc(stateSize);
  }

  forward(
    seqLen: number,
    batch: number,
    input: number,
    initialStates: readonly number[],
    _noise: NoiseMode,
  ): void {
    const k = this.kernels;
    const h = this.hiddenSize;
    const g = 4 * h;
    const i = this.inputSize;
    const stateSize = batch * h;
    const rows = seqLen * batch;
    const weightIh = this.weightIh!.offset;
    const weightHh = this.weightHh!.offset;
    this.batchStride = stateSize;

    // Input projection for all steps at once: a = X W_ih^T + b_ih + b_hh.
    k.gemm(false, true, rows, g, i, 1, input, i, weightIh, i, 0, this.gates, g);
    k.addRowVector(rows, g, this.biasIh!.offset, this.gates);
    k.addRowVector(rows, g, this.biasHh!.offset, this.gates);

    k.copy(stateSize, initialStates[0], this.hiddenStates);
    k.copy(stateSize, initialStates[1], this.cellStates);
    for (let t = 0; t < seqLen; t++) {
      const hPrevious = this.hiddenStates + t * stateSize;
      const cPrevious = this.cellStates + t * stateSize;
      const gatesStep = this.gates + t * g * batch;
      k.gemm(false, true, batch, g, h, 1, hPrevious, h, weightHh, h, 1, gatesStep, g);
      k.lstmForward(batch, h, gatesStep, cPrevious, cPrevious + stateSize, hPrevious + stateSize);
    }
  }

  backward(
    seqLen: number,
    batch: number,
    input: number,
    dOutput: number,
    dInitialStates: readonly number[],
  ): void {
    const k = this.kernels;
    const h = this.hiddenSize;
    const g = 4 * h;
    const i = this.inputSize;
    const stateSize = batch * h;
    const rows = seqLen * batch;
    const weightHh = this.weightHh!.offset;

    // dOutput row block t accumulates dh_t: the readout's part on entry, then da_{t+1} W_hh.
    k.fill(stateSize, this.dCell, 0);
    for (let t = seqLen - 1; t >= 0; t--) {
      const cPrevious = this.cellStates + t * stateSize;
      const gatesStep = this.gates + t * g * batch;
      const dGatesStep = this.dGates + t * g * batch;
      const dh = dOutput + t * stateSize;
      const cStep = cPrevious + stateSize;
      k.lstmBackward(batch, h, gatesStep, cPrevious, cStep, dh, this.dCell, dGatesStep);
      const dhPrevious = t > 0 ? dh - stateSize : dInitialStates[0];
      const beta = t > 0 ? 1 : 0;
      k.gemm(false, false, batch, h, g, 1, dGatesStep, g, weightHh, h, beta, dhPrevious, h);
    }
    k.copy(stateSize, this.dCell, dInitialStates[1]);

    // Weight and bias gradients for all steps at once, with H_prev = (h_0..h_{T-1}).
    const dWeightHh = this.weightHh!.gradientOffset;
    const dWeightIh = this.weightIh!.gradientOffset;
    k.gemm(true, false, g, h, rows, 1, this.dGates, g, this.hiddenStates, h, 1, dWeightHh, h);
    k.gemm(true, false, g, i, rows, 1, this.dGates, g, input, i, 1, dWeightIh, i);
    k.sumRows(rows, g, this.dGates, this.biasIh!.gradientOffset, true);
    k.sumRows(rows, g, this.dGates, this.biasHh!.gradientOffset, true);
  }
}

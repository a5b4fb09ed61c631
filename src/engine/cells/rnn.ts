/**
 * Vanilla RNN (Elman network), as torch.nn.RNN with one layer:
 *
 *     h_t = tanh(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh)
 *
 * or relu in place of tanh (`nonlinearity='relu'`). x_t is (B, I), h_t is (B, H).
 *
 * Parameters, each initialized uniform in (-1/sqrt(H), 1/sqrt(H)) as PyTorch does:
 * rnn.weight_ih_l0 (H, I), rnn.weight_hh_l0 (H, H), rnn.bias_ih_l0 (H), rnn.bias_hh_l0 (H).
 *
 * Forward and backward, with pre_t the argument of the activation and dh_t the total gradient
 * reaching h_t (from the readout and from step t + 1):
 *
 *     pre_t = x_t W_ih^T + b_ih + b_hh + h_{t-1} W_hh^T    dpre_t = dh_t act'(pre_t)
 *     h_t   = act(pre_t)                                   dh_{t-1} += dpre_t W_hh
 *                                                          dW_hh += dpre_t^T h_{t-1}
 *                                                          dW_ih += dpre_t^T x_t
 *                                                          db_ih = db_hh += sum_b dpre_t
 */
import { Activation, type Kernels } from '../kernels/kernels.js';
import type { Random } from '../random.js';
import type { NamedTensor, TensorSpec } from '../tensor.js';
import { fillUniform, type Cell, type CellKind, type NoiseMode } from './cell.js';

export class RnnCell implements Cell {
  readonly kind: CellKind;
  readonly stateNames = ['h'] as const;
  readonly parameterSpecs: readonly TensorSpec[];
  readonly bufferSpecs: readonly TensorSpec[] = [];
  private readonly activation: Activation;

  private weightIh: NamedTensor | null = null;
  private weightHh: NamedTensor | null = null;
  private biasIh: NamedTensor | null = null;
  private biasHh: NamedTensor | null = null;

  /** States h_0..h_T ((T + 1) * B, H), starting with the initial state. */
  private states = -1;
  /** pre_t for every step (T * B, H), overwritten by dpre_t in backward. */
  private preActivations = -1;

  constructor(
    private readonly kernels: Kernels,
    readonly inputSize: number,
    readonly hiddenSize: number,
    activation: 'tanh' | 'relu',
  ) {
    this.kind = activation === 'tanh' ? 'rnn' : 'rnn-relu';
    this.activation = activation === 'tanh' ? Activation.Tanh : Activation.Relu;
    const h = hiddenSize;
    this.parameterSpecs = [
      { name: 'rnn.weight_ih_l0', shape: [h, inputSize], role: 'weight' },
      { name: 'rnn.weight_hh_l0', shape: [h, h], role: 'weight' },
      { name: 'rnn.bias_ih_l0', shape: [h], role: 'bias' },
      { name: 'rnn.bias_hh_l0', shape: [h], role: 'bias' },
    ];
  }

  /** Size of one state block (B, H) in the last forward pass. */
  private batchStride = 0;

  get output(): number {
    return this.states + this.batchStride;
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
    this.states = this.kernels.alloc((seqLen + 1) * stateSize);
    this.preActivations = this.kernels.alloc(seqLen * stateSize);
  }

  stateOutput(index: number): number {
    if (index !== 0) throw new RangeError(`RNN has one state, got state index ${index}`);
    return this.output;
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
    const i = this.inputSize;
    const stateSize = batch * h;
    const rows = seqLen * batch;
    const weightIh = this.weightIh!.offset;
    const weightHh = this.weightHh!.offset;
    this.batchStride = stateSize;

    // Input projection for all steps at once: pre = X W_ih^T + b_ih + b_hh.
    const pre = this.preActivations;
    k.gemm(false, true, rows, h, i, 1, input, i, weightIh, i, 0, pre, h);
    k.addRowVector(rows, h, this.biasIh!.offset, pre);
    k.addRowVector(rows, h, this.biasHh!.offset, pre);

    k.copy(stateSize, initialStates[0], this.states);
    for (let t = 0; t < seqLen; t++) {
      const hPrevious = this.states + t * stateSize;
      const preStep = pre + t * stateSize;
      k.gemm(false, true, batch, h, h, 1, hPrevious, h, weightHh, h, 1, preStep, h);
      k.rnnForward(stateSize, this.activation, preStep, hPrevious + stateSize);
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
    const stateSize = batch * h;
    const rows = seqLen * batch;
    const weightHh = this.weightHh!.offset;
    const dpre = this.preActivations;

    // dOutput row block t accumulates dh_t: the readout's part on entry, then the recurrent
    // part dpre_{t+1} W_hh added at step t + 1.
    for (let t = seqLen - 1; t >= 0; t--) {
      const hStep = this.states + (t + 1) * stateSize;
      const dh = dOutput + t * stateSize;
      const dpreStep = dpre + t * stateSize;
      k.rnnBackward(stateSize, this.activation, hStep, dh, dpreStep);
      const dhPrevious = t > 0 ? dh - stateSize : dInitialStates[0];
      const beta = t > 0 ? 1 : 0;
      k.gemm(false, false, batch, h, h, 1, dpreStep, h, weightHh, h, beta, dhPrevious, h);
    }

    // Weight and bias gradients for all steps at once, with H_prev = (h_0..h_{T-1}).
    const i = this.inputSize;
    const dWeightHh = this.weightHh!.gradientOffset;
    const dWeightIh = this.weightIh!.gradientOffset;
    k.gemm(true, false, h, h, rows, 1, dpre, h, this.states, h, 1, dWeightHh, h);
    k.gemm(true, false, h, i, rows, 1, dpre, h, input, i, 1, dWeightIh, i);
    k.sumRows(rows, h, dpre, this.biasIh!.gradientOffset, true);
    k.sumRows(rows, h, dpre, this.biasHh!.gradientOffset, true);
  }
}

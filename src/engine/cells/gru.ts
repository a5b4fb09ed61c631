/**
 * Gated recurrent unit, as torch.nn.GRU with one layer:
 *
 *     r_t = sigmoid(W_ir x_t + b_ir + W_hr h_{t-1} + b_hr)
 *     z_t = sigmoid(W_iz x_t + b_iz + W_hz h_{t-1} + b_hz)
 *     n_t = tanh(W_in x_t + b_in + r_t * (W_hn h_{t-1} + b_hn))
 *     h_t = (1 - z_t) * n_t + z_t * h_{t-1}
 *
 * The reset gate multiplies W_hn h_{t-1} + b_hn after the matrix product, as in PyTorch (and
 * cuDNN), not h_{t-1} before it. Parameters, each initialized uniform in (-1/sqrt(H), 1/sqrt(H)),
 * with the gate blocks stacked in the order r, z, n: rnn.weight_ih_l0 (3H, I),
 * rnn.weight_hh_l0 (3H, H), rnn.bias_ih_l0 (3H), rnn.bias_hh_l0 (3H).
 *
 * Forward and backward, with gi_t, gh_t (B, 3H) the input and hidden projections and dh_t the
 * total gradient reaching h_t:
 *
 *     gi_t = x_t W_ih^T + b_ih                 (dgi_t, dgh_t, dh_{t-1}) = gruBackward(dh_t)
 *     gh_t = h_{t-1} W_hh^T + b_hh             dh_{t-1} += dgh_t W_hh
 *     (r, z, n, h_t) = gruForward(gi_t, gh_t)  dW_hh += dgh_t^T h_{t-1}, db_hh += sum_b dgh_t
 *                                              dW_ih += dgi_t^T x_t,     db_ih += sum_b dgi_t
 *
 * where gruBackward applies dn = dh (1 - z), dz = dh (h_{t-1} - n), dn_pre = dn (1 - n^2),
 * dr = dn_pre gh_n, and returns the direct part dh z of dh_{t-1}.
 */
import type { Kernels } from '../kernels/kernels.js';
import type { Random } from '../random.js';
import type { NamedTensor, TensorSpec } from '../tensor.js';
import { fillUniform, type Cell, type NoiseMode } from './cell.js';

export class GruCell implements Cell {
  readonly kind = 'gru' as const;
  readonly stateNames = ['h'] as const;
  readonly parameterSpecs: readonly TensorSpec[];
  readonly bufferSpecs: readonly TensorSpec[] = [];

  private weightIh: NamedTensor | null = null;
  private weightHh: NamedTensor | null = null;
  private biasIh: NamedTensor | null = null;
  private biasHh: NamedTensor | null = null;

  /** Hidden states h_0..h_T ((T + 1) * B, H), starting with the initial state. */
  private states = -1;
  /** Input projections gi_t (T * B, 3H), overwritten by dgi_t in backward. */
  private inputProjections = -1;
  /** Hidden projections gh_t (T * B, 3H), kept because backward needs gh_n. */
  private hiddenProjections = -1;
  /** Gate activations r, z, n (T * B, 3H). */
  private gates = -1;
  /** Hidden projection gradients dgh_t (T * B, 3H). */
  private dHiddenProjections = -1;
  /** Direct part dh z of dh_{t-1} (B, H). */
  private dDirect = -1;
  /** Size of one state block (B, H) in the last forward pass. */
  private batchStride = 0;

  constructor(
    private readonly kernels: Kernels,
    readonly inputSize: number,
    readonly hiddenSize: number,
  ) {
    const h = hiddenSize;
    this.parameterSpecs = [
      { name: 'rnn.weight_ih_l0', shape: [3 * h, inputSize], role: 'weight' },
      { name: 'rnn.weight_hh_l0', shape: [3 * h, h], role: 'weight' },
      { name: 'rnn.bias_ih_l0', shape: [3 * h], role: 'bias' },
      { name: 'rnn.bias_hh_l0', shape: [3 * h], role: 'bias' },
    ];
  }

  get output(): number {
    return this.states + this.batchStride;
  }

  stateOutput(index: number): number {
    if (index !== 0) throw new RangeError(`GRU has one state, got state index ${index}`);
    return this.output;
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
    this.inputProjections = this.kernels.alloc(seqLen * 3 * stateSize);
    this.hiddenProjections = this.kernels.alloc(seqLen * 3 * stateSize);
    this.gates = this.kernels.alloc(seqLen * 3 * stateSize);
    this.dHiddenProjections = this.kernels.alloc(seqLen * 3 * stateSize);
    this.dDirect = this.kernels.alloc(stateSize);
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
    const g = 3 * h;
    const i = this.inputSize;
    const stateSize = batch * h;
    const rows = seqLen * batch;
    const weightIh = this.weightIh!.offset;
    const weightHh = this.weightHh!.offset;
    const biasHh = this.biasHh!.offset;
    this.batchStride = stateSize;

    // Input projection for all steps at once: gi = X W_ih^T + b_ih.
    k.gemm(false, true, rows, g, i, 1, input, i, weightIh, i, 0, this.inputProjections, g);
    k.addRowVector(rows, g, this.biasIh!.offset, this.inputProjections);

    k.copy(stateSize, initialStates[0], this.states);
    for (let t = 0; t < seqLen; t++) {
      const hPrevious = this.states + t * stateSize;
      const gi = this.inputProjections + t * g * batch;
      const gh = this.hiddenProjections + t * g * batch;
      const gatesStep = this.gates + t * g * batch;
      k.gemm(false, true, batch, g, h, 1, hPrevious, h, weightHh, h, 0, gh, g);
      k.addRowVector(batch, g, biasHh, gh);
      k.gruForward(batch, h, gi, gh, hPrevious, gatesStep, hPrevious + stateSize);
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
    const g = 3 * h;
    const i = this.inputSize;
    const stateSize = batch * h;
    const rows = seqLen * batch;
    const weightHh = this.weightHh!.offset;
    const dInputProjections = this.inputProjections;

    // dOutput row block t accumulates dh_t: the readout's part on entry, then the direct part
    // dh_{t+1} z_{t+1} and dgh_{t+1} W_hh added at step t + 1.
    for (let t = seqLen - 1; t >= 0; t--) {
      const hPrevious = this.states + t * stateSize;
      const gh = this.hiddenProjections + t * g * batch;
      const gatesStep = this.gates + t * g * batch;
      const dgi = dInputProjections + t * g * batch;
      const dgh = this.dHiddenProjections + t * g * batch;
      const dh = dOutput + t * stateSize;
      k.gruBackward(batch, h, gatesStep, gh, hPrevious, dh, dgi, dgh, this.dDirect);

      const dhPrevious = t > 0 ? dh - stateSize : dInitialStates[0];
      if (t > 0) k.axpy(stateSize, 1, this.dDirect, dhPrevious);
      else k.copy(stateSize, this.dDirect, dhPrevious);
      k.gemm(false, false, batch, h, g, 1, dgh, g, weightHh, h, 1, dhPrevious, h);
    }

    // Weight and bias gradients for all steps at once, with H_prev = (h_0..h_{T-1}).
    const dWeightHh = this.weightHh!.gradientOffset;
    const dWeightIh = this.weightIh!.gradientOffset;
    const dgh = this.dHiddenProjections;
    k.gemm(true, false, g, h, rows, 1, dgh, g, this.states, h, 1, dWeightHh, h);
    k.gemm(true, false, g, i, rows, 1, dInputProjections, g, input, i, 1, dWeightIh, i);
    k.sumRows(rows, g, dInputProjections, this.biasIh!.gradientOffset, true);
    k.sumRows(rows, g, dgh, this.biasHh!.gradientOffset, true);
  }
}

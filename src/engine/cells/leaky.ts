/**
 * Leaky rate network, the continuous-time RNN of computational neuroscience, discretized with
 * Euler steps as in PsychRNN and Song, Yang and Wang (2016), PLoS Comput Biol 12:e1004792:
 *
 *     x_t = (1 - a) x_{t-1} + a (W_rec r_{t-1} + W_in u_t + b) + sqrt(2a) sigma_rec N(0, 1)
 *     r_t = f(x_t),    a = dt / tau,    f = relu, tanh or softplus
 *
 * with x_0 = h0 (zero or trained) and r_0 = f(x_0). The readout reads r_1..r_T. The effective
 * recurrent matrix is W_rec = M * W, or M * |W| D under Dale's law, where M is the fixed mask
 * (zero diagonal unless self-connections are allowed) and D = diag(+1, ..., -1) signs each
 * column by its presynaptic unit's type.
 *
 * Parameters: rnn.weight_ih_l0 = W_in (H, I), rnn.weight_hh_l0 = W (H, H), rnn.bias_hh_l0 = b
 * (H). Buffers: rnn.mask = M (H, H) when masked, rnn.dale_sign = diag(D) (H) under Dale's law.
 * W_in and b are uniform in (-1/sqrt(H), 1/sqrt(H)), and `fillRecurrentWeights` describes W.
 *
 * Forward and backward, with p_t = W_rec r_{t-1} + W_in u_t + b and dr_t, dx_t the total
 * gradients reaching r_t and x_t:
 *
 *     p_t = u_t W_in^T + b + r_{t-1} W_rec^T    g_t = dx_t + dr_t f'(x_t), dp_t = a g_t
 *     x_t = (1 - a) x_{t-1} + a p_t + noise_t   dx_{t-1} = (1 - a) g_t
 *     r_t = f(x_t)                              dr_{t-1} += dp_t W_rec
 *                                               dW_rec = sum_t dp_t^T r_{t-1}
 *                                               dW = M * dW_rec (* D sign(W) under Dale's law)
 *                                               dW_in += dp_t^T u_t, db += sum_b dp_t
 */
import { Activation, type Kernels } from '../kernels/kernels.js';
import { fillGaussianNoise } from '../noise.js';
import type { Random } from '../random.js';
import type { NamedTensor, TensorSpec } from '../tensor.js';
import { fillUniform, type Cell, type NoiseMode } from './cell.js';
import { fillMask, fillRecurrentWeights, type ResolvedLeakyOptions } from './leaky-connectivity.js';

const ACTIVATION_CODES = {
  relu: Activation.Relu,
  tanh: Activation.Tanh,
  softplus: Activation.Softplus,
} as const;

export class LeakyCell implements Cell {
  readonly kind = 'leaky' as const;
  readonly stateNames = ['h'] as const;
  readonly parameterSpecs: readonly TensorSpec[];
  readonly bufferSpecs: readonly TensorSpec[];
  private readonly activation: Activation;

  private weightIh: NamedTensor | null = null;
  private weightHh: NamedTensor | null = null;
  private bias: NamedTensor | null = null;
  private mask: NamedTensor | null = null;
  private daleSign: NamedTensor | null = null;

  /** Effective recurrent matrix W_rec (H, H), rebuilt at each forward pass. */
  private effectiveWeights = -1;
  /** Gradient of W_rec (H, H). */
  private dEffectiveWeights = -1;
  /** States x_0..x_T and rates r_0..r_T ((T + 1) * B, H) each. */
  private states = -1;
  private rates = -1;
  /** p_t for every step (T * B, H), overwritten by dp_t in backward. */
  private preActivations = -1;
  /** Scaled noise for every step (T * B, H) and the row count of the last draw. */
  private noise = -1;
  private noiseRows = 0;
  /** Running gradient of x (B, H), of r_0 (B, H), and scratch (B, H). */
  private dState = -1;
  private dInitialRate = -1;
  private scratch = -1;
  /** Size of one state block (B, H) in the last forward pass. */
  private batchStride = 0;

  constructor(
    private readonly kernels: Kernels,
    readonly inputSize: number,
    readonly hiddenSize: number,
    readonly options: ResolvedLeakyOptions,
    private readonly noiseRandom: Random,
  ) {
    const h = hiddenSize;
    this.activation = ACTIVATION_CODES[options.activation];
    this.parameterSpecs = [
      { name: 'rnn.weight_ih_l0', shape: [h, inputSize], role: 'weight' },
      { name: 'rnn.weight_hh_l0', shape: [h, h], role: 'weight' },
      { name: 'rnn.bias_hh_l0', shape: [h], role: 'bias' },
    ];
    const buffers: TensorSpec[] = [];
    if (options.masked) buffers.push({ name: 'rnn.mask', shape: [h, h], role: 'buffer' });
    if (options.dale) buffers.push({ name: 'rnn.dale_sign', shape: [h], role: 'buffer' });
    this.bufferSpecs = buffers;
  }

  get output(): number {
    return this.rates + this.batchStride;
  }

  stateOutput(index: number): number {
    if (index !== 0) throw new RangeError(`leaky network has one state, got index ${index}`);
    return this.states + this.batchStride;
  }

  bind(lookup: (name: string) => NamedTensor): void {
    this.weightIh = lookup('rnn.weight_ih_l0');
    this.weightHh = lookup('rnn.weight_hh_l0');
    this.bias = lookup('rnn.bias_hh_l0');
    this.mask = this.options.masked ? lookup('rnn.mask') : null;
    this.daleSign = this.options.dale ? lookup('rnn.dale_sign') : null;
    const size = this.hiddenSize * this.hiddenSize;
    this.effectiveWeights = this.kernels.alloc(size);
    this.dEffectiveWeights = this.kernels.alloc(size);
  }

  initialize(random: Random): void {
    const h = this.hiddenSize;
    const bound = 1 / Math.sqrt(h);
    const data = (): Float32Array | Float64Array => this.kernels.data;
    fillUniform(this.kernels, random, this.weightIh!.offset, this.weightIh!.size, bound);
    const signs = this.daleSign ? this.daleSign.offset : -1;
    fillRecurrentWeights(this.options, h, random, data(), this.weightHh!.offset, signs);
    fillUniform(this.kernels, random, this.bias!.offset, this.bias!.size, bound);
    if (this.mask) {
      fillMask(this.options, h, random, data(), this.mask.offset);
      // Masked-out weights start at zero, so the stored matrix shows the connectivity.
      const weights = this.weightHh!.offset;
      for (let i = 0; i < h * h; i++) {
        if (data()[this.mask.offset + i] === 0) data()[weights + i] = 0;
      }
    }
  }

  allocateWorkspace(seqLen: number, batch: number): void {
    const k = this.kernels;
    const stateSize = batch * this.hiddenSize;
    this.states = k.alloc((seqLen + 1) * stateSize);
    this.rates = k.alloc((seqLen + 1) * stateSize);
    this.preActivations = k.alloc(seqLen * stateSize);
    this.noise = k.alloc(seqLen * stateSize);
    this.noiseRows = 0;
    this.dState = k.alloc(stateSize);
    this.dInitialRate = k.alloc(stateSize);
    this.scratch = k.alloc(stateSize);
  }

  /** Writes W_rec = M * W, or M * |W| D under Dale's law. */
  private buildEffectiveWeights(): void {
    const data = this.kernels.data;
    const h = this.hiddenSize;
    const weights = this.weightHh!.offset;
    const effective = this.effectiveWeights;
    const mask = this.mask ? this.mask.offset : -1;
    const signs = this.daleSign ? this.daleSign.offset : -1;
    for (let i = 0; i < h; i++) {
      for (let j = 0; j < h; j++) {
        const index = i * h + j;
        let w = data[weights + index];
        if (signs >= 0) w = Math.abs(w) * data[signs + j];
        if (mask >= 0) w *= data[mask + index];
        data[effective + index] = w;
      }
    }
  }

  /** Adds dW = M * dW_rec, or M * dW_rec D sign(W) under Dale's law, to W's gradient. */
  private addRecurrentGradient(): void {
    const data = this.kernels.data;
    const h = this.hiddenSize;
    const weights = this.weightHh!.offset;
    const dWeights = this.weightHh!.gradientOffset;
    const dEffective = this.dEffectiveWeights;
    const mask = this.mask ? this.mask.offset : -1;
    const signs = this.daleSign ? this.daleSign.offset : -1;
    for (let i = 0; i < h; i++) {
      for (let j = 0; j < h; j++) {
        const index = i * h + j;
        let dw = data[dEffective + index];
        if (signs >= 0) dw *= data[signs + j] * Math.sign(data[weights + index]);
        if (mask >= 0) dw *= data[mask + index];
        data[dWeights + index] += dw;
      }
    }
  }

  /** Draws sqrt(2a) sigma_rec N(0, 1) for `rows` rows of H units. */
  private drawNoise(rows: number): void {
    const scale = Math.sqrt(2 * this.options.alpha) * this.options.noiseStd;
    const count = rows * this.hiddenSize;
    fillGaussianNoise(this.noiseRandom, this.kernels.data, this.noise, count, scale);
    this.noiseRows = rows;
  }

  forward(
    seqLen: number,
    batch: number,
    input: number,
    initialStates: readonly number[],
    noise: NoiseMode,
  ): void {
    const k = this.kernels;
    const h = this.hiddenSize;
    const i = this.inputSize;
    const a = this.options.alpha;
    const stateSize = batch * h;
    const rows = seqLen * batch;
    const pre = this.preActivations;
    this.batchStride = stateSize;

    let noiseOffset = -1;
    if (noise !== 'off' && this.options.noiseStd > 0) {
      if (noise === 'sample') this.drawNoise(rows);
      else if (this.noiseRows !== rows) {
        throw new Error(
          `Cannot reuse the recurrent noise: the last draw had ${this.noiseRows} rows ` +
            `(time x batch), this sequence has ${rows}`,
        );
      }
      noiseOffset = this.noise;
    }

    // Input projection for all steps at once: p = U W_in^T + b.
    this.buildEffectiveWeights();
    k.gemm(false, true, rows, h, i, 1, input, i, this.weightIh!.offset, i, 0, pre, h);
    k.addRowVector(rows, h, this.bias!.offset, pre);

    // x_0 = h0 and r_0 = f(x_0), written as a step with a = 0.
    const x0 = initialStates[0];
    k.leakyForward(stateSize, this.activation, 0, x0, x0, -1, this.states, this.rates);
    for (let t = 0; t < seqLen; t++) {
      const xPrevious = this.states + t * stateSize;
      const rPrevious = this.rates + t * stateSize;
      const preStep = pre + t * stateSize;
      const weights = this.effectiveWeights;
      k.gemm(false, true, batch, h, h, 1, rPrevious, h, weights, h, 1, preStep, h);
      const noiseStep = noiseOffset >= 0 ? noiseOffset + t * stateSize : -1;
      const xStep = xPrevious + stateSize;
      const rStep = rPrevious + stateSize;
      k.leakyForward(stateSize, this.activation, a, xPrevious, preStep, noiseStep, xStep, rStep);
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
    const i = this.inputSize;
    const a = this.options.alpha;
    const stateSize = batch * h;
    const rows = seqLen * batch;
    const dpre = this.preActivations;
    const weights = this.effectiveWeights;

    // dOutput row block t accumulates dr_t: the readout's part on entry, then dp_{t+1} W_rec.
    k.fill(stateSize, this.dState, 0);
    for (let t = seqLen - 1; t >= 0; t--) {
      const xStep = this.states + (t + 1) * stateSize;
      const rStep = this.rates + (t + 1) * stateSize;
      const dr = dOutput + t * stateSize;
      const dpreStep = dpre + t * stateSize;
      k.leakyBackward(stateSize, this.activation, a, xStep, rStep, dr, this.dState, dpreStep);
      const drPrevious = t > 0 ? dr - stateSize : this.dInitialRate;
      const beta = t > 0 ? 1 : 0;
      k.gemm(false, false, batch, h, h, 1, dpreStep, h, weights, h, beta, drPrevious, h);
    }

    // Through r_0 = f(x_0): dx_0 = dx_0 + dr_0 f'(x_0), as the backward of the a = 0 step.
    const dInitialRate = this.dInitialRate;
    const dState = this.dState;
    const x0 = this.states;
    const r0 = this.rates;
    k.leakyBackward(stateSize, this.activation, 0, x0, r0, dInitialRate, dState, this.scratch);
    k.copy(stateSize, dState, dInitialStates[0]);

    // Weight and bias gradients for all steps at once, with R_prev = (r_0..r_{T-1}).
    const dEffective = this.dEffectiveWeights;
    const dWeightIh = this.weightIh!.gradientOffset;
    k.gemm(true, false, h, h, rows, 1, dpre, h, this.rates, h, 0, dEffective, h);
    this.addRecurrentGradient();
    k.gemm(true, false, h, i, rows, 1, dpre, h, input, i, 1, dWeightIh, i);
    k.sumRows(rows, h, dpre, this.bias!.gradientOffset, true);
  }
}

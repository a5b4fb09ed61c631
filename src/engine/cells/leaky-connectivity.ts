/**
 * Options and connectivity of the leaky rate network: the leak a = dt / tau, Dale's law, the
 * fixed connectivity mask and the initial recurrent weights.
 */
import type { Random } from '../random.js';
import { checkFinite, checkLength } from '../shape.js';

export type LeakyActivation = 'relu' | 'tanh' | 'softplus';

/** Options of a leaky rate network, with PsychRNN's and Song et al. (2016)'s conventions. */
export interface LeakyOptions {
  /** Integration time step in ms, usually the task's dt. */
  dtMs: number;
  /** Membrane time constant in ms, 100 unless given. */
  tauMs?: number;
  /** Rate function r = f(x), relu unless given. */
  activation?: LeakyActivation;
  /** Recurrent noise sigma_rec, scaled by sqrt(2a) at each step, 0 (no noise) unless given. */
  noiseStd?: number;
  /** Whether Dale's law applies: each unit is excitatory or inhibitory. */
  dale?: boolean;
  /** Fraction of excitatory units under Dale's law, 0.8 unless given. */
  excitatoryFraction?: number;
  /** Probability of each connection in a mask drawn from the seed, 1 (all) unless given. */
  connectionProbability?: number;
  /** A fixed connectivity mask (H, H), 1 where W_rec[i, j] connects unit j to unit i. */
  mask?: ArrayLike<number>;
  /** Whether units may connect to themselves, false (zero diagonal) unless given. */
  selfConnections?: boolean;
}

/** Leaky options with every default filled in and checked. */
export interface ResolvedLeakyOptions {
  readonly dtMs: number;
  readonly tauMs: number;
  /** a = dt / tau. */
  readonly alpha: number;
  readonly activation: LeakyActivation;
  readonly noiseStd: number;
  readonly dale: boolean;
  readonly excitatoryCount: number;
  readonly connectionProbability: number;
  readonly mask: ArrayLike<number> | null;
  readonly selfConnections: boolean;
  /** Whether the network has a mask buffer: a given or drawn mask, or a zero diagonal. */
  readonly masked: boolean;
}

/** Fills in the defaults of `options` and checks every value for a network of `hiddenSize`. */
export function resolveLeakyOptions(
  options: LeakyOptions | undefined,
  hiddenSize: number,
): ResolvedLeakyOptions {
  if (options === undefined || options.dtMs === undefined) {
    throw new Error('leaky.dtMs: the leaky network needs the time step in ms, such as 20');
  }
  const dtMs = options.dtMs;
  const tauMs = options.tauMs ?? 100;
  if (!(dtMs > 0) || !Number.isFinite(dtMs)) {
    throw new Error(`leaky.dtMs: expected a positive number of ms, got ${dtMs}`);
  }
  if (!(tauMs > 0) || !Number.isFinite(tauMs)) {
    throw new Error(`leaky.tauMs: expected a positive number of ms, got ${tauMs}`);
  }

  const alpha = dtMs / tauMs;
  if (alpha > 1) {
    throw new Error(
      `leaky: dt / tau = ${dtMs} / ${tauMs} = ${alpha} exceeds 1. Use a dt no larger than tau`,
    );
  }

  const activation = options.activation ?? 'relu';
  if (!['relu', 'tanh', 'softplus'].includes(activation)) {
    throw new Error(
      `leaky.activation: expected 'relu', 'tanh' or 'softplus', got '${String(activation)}'`,
    );
  }

  const noiseStd = options.noiseStd ?? 0;
  if (!(noiseStd >= 0) || !Number.isFinite(noiseStd)) {
    throw new Error(`leaky.noiseStd: expected a non-negative number, got ${noiseStd}`);
  }

  const dale = options.dale ?? false;
  const excitatoryFraction = options.excitatoryFraction ?? 0.8;
  if (!(excitatoryFraction >= 0 && excitatoryFraction <= 1)) {
    throw new Error(
      `leaky.excitatoryFraction: expected a number in [0, 1], got ${excitatoryFraction}`,
    );
  }

  const connectionProbability = options.connectionProbability ?? 1;
  if (!(connectionProbability > 0 && connectionProbability <= 1)) {
    throw new Error(
      `leaky.connectionProbability: expected a number in (0, 1], got ${connectionProbability}`,
    );
  }

  const mask = options.mask ?? null;
  if (mask !== null) {
    checkLength('leaky.mask', mask, [hiddenSize, hiddenSize]);
    checkFinite('leaky.mask', mask, [hiddenSize, hiddenSize]);
  }
  const selfConnections = options.selfConnections ?? false;

  return {
    dtMs,
    tauMs,
    alpha,
    activation,
    noiseStd,
    dale,
    excitatoryCount: Math.round(excitatoryFraction * hiddenSize),
    connectionProbability,
    mask,
    selfConnections,
    masked: mask !== null || connectionProbability < 1 || !selfConnections,
  };
}

/**
 * Fills the mask (H, H): the given mask, or Bernoulli(p) draws, with a zero diagonal unless
 * self-connections are allowed. Writes into `out` at `offset`.
 */
export function fillMask(
  options: ResolvedLeakyOptions,
  hiddenSize: number,
  random: Random,
  out: Float32Array | Float64Array,
  offset: number,
): void {
  for (let i = 0; i < hiddenSize; i++) {
    for (let j = 0; j < hiddenSize; j++) {
      const index = i * hiddenSize + j;
      let connected: number;
      if (options.mask !== null) connected = options.mask[index];
      else if (options.connectionProbability < 1) {
        connected = random.uniform() < options.connectionProbability ? 1 : 0;
      } else connected = 1;
      if (i === j && !options.selfConnections) connected = 0;
      out[offset + index] = connected;
    }
  }
}

/**
 * Fills the initial recurrent weights (H, H). Without Dale's law, every weight is uniform in
 * (-1/sqrt(H), 1/sqrt(H)), as torch.nn.RNN draws them. Under Dale's law the stored weights are
 * magnitudes: uniform in (0, c/sqrt(H)) for excitatory columns and in (0, c rho/sqrt(H)) for
 * inhibitory ones, with rho = N_E / N_I so that a unit's expected excitatory and inhibitory
 * inputs balance, and c = 1 / sqrt(f_E + f_I rho^2) so that the weights' mean square matches
 * the uniform draw's. Fills the Dale signs (+1 for the first N_E units, -1 after) when
 * `signs` is not -1.
 */
export function fillRecurrentWeights(
  options: ResolvedLeakyOptions,
  hiddenSize: number,
  random: Random,
  out: Float32Array | Float64Array,
  weights: number,
  signs: number,
): void {
  const bound = 1 / Math.sqrt(hiddenSize);
  if (!options.dale) {
    for (let i = 0; i < hiddenSize * hiddenSize; i++) {
      out[weights + i] = random.uniformIn(-bound, bound);
    }
    return;
  }
  const excitatory = options.excitatoryCount;
  const inhibitory = hiddenSize - excitatory;
  const ratio = inhibitory > 0 && excitatory > 0 ? excitatory / inhibitory : 1;
  const fractionE = excitatory / hiddenSize;
  const fractionI = inhibitory / hiddenSize;
  const c = 1 / Math.sqrt(fractionE + fractionI * ratio * ratio);
  for (let i = 0; i < hiddenSize; i++) {
    for (let j = 0; j < hiddenSize; j++) {
      const high = j < excitatory ? c * bound : c * ratio * bound;
      out[weights + i * hiddenSize + j] = random.uniformIn(0, high);
    }
  }
  if (signs >= 0) {
    for (let j = 0; j < hiddenSize; j++) out[signs + j] = j < excitatory ? 1 : -1;
  }
}

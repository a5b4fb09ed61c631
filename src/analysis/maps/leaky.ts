/**
 * One-step map of a leaky rate network, the discretised continuous-time model of PsychRNN,
 * Yang et al. 2019 and Song et al. 2016 (recurrent noise left out):
 *
 *   x' = (1 - a) x + a (W_rec f(x) + W_in u + b_in + b),   a = dt / tau,
 *   J = dx'/dx = (1 - a) I + a W_rec diag(f'(x)).
 *
 * Parameters: `rnn.weight_ih_l0` is W_in (H, I), `rnn.weight_hh_l0` the raw recurrent weight W
 * (H, H), `rnn.bias_hh_l0` is b, and the optional `rnn.bias_ih_l0` is b_in. With Dale's law
 * (`rnn.dale_sign` (H) present, the diagonal of D with +1 for excitatory and -1 for inhibitory
 * units) the effective weight is W_rec = (|W| D) * mask, so column j carries unit j's sign;
 * without it W_rec = W * mask. The mask `rnn.mask` (H, H) is all ones when absent.
 */
import type { StateDict } from '../types.js';
import {
  matrixParameter,
  matrixVector,
  parameterShape,
  sigmoid,
  vectorParameter,
  type CellMap,
} from './cell-map.js';

/** Transfer function f of a leaky rate network. */
export type RateActivation = 'tanh' | 'relu' | 'softplus' | 'sigmoid' | 'linear';

/** Settings of a leaky rate network that the state dict does not carry. */
export interface LeakyMapOptions {
  /** a = dt / tau, in (0, 1]. */
  alpha: number;
  /** Transfer function f (default 'relu'). */
  activation?: RateActivation;
}

/** Returns the effective recurrent weight W_rec from W, Dale's signs and the mask. */
export function effectiveRecurrentWeight(stateDict: StateDict, H: number): Float64Array {
  const raw = matrixParameter(stateDict, 'rnn.weight_hh_l0', H, H);
  const mask = stateDict['rnn.mask'] === undefined
    ? new Float64Array(H * H).fill(1)
    : matrixParameter(stateDict, 'rnn.mask', H, H);
  const daleSign = stateDict['rnn.dale_sign'] === undefined
    ? null
    : vectorParameter(stateDict, 'rnn.dale_sign', H);

  const weight = new Float64Array(H * H);
  for (let i = 0; i < H; i++) {
    for (let j = 0; j < H; j++) {
      const w = raw[i * H + j];
      const signed = daleSign === null ? w : Math.abs(w) * daleSign[j];
      weight[i * H + j] = signed * mask[i * H + j];
    }
  }
  return weight;
}

/**
 * Builds the map of a leaky rate network. Its state is x, before the transfer function, not
 * the rate r = f(x) that the readout reads, so searches must start from states x.
 */
export function leakyMap(stateDict: StateDict, options: LeakyMapOptions): CellMap {
  const { alpha } = options;
  const activation = options.activation ?? 'relu';
  if (!(alpha > 0 && alpha <= 1)) {
    throw new Error(`Invalid leak a = dt / tau = ${alpha}: expected a value in (0, 1]`);
  }
  const [H] = parameterShape(stateDict, 'rnn.weight_hh_l0');
  const [, I] = parameterShape(stateDict, 'rnn.weight_ih_l0');
  const weightIn = matrixParameter(stateDict, 'rnn.weight_ih_l0', H, I);
  const biasIn = vectorParameter(stateDict, 'rnn.bias_ih_l0', H);
  const bias = vectorParameter(stateDict, 'rnn.bias_hh_l0', H);
  const weightRec = effectiveRecurrentWeight(stateDict, H);

  const rate = new Float64Array(H);
  const slope = new Float64Array(H);
  const drive = new Float64Array(H);

  function transfer(x: Float64Array): void {
    for (let k = 0; k < H; k++) {
      const value = x[k];
      switch (activation) {
        case 'tanh':
          rate[k] = Math.tanh(value);
          slope[k] = 1 - rate[k] * rate[k];
          break;
        case 'relu':
          rate[k] = Math.max(value, 0);
          slope[k] = value > 0 ? 1 : 0;
          break;
        case 'softplus':
          // log(1 + e^x), written to avoid overflow for large x.
          rate[k] = Math.max(value, 0) + Math.log1p(Math.exp(-Math.abs(value)));
          slope[k] = sigmoid(value);
          break;
        case 'sigmoid':
          rate[k] = sigmoid(value);
          slope[k] = rate[k] * (1 - rate[k]);
          break;
        case 'linear':
          rate[k] = value;
          slope[k] = 1;
          break;
      }
    }
  }

  return {
    cell: 'leaky',
    stateSize: H,
    inputSize: I,
    step(x, u, out) {
      transfer(x);
      matrixVector(weightRec, H, H, rate, drive);
      matrixVector(weightIn, H, I, u, drive, true);
      for (let k = 0; k < H; k++) {
        out[k] = (1 - alpha) * x[k] + alpha * (drive[k] + biasIn[k] + bias[k]);
      }
    },
    jacobian(x, _u, out) {
      transfer(x);
      for (let i = 0; i < H; i++) {
        for (let j = 0; j < H; j++) out[i * H + j] = alpha * weightRec[i * H + j] * slope[j];
        out[i * H + i] += 1 - alpha;
      }
    },
    transposeProduct(x, _u, v, out) {
      transfer(x);
      for (let j = 0; j < H; j++) {
        let sum = 0;
        for (let i = 0; i < H; i++) sum += weightRec[i * H + j] * v[i];
        out[j] = (1 - alpha) * v[j] + alpha * slope[j] * sum;
      }
    },
  };
}

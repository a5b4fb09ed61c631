/**
 * L2 penalties added to the training loss, with their gradients:
 *
 *     weight penalty = lambda_w sum_W sum_ij W_ij^2   over weight matrices (not biases)
 *     rate penalty   = lambda_r mean_{t,b,j} r_tbj^2  over time, batch and units
 *
 * where r is what the readout reads: h for the RNN, LSTM and GRU, the rates f(x) for the leaky
 * network. Both are 0 unless a positive lambda is given.
 */
import type { Kernels } from './kernels/kernels.js';
import type { NamedTensor } from './tensor.js';

export interface Penalties {
  /** lambda_w of the weight penalty. */
  weightL2?: number;
  /** lambda_r of the rate penalty. */
  rateL2?: number;
}

/** Throws unless each given lambda is a finite non-negative number. */
export function checkPenalties(penalties: Penalties): void {
  for (const [name, value] of Object.entries(penalties)) {
    if (value !== undefined && !(value >= 0 && Number.isFinite(value))) {
      throw new Error(`${name}: expected a non-negative number, got ${value}`);
    }
  }
}

/** Returns lambda sum W^2 over the weight matrices and adds 2 lambda W to their gradients. */
export function addWeightPenalty(
  kernels: Kernels,
  tensors: readonly NamedTensor[],
  lambda: number,
): number {
  if (lambda === 0) return 0;
  let sum = 0;
  for (const tensor of tensors) {
    if (tensor.role !== 'weight') continue;
    sum += kernels.sumSquares(tensor.size, tensor.offset);
    kernels.axpy(tensor.size, 2 * lambda, tensor.offset, tensor.gradientOffset);
  }
  return lambda * sum;
}

/**
 * Returns lambda sum r^2 / meanOver over `count` rate values at `rates` and adds its gradient
 * 2 lambda r / meanOver to `dRates`. `meanOver` is `count` for the mean over these rates, and
 * the whole batch's count when they are one part of it.
 */
export function addRatePenalty(
  kernels: Kernels,
  count: number,
  rates: number,
  dRates: number,
  lambda: number,
  meanOver: number = count,
): number {
  if (lambda === 0) return 0;
  const value = (lambda * kernels.sumSquares(count, rates)) / meanOver;
  kernels.axpy(count, (2 * lambda) / meanOver, rates, dRates);
  return value;
}

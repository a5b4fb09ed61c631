import { Activation } from '../kernels.js';

/** Logistic sigmoid 1 / (1 + e^-x), written so that neither branch overflows. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** Softplus log(1 + e^x), computed without overflow for large |x|. */
export function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/** Applies a vanilla or leaky network's activation to x. */
export function activate(activation: Activation, x: number): number {
  if (activation === Activation.Tanh) return Math.tanh(x);
  if (activation === Activation.Relu) return x > 0 ? x : 0;
  return softplus(x);
}

/**
 * Returns act'(x) from the input x and the output y = act(x): 1 - y^2 for tanh, the step
 * function for relu (0 at x = 0, as PyTorch's relu backward has it) and sigmoid(x) for softplus.
 */
export function activationDerivative(activation: Activation, x: number, y: number): number {
  if (activation === Activation.Tanh) return 1 - y * y;
  if (activation === Activation.Relu) return x > 0 ? 1 : 0;
  return sigmoid(x);
}

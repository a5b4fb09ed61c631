import type { Real } from '../kernels.js';

/**
 * Adam step as torch.optim.Adam computes it (PyTorch 1.13 `_single_tensor_adam`):
 * g = grad + weightDecay param, m = beta1 m + (1 - beta1) g, v = beta2 v + (1 - beta2) g^2,
 * param -= (lr / (1 - beta1^step)) m / (sqrt(v) / sqrt(1 - beta2^step) + eps).
 * The gradient buffer is left unchanged.
 */
export function adamStep(
  data: Real,
  n: number,
  param: number,
  grad: number,
  m: number,
  v: number,
  lr: number,
  beta1: number,
  beta2: number,
  eps: number,
  weightDecay: number,
  step: number,
): void {
  const biasCorrection1 = 1 - beta1 ** step;
  const biasCorrection2Sqrt = Math.sqrt(1 - beta2 ** step);
  const stepSize = lr / biasCorrection1;
  for (let i = 0; i < n; i++) {
    const g = data[grad + i] + weightDecay * data[param + i];
    const mi = beta1 * data[m + i] + (1 - beta1) * g;
    const vi = beta2 * data[v + i] + (1 - beta2) * g * g;
    data[m + i] = mi;
    data[v + i] = vi;
    const denominator = Math.sqrt(data[v + i]) / biasCorrection2Sqrt + eps;
    data[param + i] -= (stepSize * data[m + i]) / denominator;
  }
}

/**
 * SGD step as torch.optim.SGD computes it: g = grad + weightDecay param. With momentum,
 * buf = g on the first step and buf = momentum buf + (1 - dampening) g after it, then
 * g = g + momentum buf (Nesterov) or g = buf. Finally param -= lr g. Without momentum the
 * buffer is not touched. The gradient buffer is left unchanged.
 */
export function sgdStep(
  data: Real,
  n: number,
  param: number,
  grad: number,
  momentumBuffer: number,
  lr: number,
  momentum: number,
  dampening: number,
  weightDecay: number,
  nesterov: boolean,
  firstStep: boolean,
): void {
  for (let i = 0; i < n; i++) {
    let g = data[grad + i] + weightDecay * data[param + i];
    if (momentum !== 0) {
      const buffer = firstStep
        ? g
        : momentum * data[momentumBuffer + i] + (1 - dampening) * g;
      data[momentumBuffer + i] = buffer;
      const stored = data[momentumBuffer + i];
      g = nesterov ? g + momentum * stored : stored;
    }
    data[param + i] -= lr * g;
  }
}

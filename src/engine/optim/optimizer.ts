/**
 * The optimizer interface and gradient clipping. Optimizers update a network's whole parameter
 * block with one kernel call, using the gradients that `lossAndGradients` left.
 */
import type { Kernels } from '../kernels/kernels.js';
import type { ParameterBlock } from '../parameter-block.js';

export interface Optimizer {
  /** Learning rate, which a schedule may change between steps. */
  learningRate: number;
  /** Number of steps taken so far. */
  readonly stepCount: number;
  /** Updates every parameter from its gradient. */
  step(): void;
}

/** The parameters an optimizer updates: the kernels and a network's parameter block. */
export interface OptimizerTarget {
  readonly kernels: Kernels;
  readonly parameterBlock: ParameterBlock;
}

/**
 * Scales the gradients so that their total L2 norm is at most `maxNorm`, as
 * torch.nn.utils.clip_grad_norm_ does: with N = sqrt(sum g^2) over every parameter, each
 * gradient is multiplied by maxNorm / (N + 1e-6) when that factor is below 1. Returns N, the
 * norm before clipping.
 */
export function clipGradNorm(target: OptimizerTarget, maxNorm: number): number {
  if (!(maxNorm > 0)) throw new Error(`clipGradNorm: maxNorm must be positive, got ${maxNorm}`);
  const { kernels, parameterBlock } = target;
  const norm = Math.sqrt(kernels.sumSquares(parameterBlock.size, parameterBlock.gradientOffset));
  const factor = maxNorm / (norm + 1e-6);
  if (factor < 1) kernels.scale(parameterBlock.size, parameterBlock.gradientOffset, factor);
  return norm;
}

/** Returns the total L2 norm of the gradients. */
export function gradientNorm(target: OptimizerTarget): number {
  const { kernels, parameterBlock } = target;
  return Math.sqrt(kernels.sumSquares(parameterBlock.size, parameterBlock.gradientOffset));
}

/** Throws unless `value` is a finite number at least `minimum` (and not equal to it if open). */
export function checkHyperparameter(
  name: string,
  value: number,
  minimum: number,
  maximum = Infinity,
): void {
  if (!(value >= minimum && value <= maximum) || !Number.isFinite(value)) {
    const range = maximum === Infinity ? `at least ${minimum}` : `in [${minimum}, ${maximum}]`;
    throw new Error(`${name}: expected a finite number ${range}, got ${value}`);
  }
}

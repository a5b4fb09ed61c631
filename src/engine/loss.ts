/**
 * Training losses over a sequence batch, reduced as PyTorch users write them. With outputs y
 * (T, B, O), an optional per-step mask m (T, B) and targets as below:
 *
 *     cross-entropy = sum_{t,b} m_tb CE(y_tb, k_tb) / sum_{t,b} m_tb
 *         with CE(y, k) = logsumexp(y) - y_k and class indices k (T, B) stored as numbers;
 *         without a mask this is the mean over T * B steps, as nn.CrossEntropyLoss gives.
 *     mse = sum_{t,b} m_tb sum_o (y_tbo - s_tbo)^2 / (O sum_{t,b} m_tb)
 *         with targets s (T, B, O). Without a mask this is nn.MSELoss's mean over all values.
 */
import type { Kernels } from './kernels/kernels.js';
import { checkFinite, checkLength, formatShape, unravelIndex } from './shape.js';

export type LossName = 'cross-entropy' | 'mse';

export interface Loss {
  readonly name: LossName;
  /** Number of target values per step and batch column: 1 class index, or O values. */
  targetsPerStep(outputSize: number): number;
  /** Throws unless `targets` fits a (seqLen, batch) sequence of `outputSize` outputs. */
  checkTargets(targets: ArrayLike<number>, seqLen: number, batch: number, outputSize: number): void;
  /**
   * Returns the reduced loss of outputs (rows, O) against targets and writes its gradient
   * dL/dy (rows, O). `weights` (rows) is the mask, or -1 for none, and `weightSum` its sum.
   */
  evaluate(
    kernels: Kernels,
    rows: number,
    outputSize: number,
    outputs: number,
    targets: number,
    weights: number,
    weightSum: number,
    dOutputs: number,
  ): number;
}

/** Softmax cross-entropy per step against class indices (T, B). */
export const crossEntropyLoss: Loss = {
  name: 'cross-entropy',
  targetsPerStep: () => 1,
  checkTargets(targets, seqLen, batch, outputSize) {
    const shape = [seqLen, batch];
    checkLength('targets', targets, shape);
    for (let i = 0; i < targets.length; i++) {
      const target = targets[i];
      if (!Number.isInteger(target) || target < 0 || target >= outputSize) {
        throw new Error(
          `targets: value at ${formatShape(unravelIndex(i, shape))} is ${target}, ` +
            `but cross-entropy needs class indices 0..${outputSize - 1}`,
        );
      }
    }
  },
  evaluate(kernels, rows, outputSize, outputs, targets, weights, weightSum, dOutputs) {
    const scale = 1 / weightSum;
    const total = kernels.softmaxCrossEntropy(
      rows,
      outputSize,
      outputs,
      targets,
      weights,
      scale,
      dOutputs,
    );
    return total * scale;
  },
};

/** Mean squared error against targets (T, B, O). */
export const meanSquaredErrorLoss: Loss = {
  name: 'mse',
  targetsPerStep: (outputSize) => outputSize,
  checkTargets(targets, seqLen, batch, outputSize) {
    const shape = [seqLen, batch, outputSize];
    checkLength('targets', targets, shape);
    checkFinite('targets', targets, shape);
  },
  evaluate(kernels, rows, outputSize, outputs, targets, weights, weightSum, dOutputs) {
    const scale = 1 / (weightSum * outputSize);
    const total = kernels.squaredError(
      rows,
      outputSize,
      outputs,
      targets,
      weights,
      scale,
      dOutputs,
    );
    return total * scale;
  },
};

/** Returns the loss with the given name. */
export function lossByName(name: LossName): Loss {
  if (name === 'cross-entropy') return crossEntropyLoss;
  if (name === 'mse') return meanSquaredErrorLoss;
  throw new Error(`Unknown loss '${String(name)}': expected 'cross-entropy' or 'mse'`);
}

/**
 * Checks a per-step mask (T, B): finite, non-negative, with a positive sum (or a zero sum with
 * `allowZero`), which it returns.
 */
export function checkMask(
  mask: ArrayLike<number>,
  seqLen: number,
  batch: number,
  options: { allowZero?: boolean } = {},
): number {
  const shape = [seqLen, batch];
  checkLength('mask', mask, shape);
  checkFinite('mask', mask, shape);
  let sum = 0;
  for (let i = 0; i < mask.length; i++) {
    if (mask[i] < 0) {
      throw new Error(
        `mask: value at ${formatShape(unravelIndex(i, shape))} is ${mask[i]}, ` +
          'but mask weights must be non-negative',
      );
    }
    sum += mask[i];
  }
  if (!(sum > 0) && !options.allowZero) {
    throw new Error(
      'mask: every weight is zero, so the loss is undefined. Give some steps a weight',
    );
  }
  return sum;
}

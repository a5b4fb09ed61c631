import type { Real } from '../kernels.js';

/**
 * Softmax cross-entropy per row of logits (rows, classes): loss = logsumexp(l) - l[target].
 * Returns sum over rows of weight * loss and writes dlogits = scale * weight * (softmax - onehot).
 * `weights` = -1 means weight 1 for every row. dlogits may be the same block as logits.
 */
export function softmaxCrossEntropy(
  data: Real,
  rows: number,
  classes: number,
  logits: number,
  targets: number,
  weights: number,
  scale: number,
  dlogits: number,
): number {
  let total = 0;
  for (let row = 0; row < rows; row++) {
    const l = logits + row * classes;
    const dl = dlogits + row * classes;
    const target = data[targets + row];
    if (!Number.isInteger(target) || target < 0 || target >= classes) {
      throw new RangeError(
        `softmaxCrossEntropy: target ${target} at row ${row} is not a class index ` +
          `in [0, ${classes})`,
      );
    }
    const weight = weights < 0 ? 1 : data[weights + row];

    let max = -Infinity;
    for (let j = 0; j < classes; j++) max = Math.max(max, data[l + j]);
    let sumExp = 0;
    for (let j = 0; j < classes; j++) sumExp += Math.exp(data[l + j] - max);
    const logSumExp = max + Math.log(sumExp);
    total += weight * (logSumExp - data[l + target]);

    const factor = scale * weight;
    for (let j = 0; j < classes; j++) {
      const probability = Math.exp(data[l + j] - logSumExp);
      data[dl + j] = factor * (probability - (j === target ? 1 : 0));
    }
  }
  return total;
}

/**
 * Squared error of y (rows, cols) against targets of the same shape. Returns
 * sum over rows of weight * sum_j (y - target)^2 and writes dy = scale * 2 * weight * (y - target).
 * `weights` = -1 means weight 1 for every row. dy may be the same block as y.
 */
export function squaredError(
  data: Real,
  rows: number,
  cols: number,
  y: number,
  targets: number,
  weights: number,
  scale: number,
  dy: number,
): number {
  let total = 0;
  for (let row = 0; row < rows; row++) {
    const weight = weights < 0 ? 1 : data[weights + row];
    const factor = 2 * scale * weight;
    let rowSum = 0;
    for (let j = 0; j < cols; j++) {
      const i = row * cols + j;
      const error = data[y + i] - data[targets + i];
      rowSum += error * error;
      data[dy + i] = factor * error;
    }
    total += weight * rowSum;
  }
  return total;
}

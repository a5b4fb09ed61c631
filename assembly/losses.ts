// Losses with their gradients, one row at a time in float64: rows are few (batch times steps)
// and classes or outputs fewer, so this is not where a training step spends its time.

import { address } from './memory';

/**
 * Softmax cross-entropy per row of logits (rows, classes) against class indices stored as
 * float32 in `targets` (rows). `weights` (rows) multiplies each row's loss, or is negative for
 * weight 1. Writes dlogits = scale weight (softmax - onehot) and returns the weighted sum of
 * losses, or NaN before writing anything when a target is not an integer in [0, classes).
 */
export function softmaxCrossEntropy(
  rows: i32,
  classes: i32,
  logits: i32,
  targets: i32,
  weights: i32,
  scale: f64,
  dlogits: i32,
): f64 {
  const ptargets = address(targets);
  for (let r = 0; r < rows; r++) {
    const target = <f64>load<f32>(ptargets + ((<usize>r) << 2));
    if (!(target >= 0 && target < classes && Math.floor(target) == target)) return NaN;
  }

  const pweights = address(weights);
  let total: f64 = 0;
  for (let r = 0; r < rows; r++) {
    const row = address(logits + r * classes);
    const drow = address(dlogits + r * classes);
    const target = <i32>load<f32>(ptargets + ((<usize>r) << 2));
    const weight: f64 = weights < 0 ? 1 : <f64>load<f32>(pweights + ((<usize>r) << 2));

    let maximum = -Infinity;
    for (let q = 0; q < classes; q++) maximum = Math.max(maximum, <f64>load<f32>(row + (q << 2)));
    let sum: f64 = 0;
    for (let q = 0; q < classes; q++) sum += Math.exp(<f64>load<f32>(row + (q << 2)) - maximum);
    const logSumExp = maximum + Math.log(sum);
    total += weight * (logSumExp - <f64>load<f32>(row + (target << 2)));

    const factor = scale * weight;
    for (let q = 0; q < classes; q++) {
      const probability = Math.exp(<f64>load<f32>(row + (q << 2)) - logSumExp);
      const onehot: f64 = q == target ? 1 : 0;
      store<f32>(drow + (q << 2), <f32>(factor * (probability - onehot)));
    }
  }
  return total;
}

/**
 * Squared error per element of y (rows, cols) against targets of the same shape; `weights`
 * (rows) multiplies each row, or is negative for weight 1. Writes dy = scale 2 weight
 * (y - target) and returns the weighted sum of squared errors.
 */
export function squaredError(
  rows: i32,
  cols: i32,
  y: i32,
  targets: i32,
  weights: i32,
  scale: f64,
  dy: i32,
): f64 {
  const pweights = address(weights);
  let total: f64 = 0;
  for (let r = 0; r < rows; r++) {
    const start = <usize>(r * cols);
    const weight: f64 = weights < 0 ? 1 : <f64>load<f32>(pweights + ((<usize>r) << 2));
    const factor = 2 * scale * weight;
    let rowSum: f64 = 0;
    for (let q = 0; q < cols; q++) {
      const o = (start + q) << 2;
      const error = <f64>load<f32>(address(y) + o) - <f64>load<f32>(address(targets) + o);
      rowSum += error * error;
      store<f32>(address(dy) + o, <f32>(factor * error));
    }
    total += weight * rowSum;
  }
  return total;
}

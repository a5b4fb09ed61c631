// Element-wise kernels and reductions on float32 vectors, four lanes at a time with a scalar
// tail. Offsets are in float32 elements.

import { address } from './memory';

/** y[i] = x[i] for i < n; overlapping ranges are copied as if through a temporary. */
export function copy(n: i32, x: i32, y: i32): void {
  if (n <= 0) return;
  memory.copy(address(y), address(x), (<usize>n) << 2);
}

/** x[i] = value for i < n. */
export function fill(n: i32, x: i32, value: f32): void {
  const p = address(x);
  const v = f32x4.splat(value);
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(p + ((<usize>i) << 2), v);
  for (; i < n; i++) store<f32>(p + ((<usize>i) << 2), value);
}

/** y[i] += alpha x[i] for i < n. */
export function axpy(n: i32, alpha: f32, x: i32, y: i32): void {
  const px = address(x);
  const py = address(y);
  const va = f32x4.splat(alpha);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const offset = (<usize>i) << 2;
    const scaled = f32x4.mul(va, v128.load(px + offset));
    v128.store(py + offset, f32x4.add(v128.load(py + offset), scaled));
  }
  for (; i < n; i++) {
    const offset = (<usize>i) << 2;
    store<f32>(py + offset, load<f32>(py + offset) + alpha * load<f32>(px + offset));
  }
}

/** x[i] *= alpha for i < n. */
export function scale(n: i32, x: i32, alpha: f32): void {
  const px = address(x);
  const va = f32x4.splat(alpha);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const offset = (<usize>i) << 2;
    v128.store(px + offset, f32x4.mul(v128.load(px + offset), va));
  }
  for (; i < n; i++) {
    const offset = (<usize>i) << 2;
    store<f32>(px + offset, load<f32>(px + offset) * alpha);
  }
}

/** Returns the sum of x[i]^2 for i < n, accumulated in float64. */
export function sumSquares(n: i32, x: i32): f64 {
  const px = address(x);
  let low = f64x2.splat(0);
  let high = f64x2.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const v = v128.load(px + ((<usize>i) << 2));
    const v0 = f64x2.promote_low_f32x4(v);
    const v1 = f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 2, 3));
    low = f64x2.add(low, f64x2.mul(v0, v0));
    high = f64x2.add(high, f64x2.mul(v1, v1));
  }
  const both = f64x2.add(low, high);
  let sum = f64x2.extract_lane(both, 0) + f64x2.extract_lane(both, 1);
  for (; i < n; i++) {
    const value = <f64>load<f32>(px + ((<usize>i) << 2));
    sum += value * value;
  }
  return sum;
}

/** Returns 1 when every x[i], i < n, is finite, else 0. */
export function allFinite(n: i32, x: i32): i32 {
  // x * 0 is 0 for finite x and NaN for infinities and NaN, so one sum detects both.
  const px = address(x);
  const zero = f32x4.splat(0);
  let sum = zero;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    sum = f32x4.add(sum, f32x4.mul(v128.load(px + ((<usize>i) << 2)), zero));
  }
  let tail: f32 = 0;
  for (; i < n; i++) tail += load<f32>(px + ((<usize>i) << 2)) * 0;
  const lanes =
    f32x4.extract_lane(sum, 0) +
    f32x4.extract_lane(sum, 1) +
    f32x4.extract_lane(sum, 2) +
    f32x4.extract_lane(sum, 3);
  return lanes + tail == 0 ? 1 : 0;
}

/** Adds the row vector `bias` (cols) to every row of the rows x cols matrix at `x`. */
export function addRowVector(rows: i32, cols: i32, bias: i32, x: i32): void {
  for (let r = 0; r < rows; r++) addRow(cols, bias, x + r * cols);
}

/** y[j] += x[j] for j < cols. */
// @ts-ignore: decorator
@inline
function addRow(cols: i32, x: i32, y: i32): void {
  const px = address(x);
  const py = address(y);
  let j = 0;
  for (; j + 4 <= cols; j += 4) {
    const offset = (<usize>j) << 2;
    v128.store(py + offset, f32x4.add(v128.load(py + offset), v128.load(px + offset)));
  }
  for (; j < cols; j++) {
    const offset = (<usize>j) << 2;
    store<f32>(py + offset, load<f32>(py + offset) + load<f32>(px + offset));
  }
}

/** out[c] (+)= sum over r of x[r, c] for a rows x cols matrix; overwrites unless accumulate. */
export function sumRows(rows: i32, cols: i32, x: i32, out: i32, accumulate: bool): void {
  // Rows are added one after the other, so x is read in order and out stays in cache.
  if (!accumulate) fill(cols, out, 0);
  for (let r = 0; r < rows; r++) addRow(cols, x + r * cols, out);
}

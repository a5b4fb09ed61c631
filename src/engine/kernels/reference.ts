/**
 * The reference kernels: every method of `Kernels` in plain TypeScript, on a Float32Array or a
 * Float64Array. The WebAssembly kernels are tested against these, and they are the fallback
 * where WebAssembly is not available.
 */
import type { Activation, DType, Kernels, Real } from './kernels.js';
import { gemmReference } from './reference/gemm.js';
import {
  gruBackward,
  gruForward,
  leakyBackward,
  leakyForward,
  lstmBackward,
  lstmForward,
  rnnBackward,
  rnnForward,
} from './reference/cells.js';
import { softmaxCrossEntropy, squaredError } from './reference/losses.js';
import { adamStep, sgdStep } from './reference/optimizers.js';

const ALIGNMENT_BYTES = 16;
const INITIAL_CAPACITY_BYTES = 1 << 16;

/** Creates plain TypeScript kernels storing every tensor as float32 or float64. */
export function createReferenceKernels(dtype: DType): Kernels {
  if (dtype !== 'float32' && dtype !== 'float64') {
    throw new Error(`Unknown dtype '${String(dtype)}': expected 'float32' or 'float64'`);
  }
  return new ReferenceKernels(dtype);
}

class ReferenceKernels implements Kernels {
  readonly name: string;
  readonly dtype: DType;
  private block: Real;
  private top = 0;
  private readonly alignment: number;

  constructor(dtype: DType) {
    this.dtype = dtype;
    this.name = `typescript-${dtype}`;
    const bytesPerElement = dtype === 'float32' ? 4 : 8;
    this.alignment = ALIGNMENT_BYTES / bytesPerElement;
    this.block = this.createBlock(INITIAL_CAPACITY_BYTES / bytesPerElement);
  }

  get data(): Real {
    return this.block;
  }

  alloc(n: number): number {
    if (!Number.isSafeInteger(n) || n < 0) {
      throw new RangeError(`alloc: size must be a non-negative integer, got ${n}`);
    }
    const offset = Math.ceil(this.top / this.alignment) * this.alignment;
    const end = offset + n;
    if (end > this.block.length) this.grow(end);
    // Memory freed by `release` may hold old values, and alloc promises zeros.
    this.block.fill(0, offset, end);
    this.top = end;
    return offset;
  }

  mark(): number {
    return this.top;
  }

  release(mark: number): void {
    if (!Number.isSafeInteger(mark) || mark < 0 || mark > this.top) {
      throw new RangeError(`release: mark ${mark} is not between 0 and the top ${this.top}`);
    }
    this.top = mark;
  }

  private createBlock(length: number): Real {
    return this.dtype === 'float32' ? new Float32Array(length) : new Float64Array(length);
  }

  /** Replaces the block by one at least twice as large that holds `needed` elements. */
  private grow(needed: number): void {
    let length = this.block.length;
    while (length < needed) length *= 2;
    const bigger = this.createBlock(length);
    bigger.set(this.block.subarray(0, this.top));
    this.block = bigger;
  }

  gemm(
    transA: boolean,
    transB: boolean,
    m: number,
    n: number,
    k: number,
    alpha: number,
    a: number,
    lda: number,
    b: number,
    ldb: number,
    beta: number,
    c: number,
    ldc: number,
  ): void {
    gemmReference(this.block, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
  }

  copy(n: number, x: number, y: number): void {
    this.block.copyWithin(y, x, x + n);
  }

  fill(n: number, x: number, value: number): void {
    this.block.fill(value, x, x + n);
  }

  axpy(n: number, alpha: number, x: number, y: number): void {
    const data = this.block;
    for (let i = 0; i < n; i++) data[y + i] += alpha * data[x + i];
  }

  scale(n: number, x: number, alpha: number): void {
    const data = this.block;
    for (let i = 0; i < n; i++) data[x + i] *= alpha;
  }

  sumSquares(n: number, x: number): number {
    const data = this.block;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += data[x + i] * data[x + i];
    return sum;
  }

  allFinite(n: number, x: number): boolean {
    const data = this.block;
    for (let i = 0; i < n; i++) {
      // x - x is 0 for finite x and NaN for NaN and both infinities.
      if (data[x + i] - data[x + i] !== 0) return false;
    }
    return true;
  }

  addRowVector(rows: number, cols: number, bias: number, x: number): void {
    const data = this.block;
    for (let r = 0; r < rows; r++) {
      const row = x + r * cols;
      for (let j = 0; j < cols; j++) data[row + j] += data[bias + j];
    }
  }

  sumRows(rows: number, cols: number, x: number, out: number, accumulate: boolean): void {
    const data = this.block;
    if (!accumulate) data.fill(0, out, out + cols);
    for (let r = 0; r < rows; r++) {
      const row = x + r * cols;
      for (let j = 0; j < cols; j++) data[out + j] += data[row + j];
    }
  }

  rnnForward(n: number, activation: Activation, pre: number, h: number): void {
    rnnForward(this.block, n, activation, pre, h);
  }

  rnnBackward(n: number, activation: Activation, h: number, dh: number, dpre: number): void {
    rnnBackward(this.block, n, activation, h, dh, dpre);
  }

  lstmForward(
    batch: number,
    hidden: number,
    gates: number,
    cPrev: number,
    c: number,
    h: number,
  ): void {
    lstmForward(this.block, batch, hidden, gates, cPrev, c, h);
  }

  lstmBackward(
    batch: number,
    hidden: number,
    gates: number,
    cPrev: number,
    c: number,
    dh: number,
    dc: number,
    dgates: number,
  ): void {
    lstmBackward(this.block, batch, hidden, gates, cPrev, c, dh, dc, dgates);
  }

  gruForward(
    batch: number,
    hidden: number,
    gi: number,
    gh: number,
    hPrev: number,
    gates: number,
    h: number,
  ): void {
    gruForward(this.block, batch, hidden, gi, gh, hPrev, gates, h);
  }

  gruBackward(
    batch: number,
    hidden: number,
    gates: number,
    gh: number,
    hPrev: number,
    dh: number,
    dgi: number,
    dgh: number,
    dhPrev: number,
  ): void {
    gruBackward(this.block, batch, hidden, gates, gh, hPrev, dh, dgi, dgh, dhPrev);
  }

  leakyForward(
    n: number,
    activation: Activation,
    alpha: number,
    xPrev: number,
    pre: number,
    noise: number,
    x: number,
    r: number,
  ): void {
    leakyForward(this.block, n, activation, alpha, xPrev, pre, noise, x, r);
  }

  leakyBackward(
    n: number,
    activation: Activation,
    alpha: number,
    x: number,
    r: number,
    dr: number,
    dx: number,
    dpre: number,
  ): void {
    leakyBackward(this.block, n, activation, alpha, x, r, dr, dx, dpre);
  }

  softmaxCrossEntropy(
    rows: number,
    classes: number,
    logits: number,
    targets: number,
    weights: number,
    scale: number,
    dlogits: number,
  ): number {
    return softmaxCrossEntropy(this.block, rows, classes, logits, targets, weights, scale, dlogits);
  }

  squaredError(
    rows: number,
    cols: number,
    y: number,
    targets: number,
    weights: number,
    scale: number,
    dy: number,
  ): number {
    return squaredError(this.block, rows, cols, y, targets, weights, scale, dy);
  }

  adamStep(
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
    adamStep(this.block, n, param, grad, m, v, lr, beta1, beta2, eps, weightDecay, step);
  }

  sgdStep(
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
    sgdStep(
      this.block,
      n,
      param,
      grad,
      momentumBuffer,
      lr,
      momentum,
      dampening,
      weightDecay,
      nesterov,
      firstStep,
    );
  }
}

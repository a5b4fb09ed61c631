import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { Activation, type Kernels } from '../../src/engine/kernels/kernels.js';
import { createReferenceKernels } from '../../src/engine/kernels/reference.js';
import { createKernels } from '../../src/engine/kernels/select.js';
import { supportedWasmVariants } from '../../src/engine/kernels/wasm.js';
import { Random } from '../../src/engine/random.js';

/** Allocates a tensor filled with uniform draws in [low, high) and returns its offset. */
function allocRandom(kernels: Kernels, random: Random, n: number, low = -1, high = 1): number {
  const offset = kernels.alloc(n);
  for (let i = 0; i < n; i++) kernels.data[offset + i] = random.uniformIn(low, high);
  return offset;
}

function read(kernels: Kernels, offset: number, n: number): number[] {
  return Array.from(kernels.data.subarray(offset, offset + n));
}

function assertClose(actual: number, expected: number, tolerance: number, label: string): void {
  const scale = Math.max(Math.abs(actual), Math.abs(expected), 1e-12);
  assert.ok(
    Math.abs(actual - expected) / scale < tolerance || Math.abs(actual - expected) < 1e-12,
    `${label}: got ${actual}, expected ${expected}`,
  );
}

/**
 * Checks `gradient` against central differences of `loss` with respect to every element of the
 * tensor at `input` (n elements).
 */
function checkGradient(
  kernels: Kernels,
  input: number,
  n: number,
  gradient: number[],
  loss: () => number,
  label: string,
): void {
  const h = 1e-6;
  for (let i = 0; i < n; i++) {
    const saved = kernels.data[input + i];
    kernels.data[input + i] = saved + h;
    const plus = loss();
    kernels.data[input + i] = saved - h;
    const minus = loss();
    kernels.data[input + i] = saved;
    assertClose(gradient[i], (plus - minus) / (2 * h), 1e-6, `${label}[${i}]`);
  }
}

describe('reference kernel memory', () => {
  it('aligns every allocation to 16 bytes', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      const kernels = createReferenceKernels(dtype);
      const perElement = dtype === 'float32' ? 4 : 8;
      for (const n of [1, 3, 7, 10]) {
        const offset = kernels.alloc(n);
        assert.equal((offset * perElement) % 16, 0, `${dtype} offset ${offset}`);
      }
    }
  });

  it('grows the block and keeps the contents', () => {
    const kernels = createReferenceKernels('float32');
    const first = kernels.alloc(4);
    kernels.data.set([1, 2, 3, 4], first);
    const before = kernels.data;
    const big = kernels.alloc(1_000_000);
    assert.notEqual(kernels.data, before);
    assert.ok(kernels.data.length >= big + 1_000_000);
    assert.deepEqual(read(kernels, first, 4), [1, 2, 3, 4]);
  });

  it('zeroes memory reused after release', () => {
    const kernels = createReferenceKernels('float64');
    const mark = kernels.mark();
    const a = kernels.alloc(8);
    kernels.fill(8, a, 5);
    kernels.release(mark);
    const b = kernels.alloc(8);
    assert.equal(b, a);
    assert.deepEqual(read(kernels, b, 8), new Array(8).fill(0));
  });

  it('rejects invalid sizes and marks', () => {
    const kernels = createReferenceKernels('float32');
    assert.throws(() => kernels.alloc(-1), /non-negative integer/);
    assert.throws(() => kernels.release(kernels.mark() + 100), /not between/);
  });
});

describe('reference gemm', () => {
  const cases = [
    [false, false],
    [false, true],
    [true, false],
    [true, true],
  ] as const;

  for (const [transA, transB] of cases) {
    it(`matches the definition for transA=${transA} transB=${transB}`, () => {
      const kernels = createReferenceKernels('float64');
      const random = new Random(1);
      const m = 5;
      const n = 4;
      const k = 3;
      // Leading dimensions larger than the row lengths test the strides.
      const lda = (transA ? m : k) + 2;
      const ldb = (transB ? k : n) + 1;
      const ldc = n + 3;
      const a = allocRandom(kernels, random, (transA ? k : m) * lda);
      const b = allocRandom(kernels, random, (transB ? n : k) * ldb);
      const c = allocRandom(kernels, random, m * ldc);
      const cBefore = read(kernels, c, m * ldc);
      const alpha = 0.7;
      const beta = -0.3;
      kernels.gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);

      const data = kernels.data;
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          let sum = 0;
          for (let p = 0; p < k; p++) {
            const aip = transA ? data[a + p * lda + i] : data[a + i * lda + p];
            const bpj = transB ? data[b + j * ldb + p] : data[b + p * ldb + j];
            sum += aip * bpj;
          }
          const expected = alpha * sum + beta * cBefore[i * ldc + j];
          assertClose(data[c + i * ldc + j], expected, 1e-12, `C[${i}, ${j}]`);
        }
        for (let j = n; j < ldc; j++) {
          assert.equal(data[c + i * ldc + j], cBefore[i * ldc + j], 'padding is untouched');
        }
      }
    });

    it(`overwrites NaN in C when beta is 0 (transA=${transA} transB=${transB})`, () => {
      const kernels = createReferenceKernels('float32');
      const a = kernels.alloc(4);
      const b = kernels.alloc(4);
      const c = kernels.alloc(4);
      kernels.fill(4, a, 1);
      kernels.fill(4, b, 2);
      kernels.fill(4, c, NaN);
      kernels.gemm(transA, transB, 2, 2, 2, 1, a, 2, b, 2, 0, c, 2);
      assert.deepEqual(read(kernels, c, 4), [4, 4, 4, 4]);
    });
  }
});

describe('reference gemm sizes', () => {
  it('matches the definition for sizes that are not multiples of four', () => {
    const random = new Random(12);
    for (const [transA, transB] of [
      [false, false],
      [false, true],
      [true, false],
      [true, true],
    ] as const) {
      for (const [m, n, k] of [
        [1, 1, 1],
        [3, 7, 5],
        [8, 4, 9],
        [13, 6, 12],
      ]) {
        const kernels = createReferenceKernels('float64');
        const a = allocRandom(kernels, random, m * k);
        const b = allocRandom(kernels, random, k * n);
        const c = allocRandom(kernels, random, m * n);
        const before = read(kernels, c, m * n);
        const lda = transA ? m : k;
        const ldb = transB ? k : n;
        kernels.gemm(transA, transB, m, n, k, 1.5, a, lda, b, ldb, 0.5, c, n);
        const data = kernels.data;
        for (let i = 0; i < m; i++) {
          for (let j = 0; j < n; j++) {
            let sum = 0;
            for (let p = 0; p < k; p++) {
              const aip = transA ? data[a + p * lda + i] : data[a + i * lda + p];
              const bpj = transB ? data[b + j * ldb + p] : data[b + p * ldb + j];
              sum += aip * bpj;
            }
            const expected = 1.5 * sum + 0.5 * before[i * n + j];
            const label = `${transA ? 'T' : 'N'}${transB ? 'T' : 'N'} ${m}x${n}x${k} C[${i}, ${j}]`;
            assertClose(data[c + i * n + j], expected, 1e-12, label);
          }
        }
      }
    }
  });
});

describe('reference element-wise kernels', () => {
  it('computes copy, fill, axpy, scale and reductions', () => {
    const kernels = createReferenceKernels('float64');
    const x = kernels.alloc(4);
    const y = kernels.alloc(4);
    kernels.data.set([1, -2, 3, 0.5], x);
    kernels.copy(4, x, y);
    assert.deepEqual(read(kernels, y, 4), [1, -2, 3, 0.5]);
    kernels.axpy(4, 2, x, y);
    assert.deepEqual(read(kernels, y, 4), [3, -6, 9, 1.5]);
    kernels.scale(4, y, 0.5);
    assert.deepEqual(read(kernels, y, 4), [1.5, -3, 4.5, 0.75]);
    assert.equal(kernels.sumSquares(4, x), 1 + 4 + 9 + 0.25);
    kernels.fill(2, y, 7);
    assert.deepEqual(read(kernels, y, 4), [7, 7, 4.5, 0.75]);
  });

  it('detects NaN and infinities', () => {
    const kernels = createReferenceKernels('float32');
    const x = kernels.alloc(3);
    assert.equal(kernels.allFinite(3, x), true);
    for (const bad of [NaN, Infinity, -Infinity]) {
      kernels.data[x + 1] = bad;
      assert.equal(kernels.allFinite(3, x), false, String(bad));
    }
  });

  it('adds row vectors and sums rows', () => {
    const kernels = createReferenceKernels('float64');
    const x = kernels.alloc(6);
    const bias = kernels.alloc(3);
    const out = kernels.alloc(3);
    kernels.data.set([1, 2, 3, 4, 5, 6], x);
    kernels.data.set([10, 20, 30], bias);
    kernels.addRowVector(2, 3, bias, x);
    assert.deepEqual(read(kernels, x, 6), [11, 22, 33, 14, 25, 36]);
    kernels.fill(3, out, 100);
    kernels.sumRows(2, 3, x, out, false);
    assert.deepEqual(read(kernels, out, 3), [25, 47, 69]);
    kernels.sumRows(2, 3, x, out, true);
    assert.deepEqual(read(kernels, out, 3), [50, 94, 138]);
  });
});

describe('reference cell kernels', () => {
  const batch = 2;
  const hidden = 3;
  const n = batch * hidden;

  it('vanilla RNN backward matches finite differences', () => {
    for (const activation of [Activation.Tanh, Activation.Relu]) {
      const kernels = createReferenceKernels('float64');
      const random = new Random(2);
      const pre = allocRandom(kernels, random, n);
      const h = kernels.alloc(n);
      const dh = allocRandom(kernels, random, n);
      const dpre = kernels.alloc(n);
      const loss = (): number => {
        kernels.rnnForward(n, activation, pre, h);
        let sum = 0;
        for (let i = 0; i < n; i++) sum += kernels.data[dh + i] * kernels.data[h + i];
        return sum;
      };
      loss();
      kernels.rnnBackward(n, activation, h, dh, dpre);
      checkGradient(kernels, pre, n, read(kernels, dpre, n), loss, `dpre (${activation})`);
    }
  });

  it('vanilla RNN rejects softplus', () => {
    const kernels = createReferenceKernels('float32');
    const x = kernels.alloc(2);
    assert.throws(() => kernels.rnnForward(2, Activation.Softplus, x, x), /tanh and relu/);
  });

  it('LSTM forward follows the gate equations', () => {
    const kernels = createReferenceKernels('float64');
    const random = new Random(3);
    const gates = allocRandom(kernels, random, batch * 4 * hidden);
    const pre = read(kernels, gates, batch * 4 * hidden);
    const cPrev = allocRandom(kernels, random, n);
    const c = kernels.alloc(n);
    const h = kernels.alloc(n);
    kernels.lstmForward(batch, hidden, gates, cPrev, c, h);
    const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
    for (let b = 0; b < batch; b++) {
      for (let j = 0; j < hidden; j++) {
        const row = b * 4 * hidden;
        const i = sigmoid(pre[row + j]);
        const f = sigmoid(pre[row + hidden + j]);
        const g = Math.tanh(pre[row + 2 * hidden + j]);
        const o = sigmoid(pre[row + 3 * hidden + j]);
        const cell = f * kernels.data[cPrev + b * hidden + j] + i * g;
        assertClose(kernels.data[c + b * hidden + j], cell, 1e-14, 'c');
        assertClose(kernels.data[h + b * hidden + j], o * Math.tanh(cell), 1e-14, 'h');
        assertClose(kernels.data[gates + row + 2 * hidden + j], g, 1e-14, 'g');
      }
    }
  });

  it('LSTM backward matches finite differences', () => {
    const kernels = createReferenceKernels('float64');
    const random = new Random(4);
    const size = batch * 4 * hidden;
    const preGates = allocRandom(kernels, random, size);
    const gates = kernels.alloc(size);
    const cPrev = allocRandom(kernels, random, n);
    const c = kernels.alloc(n);
    const h = kernels.alloc(n);
    const dh = allocRandom(kernels, random, n);
    const dcNext = allocRandom(kernels, random, n);
    const dc = kernels.alloc(n);
    const dgates = kernels.alloc(size);
    const loss = (): number => {
      kernels.copy(size, preGates, gates);
      kernels.lstmForward(batch, hidden, gates, cPrev, c, h);
      let sum = 0;
      for (let i = 0; i < n; i++) {
        sum += kernels.data[dh + i] * kernels.data[h + i];
        sum += kernels.data[dcNext + i] * kernels.data[c + i];
      }
      return sum;
    };
    loss();
    kernels.copy(n, dcNext, dc);
    kernels.lstmBackward(batch, hidden, gates, cPrev, c, dh, dc, dgates);
    checkGradient(kernels, preGates, size, read(kernels, dgates, size), loss, 'dgates');
    checkGradient(kernels, cPrev, n, read(kernels, dc, n), loss, 'dcPrev');
  });

  it('GRU backward matches finite differences', () => {
    const kernels = createReferenceKernels('float64');
    const random = new Random(5);
    const size = batch * 3 * hidden;
    const gi = allocRandom(kernels, random, size);
    const gh = allocRandom(kernels, random, size);
    const hPrev = allocRandom(kernels, random, n);
    const gates = kernels.alloc(size);
    const h = kernels.alloc(n);
    const dh = allocRandom(kernels, random, n);
    const dgi = kernels.alloc(size);
    const dgh = kernels.alloc(size);
    const dhPrev = kernels.alloc(n);
    const ghBefore = read(kernels, gh, size);
    const loss = (): number => {
      kernels.gruForward(batch, hidden, gi, gh, hPrev, gates, h);
      let sum = 0;
      for (let i = 0; i < n; i++) sum += kernels.data[dh + i] * kernels.data[h + i];
      return sum;
    };
    loss();
    assert.deepEqual(read(kernels, gh, size), ghBefore, 'gh is left unchanged');
    kernels.gruBackward(batch, hidden, gates, gh, hPrev, dh, dgi, dgh, dhPrev);
    checkGradient(kernels, gi, size, read(kernels, dgi, size), loss, 'dgi');
    checkGradient(kernels, gh, size, read(kernels, dgh, size), loss, 'dgh');
    checkGradient(kernels, hPrev, n, read(kernels, dhPrev, n), loss, 'dhPrev');
  });

  it('leaky backward matches finite differences for every activation', () => {
    for (const activation of [Activation.Tanh, Activation.Relu, Activation.Softplus]) {
      const kernels = createReferenceKernels('float64');
      const random = new Random(6);
      const alpha = 0.2;
      const xPrev = allocRandom(kernels, random, n);
      const pre = allocRandom(kernels, random, n);
      const noise = allocRandom(kernels, random, n, -0.1, 0.1);
      const x = kernels.alloc(n);
      const r = kernels.alloc(n);
      const dr = allocRandom(kernels, random, n);
      const dxNext = allocRandom(kernels, random, n);
      const dx = kernels.alloc(n);
      const dpre = kernels.alloc(n);
      const loss = (): number => {
        kernels.leakyForward(n, activation, alpha, xPrev, pre, noise, x, r);
        let sum = 0;
        for (let i = 0; i < n; i++) {
          sum += kernels.data[dr + i] * kernels.data[r + i];
          sum += kernels.data[dxNext + i] * kernels.data[x + i];
        }
        return sum;
      };
      loss();
      const first = kernels.data[x];
      const expected =
        (1 - alpha) * kernels.data[xPrev] + alpha * kernels.data[pre] + kernels.data[noise];
      assertClose(first, expected, 1e-14, 'x');
      kernels.copy(n, dxNext, dx);
      kernels.leakyBackward(n, activation, alpha, x, r, dr, dx, dpre);
      checkGradient(kernels, pre, n, read(kernels, dpre, n), loss, `dpre (${activation})`);
      checkGradient(kernels, xPrev, n, read(kernels, dx, n), loss, `dxPrev (${activation})`);
    }
  });

  it('leaky forward without noise', () => {
    const kernels = createReferenceKernels('float64');
    const xPrev = kernels.alloc(2);
    const pre = kernels.alloc(2);
    const x = kernels.alloc(2);
    const r = kernels.alloc(2);
    kernels.data.set([1, -1], xPrev);
    kernels.data.set([3, 1], pre);
    kernels.leakyForward(2, Activation.Relu, 0.5, xPrev, pre, -1, x, r);
    assert.deepEqual(read(kernels, x, 2), [2, 0]);
    assert.deepEqual(read(kernels, r, 2), [2, 0]);
  });
});

describe('reference loss kernels', () => {
  it('softmax cross-entropy matches the definition and its gradient', () => {
    const kernels = createReferenceKernels('float64');
    const random = new Random(7);
    const rows = 3;
    const classes = 4;
    const logits = allocRandom(kernels, random, rows * classes, -3, 3);
    const targets = kernels.alloc(rows);
    const weights = kernels.alloc(rows);
    const dlogits = kernels.alloc(rows * classes);
    kernels.data.set([2, 0, 3], targets);
    kernels.data.set([1, 0.5, 0], weights);
    const scale = 0.25;
    const loss = (): number =>
      kernels.softmaxCrossEntropy(rows, classes, logits, targets, weights, 1, dlogits);
    const direct: number[] = [];
    for (let row = 0; row < rows; row++) {
      const l = read(kernels, logits + row * classes, classes);
      const lse = Math.log(l.reduce((sum, value) => sum + Math.exp(value), 0));
      direct.push(lse - l[kernels.data[targets + row]]);
    }
    const total = kernels.softmaxCrossEntropy(
      rows,
      classes,
      logits,
      targets,
      weights,
      scale,
      dlogits,
    );
    assertClose(total, direct[0] + 0.5 * direct[1], 1e-14, 'weighted sum');
    const gradient = read(kernels, dlogits, rows * classes).map((value) => value / scale);
    checkGradient(kernels, logits, rows * classes, gradient, loss, 'dlogits');
    for (const value of read(kernels, dlogits + 2 * classes, classes)) {
      assert.ok(value === 0, `a row of weight 0 has zero gradient, got ${value}`);
    }
  });

  it('softmax cross-entropy is stable for large logits', () => {
    const kernels = createReferenceKernels('float32');
    const logits = kernels.alloc(2);
    const targets = kernels.alloc(1);
    kernels.data.set([1000, 0], logits);
    kernels.data[targets] = 1;
    const total = kernels.softmaxCrossEntropy(1, 2, logits, targets, -1, 1, logits);
    assert.equal(total, 1000);
    assert.deepEqual(read(kernels, logits, 2), [1, -1]);
  });

  it('softmax cross-entropy rejects targets that are not class indices', () => {
    const kernels = createReferenceKernels('float32');
    const logits = kernels.alloc(2);
    const targets = kernels.alloc(1);
    const dlogits = kernels.alloc(2);
    for (const bad of [2, -1, 0.5, NaN]) {
      kernels.data[targets] = bad;
      assert.throws(
        () => kernels.softmaxCrossEntropy(1, 2, logits, targets, -1, 1, dlogits),
        /not a class index/,
      );
    }
  });

  it('squared error matches the definition and its gradient', () => {
    const kernels = createReferenceKernels('float64');
    const random = new Random(8);
    const rows = 3;
    const cols = 2;
    const y = allocRandom(kernels, random, rows * cols);
    const targets = allocRandom(kernels, random, rows * cols);
    const weights = kernels.alloc(rows);
    const dy = kernels.alloc(rows * cols);
    kernels.data.set([1, 2, 0], weights);
    const loss = (): number => kernels.squaredError(rows, cols, y, targets, weights, 1, dy);
    let direct = 0;
    for (let i = 0; i < rows * cols; i++) {
      const error = kernels.data[y + i] - kernels.data[targets + i];
      direct += kernels.data[weights + Math.floor(i / cols)] * error * error;
    }
    assertClose(loss(), direct, 1e-14, 'weighted sum');
    checkGradient(kernels, y, rows * cols, read(kernels, dy, rows * cols), loss, 'dy');
    const unweighted = kernels.squaredError(rows, cols, y, targets, -1, 1, dy);
    assert.ok(unweighted > 0);
  });
});

describe('reference optimizer kernels', () => {
  it('Adam takes the step torch.optim.Adam takes', () => {
    const kernels = createReferenceKernels('float64');
    const param = kernels.alloc(2);
    const grad = kernels.alloc(2);
    const m = kernels.alloc(2);
    const v = kernels.alloc(2);
    kernels.data.set([1, -2], param);
    kernels.data.set([0.5, 0.1], grad);
    // Step 1 with weight decay 0.1: g = grad + 0.1 param, m = 0.1 g, v = 0.001 g^2, and the
    // bias corrections are 1 - 0.9 = 0.1 and sqrt(1 - 0.999).
    kernels.adamStep(2, param, grad, m, v, 0.01, 0.9, 0.999, 1e-8, 0.1, 1);
    const g = [0.5 + 0.1 * 1, 0.1 + 0.1 * -2];
    const expected = g.map((gi, i) => {
      const mi = 0.1 * gi;
      const vi = 0.001 * gi * gi;
      const update = (0.01 / 0.1) * (mi / (Math.sqrt(vi) / Math.sqrt(0.001) + 1e-8));
      return [1, -2][i] - update;
    });
    assertClose(kernels.data[param], expected[0], 1e-14, 'param[0]');
    assertClose(kernels.data[param + 1], expected[1], 1e-14, 'param[1]');
    assertClose(kernels.data[m], 0.1 * g[0], 1e-14, 'm[0]');
    assertClose(kernels.data[v + 1], 0.001 * g[1] * g[1], 1e-14, 'v[1]');
    assert.deepEqual(read(kernels, grad, 2), [0.5, 0.1], 'gradient is unchanged');
  });

  it('SGD with momentum, dampening and Nesterov', () => {
    const kernels = createReferenceKernels('float64');
    const param = kernels.alloc(1);
    const grad = kernels.alloc(1);
    const buffer = kernels.alloc(1);
    kernels.data[param] = 1;
    kernels.data[grad] = 2;
    // First step: g = 2 + 0.5 * 1 = 2.5, buf = 2.5, Nesterov g = 2.5 + 0.9 * 2.5 = 4.75.
    kernels.sgdStep(1, param, grad, buffer, 0.1, 0.9, 0.2, 0.5, true, true);
    assertClose(kernels.data[buffer], 2.5, 1e-15, 'buffer after step 1');
    assertClose(kernels.data[param], 1 - 0.475, 1e-15, 'param after step 1');
    // Second step: g = 2 + 0.5 * 0.525 = 2.2625, buf = 0.9 * 2.5 + 0.8 * 2.2625 = 4.06.
    kernels.sgdStep(1, param, grad, buffer, 0.1, 0.9, 0.2, 0.5, true, false);
    assertClose(kernels.data[buffer], 4.06, 1e-14, 'buffer after step 2');
    assertClose(kernels.data[param], 0.525 - 0.1 * (2.2625 + 0.9 * 4.06), 1e-14, 'param');
  });

  it('SGD without momentum leaves the buffer alone', () => {
    const kernels = createReferenceKernels('float64');
    const param = kernels.alloc(1);
    const grad = kernels.alloc(1);
    const buffer = kernels.alloc(1);
    kernels.data[param] = 1;
    kernels.data[grad] = 2;
    kernels.data[buffer] = 42;
    kernels.sgdStep(1, param, grad, buffer, 0.1, 0, 0, 0, false, true);
    assert.equal(kernels.data[param], 1 - 0.2);
    assert.equal(kernels.data[buffer], 42);
  });
});

describe('createKernels', () => {
  it('gives the TypeScript kernels on request', async () => {
    const float32 = await createKernels({ implementation: 'typescript' });
    assert.equal(float32.name, 'typescript-float32');
    assert.equal(float32.data instanceof Float32Array, true);
    const float64 = await createKernels({ implementation: 'typescript', dtype: 'float64' });
    assert.equal(float64.data instanceof Float64Array, true);
  });

  it('defaults to float32', async () => {
    const auto = await createKernels({});
    assert.equal(auto.dtype, 'float32');
  });

  it('rejects unknown implementations', async () => {
    await assert.rejects(
      createKernels({ implementation: 'cuda' as 'wasm' }),
      /Unknown kernel implementation 'cuda': expected one of auto, typescript, wasm, wasm-simd/,
    );
  });

  it('gives each WebAssembly build on request', async () => {
    const simd = await createKernels({ implementation: 'wasm-simd' });
    assert.equal(simd.name, 'wasm-simd');
    await assert.rejects(
      createKernels({ implementation: 'wasm-simd', dtype: 'float64' }),
      /The 'wasm-simd' kernels store float32 only, not float64/,
    );
    if (supportedWasmVariants().includes('relaxed-simd')) {
      const relaxed = await createKernels({ implementation: 'wasm-relaxed-simd' });
      assert.equal(relaxed.name, 'wasm-relaxed-simd');
    } else {
      await assert.rejects(
        createKernels({ implementation: 'wasm-relaxed-simd' }),
        /does not support the 'relaxed-simd' kernels build/,
      );
    }
  });
});

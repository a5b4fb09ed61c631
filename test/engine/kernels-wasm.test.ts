import assert from 'node:assert/strict';
import { describe, it, test } from 'node:test';

import { Activation, type Kernels } from '../../src/engine/kernels/kernels.js';
import { createReferenceKernels } from '../../src/engine/kernels/reference.js';
import {
  createWasmKernels,
  createWasmKernelsSync,
  supportedWasmVariants,
  wasmSimdSupported,
  type WasmVariant,
} from '../../src/engine/kernels/wasm.js';
import { Random } from '../../src/engine/random.js';

// Every WebAssembly kernel runs side by side with the float64 reference kernels on the same
// float32 inputs; results must agree to float32 rounding. Each build the engine supports is
// tested: the relaxed SIMD one only where it validates (Node.js 22, or Node.js 20 with
// --experimental-wasm-relaxed-simd).

const SIZES = [1, 3, 4, 5, 8, 17, 81];

/** A tensor allocated in both kernel memories: `w` in the WebAssembly one, `r` in the reference. */
interface Pair {
  readonly w: number;
  readonly r: number;
  readonly n: number;
}

class SideBySide {
  readonly wasm: Kernels;
  readonly reference = createReferenceKernels('float64');
  readonly random: Random;

  constructor(variant: WasmVariant, seed: number) {
    this.wasm = createWasmKernelsSync(variant);
    this.random = new Random(seed);
  }

  /** Allocates n elements in both memories, filled with the same float32 values. */
  tensor(n: number, low = -1, high = 1): Pair {
    const values = new Float32Array(n);
    this.random.fillUniform(values, low, high);
    return this.tensorOf(values);
  }

  tensorOf(values: ArrayLike<number>): Pair {
    const n = values.length;
    const w = this.wasm.alloc(n);
    const r = this.reference.alloc(n);
    for (let i = 0; i < n; i++) {
      this.wasm.data[w + i] = values[i];
      this.reference.data[r + i] = Math.fround(values[i]);
    }
    return { w, r, n };
  }

  /** Asserts |wasm - reference| <= absolute + relative |reference| for every element. */
  assertClose(pair: Pair, label: string, relative = 2e-6, absolute = 1e-6): void {
    for (let i = 0; i < pair.n; i++) {
      const actual = this.wasm.data[pair.w + i];
      const expected = this.reference.data[pair.r + i];
      if (Number.isNaN(expected)) {
        assert.ok(Number.isNaN(actual), `${label}[${i}]: ${actual}, expected NaN`);
        continue;
      }
      const error = Math.abs(actual - expected);
      assert.ok(
        error <= absolute + relative * Math.abs(expected),
        `${label}[${i}]: ${actual}, expected ${expected} (error ${error})`,
      );
    }
  }
}

function assertNumberClose(actual: number, expected: number, relative: number, label: string) {
  const error = Math.abs(actual - expected);
  assert.ok(
    error <= relative * Math.max(1, Math.abs(expected)),
    `${label}: ${actual}, expected ${expected} (error ${error})`,
  );
}

test('wasm SIMD build is supported', async () => {
  assert.equal(wasmSimdSupported(), true);
  const variants = supportedWasmVariants();
  assert.ok(variants.includes('simd'));
  const fastest = await createWasmKernels();
  assert.equal(fastest.name, `wasm-${variants[0]}`);
});

for (const variant of supportedWasmVariants()) defineSuites(variant);

/** Defines every test of the kernels on one build of the module. */
function defineSuites(variant: WasmVariant): void {
  describe(`wasm kernels setup (${variant})`, () => {
    it('reports its name and dtype', async () => {
      const kernels = await createWasmKernels(variant);
      assert.equal(kernels.name, `wasm-${variant}`);
      assert.equal(kernels.dtype, 'float32');
      assert.ok(kernels.data instanceof Float32Array);
    });

    it('allocates zeroed blocks aligned to 16 bytes', () => {
      const kernels = createWasmKernelsSync(variant);
      const first = kernels.alloc(3);
      const second = kernels.alloc(5);
      assert.equal(first % 4, 0);
      assert.equal(second % 4, 0);
      assert.ok(second >= first + 3);
      kernels.data.fill(7, second, second + 5);
      const mark = kernels.mark();
      const third = kernels.alloc(9);
      kernels.data.fill(7, third, third + 9);
      kernels.release(mark);
      const again = kernels.alloc(9);
      assert.equal(again, third);
      for (let i = 0; i < 9; i++) assert.equal(kernels.data[again + i], 0);
    });

    it('keeps data when memory grows', () => {
      const kernels = createWasmKernelsSync(variant);
      const small = kernels.alloc(1000);
      for (let i = 0; i < 1000; i++) kernels.data[small + i] = i + 0.5;
      const before = kernels.data;
      const large = kernels.alloc(8_000_000);
      assert.notEqual(kernels.data, before);
      assert.ok(kernels.data.length >= large + 8_000_000);
      for (let i = 0; i < 1000; i++) assert.equal(kernels.data[small + i], i + 0.5);
      kernels.data[large + 7_999_999] = 3;
      kernels.copy(1000, small, large);
      assert.equal(kernels.data[large + 999], 999.5);
      assert.equal(kernels.sumSquares(1, large + 7_999_999), 9);
    });

    it('rejects invalid sizes and marks', () => {
      const kernels = createWasmKernelsSync(variant);
      assert.throws(() => kernels.alloc(-1), RangeError);
      assert.throws(() => kernels.alloc(1.5), RangeError);
      const mark = kernels.mark();
      assert.throws(() => kernels.release(mark + 4), RangeError);
      assert.throws(() => kernels.release(0), RangeError);
    });
  });

  describe(`wasm gemm (${variant})`, () => {
    /** Runs one product in both memories and checks C, including the padding next to each row. */
    function checkProduct(
      pair: SideBySide,
      transA: boolean,
      transB: boolean,
      m: number,
      n: number,
      k: number,
      alpha: number,
      beta: number,
    ): void {
      const lda = (transA ? m : k) + 1;
      const ldb = (transB ? k : n) + 2;
      const ldc = n + 3;
      const a = pair.tensor((transA ? k : m) * lda);
      const b = pair.tensor((transB ? n : k) * ldb);
      // With beta = 0, NaN in C must not reach the result.
      const initial = new Float32Array(m * ldc);
      pair.random.fillUniform(initial, -1, 1);
      if (beta === 0) initial.fill(NaN);
      for (let i = 0; i < m; i++) initial.fill(42, i * ldc + n, (i + 1) * ldc);
      const c = pair.tensorOf(initial);

      const args = [transA, transB, m, n, k, alpha] as const;
      pair.wasm.gemm(...args, a.w, lda, b.w, ldb, beta, c.w, ldc);
      pair.reference.gemm(...args, a.r, lda, b.r, ldb, beta, c.r, ldc);

      // The error bound scales with sum |alpha a b| + |beta c|, computed on absolute values.
      const reference = pair.reference;
      const magnitude = reference.alloc(m * ldc);
      for (const t of [a, b]) {
        for (let i = 0; i < t.n; i++) reference.data[t.r + i] = Math.abs(reference.data[t.r + i]);
      }
      for (let i = 0; i < m * ldc; i++) {
        reference.data[magnitude + i] = beta === 0 ? 0 : Math.abs(initial[i]);
      }
      const absAlpha = Math.abs(alpha);
      const absBeta = Math.abs(beta);
      const shape = [transA, transB, m, n, k, absAlpha] as const;
      reference.gemm(...shape, a.r, lda, b.r, ldb, absBeta, magnitude, ldc);

      const label = `${transA ? 'T' : 'N'}${transB ? 'T' : 'N'} m=${m} n=${n} k=${k}`;
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < ldc; j++) {
          const actual = pair.wasm.data[c.w + i * ldc + j];
          if (j >= n) {
            assert.equal(actual, 42, `${label}: padding C[${i}, ${j}] changed`);
            continue;
          }
          const expected = reference.data[c.r + i * ldc + j];
          const bound = 1e-6 * Math.sqrt(k + 1) * reference.data[magnitude + i * ldc + j] + 1e-30;
          assert.ok(
            Math.abs(actual - expected) <= bound,
            `${label} alpha=${alpha} beta=${beta}: C[${i}, ${j}] = ${actual}, expected ${expected}`,
          );
        }
      }
    }

    const orientations = [
      [false, false],
      [false, true],
      [true, false],
      [true, true],
    ] as const;

    for (const [transA, transB] of orientations) {
      const name = `${transA ? 'T' : 'N'}${transB ? 'T' : 'N'}`;
      it(`matches the reference for ${name} on odd sizes`, () => {
        const pair = new SideBySide(variant, 11);
        for (const m of [1, 3, 5, 17]) {
          for (const n of [1, 4, 5, 17]) {
            for (const k of [1, 3, 8, 17]) checkProduct(pair, transA, transB, m, n, k, 1, 0);
          }
        }
      });

      it(`applies alpha and beta for ${name}`, () => {
        const pair = new SideBySide(variant, 12);
        for (const [alpha, beta] of [
          [0.5, 1],
          [-1.25, 0.75],
          [2, -1],
          [1, 0],
        ]) {
          checkProduct(pair, transA, transB, 9, 13, 7, alpha, beta);
        }
      });

      it(`handles the LSTM's sizes for ${name}`, () => {
        const pair = new SideBySide(variant, 13);
        checkProduct(pair, transA, transB, 16, 324, 81, 1, 1);
        checkProduct(pair, transA, transB, 81, 16, 324, 1, 0);
      });
    }

    it('packs either operand of A B^T and splits long k', () => {
      const pair = new SideBySide(variant, 14);
      // n >= m packs rows of A, n < m packs rows of B; k > 512 takes two packing chunks.
      checkProduct(pair, false, true, 6, 40, 600, 1, 0.5);
      checkProduct(pair, false, true, 40, 3, 600, 1, 0.5);
      checkProduct(pair, false, true, 100, 2, 81, 1, 0);
    });

    it('scales C when k is 0 or alpha is 0', () => {
      const pair = new SideBySide(variant, 15);
      checkProduct(pair, false, false, 5, 6, 0, 1, 0.5);
      checkProduct(pair, false, true, 5, 6, 0, 1, 0);
      checkProduct(pair, true, false, 5, 6, 4, 0, -2);
    });

    it('leaves C alone when m or n is 0', () => {
      const kernels = createWasmKernelsSync(variant);
      const c = kernels.alloc(4);
      kernels.fill(4, c, 3);
      kernels.gemm(false, false, 0, 4, 4, 1, c, 4, c, 4, 0, c, 4);
      kernels.gemm(false, true, 4, 0, 4, 1, c, 4, c, 4, 0, c, 4);
      assert.deepEqual(Array.from(kernels.data.subarray(c, c + 4)), [3, 3, 3, 3]);
    });
  });

  describe(`wasm element-wise kernels (${variant})`, () => {
    it('copy, fill, axpy and scale match the reference', () => {
      const pair = new SideBySide(variant, 21);
      for (const n of [0, ...SIZES, 1001]) {
        const x = pair.tensor(n);
        const y = pair.tensor(n);
        pair.wasm.axpy(n, -0.3, x.w, y.w);
        pair.reference.axpy(n, -0.3, x.r, y.r);
        pair.assertClose(y, `axpy n=${n}`);
        pair.wasm.scale(n, y.w, 1.7);
        pair.reference.scale(n, y.r, 1.7);
        pair.assertClose(y, `scale n=${n}`);
        pair.wasm.copy(n, x.w, y.w);
        pair.reference.copy(n, x.r, y.r);
        pair.assertClose(y, `copy n=${n}`, 0, 0);
        pair.wasm.fill(n, x.w, -2.5);
        pair.reference.fill(n, x.r, -2.5);
        pair.assertClose(x, `fill n=${n}`, 0, 0);
      }
    });

    it('copies overlapping ranges like copyWithin', () => {
      const pair = new SideBySide(variant, 22);
      const x = pair.tensor(40);
      pair.wasm.copy(30, x.w, x.w + 7);
      pair.reference.copy(30, x.r, x.r + 7);
      pair.assertClose(x, 'copy forward', 0, 0);
      pair.wasm.copy(30, x.w + 9, x.w + 2);
      pair.reference.copy(30, x.r + 9, x.r + 2);
      pair.assertClose(x, 'copy backward', 0, 0);
    });

    it('sumSquares accumulates in float64', () => {
      const pair = new SideBySide(variant, 23);
      for (const n of [0, ...SIZES, 100003]) {
        const x = pair.tensor(n, -3, 3);
        const actual = pair.wasm.sumSquares(n, x.w);
        const expected = pair.reference.sumSquares(n, x.r);
        assertNumberClose(actual, expected, 1e-12, `sumSquares n=${n}`);
      }
    });

    it('allFinite finds NaN and infinities anywhere', () => {
      const kernels = createWasmKernelsSync(variant);
      for (const n of SIZES) {
        const x = kernels.alloc(n);
        kernels.fill(n, x, 1e30);
        assert.equal(kernels.allFinite(n, x), true, `finite n=${n}`);
        for (const bad of [NaN, Infinity, -Infinity]) {
          for (const position of new Set([0, n >> 1, n - 1])) {
            kernels.data[x + position] = bad;
            assert.equal(kernels.allFinite(n, x), false, `${bad} at ${position} of ${n}`);
            kernels.data[x + position] = -1e30;
          }
        }
      }
      assert.equal(kernels.allFinite(0, 0), true);
    });

    it('addRowVector and sumRows match the reference', () => {
      const pair = new SideBySide(variant, 24);
      for (const rows of [1, 3, 16]) {
        for (const cols of SIZES) {
          const x = pair.tensor(rows * cols);
          const bias = pair.tensor(cols);
          pair.wasm.addRowVector(rows, cols, bias.w, x.w);
          pair.reference.addRowVector(rows, cols, bias.r, x.r);
          pair.assertClose(x, `addRowVector ${rows}x${cols}`);
          for (const accumulate of [false, true]) {
            const out = pair.tensor(cols);
            pair.wasm.sumRows(rows, cols, x.w, out.w, accumulate);
            pair.reference.sumRows(rows, cols, x.r, out.r, accumulate);
            pair.assertClose(out, `sumRows ${rows}x${cols} accumulate=${accumulate}`, 1e-5);
          }
        }
      }
    });
  });

  describe(`wasm cell kernels (${variant})`, () => {
    it('tanh and sigmoid stay within 1e-6 relative error', () => {
      const kernels = createWasmKernelsSync(variant);
      const n = 40_000;
      const pre = kernels.alloc(n);
      const h = kernels.alloc(n);
      const inputs = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        // Half a dense grid over [-20, 20], half magnitudes from 1e-8 to 1 of both signs.
        inputs[i] = i < n / 2 ? -20 + (80 * i) / n : (i % 2 ? -1 : 1) * 10 ** (-8 + (16 * i) / n);
      }
      kernels.data.set(inputs, pre);
      kernels.rnnForward(n, Activation.Tanh, pre, h);
      let worstTanh = 0;
      for (let i = 0; i < n; i++) {
        const expected = Math.tanh(inputs[i]);
        const scale = Math.max(Math.abs(expected), 1e-38);
        const error = Math.abs(kernels.data[h + i] - expected) / scale;
        worstTanh = Math.max(worstTanh, error);
      }
      assert.ok(worstTanh < 1e-6, `tanh relative error ${worstTanh}`);

      // The LSTM's input gate is sigmoid(pre).
      const hidden = 10_000;
      const gates = kernels.alloc(4 * hidden);
      const state = kernels.alloc(3 * hidden);
      const sigmoidInputs = new Float32Array(hidden);
      for (let j = 0; j < hidden; j++) sigmoidInputs[j] = -60 + (120 * j) / hidden;
      kernels.data.set(sigmoidInputs, gates);
      kernels.lstmForward(1, hidden, gates, state, state + hidden, state + 2 * hidden);
      let worstSigmoid = 0;
      for (let j = 0; j < hidden; j++) {
        const expected = 1 / (1 + Math.exp(-sigmoidInputs[j]));
        const error = Math.abs(kernels.data[gates + j] - expected) / expected;
        worstSigmoid = Math.max(worstSigmoid, error);
      }
      assert.ok(worstSigmoid < 1e-6, `sigmoid relative error ${worstSigmoid}`);
    });

    it('rnn forward and backward match the reference', () => {
      const pair = new SideBySide(variant, 31);
      for (const activation of [Activation.Tanh, Activation.Relu]) {
        for (const n of [...SIZES, 16 * 81]) {
          const pre = pair.tensor(n, -4, 4);
          const h = pair.tensor(n);
          const dh = pair.tensor(n);
          const dpre = pair.tensor(n);
          pair.wasm.rnnForward(n, activation, pre.w, h.w);
          pair.reference.rnnForward(n, activation, pre.r, h.r);
          pair.assertClose(h, `rnnForward act=${activation} n=${n}`);
          pair.wasm.rnnBackward(n, activation, h.w, dh.w, dpre.w);
          pair.reference.rnnBackward(n, activation, h.r, dh.r, dpre.r);
          pair.assertClose(dpre, `rnnBackward act=${activation} n=${n}`);
        }
      }
    });

    it('rnn kernels reject softplus', () => {
      const kernels = createWasmKernelsSync(variant);
      const x = kernels.alloc(4);
      assert.throws(() => kernels.rnnForward(4, Activation.Softplus, x, x), RangeError);
      assert.throws(() => kernels.rnnBackward(4, Activation.Softplus, x, x, x), RangeError);
    });

    it('lstm forward and backward match the reference', () => {
      const pair = new SideBySide(variant, 32);
      for (const batch of [1, 3, 16]) {
        for (const hidden of SIZES) {
          const gates = pair.tensor(4 * batch * hidden, -5, 5);
          const cPrev = pair.tensor(batch * hidden, -2, 2);
          const c = pair.tensor(batch * hidden);
          const h = pair.tensor(batch * hidden);
          const label = `batch=${batch} hidden=${hidden}`;
          pair.wasm.lstmForward(batch, hidden, gates.w, cPrev.w, c.w, h.w);
          pair.reference.lstmForward(batch, hidden, gates.r, cPrev.r, c.r, h.r);
          pair.assertClose(gates, `lstmForward gates ${label}`);
          pair.assertClose(c, `lstmForward c ${label}`);
          pair.assertClose(h, `lstmForward h ${label}`);

          const dh = pair.tensor(batch * hidden);
          const dc = pair.tensor(batch * hidden);
          const dgates = pair.tensor(4 * batch * hidden);
          pair.wasm.lstmBackward(batch, hidden, gates.w, cPrev.w, c.w, dh.w, dc.w, dgates.w);
          pair.reference.lstmBackward(batch, hidden, gates.r, cPrev.r, c.r, dh.r, dc.r, dgates.r);
          pair.assertClose(dc, `lstmBackward dc ${label}`, 1e-5);
          pair.assertClose(dgates, `lstmBackward dgates ${label}`, 1e-5);
        }
      }
    });

    it('gru forward and backward match the reference', () => {
      const pair = new SideBySide(variant, 33);
      for (const batch of [1, 3, 16]) {
        for (const hidden of SIZES) {
          const gi = pair.tensor(3 * batch * hidden, -3, 3);
          const gh = pair.tensor(3 * batch * hidden, -3, 3);
          const hPrev = pair.tensor(batch * hidden);
          const gates = pair.tensor(3 * batch * hidden);
          const h = pair.tensor(batch * hidden);
          const label = `batch=${batch} hidden=${hidden}`;
          pair.wasm.gruForward(batch, hidden, gi.w, gh.w, hPrev.w, gates.w, h.w);
          pair.reference.gruForward(batch, hidden, gi.r, gh.r, hPrev.r, gates.r, h.r);
          pair.assertClose(gates, `gruForward gates ${label}`);
          pair.assertClose(h, `gruForward h ${label}`);
          pair.assertClose(gh, `gruForward gh ${label}`, 0, 0);

          const dh = pair.tensor(batch * hidden);
          const dgi = pair.tensor(3 * batch * hidden);
          const dgh = pair.tensor(3 * batch * hidden);
          const dhPrev = pair.tensor(batch * hidden);
          const wasmArgs = [gates.w, gh.w, hPrev.w, dh.w, dgi.w, dgh.w, dhPrev.w] as const;
          const referenceArgs = [gates.r, gh.r, hPrev.r, dh.r, dgi.r, dgh.r, dhPrev.r] as const;
          pair.wasm.gruBackward(batch, hidden, ...wasmArgs);
          pair.reference.gruBackward(batch, hidden, ...referenceArgs);
          pair.assertClose(dgi, `gruBackward dgi ${label}`, 1e-5);
          pair.assertClose(dgh, `gruBackward dgh ${label}`, 1e-5);
          pair.assertClose(dhPrev, `gruBackward dhPrev ${label}`, 1e-5);
        }
      }
    });

    it('leaky forward and backward match the reference', () => {
      const pair = new SideBySide(variant, 34);
      for (const activation of [Activation.Tanh, Activation.Relu, Activation.Softplus]) {
        for (const n of [...SIZES, 16 * 81]) {
          for (const withNoise of [false, true]) {
            const xPrev = pair.tensor(n, -3, 3);
            const pre = pair.tensor(n, -3, 3);
            const noise = pair.tensor(n, -0.1, 0.1);
            const x = pair.tensor(n);
            const r = pair.tensor(n);
            const label = `act=${activation} n=${n} noise=${withNoise}`;
            const noiseW = withNoise ? noise.w : -1;
            const noiseR = withNoise ? noise.r : -1;
            pair.wasm.leakyForward(n, activation, 0.2, xPrev.w, pre.w, noiseW, x.w, r.w);
            pair.reference.leakyForward(n, activation, 0.2, xPrev.r, pre.r, noiseR, x.r, r.r);
            pair.assertClose(x, `leakyForward x ${label}`);
            pair.assertClose(r, `leakyForward r ${label}`);

            const dr = pair.tensor(n);
            const dx = pair.tensor(n);
            const dpre = pair.tensor(n);
            pair.wasm.leakyBackward(n, activation, 0.2, x.w, r.w, dr.w, dx.w, dpre.w);
            pair.reference.leakyBackward(n, activation, 0.2, x.r, r.r, dr.r, dx.r, dpre.r);
            pair.assertClose(dx, `leakyBackward dx ${label}`, 1e-5);
            pair.assertClose(dpre, `leakyBackward dpre ${label}`, 1e-5);
          }
        }
      }
    });
  });

  describe(`wasm losses (${variant})`, () => {
    it('softmaxCrossEntropy matches the reference', () => {
      const pair = new SideBySide(variant, 41);
      for (const classes of [1, 2, 3, 5]) {
        for (const weighted of [false, true]) {
          const rows = 37;
          const logits = pair.tensor(rows * classes, -8, 8);
          const targets = pair.tensorOf(
            Array.from({ length: rows }, () => pair.random.integer(classes)),
          );
          const weights = pair.tensor(rows, 0, 2);
          const dlogits = pair.tensor(rows * classes);
          const weightsW = weighted ? weights.w : -1;
          const weightsR = weighted ? weights.r : -1;
          const args = [rows, classes] as const;
          const actual = pair.wasm.softmaxCrossEntropy(
            ...args,
            logits.w,
            targets.w,
            weightsW,
            0.25,
            dlogits.w,
          );
          const expected = pair.reference.softmaxCrossEntropy(
            ...args,
            logits.r,
            targets.r,
            weightsR,
            0.25,
            dlogits.r,
          );
          const label = `classes=${classes} weighted=${weighted}`;
          assertNumberClose(actual, expected, 1e-6, `loss ${label}`);
          pair.assertClose(dlogits, `dlogits ${label}`);
        }
      }
    });

    it('softmaxCrossEntropy writes dlogits over the logits', () => {
      const pair = new SideBySide(variant, 42);
      const logits = pair.tensor(20 * 3, -4, 4);
      const targets = pair.tensorOf(Array.from({ length: 20 }, (_, i) => i % 3));
      const actual = pair.wasm.softmaxCrossEntropy(20, 3, logits.w, targets.w, -1, 1, logits.w);
      const expected = pair.reference.softmaxCrossEntropy(
        20,
        3,
        logits.r,
        targets.r,
        -1,
        1,
        logits.r,
      );
      assertNumberClose(actual, expected, 1e-6, 'loss');
      pair.assertClose(logits, 'dlogits in place');
    });

    it('softmaxCrossEntropy rejects invalid targets', () => {
      const kernels = createWasmKernelsSync(variant);
      const logits = kernels.alloc(8);
      const targets = kernels.alloc(4);
      for (const bad of [2, -1, 0.5, NaN]) {
        kernels.data.set([0, 1, bad, 1], targets);
        assert.throws(
          () => kernels.softmaxCrossEntropy(4, 2, logits, targets, -1, 1, logits),
          new RegExp(`target ${bad} at row 2 is not a class index in \\[0, 2\\)`),
        );
      }
    });

    it('squaredError matches the reference', () => {
      const pair = new SideBySide(variant, 43);
      for (const cols of [1, 2, 5]) {
        for (const weighted of [false, true]) {
          const rows = 23;
          const y = pair.tensor(rows * cols, -2, 2);
          const targets = pair.tensor(rows * cols, -2, 2);
          const weights = pair.tensor(rows, 0, 2);
          const dy = pair.tensor(rows * cols);
          const actual = pair.wasm.squaredError(
            rows,
            cols,
            y.w,
            targets.w,
            weighted ? weights.w : -1,
            0.5,
            dy.w,
          );
          const expected = pair.reference.squaredError(
            rows,
            cols,
            y.r,
            targets.r,
            weighted ? weights.r : -1,
            0.5,
            dy.r,
          );
          const label = `cols=${cols} weighted=${weighted}`;
          assertNumberClose(actual, expected, 1e-6, `loss ${label}`);
          pair.assertClose(dy, `dy ${label}`);
        }
      }
    });
  });

  describe(`wasm optimizers (${variant})`, () => {
    it('adamStep matches the reference over several steps', () => {
      const pair = new SideBySide(variant, 51);
      for (const weightDecay of [0, 0.01]) {
        for (const n of [...SIZES, 1003]) {
          const param = pair.tensor(n);
          const m = pair.tensor(n, 0, 0);
          const v = pair.tensor(n, 0, 0);
          for (let step = 1; step <= 5; step++) {
            const grad = pair.tensor(n, -0.1, 0.1);
            const args = [0.01, 0.9, 0.999, 1e-8, weightDecay, step] as const;
            pair.wasm.adamStep(n, param.w, grad.w, m.w, v.w, ...args);
            pair.reference.adamStep(n, param.r, grad.r, m.r, v.r, ...args);
          }
          const label = `n=${n} weightDecay=${weightDecay}`;
          pair.assertClose(param, `adam param ${label}`, 1e-5);
          pair.assertClose(m, `adam m ${label}`, 1e-5, 1e-9);
          pair.assertClose(v, `adam v ${label}`, 1e-5, 1e-12);
        }
      }
    });

    it('sgdStep matches the reference with and without momentum', () => {
      const pair = new SideBySide(variant, 52);
      const settings = [
        { momentum: 0, dampening: 0, weightDecay: 0, nesterov: false },
        { momentum: 0.9, dampening: 0, weightDecay: 0.01, nesterov: false },
        { momentum: 0.9, dampening: 0.1, weightDecay: 0, nesterov: false },
        { momentum: 0.5, dampening: 0, weightDecay: 0.001, nesterov: true },
      ];
      for (const { momentum, dampening, weightDecay, nesterov } of settings) {
        const n = 37;
        const param = pair.tensor(n);
        const buffer = pair.tensor(n);
        for (let step = 1; step <= 4; step++) {
          const grad = pair.tensor(n);
          const args = [0.05, momentum, dampening, weightDecay, nesterov, step === 1] as const;
          pair.wasm.sgdStep(n, param.w, grad.w, buffer.w, ...args);
          pair.reference.sgdStep(n, param.r, grad.r, buffer.r, ...args);
        }
        const label = `momentum=${momentum} dampening=${dampening} nesterov=${nesterov}`;
        pair.assertClose(param, `sgd param ${label}`, 1e-5);
        pair.assertClose(buffer, `sgd buffer ${label}`, 1e-5);
      }
    });
  });
}

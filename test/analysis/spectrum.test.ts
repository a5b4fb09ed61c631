import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { eigenSpectrum, squareBlock } from '../../src/analysis/spectrum.js';
import { Random } from '../../src/engine/random.js';

const tolerance = 1e-10;

function assertClose(actual: number, expected: number, what: string): void {
  assert.ok(
    Math.abs(actual - expected) <= tolerance,
    `${what}: expected ${expected}, got ${actual}`,
  );
}

describe('eigenSpectrum', () => {
  it('finds a rotation as a unit-modulus pair', () => {
    const theta = 0.7;
    const rotation = [Math.cos(theta), -Math.sin(theta), Math.sin(theta), Math.cos(theta)];
    const spectrum = eigenSpectrum(rotation, 2);
    assertClose(spectrum.real[0], Math.cos(theta), 'real part of lambda 0');
    assertClose(spectrum.imag[0], Math.sin(theta), 'imaginary part of lambda 0');
    assertClose(spectrum.real[1], Math.cos(theta), 'real part of lambda 1');
    assertClose(spectrum.imag[1], -Math.sin(theta), 'imaginary part of lambda 1');
    assertClose(spectrum.spectralRadius, 1, 'spectral radius');
  });

  it('returns a diagonal sorted by modulus', () => {
    const diagonal = [0.5, 0, 0, 0, -2, 0, 0, 0, 1.25];
    const spectrum = eigenSpectrum(diagonal, 3);
    assert.deepEqual([...spectrum.imag], [0, 0, 0]);
    assertClose(spectrum.real[0], -2, 'lambda 0');
    assertClose(spectrum.real[1], 1.25, 'lambda 1');
    assertClose(spectrum.real[2], 0.5, 'lambda 2');
    assertClose(spectrum.spectralRadius, 2, 'spectral radius');
  });

  it('solves a 2 x 2 with a complex pair', () => {
    // [[1, -2], [1, 3]] has trace 4 and determinant 5, so lambda = 2 +- i.
    const spectrum = eigenSpectrum(new Float32Array([1, -2, 1, 3]), 2);
    assertClose(spectrum.real[0], 2, 'real part of lambda 0');
    assertClose(spectrum.imag[0], 1, 'imaginary part of lambda 0');
    assertClose(spectrum.real[1], 2, 'real part of lambda 1');
    assertClose(spectrum.imag[1], -1, 'imaginary part of lambda 1');
    assertClose(spectrum.spectralRadius, Math.sqrt(5), 'spectral radius');
  });

  it('keeps trace and determinant of a random matrix', () => {
    const n = 12;
    const random = new Random(3);
    const data = new Float64Array(n * n);
    random.fillNormal(data, 0, 1 / Math.sqrt(n));
    const spectrum = eigenSpectrum(data, n);

    let trace = 0;
    for (let i = 0; i < n; i++) trace += data[i * n + i];
    let sumReal = 0;
    let sumImag = 0;
    for (let k = 0; k < n; k++) {
      sumReal += spectrum.real[k];
      sumImag += spectrum.imag[k];
    }
    assertClose(sumReal, trace, 'sum of eigenvalues');
    assertClose(sumImag, 0, 'sum of imaginary parts');
    for (let k = 1; k < n; k++) {
      const previous = Math.hypot(spectrum.real[k - 1], spectrum.imag[k - 1]);
      const current = Math.hypot(spectrum.real[k], spectrum.imag[k]);
      assert.ok(previous >= current - tolerance, `modulus ${k} exceeds modulus ${k - 1}`);
    }
  });

  it('rejects a matrix of the wrong length', () => {
    assert.throws(() => eigenSpectrum([1, 2, 3], 2), /needs 4 values, got 3/);
  });

  it('rejects a non-finite entry', () => {
    assert.throws(() => eigenSpectrum([1, NaN, 0, 1], 2), /entry \(0, 1\) is NaN/);
  });
});

describe('squareBlock', () => {
  it('extracts the second gate of a stacked weight', () => {
    // A (4, 2) weight stacking two gates of size 2: rows 2..3 are the second gate.
    const stacked = [1, 2, 3, 4, 5, 6, 7, 8];
    assert.deepEqual([...squareBlock(stacked, 2, 2, 0, 2)], [5, 6, 7, 8]);
  });

  it('rejects a block outside the matrix', () => {
    assert.throws(() => squareBlock([1, 2, 3, 4], 2, 1, 0, 2), /exceeds the 2 x 2 matrix/);
  });
});

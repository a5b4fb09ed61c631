/**
 * Eigenvalue spectra of square recurrent weight matrices. A recurrent block W (H x H) of a
 * linearised network h' = W h decays along eigenvectors with |lambda| < 1 and grows along
 * those with |lambda| > 1, so the spectral radius max |lambda| summarises its stability.
 */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

/** Eigenvalues lambda_k = real[k] + i imag[k] of an n x n matrix, largest modulus first. */
export interface EigenSpectrum {
  /** Real parts, length n. */
  real: Float64Array;
  /** Imaginary parts, length n. Complex eigenvalues of a real matrix come in conjugate pairs. */
  imag: Float64Array;
  /** Spectral radius rho(W) = max_k |lambda_k|. */
  spectralRadius: number;
}

/**
 * Computes the eigenvalues of the n x n matrix stored row-major in `data`, with ml-matrix's
 * `EigenvalueDecomposition` (Hessenberg reduction and shifted QR, as in JAMA). Eigenvalues are
 * sorted by decreasing modulus, then by decreasing imaginary part, so that the order is stable.
 */
export function eigenSpectrum(data: ArrayLike<number>, n: number): EigenSpectrum {
  if (!Number.isInteger(n) || n < 1) {
    throw new RangeError(`matrix size must be a positive integer, got ${n}`);
  }
  if (data.length !== n * n) {
    throw new RangeError(`a ${n} x ${n} matrix needs ${n * n} values, got ${data.length}`);
  }
  for (let k = 0; k < data.length; k++) {
    if (!Number.isFinite(data[k])) {
      throw new RangeError(`matrix entry (${Math.floor(k / n)}, ${k % n}) is ${data[k]}`);
    }
  }

  const matrix = new Matrix(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) matrix.set(i, j, data[i * n + j]);
  }
  const decomposition = new EigenvalueDecomposition(matrix);
  const re = decomposition.realEigenvalues;
  const im = decomposition.imaginaryEigenvalues;

  const order = Array.from({ length: n }, (_, k) => k);
  const modulus = order.map((k) => Math.hypot(re[k], im[k]));
  order.sort((a, b) => modulus[b] - modulus[a] || im[b] - im[a]);

  const real = new Float64Array(n);
  const imag = new Float64Array(n);
  order.forEach((k, rank) => {
    real[rank] = re[k];
    imag[rank] = im[k];
  });
  return { real, imag, spectralRadius: modulus[order[0]] };
}

/**
 * Copies rows [rowOffset, rowOffset + size) and columns [colOffset, colOffset + size) of a
 * row-major matrix with `cols` columns into a new row-major size x size array. This extracts
 * one gate's H x H block from a stacked PyTorch weight such as an LSTM's `weight_hh_l0` (4H, H).
 */
export function squareBlock(
  data: ArrayLike<number>,
  cols: number,
  rowOffset: number,
  colOffset: number,
  size: number,
): Float64Array {
  const rows = data.length / cols;
  if (rowOffset + size > rows || colOffset + size > cols) {
    throw new RangeError(
      `block of size ${size} at (${rowOffset}, ${colOffset}) exceeds the ${rows} x ${cols} matrix`,
    );
  }
  const block = new Float64Array(size * size);
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      block[i * size + j] = data[(rowOffset + i) * cols + colOffset + j];
    }
  }
  return block;
}

import type { Real } from '../kernels.js';

/**
 * General matrix product on one memory block: C = alpha op(A) op(B) + beta C, with op(X) = X or
 * X^T, op(A) (m, k), op(B) (k, n) and C (m, n), all row-major with leading dimensions lda, ldb,
 * ldc. With beta = 0, C is overwritten, so NaN already in C does not propagate.
 *
 * Loop orders keep the innermost loop on contiguous memory: i-k-j for A B and A^T B (a row of
 * B scaled into a row of C), dot products of rows for A B^T, and a strided dot product only for
 * the rare A^T B^T.
 */
export function gemmReference(
  data: Real,
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
  if (m === 0 || n === 0) return;
  if (!transB) {
    scaleOutput(data, m, n, beta, c, ldc);
    if (k === 0 || alpha === 0) return;
    if (!transA) productNN(data, m, n, k, alpha, a, lda, b, ldb, c, ldc);
    else productTN(data, m, n, k, alpha, a, lda, b, ldb, c, ldc);
    return;
  }
  if (!transA) productNT(data, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
  else productTT(data, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

/** C = beta C, writing zeros when beta = 0. */
function scaleOutput(data: Real, m: number, n: number, beta: number, c: number, ldc: number): void {
  if (beta === 1) return;
  for (let i = 0; i < m; i++) {
    const row = c + i * ldc;
    if (beta === 0) {
      for (let j = 0; j < n; j++) data[row + j] = 0;
    } else {
      for (let j = 0; j < n; j++) data[row + j] *= beta;
    }
  }
}

/** C += alpha A B, A (m, k), B (k, n). */
function productNN(
  data: Real,
  m: number,
  n: number,
  k: number,
  alpha: number,
  a: number,
  lda: number,
  b: number,
  ldb: number,
  c: number,
  ldc: number,
): void {
  for (let i = 0; i < m; i++) {
    const rowA = a + i * lda;
    const rowC = c + i * ldc;
    for (let p = 0; p < k; p++) {
      const aip = alpha * data[rowA + p];
      const rowB = b + p * ldb;
      for (let j = 0; j < n; j++) data[rowC + j] += aip * data[rowB + j];
    }
  }
}

/** C += alpha A^T B, A stored (k, m), B (k, n). */
function productTN(
  data: Real,
  m: number,
  n: number,
  k: number,
  alpha: number,
  a: number,
  lda: number,
  b: number,
  ldb: number,
  c: number,
  ldc: number,
): void {
  for (let p = 0; p < k; p++) {
    const rowA = a + p * lda;
    const rowB = b + p * ldb;
    for (let i = 0; i < m; i++) {
      const api = alpha * data[rowA + i];
      const rowC = c + i * ldc;
      for (let j = 0; j < n; j++) data[rowC + j] += api * data[rowB + j];
    }
  }
}

/** C = alpha A B^T + beta C, A (m, k), B stored (n, k): one dot product of rows per element. */
function productNT(
  data: Real,
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
  for (let i = 0; i < m; i++) {
    const rowA = a + i * lda;
    const rowC = c + i * ldc;
    for (let j = 0; j < n; j++) {
      const rowB = b + j * ldb;
      let sum = 0;
      for (let p = 0; p < k; p++) sum += data[rowA + p] * data[rowB + p];
      const previous = beta === 0 ? 0 : beta * data[rowC + j];
      data[rowC + j] = alpha * sum + previous;
    }
  }
}

/** C = alpha A^T B^T + beta C, A stored (k, m), B stored (n, k). */
function productTT(
  data: Real,
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
  for (let i = 0; i < m; i++) {
    const rowC = c + i * ldc;
    for (let j = 0; j < n; j++) {
      const rowB = b + j * ldb;
      let sum = 0;
      for (let p = 0; p < k; p++) sum += data[a + p * lda + i] * data[rowB + p];
      const previous = beta === 0 ? 0 : beta * data[rowC + j];
      data[rowC + j] = alpha * sum + previous;
    }
  }
}

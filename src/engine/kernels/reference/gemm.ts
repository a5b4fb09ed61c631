import type { Real } from '../kernels.js';

/**
 * General matrix product on one memory block: C = alpha op(A) op(B) + beta C, with op(X) = X or
 * X^T, op(A) (m, k), op(B) (k, n) and C (m, n), all row-major with leading dimensions lda, ldb,
 * ldc. With beta = 0, C is overwritten, so NaN already in C does not propagate.
 *
 * Loop orders keep the innermost loop on contiguous memory: i-k-j for A B and A^T B (rows of
 * B scaled into rows of C) and dot products of rows for A B^T, each register-blocked over two
 * rows of C, and a strided dot product only for the rare A^T B^T.
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

/**
 * C += alpha A B, A (m, k), B (k, n): rows of B scaled into rows of C, for two rows of C and
 * four rows of B at a time, so that each element of B read serves two rows.
 */
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
  const m2 = m - (m % 2);
  const k4 = k - (k % 4);
  let i = 0;
  for (; i < m2; i += 2) {
    const rowA0 = a + i * lda;
    const rowA1 = rowA0 + lda;
    const rowC0 = c + i * ldc;
    const rowC1 = rowC0 + ldc;
    let p = 0;
    for (; p < k4; p += 4) {
      const a00 = alpha * data[rowA0 + p];
      const a01 = alpha * data[rowA0 + p + 1];
      const a02 = alpha * data[rowA0 + p + 2];
      const a03 = alpha * data[rowA0 + p + 3];
      const a10 = alpha * data[rowA1 + p];
      const a11 = alpha * data[rowA1 + p + 1];
      const a12 = alpha * data[rowA1 + p + 2];
      const a13 = alpha * data[rowA1 + p + 3];
      const b0 = b + p * ldb;
      const b1 = b0 + ldb;
      const b2 = b1 + ldb;
      const b3 = b2 + ldb;
      for (let j = 0; j < n; j++) {
        const v0 = data[b0 + j];
        const v1 = data[b1 + j];
        const v2 = data[b2 + j];
        const v3 = data[b3 + j];
        data[rowC0 + j] += a00 * v0 + a01 * v1 + a02 * v2 + a03 * v3;
        data[rowC1 + j] += a10 * v0 + a11 * v1 + a12 * v2 + a13 * v3;
      }
    }
    for (; p < k; p++) {
      const a0 = alpha * data[rowA0 + p];
      const a1 = alpha * data[rowA1 + p];
      const rowB = b + p * ldb;
      for (let j = 0; j < n; j++) {
        const v = data[rowB + j];
        data[rowC0 + j] += a0 * v;
        data[rowC1 + j] += a1 * v;
      }
    }
  }
  for (; i < m; i++) {
    const rowA = a + i * lda;
    const rowC = c + i * ldc;
    for (let p = 0; p < k; p++) {
      const aip = alpha * data[rowA + p];
      const rowB = b + p * ldb;
      for (let j = 0; j < n; j++) data[rowC + j] += aip * data[rowB + j];
    }
  }
}

/**
 * C += alpha A^T B, A stored (k, m), B (k, n): as for A B, with two columns of A (rows of C)
 * and four rows of A and B at a time.
 */
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
  const m2 = m - (m % 2);
  const k4 = k - (k % 4);
  let p = 0;
  for (; p < k4; p += 4) {
    const rowA0 = a + p * lda;
    const rowA1 = rowA0 + lda;
    const rowA2 = rowA1 + lda;
    const rowA3 = rowA2 + lda;
    const b0 = b + p * ldb;
    const b1 = b0 + ldb;
    const b2 = b1 + ldb;
    const b3 = b2 + ldb;
    let i = 0;
    for (; i < m2; i += 2) {
      const a00 = alpha * data[rowA0 + i];
      const a01 = alpha * data[rowA1 + i];
      const a02 = alpha * data[rowA2 + i];
      const a03 = alpha * data[rowA3 + i];
      const a10 = alpha * data[rowA0 + i + 1];
      const a11 = alpha * data[rowA1 + i + 1];
      const a12 = alpha * data[rowA2 + i + 1];
      const a13 = alpha * data[rowA3 + i + 1];
      const rowC0 = c + i * ldc;
      const rowC1 = rowC0 + ldc;
      for (let j = 0; j < n; j++) {
        const v0 = data[b0 + j];
        const v1 = data[b1 + j];
        const v2 = data[b2 + j];
        const v3 = data[b3 + j];
        data[rowC0 + j] += a00 * v0 + a01 * v1 + a02 * v2 + a03 * v3;
        data[rowC1 + j] += a10 * v0 + a11 * v1 + a12 * v2 + a13 * v3;
      }
    }
    for (; i < m; i++) {
      const a0 = alpha * data[rowA0 + i];
      const a1 = alpha * data[rowA1 + i];
      const a2 = alpha * data[rowA2 + i];
      const a3 = alpha * data[rowA3 + i];
      const rowC = c + i * ldc;
      for (let j = 0; j < n; j++) {
        data[rowC + j] +=
          a0 * data[b0 + j] + a1 * data[b1 + j] + a2 * data[b2 + j] + a3 * data[b3 + j];
      }
    }
  }
  for (; p < k; p++) {
    const rowA = a + p * lda;
    const rowB = b + p * ldb;
    for (let i = 0; i < m; i++) {
      const api = alpha * data[rowA + i];
      const rowC = c + i * ldc;
      for (let j = 0; j < n; j++) data[rowC + j] += api * data[rowB + j];
    }
  }
}

/**
 * C = alpha A B^T + beta C, A (m, k), B stored (n, k): dot products of rows, for two rows of A
 * and four rows of B at a time, so that each element read serves several products.
 */
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
  const m2 = m - (m % 2);
  const n4 = n - (n % 4);
  let i = 0;
  for (; i < m2; i += 2) {
    const rowA0 = a + i * lda;
    const rowA1 = rowA0 + lda;
    const rowC0 = c + i * ldc;
    const rowC1 = rowC0 + ldc;
    let j = 0;
    for (; j < n4; j += 4) {
      const b0 = b + j * ldb;
      const b1 = b0 + ldb;
      const b2 = b1 + ldb;
      const b3 = b2 + ldb;
      let sum00 = 0;
      let sum01 = 0;
      let sum02 = 0;
      let sum03 = 0;
      let sum10 = 0;
      let sum11 = 0;
      let sum12 = 0;
      let sum13 = 0;
      for (let p = 0; p < k; p++) {
        const a0 = data[rowA0 + p];
        const a1 = data[rowA1 + p];
        const v0 = data[b0 + p];
        const v1 = data[b1 + p];
        const v2 = data[b2 + p];
        const v3 = data[b3 + p];
        sum00 += a0 * v0;
        sum01 += a0 * v1;
        sum02 += a0 * v2;
        sum03 += a0 * v3;
        sum10 += a1 * v0;
        sum11 += a1 * v1;
        sum12 += a1 * v2;
        sum13 += a1 * v3;
      }
      storeDot(data, rowC0 + j, alpha * sum00, beta);
      storeDot(data, rowC0 + j + 1, alpha * sum01, beta);
      storeDot(data, rowC0 + j + 2, alpha * sum02, beta);
      storeDot(data, rowC0 + j + 3, alpha * sum03, beta);
      storeDot(data, rowC1 + j, alpha * sum10, beta);
      storeDot(data, rowC1 + j + 1, alpha * sum11, beta);
      storeDot(data, rowC1 + j + 2, alpha * sum12, beta);
      storeDot(data, rowC1 + j + 3, alpha * sum13, beta);
    }
    for (; j < n; j++) {
      const rowB = b + j * ldb;
      let sum0 = 0;
      let sum1 = 0;
      for (let p = 0; p < k; p++) {
        const v = data[rowB + p];
        sum0 += data[rowA0 + p] * v;
        sum1 += data[rowA1 + p] * v;
      }
      storeDot(data, rowC0 + j, alpha * sum0, beta);
      storeDot(data, rowC1 + j, alpha * sum1, beta);
    }
  }
  for (; i < m; i++) {
    const rowA = a + i * lda;
    const rowC = c + i * ldc;
    for (let j = 0; j < n; j++) {
      const rowB = b + j * ldb;
      let sum = 0;
      for (let p = 0; p < k; p++) sum += data[rowA + p] * data[rowB + p];
      storeDot(data, rowC + j, alpha * sum, beta);
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
      storeDot(data, rowC + j, alpha * sum, beta);
    }
  }
}

/** Writes value + beta C[index], ignoring the old C when beta = 0. */
function storeDot(data: Real, index: number, value: number, beta: number): void {
  data[index] = beta === 0 ? value : value + beta * data[index];
}

// General matrix product C = alpha op(A) op(B) + beta C on float32 matrices in linear memory,
// with op(X) = X or X^T, op(A) (m, k), op(B) (k, n) and C (m, n), row-major.
//
// Two register-blocked micro-kernels cover the four orientations:
// - the row kernel computes a 4 x 8 block of C from rows of op(B) read as vectors, so it needs
//   op(B) rows contiguous: B not transposed (A B), or a packed copy of B^T;
// - the column kernel computes an 8 x 4 block of C from columns of op(A) read as vectors, so it
//   needs op(A) columns contiguous: A transposed (A^T B and A^T B^T), or a packed copy of A.
// A B^T has neither, so it packs whichever operand costs less per flop: an 8-row panel of A is
// reused across all n columns, an 8-column panel of B^T across all m rows.
//
// Blocks at the edges compute full vectors. Their loads past the last row or column read memory
// that the caller keeps readable, because the allocator leaves a guard at the end of memory.
// Those lanes are discarded, and only the valid elements of C are stored.

import { address, multiplyAccumulate } from './memory';

const ROW_BLOCK_ROWS: i32 = 4;
const ROW_BLOCK_COLS: i32 = 8;
const COLUMN_BLOCK_ROWS: i32 = 8;
const COLUMN_BLOCK_COLS: i32 = 4;

// k is split into chunks of DEPTH_CHUNK for cache locality. Packed panels hold PANEL_WIDTH rows
// or columns for up to PACK_DEPTH values of k at a time.
const DEPTH_CHUNK: i32 = 256;
const PANEL_WIDTH: i32 = 8;
const PACK_DEPTH: i32 = 512;
const packBuffer: usize = memory.data(PANEL_WIDTH * PACK_DEPTH * 4, 16);

// Eight lanes of a partial block go through this buffer on their way to C.
const laneBuffer: usize = memory.data(32, 16);

/**
 * C = alpha op(A) op(B) + beta C. Offsets and leading dimensions are in float32 elements. With
 * beta = 0, C is overwritten, so NaN already in C does not propagate.
 */
export function gemm(
  transA: bool,
  transB: bool,
  m: i32,
  n: i32,
  k: i32,
  alpha: f32,
  a: i32,
  lda: i32,
  b: i32,
  ldb: i32,
  beta: f32,
  c: i32,
  ldc: i32,
): void {
  if (m <= 0 || n <= 0) return;
  const pa = address(a);
  const pb = address(b);
  const pc = address(c);
  if (k <= 0 || alpha == 0) {
    scaleMatrix(m, n, beta, pc, ldc);
    return;
  }

  if (!transA && !transB) {
    rowProduct(m, n, k, alpha, pa, lda, 1, pb, ldb, beta, pc, ldc);
  } else if (transA && !transB) {
    // A^T B: columns of op(A) are rows of A, and op(B)[p, j] = B[p, j].
    columnProduct(m, n, k, alpha, pa, lda, pb, 1, ldb, beta, pc, ldc);
  } else if (transA) {
    columnProduct(m, n, k, alpha, pa, lda, pb, ldb, 1, beta, pc, ldc);
  } else if (n >= m) {
    productPackingA(m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
  } else {
    productPackingB(m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
  }
}

/** C = beta C, writing zeros when beta = 0. */
function scaleMatrix(m: i32, n: i32, beta: f32, pc: usize, ldc: i32): void {
  if (beta == 1) return;
  for (let i = 0; i < m; i++) {
    const row = pc + ((<usize>(i * ldc)) << 2);
    for (let j = 0; j < n; j++) {
      const p = row + ((<usize>j) << 2);
      store<f32>(p, beta == 0 ? 0 : beta * load<f32>(p));
    }
  }
}

/**
 * C = alpha op(A) B + beta C with B rows contiguous (leading dimension ldb) and op(A)[i, p] at
 * pa + 4 (i rowStride + p depthStride).
 */
function rowProduct(
  m: i32,
  n: i32,
  k: i32,
  alpha: f32,
  pa: usize,
  rowStride: i32,
  depthStride: i32,
  pb: usize,
  ldb: i32,
  beta: f32,
  pc: usize,
  ldc: i32,
): void {
  // k runs in chunks, so that a 4-row panel of A stays in L1 and a chunk of B in L2 while the
  // columns of C go by.
  for (let p0 = 0; p0 < k; p0 += DEPTH_CHUNK) {
    const depth = min(DEPTH_CHUNK, k - p0);
    const chunkBeta: f32 = p0 == 0 ? beta : 1;
    const chunkA = pa + ((<usize>(p0 * depthStride)) << 2);
    const chunkB = pb + ((<usize>(p0 * ldb)) << 2);
    for (let i = 0; i < m; i += ROW_BLOCK_ROWS) {
      const rows = min(ROW_BLOCK_ROWS, m - i);
      for (let j = 0; j < n; j += ROW_BLOCK_COLS) {
        const cols = min(ROW_BLOCK_COLS, n - j);
        rowKernel(
          depth,
          alpha,
          chunkA + ((<usize>(i * rowStride)) << 2),
          rowStride,
          depthStride,
          chunkB + ((<usize>j) << 2),
          ldb,
          chunkBeta,
          pc + ((<usize>(i * ldc + j)) << 2),
          ldc,
          rows,
          cols,
        );
      }
    }
  }
}

/** Computes one 4 x 8 block of C for `rowProduct`. Rows past `rows` repeat the last row of A. */
function rowKernel(
  k: i32,
  alpha: f32,
  pa: usize,
  rowStride: i32,
  depthStride: i32,
  pb: usize,
  ldb: i32,
  beta: f32,
  pc: usize,
  ldc: i32,
  rows: i32,
  cols: i32,
): void {
  const rowBytes = (<usize>rowStride) << 2;
  let a0 = pa;
  let a1 = pa + (<usize>min(1, rows - 1)) * rowBytes;
  let a2 = pa + (<usize>min(2, rows - 1)) * rowBytes;
  let a3 = pa + (<usize>(rows - 1)) * rowBytes;
  const depthBytes = (<usize>depthStride) << 2;
  const bBytes = (<usize>ldb) << 2;
  let bp = pb;

  let c00 = f32x4.splat(0);
  let c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0);
  let c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0);
  let c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0);
  let c31 = f32x4.splat(0);
  for (let p = 0; p < k; p++) {
    const b0 = v128.load(bp);
    const b1 = v128.load(bp, 16);
    let s = v128.load32_splat(a0);
    c00 = multiplyAccumulate(s, b0, c00);
    c01 = multiplyAccumulate(s, b1, c01);
    s = v128.load32_splat(a1);
    c10 = multiplyAccumulate(s, b0, c10);
    c11 = multiplyAccumulate(s, b1, c11);
    s = v128.load32_splat(a2);
    c20 = multiplyAccumulate(s, b0, c20);
    c21 = multiplyAccumulate(s, b1, c21);
    s = v128.load32_splat(a3);
    c30 = multiplyAccumulate(s, b0, c30);
    c31 = multiplyAccumulate(s, b1, c31);
    a0 += depthBytes;
    a1 += depthBytes;
    a2 += depthBytes;
    a3 += depthBytes;
    bp += bBytes;
  }

  const cBytes = (<usize>ldc) << 2;
  storeRow8(pc, c00, c01, cols, alpha, beta);
  if (rows > 1) storeRow8(pc + cBytes, c10, c11, cols, alpha, beta);
  if (rows > 2) storeRow8(pc + 2 * cBytes, c20, c21, cols, alpha, beta);
  if (rows > 3) storeRow8(pc + 3 * cBytes, c30, c31, cols, alpha, beta);
}

/** C[0..cols) = alpha (low, high) + beta C[0..cols) for one row of up to 8 elements. */
// @ts-ignore: decorator
@inline
function storeRow8(pc: usize, low: v128, high: v128, cols: i32, alpha: f32, beta: f32): void {
  const va = f32x4.splat(alpha);
  low = f32x4.mul(low, va);
  high = f32x4.mul(high, va);
  if (cols == 8) {
    if (beta != 0) {
      const vb = f32x4.splat(beta);
      low = f32x4.add(low, f32x4.mul(v128.load(pc), vb));
      high = f32x4.add(high, f32x4.mul(v128.load(pc, 16), vb));
    }
    v128.store(pc, low);
    v128.store(pc, high, 16);
    return;
  }
  v128.store(laneBuffer, low);
  v128.store(laneBuffer, high, 16);
  storePartial(pc, cols, beta);
}

/** C[0..cols) = laneBuffer[0..cols) + beta C[0..cols). */
function storePartial(pc: usize, cols: i32, beta: f32): void {
  for (let q = 0; q < cols; q++) {
    const p = pc + ((<usize>q) << 2);
    const value = load<f32>(laneBuffer + ((<usize>q) << 2));
    store<f32>(p, beta == 0 ? value : value + beta * load<f32>(p));
  }
}

/**
 * C = alpha op(A) op(B) + beta C with op(A) columns contiguous: op(A)[i, p] at pa + 4 (p lda + i),
 * and op(B)[p, j] at pb + 4 (j columnStride + p depthStride).
 */
function columnProduct(
  m: i32,
  n: i32,
  k: i32,
  alpha: f32,
  pa: usize,
  lda: i32,
  pb: usize,
  columnStride: i32,
  depthStride: i32,
  beta: f32,
  pc: usize,
  ldc: i32,
): void {
  // k runs in chunks, so that an 8-row panel of op(A) stays in L1 and a chunk of op(B) in L2.
  for (let p0 = 0; p0 < k; p0 += DEPTH_CHUNK) {
    const depth = min(DEPTH_CHUNK, k - p0);
    const chunkBeta: f32 = p0 == 0 ? beta : 1;
    const chunkA = pa + ((<usize>(p0 * lda)) << 2);
    const chunkB = pb + ((<usize>(p0 * depthStride)) << 2);
    for (let i = 0; i < m; i += COLUMN_BLOCK_ROWS) {
      const rows = min(COLUMN_BLOCK_ROWS, m - i);
      for (let j = 0; j < n; j += COLUMN_BLOCK_COLS) {
        const cols = min(COLUMN_BLOCK_COLS, n - j);
        columnKernel(
          depth,
          alpha,
          chunkA + ((<usize>i) << 2),
          lda,
          chunkB + ((<usize>(j * columnStride)) << 2),
          columnStride,
          depthStride,
          chunkBeta,
          pc + ((<usize>(i * ldc + j)) << 2),
          ldc,
          rows,
          cols,
        );
      }
    }
  }
}

/**
 * Computes one 8 x 4 block of C for `columnProduct`. Columns past `cols` reuse the last column
 * of op(B).
 */
function columnKernel(
  k: i32,
  alpha: f32,
  pa: usize,
  lda: i32,
  pb: usize,
  columnStride: i32,
  depthStride: i32,
  beta: f32,
  pc: usize,
  ldc: i32,
  rows: i32,
  cols: i32,
): void {
  const columnBytes = (<usize>columnStride) << 2;
  let b0 = pb;
  let b1 = pb + (<usize>min(1, cols - 1)) * columnBytes;
  let b2 = pb + (<usize>min(2, cols - 1)) * columnBytes;
  let b3 = pb + (<usize>(cols - 1)) * columnBytes;
  const bBytes = (<usize>depthStride) << 2;
  const aBytes = (<usize>lda) << 2;
  let ap = pa;

  // cJV accumulates C[i + 4 V .. i + 4 V + 3, j + J].
  let c00 = f32x4.splat(0);
  let c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0);
  let c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0);
  let c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0);
  let c31 = f32x4.splat(0);
  for (let p = 0; p < k; p++) {
    const x0 = v128.load(ap);
    const x1 = v128.load(ap, 16);
    let s = v128.load32_splat(b0);
    c00 = multiplyAccumulate(x0, s, c00);
    c01 = multiplyAccumulate(x1, s, c01);
    s = v128.load32_splat(b1);
    c10 = multiplyAccumulate(x0, s, c10);
    c11 = multiplyAccumulate(x1, s, c11);
    s = v128.load32_splat(b2);
    c20 = multiplyAccumulate(x0, s, c20);
    c21 = multiplyAccumulate(x1, s, c21);
    s = v128.load32_splat(b3);
    c30 = multiplyAccumulate(x0, s, c30);
    c31 = multiplyAccumulate(x1, s, c31);
    ap += aBytes;
    b0 += bBytes;
    b1 += bBytes;
    b2 += bBytes;
    b3 += bBytes;
  }

  const cBytes = (<usize>ldc) << 2;
  storeTransposed(pc, cBytes, c00, c10, c20, c30, min(rows, 4), cols, alpha, beta);
  if (rows > 4) {
    storeTransposed(pc + 4 * cBytes, cBytes, c01, c11, c21, c31, rows - 4, cols, alpha, beta);
  }
}

/**
 * Stores a 4 x 4 block given by its columns x0..x3 (lane q of xJ is row q, column J) into the
 * first `rows` rows and `cols` columns of C, as C = alpha block + beta C.
 */
function storeTransposed(
  pc: usize,
  cBytes: usize,
  x0: v128,
  x1: v128,
  x2: v128,
  x3: v128,
  rows: i32,
  cols: i32,
  alpha: f32,
  beta: f32,
): void {
  const t0 = v128.shuffle<f32>(x0, x1, 0, 4, 1, 5);
  const t1 = v128.shuffle<f32>(x0, x1, 2, 6, 3, 7);
  const t2 = v128.shuffle<f32>(x2, x3, 0, 4, 1, 5);
  const t3 = v128.shuffle<f32>(x2, x3, 2, 6, 3, 7);
  storeRow4(pc, v128.shuffle<f32>(t0, t2, 0, 1, 4, 5), cols, alpha, beta);
  if (rows > 1) storeRow4(pc + cBytes, v128.shuffle<f32>(t0, t2, 2, 3, 6, 7), cols, alpha, beta);
  if (rows > 2) {
    storeRow4(pc + 2 * cBytes, v128.shuffle<f32>(t1, t3, 0, 1, 4, 5), cols, alpha, beta);
  }
  if (rows > 3) {
    storeRow4(pc + 3 * cBytes, v128.shuffle<f32>(t1, t3, 2, 3, 6, 7), cols, alpha, beta);
  }
}

/** C[0..cols) = alpha row + beta C[0..cols) for one row of up to 4 elements. */
// @ts-ignore: decorator
@inline
function storeRow4(pc: usize, row: v128, cols: i32, alpha: f32, beta: f32): void {
  row = f32x4.mul(row, f32x4.splat(alpha));
  if (cols == 4) {
    if (beta != 0) row = f32x4.add(row, f32x4.mul(v128.load(pc), f32x4.splat(beta)));
    v128.store(pc, row);
    return;
  }
  v128.store(laneBuffer, row);
  storePartial(pc, cols, beta);
}

/**
 * C = alpha A B^T + beta C by packing 8-row panels of A (m, k) into columns, k in chunks of
 * PACK_DEPTH, and running the column kernel on each panel against all of B (n, k).
 */
function productPackingA(
  m: i32,
  n: i32,
  k: i32,
  alpha: f32,
  pa: usize,
  lda: i32,
  pb: usize,
  ldb: i32,
  beta: f32,
  pc: usize,
  ldc: i32,
): void {
  for (let i = 0; i < m; i += PANEL_WIDTH) {
    const rows = min(PANEL_WIDTH, m - i);
    for (let p0 = 0; p0 < k; p0 += PACK_DEPTH) {
      const depth = min(PACK_DEPTH, k - p0);
      packTransposed(pa + ((<usize>(i * lda + p0)) << 2), lda, rows, depth);
      const chunkBeta: f32 = p0 == 0 ? beta : 1;
      for (let j = 0; j < n; j += COLUMN_BLOCK_COLS) {
        const cols = min(COLUMN_BLOCK_COLS, n - j);
        columnKernel(
          depth,
          alpha,
          packBuffer,
          PANEL_WIDTH,
          pb + ((<usize>(j * ldb + p0)) << 2),
          ldb,
          1,
          chunkBeta,
          pc + ((<usize>(i * ldc + j)) << 2),
          ldc,
          rows,
          cols,
        );
      }
    }
  }
}

/**
 * C = alpha A B^T + beta C by packing 8-row panels of B (n, k) into rows of B^T, k in chunks of
 * PACK_DEPTH, and running the row kernel on each panel against all of A (m, k).
 */
function productPackingB(
  m: i32,
  n: i32,
  k: i32,
  alpha: f32,
  pa: usize,
  lda: i32,
  pb: usize,
  ldb: i32,
  beta: f32,
  pc: usize,
  ldc: i32,
): void {
  for (let j = 0; j < n; j += PANEL_WIDTH) {
    const cols = min(PANEL_WIDTH, n - j);
    for (let p0 = 0; p0 < k; p0 += PACK_DEPTH) {
      const depth = min(PACK_DEPTH, k - p0);
      packTransposed(pb + ((<usize>(j * ldb + p0)) << 2), ldb, cols, depth);
      const chunkBeta: f32 = p0 == 0 ? beta : 1;
      for (let i = 0; i < m; i += ROW_BLOCK_ROWS) {
        const rows = min(ROW_BLOCK_ROWS, m - i);
        rowKernel(
          depth,
          alpha,
          pa + ((<usize>(i * lda + p0)) << 2),
          lda,
          1,
          packBuffer,
          PANEL_WIDTH,
          chunkBeta,
          pc + ((<usize>(i * ldc + j)) << 2),
          ldc,
          rows,
          cols,
        );
      }
    }
  }
}

/**
 * Copies `count` rows of `depth` elements (leading dimension ld) into packBuffer as a
 * (depth, PANEL_WIDTH) matrix, the transpose, with zeros in the columns past `count`.
 */
function packTransposed(p: usize, ld: i32, count: i32, depth: i32): void {
  const rowBytes = (<usize>ld) << 2;
  for (let q = 0; q < PANEL_WIDTH; q++) {
    const source = p + (<usize>q) * rowBytes;
    let target = packBuffer + ((<usize>q) << 2);
    if (q < count) {
      for (let d = 0; d < depth; d++) {
        store<f32>(target, load<f32>(source + ((<usize>d) << 2)));
        target += PANEL_WIDTH << 2;
      }
    } else {
      for (let d = 0; d < depth; d++) {
        store<f32>(target, 0);
        target += PANEL_WIDTH << 2;
      }
    }
  }
}

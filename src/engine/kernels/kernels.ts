/**
 * The kernel layer: every piece of arithmetic in the training loop goes through a `Kernels`
 * object, so that an implementation (plain TypeScript, WebAssembly SIMD) can be swapped without
 * touching the cells.
 *
 * Memory model. A `Kernels` object owns one flat block of memory, seen as `data` (a
 * Float32Array or, for the float64 reference, a Float64Array). Every tensor of a network lives
 * in that block and is named by its offset in elements, like a pointer in C. Matrices are
 * row-major; a matrix with leading dimension `ld` has element (r, c) at `p + r * ld + c`.
 *
 * `alloc` may grow the block, which replaces `data`: read `data` again after any `alloc`, and
 * never keep a view of it across one. Networks allocate everything when they are built, so the
 * time loop never allocates.
 */
export type Real = Float32Array | Float64Array;

export type DType = 'float32' | 'float64';

/** Activation of a vanilla RNN or a leaky rate network. Codes are stable: WebAssembly uses them. */
export const Activation = { Tanh: 0, Relu: 1, Softplus: 2 } as const;
export type Activation = (typeof Activation)[keyof typeof Activation];

export interface Kernels {
  /** Implementation name as shown in `--verbose` output and benchmarks. */
  readonly name: string;
  readonly dtype: DType;

  /** The whole memory block. Replaced by `alloc` when the block grows. */
  readonly data: Real;

  /** Reserves `n` zeroed elements, aligned to 16 bytes, and returns their offset. */
  alloc(n: number): number;

  /** Returns the current allocation mark, for `release`. */
  mark(): number;

  /** Frees every allocation made after `mark` was taken. */
  release(mark: number): void;

  // ---- Matrix products ---------------------------------------------------------------------

  /**
   * General matrix product: C = alpha op(A) op(B) + beta C, with op(X) = X or X^T.
   * op(A) is m x k, op(B) is k x n, C is m x n. With beta = 0, C is overwritten (NaN in C is
   * not propagated).
   */
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
  ): void;

  // ---- Element-wise and reductions ----------------------------------------------------------

  /** y[i] = x[i] for i < n. */
  copy(n: number, x: number, y: number): void;

  /** x[i] = value for i < n. */
  fill(n: number, x: number, value: number): void;

  /** y[i] += alpha x[i] for i < n. */
  axpy(n: number, alpha: number, x: number, y: number): void;

  /** x[i] *= alpha for i < n. */
  scale(n: number, x: number, alpha: number): void;

  /** Returns the sum of x[i]^2 for i < n, accumulated in float64. */
  sumSquares(n: number, x: number): number;

  /** Returns whether every x[i], i < n, is finite. */
  allFinite(n: number, x: number): boolean;

  /** Adds the row vector `bias` (cols) to every row of the rows x cols matrix at `x`. */
  addRowVector(rows: number, cols: number, bias: number, x: number): void;

  /** out[c] (+)= sum over r of x[r, c], for a rows x cols matrix; overwrites unless accumulate. */
  sumRows(rows: number, cols: number, x: number, out: number, accumulate: boolean): void;

  // ---- Fused cell steps ------------------------------------------------------------------------
  // Each forward kernel works on one time step of a batch and stores what its backward kernel
  // needs. Shapes are given in the comments as (rows, cols) of row-major matrices.

  /**
   * Vanilla RNN step: h = act(pre), where pre (batch, hidden) already holds
   * W_ih x + b_ih + W_hh h_prev + b_hh. `n` = batch * hidden. Tanh or Relu only.
   */
  rnnForward(n: number, activation: Activation, pre: number, h: number): void;

  /** dpre = dh * act'(h), from the stored output h. */
  rnnBackward(n: number, activation: Activation, h: number, dh: number, dpre: number): void;

  /**
   * LSTM step in PyTorch's gate order (i, f, g, o). `gates` (batch, 4 hidden) holds the
   * pre-activations W_ih x + b_ih + W_hh h_prev + b_hh on entry and is overwritten with the
   * activations i = sigmoid, f = sigmoid, g = tanh, o = sigmoid. Then
   * c = f c_prev + i g and h = o tanh(c). cPrev, c, h are (batch, hidden).
   */
  lstmForward(
    batch: number,
    hidden: number,
    gates: number,
    cPrev: number,
    c: number,
    h: number,
  ): void;

  /**
   * LSTM step backward. Reads the activated gates, cPrev and c of the step; dh is the total
   * gradient reaching h; dc holds the gradient from the next step's cell state on entry and the
   * gradient for cPrev on exit. Writes dgates (batch, 4 hidden): the gradient of the
   * pre-activations, which is also the gradient of both biases.
   */
  lstmBackward(
    batch: number,
    hidden: number,
    gates: number,
    cPrev: number,
    c: number,
    dh: number,
    dc: number,
    dgates: number,
  ): void;

  /**
   * GRU step in PyTorch's gate order (r, z, n). gi = W_ih x + b_ih and gh = W_hh h_prev + b_hh
   * are (batch, 3 hidden). Computes r = sigmoid(gi_r + gh_r), z = sigmoid(gi_z + gh_z),
   * n = tanh(gi_n + r gh_n), h = (1 - z) n + z h_prev, and stores r, z, n in `gates`
   * (batch, 3 hidden). gh is left unchanged, because backward needs gh_n.
   */
  gruForward(
    batch: number,
    hidden: number,
    gi: number,
    gh: number,
    hPrev: number,
    gates: number,
    h: number,
  ): void;

  /**
   * GRU step backward. From dh (batch, hidden) and the stored gates, gh and hPrev, writes
   * dgi = dL/dgi and dgh = dL/dgh (batch, 3 hidden each), and sets dhPrev (batch, hidden) to the
   * direct part dh z; the part through W_hh is added by the caller with a gemm.
   */
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
  ): void;

  /**
   * Leaky rate network step: x = (1 - a) x_prev + a pre + noise, r = act(x), where pre
   * (batch, hidden) holds W_rec r_prev + W_in u + b and noise is already scaled. `n` =
   * batch * hidden. `noise` may be -1 for none.
   */
  leakyForward(
    n: number,
    activation: Activation,
    alpha: number,
    xPrev: number,
    pre: number,
    noise: number,
    x: number,
    r: number,
  ): void;

  /**
   * Leaky step backward. dr is the total gradient reaching r = act(x) and dx the gradient
   * reaching x from the next step's leak. Computes g = dx + dr act'(x), then writes
   * dpre = a g and overwrites dx with (1 - a) g, the leak's gradient for x_prev.
   */
  leakyBackward(
    n: number,
    activation: Activation,
    alpha: number,
    x: number,
    r: number,
    dr: number,
    dx: number,
    dpre: number,
  ): void;

  // ---- Losses ----------------------------------------------------------------------------------

  /**
   * Softmax cross-entropy per row of logits (rows, classes) against class indices stored as
   * numbers in `targets` (rows). `weights` (rows) multiplies each row's loss, or is -1 for
   * weight 1. Returns the weighted sum of losses, and writes dlogits = scale * weight *
   * (softmax - onehot). The caller divides by the number or weight of rows through `scale`.
   */
  softmaxCrossEntropy(
    rows: number,
    classes: number,
    logits: number,
    targets: number,
    weights: number,
    scale: number,
    dlogits: number,
  ): number;

  /**
   * Squared error per element of y (rows, cols) against targets of the same shape; `weights`
   * (rows) multiplies each row, or is -1 for weight 1. Returns the weighted sum of squared
   * errors, and writes dy = scale * 2 * weight * (y - target).
   */
  squaredError(
    rows: number,
    cols: number,
    y: number,
    targets: number,
    weights: number,
    scale: number,
    dy: number,
  ): number;

  // ---- Optimizers ------------------------------------------------------------------------------

  /**
   * One Adam step on n parameters as torch.optim.Adam does it (L2 weight decay added to the
   * gradient, not decoupled). m and v are the moment buffers; `step` counts from 1.
   */
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
  ): void;

  /**
   * One SGD step as torch.optim.SGD does it: g = grad + weightDecay param;
   * buf = momentum buf + (1 - dampening) g (buf = g on the first step); param -= lr buf.
   * `firstStep` marks the step that initialises the momentum buffer.
   */
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
  ): void;
}

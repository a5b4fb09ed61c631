import { kernelsRelaxedWasmBase64, kernelsWasmBase64 } from './generated/kernels-wasm.js';
import { Activation, type Kernels } from './kernels.js';

/**
 * Kernels compiled from AssemblyScript (`assembly/`) to WebAssembly with 128-bit SIMD, in
 * float32. The module brings its own linear memory: `data` is a Float32Array over all of it,
 * tensors are element offsets into it, and a bump allocator hands out 16-byte aligned blocks
 * above the module's static data. Growing the memory replaces `data` with a view of the new
 * buffer.
 *
 * Two builds are embedded. 'wasm-simd' runs wherever SIMD does. 'wasm-relaxed-simd' computes
 * the matrix product with relaxed SIMD's f32x4.relaxed_madd, which V8 turns into a fused
 * multiply-add on x86-64 CPUs with FMA: about 25% more GFLOP/s at the LSTM's sizes on an AMD
 * EPYC under Node.js 20 with --experimental-wasm-relaxed-simd. Relaxed SIMD lets the engine
 * choose whether to fuse, so its results may differ between machines in the last bits.
 *
 * The matrix product reads up to 7 elements past the end of a row at the right edge of C and
 * discards them, so the allocator keeps GUARD_BYTES of readable memory above every block.
 */

// The parts of the WebAssembly JavaScript API used here. TypeScript declares them only with the
// DOM library, which engine code does not load, so they are typed locally.
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(deltaPages: number): number;
}

interface WasmInstance {
  readonly exports: unknown;
}

interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => WasmInstance;
  compile(bytes: Uint8Array): Promise<object>;
  instantiate(module: object, imports: object): Promise<WasmInstance>;
}

const wasmApi = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

const PAGE_BYTES = 65536;
const MAX_PAGES = 65536;
const GUARD_BYTES = 64;
const ALIGN_ELEMENTS = 4;

// A module of one function, () -> v128 { i8x16.popcnt(i8x16.splat(0)) }, that validates only
// where WebAssembly SIMD is supported (the probe wasm-feature-detect uses).
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253,
  15, 253, 98, 11,
]);

/** Returns whether this JavaScript engine runs WebAssembly with 128-bit SIMD. */
export function wasmSimdSupported(): boolean {
  return wasmApi !== undefined && wasmApi.validate(SIMD_PROBE);
}

/** A build of the kernels module; 'relaxed-simd' needs relaxed SIMD on top of SIMD. */
export type WasmVariant = 'simd' | 'relaxed-simd';

const moduleBytes = new Map<WasmVariant, Uint8Array>();
let supportedVariants: WasmVariant[] | undefined;

function variantBytes(variant: WasmVariant): Uint8Array {
  let bytes = moduleBytes.get(variant);
  if (bytes === undefined) {
    const base64 = variant === 'simd' ? kernelsWasmBase64 : kernelsRelaxedWasmBase64;
    bytes = decodeBase64(base64);
    moduleBytes.set(variant, bytes);
  }
  return bytes;
}

/**
 * Returns the builds this engine validates, fastest first: relaxed SIMD shipped in V8 11.4
 * (Chrome 114, Node.js 22); Node.js 20 needs --experimental-wasm-relaxed-simd for it.
 */
export function supportedWasmVariants(): WasmVariant[] {
  if (supportedVariants === undefined) {
    supportedVariants = [];
    if (wasmApi !== undefined && wasmSimdSupported()) {
      if (wasmApi.validate(variantBytes('relaxed-simd'))) supportedVariants.push('relaxed-simd');
      supportedVariants.push('simd');
    }
  }
  return [...supportedVariants];
}


/** The functions the AssemblyScript module exports; offsets are float32 elements. */
interface KernelExports {
  readonly memory: WasmMemory;
  heapBase(): number;
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
  copy(n: number, x: number, y: number): void;
  fill(n: number, x: number, value: number): void;
  axpy(n: number, alpha: number, x: number, y: number): void;
  scale(n: number, x: number, alpha: number): void;
  sumSquares(n: number, x: number): number;
  allFinite(n: number, x: number): number;
  addRowVector(rows: number, cols: number, bias: number, x: number): void;
  sumRows(rows: number, cols: number, x: number, out: number, accumulate: boolean): void;
  rnnForward(n: number, activation: number, pre: number, h: number): void;
  rnnBackward(n: number, activation: number, h: number, dh: number, dpre: number): void;
  lstmForward(
    batch: number,
    hidden: number,
    gates: number,
    cPrev: number,
    c: number,
    h: number,
  ): void;
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
  gruForward(
    batch: number,
    hidden: number,
    gi: number,
    gh: number,
    hPrev: number,
    gates: number,
    h: number,
  ): void;
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
  leakyForward(
    n: number,
    activation: number,
    alpha: number,
    xPrev: number,
    pre: number,
    noise: number,
    x: number,
    r: number,
  ): void;
  leakyBackward(
    n: number,
    activation: number,
    alpha: number,
    x: number,
    r: number,
    dr: number,
    dx: number,
    dpre: number,
  ): void;
  softmaxCrossEntropy(
    rows: number,
    classes: number,
    logits: number,
    targets: number,
    weights: number,
    scale: number,
    dlogits: number,
  ): number;
  squaredError(
    rows: number,
    cols: number,
    y: number,
    targets: number,
    weights: number,
    scale: number,
    dy: number,
  ): number;
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

const compiledModules = new Map<WasmVariant, object>();

function decodeBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Returns the WebAssembly API and the build to load, or throws if it cannot run here. */
function chooseVariant(requested: WasmVariant | undefined): { api: WasmApi; variant: WasmVariant } {
  const supported = supportedWasmVariants();
  if (wasmApi === undefined || supported.length === 0) {
    throw new Error(
      'WebAssembly SIMD is not supported by this JavaScript engine; use the reference kernels',
    );
  }
  const variant = requested ?? supported[0];
  if (!supported.includes(variant)) {
    throw new Error(`this JavaScript engine does not support the '${variant}' kernels build`);
  }
  return { api: wasmApi, variant };
}

/**
 * Creates WebAssembly SIMD kernels with a fresh memory, compiling the module synchronously on
 * first use. `variant` defaults to the fastest build this engine supports. Browsers refuse
 * synchronous compilation of large modules on the main thread: use `createWasmKernels` there.
 */
export function createWasmKernelsSync(variant?: WasmVariant): Kernels {
  const chosen = chooseVariant(variant);
  let compiled = compiledModules.get(chosen.variant);
  if (compiled === undefined) {
    compiled = new chosen.api.Module(variantBytes(chosen.variant));
    compiledModules.set(chosen.variant, compiled);
  }
  const instance = new chosen.api.Instance(compiled, {});
  return new WasmKernels(chosen.variant, instance.exports as unknown as KernelExports);
}

/**
 * Creates WebAssembly SIMD kernels with a fresh memory, compiling the module asynchronously.
 * `variant` defaults to the fastest build this engine supports.
 */
export async function createWasmKernels(variant?: WasmVariant): Promise<Kernels> {
  const chosen = chooseVariant(variant);
  let compiled = compiledModules.get(chosen.variant);
  if (compiled === undefined) {
    compiled = await chosen.api.compile(variantBytes(chosen.variant));
    compiledModules.set(chosen.variant, compiled);
  }
  const instance = await chosen.api.instantiate(compiled, {});
  return new WasmKernels(chosen.variant, instance.exports as unknown as KernelExports);
}

function checkCount(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
  }
}

function checkActivation(kernel: string, activation: Activation): void {
  if (activation !== Activation.Tanh && activation !== Activation.Relu) {
    throw new RangeError(`${kernel} supports the tanh and relu activations only`);
  }
}

class WasmKernels implements Kernels {
  readonly name: string;
  readonly dtype = 'float32';

  private readonly wasm: KernelExports;
  private readonly heapStart: number;
  private floats: Float32Array;
  private top: number;

  constructor(variant: WasmVariant, wasm: KernelExports) {
    this.name = `wasm-${variant}`;
    this.wasm = wasm;
    this.floats = new Float32Array(wasm.memory.buffer);
    this.heapStart = Math.ceil(wasm.heapBase() / 4 / ALIGN_ELEMENTS) * ALIGN_ELEMENTS;
    this.top = this.heapStart;
    this.reserveBytes(this.top * 4 + GUARD_BYTES);
  }

  get data(): Float32Array {
    return this.floats;
  }

  alloc(n: number): number {
    checkCount('alloc size', n);
    const offset = this.top;
    const end = offset + Math.ceil(n / ALIGN_ELEMENTS) * ALIGN_ELEMENTS;
    this.reserveBytes(end * 4 + GUARD_BYTES);
    this.top = end;
    this.floats.fill(0, offset, end);
    return offset;
  }

  mark(): number {
    return this.top;
  }

  release(mark: number): void {
    if (!Number.isInteger(mark) || mark < this.heapStart || mark > this.top) {
      throw new RangeError(
        `release mark ${mark} is not between the heap start ${this.heapStart} and the current ` +
          `mark ${this.top}`,
      );
    }
    this.top = mark;
  }

  /** Grows the memory to at least `bytes`, at least doubling it, and renews the view. */
  private reserveBytes(bytes: number): void {
    const memory = this.wasm.memory;
    const currentPages = memory.buffer.byteLength / PAGE_BYTES;
    const neededPages = Math.ceil(bytes / PAGE_BYTES);
    if (neededPages <= currentPages) return;
    if (neededPages > MAX_PAGES) {
      throw new RangeError(
        `cannot allocate ${bytes} bytes: WebAssembly memory is limited to 4 GiB`,
      );
    }
    const targetPages = Math.min(MAX_PAGES, Math.max(neededPages, 2 * currentPages));
    try {
      memory.grow(targetPages - currentPages);
    } catch {
      // Doubling may exceed what the engine grants; the exact size may still fit.
      try {
        memory.grow(neededPages - currentPages);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new RangeError(`cannot grow WebAssembly memory to ${bytes} bytes: ${reason}`);
      }
    }
    this.floats = new Float32Array(memory.buffer);
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
    this.wasm.gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
  }

  copy(n: number, x: number, y: number): void {
    this.wasm.copy(n, x, y);
  }

  fill(n: number, x: number, value: number): void {
    this.wasm.fill(n, x, value);
  }

  axpy(n: number, alpha: number, x: number, y: number): void {
    this.wasm.axpy(n, alpha, x, y);
  }

  scale(n: number, x: number, alpha: number): void {
    this.wasm.scale(n, x, alpha);
  }

  sumSquares(n: number, x: number): number {
    return this.wasm.sumSquares(n, x);
  }

  allFinite(n: number, x: number): boolean {
    return this.wasm.allFinite(n, x) !== 0;
  }

  addRowVector(rows: number, cols: number, bias: number, x: number): void {
    this.wasm.addRowVector(rows, cols, bias, x);
  }

  sumRows(rows: number, cols: number, x: number, out: number, accumulate: boolean): void {
    this.wasm.sumRows(rows, cols, x, out, accumulate);
  }

  rnnForward(n: number, activation: Activation, pre: number, h: number): void {
    checkActivation('rnnForward', activation);
    this.wasm.rnnForward(n, activation, pre, h);
  }

  rnnBackward(n: number, activation: Activation, h: number, dh: number, dpre: number): void {
    checkActivation('rnnBackward', activation);
    this.wasm.rnnBackward(n, activation, h, dh, dpre);
  }

  lstmForward(
    batch: number,
    hidden: number,
    gates: number,
    cPrev: number,
    c: number,
    h: number,
  ): void {
    this.wasm.lstmForward(batch, hidden, gates, cPrev, c, h);
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
    this.wasm.lstmBackward(batch, hidden, gates, cPrev, c, dh, dc, dgates);
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
    this.wasm.gruForward(batch, hidden, gi, gh, hPrev, gates, h);
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
    this.wasm.gruBackward(batch, hidden, gates, gh, hPrev, dh, dgi, dgh, dhPrev);
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
    this.wasm.leakyForward(n, activation, alpha, xPrev, pre, noise, x, r);
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
    this.wasm.leakyBackward(n, activation, alpha, x, r, dr, dx, dpre);
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
    const loss = this.wasm.softmaxCrossEntropy(
      rows,
      classes,
      logits,
      targets,
      weights,
      scale,
      dlogits,
    );
    if (Number.isNaN(loss)) this.checkTargets(rows, classes, targets);
    return loss;
  }

  /** Throws on the first target that is not a class index; the module returns NaN for it. */
  private checkTargets(rows: number, classes: number, targets: number): void {
    for (let r = 0; r < rows; r++) {
      const target = this.floats[targets + r];
      if (!Number.isInteger(target) || target < 0 || target >= classes) {
        throw new RangeError(
          `softmaxCrossEntropy: target ${target} at row ${r} is not a class index in ` +
            `[0, ${classes})`,
        );
      }
    }
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
    return this.wasm.squaredError(rows, cols, y, targets, weights, scale, dy);
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
    this.wasm.adamStep(n, param, grad, m, v, lr, beta1, beta2, eps, weightDecay, step);
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
    this.wasm.sgdStep(
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

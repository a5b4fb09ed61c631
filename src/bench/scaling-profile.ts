/**
 * Kernel profile of a training step: every kernel call of a few steps is timed, and the times
 * are summed per kernel, and per orientation and shape for the matrix products. Timing each call
 * adds about a microsecond of overhead (two `performance.now()` calls) to calls that take a few
 * to a few hundred microseconds, so the shares are close to an unprofiled step's but the total is
 * somewhat higher.
 */
import { crossEntropyLoss } from '../engine/loss.js';
import type { Kernels } from '../engine/kernels/kernels.js';
import { createKernels, type KernelImplementation } from '../engine/kernels/select.js';
import type { StepCase } from './step-case.js';
import { stepBatch, stepNetwork } from './step-setup.js';

/** Time spent in one kernel, or in one matrix product shape, over the profiled steps. */
export interface KernelProfileRow {
  /** Kernel name; matrix products read e.g. `gemm NT 16x324x81` (orientation, m x n x k). */
  readonly kernel: string;
  readonly calls: number;
  /** Total time per training step, in milliseconds. */
  readonly msPerStep: number;
  /** Floating-point operations per second reached, for matrix products only (2 m n k each). */
  readonly gflops: number | null;
}

export interface KernelProfile {
  readonly kernels: string;
  /** Wall-clock time of one profiled step, including the profiling overhead, in milliseconds. */
  readonly msPerStep: number;
  /** Rows sorted by time, largest first. */
  readonly rows: readonly KernelProfileRow[];
}

interface Accumulator {
  calls: number;
  ms: number;
  flops: number;
}

const TIMED_METHODS = [
  'copy',
  'fill',
  'axpy',
  'scale',
  'sumSquares',
  'allFinite',
  'addRowVector',
  'sumRows',
  'rnnForward',
  'rnnBackward',
  'lstmForward',
  'lstmBackward',
  'gruForward',
  'gruBackward',
  'leakyForward',
  'leakyBackward',
  'softmaxCrossEntropy',
  'squaredError',
  'adamStep',
  'sgdStep',
] as const;

/** Kernels that forward every call to `inner` and time it into `totals`. */
function timedKernels(inner: Kernels, totals: Map<string, Accumulator>): Kernels {
  const record = (key: string, ms: number, flops: number): void => {
    const entry = totals.get(key) ?? { calls: 0, ms: 0, flops: 0 };
    entry.calls += 1;
    entry.ms += ms;
    entry.flops += flops;
    totals.set(key, entry);
  };

  const timed: Record<string, unknown> = {
    get name() {
      return inner.name;
    },
    get dtype() {
      return inner.dtype;
    },
    get data() {
      return inner.data;
    },
    alloc: (n: number) => inner.alloc(n),
    mark: () => inner.mark(),
    release: (mark: number) => inner.release(mark),
    gemm: (...args: Parameters<Kernels['gemm']>) => {
      const [transA, transB, m, n, k] = args;
      const start = performance.now();
      inner.gemm(...args);
      const ms = performance.now() - start;
      const orientation = `${transA ? 'T' : 'N'}${transB ? 'T' : 'N'}`;
      record(`gemm ${orientation} ${m}x${n}x${k}`, ms, 2 * m * n * k);
    },
  };
  for (const method of TIMED_METHODS) {
    const call = (inner[method] as (...args: unknown[]) => unknown).bind(inner);
    timed[method] = (...args: unknown[]) => {
      const start = performance.now();
      const result = call(...args);
      record(method, performance.now() - start, 0);
      return result;
    };
  }
  return timed as unknown as Kernels;
}

/**
 * Profiles `steps` training steps (forward, cross-entropy, backward, Adam) of `stepCase` after
 * `warmup` untimed ones, on fresh kernels of `implementation`.
 */
export async function profileTrainingStep(
  stepCase: StepCase,
  implementation: KernelImplementation,
  warmup: number,
  steps: number,
): Promise<KernelProfile> {
  const inner = await createKernels({ dtype: 'float32', implementation });
  const totals = new Map<string, Accumulator>();
  const kernels = timedKernels(inner, totals);
  const { network, optimizer } = stepNetwork(stepCase, kernels);
  const batch = stepBatch(stepCase);

  for (let i = 0; i < warmup; i++) {
    network.lossAndGradients(batch, crossEntropyLoss);
    optimizer.step();
  }
  totals.clear();
  const start = performance.now();
  for (let i = 0; i < steps; i++) {
    network.lossAndGradients(batch, crossEntropyLoss);
    optimizer.step();
  }
  const msPerStep = (performance.now() - start) / steps;

  const profileRows: KernelProfileRow[] = [...totals.entries()].map(([kernel, total]) => ({
    kernel,
    calls: total.calls / steps,
    msPerStep: total.ms / steps,
    gflops: total.flops > 0 ? total.flops / (total.ms * 1e6) : null,
  }));
  profileRows.sort((a, b) => b.msPerStep - a.msPerStep);
  return { kernels: inner.name, msPerStep, rows: profileRows };
}

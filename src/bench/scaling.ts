/**
 * Scaling sweeps of the training step: the time of one step (forward, cross-entropy, backward,
 * Adam) as hidden size, sequence length or batch size grows from the default size, for each
 * cell, with the throughput the step reaches in GFLOP/s.
 *
 * The FLOP count is the matrix products' alone, 2 m n k per product: per time step the input
 * and recurrent products 2 B (I + H) G H, with G = 1, 4, 3 gate blocks for the RNN, LSTM and
 * GRU, and the readout 2 B H O; backpropagation costs two such products per forward one, so a
 * step counts 3 T times that. This gives about 264 MFLOP for the default LSTM.
 */
import type { KernelImplementation } from '../engine/kernels/select.js';
import type { KernelProfile } from './scaling-profile.js';
import type { ThreadComparison } from './scaling-threads.js';
import { timeRnnlabStep } from './step-benchmark.js';
import type { BenchCell, StepCase } from './step-case.js';
import { formatTable, type Column } from './table.js';
import type { TimingOptions, TimingSummary } from './timing.js';

/** The sizes each axis takes; the other sizes stay at their defaults. */
export const SWEEP_VALUES = {
  hiddenSize: [64, 128, 256, 512],
  sequenceLength: [50, 100, 200, 400],
  batchSize: [1, 16, 64],
} as const;

export type SweepAxis = keyof typeof SWEEP_VALUES;

export const SWEEP_AXES = Object.keys(SWEEP_VALUES) as SweepAxis[];

/** Fewer repeats than the default benchmark: a sweep has dozens of points, some of 0.5 s. */
export const SWEEP_TIMING: TimingOptions = {
  warmup: 3,
  minRepeats: 5,
  maxRepeats: 100,
  minTotalMs: 1000,
};

const GATE_BLOCKS: Record<BenchCell, number> = { rnn: 1, lstm: 4, gru: 3 };

/** Returns the matrix-product FLOPs of one training step of `stepCase` (see the module doc). */
export function trainingStepFlops(stepCase: StepCase): number {
  const { batchSize, sequenceLength, inputSize, hiddenSize, outputSize } = stepCase;
  const gates = GATE_BLOCKS[stepCase.cell] * hiddenSize;
  const perTimeStep =
    2 * batchSize * (inputSize + hiddenSize) * gates + 2 * batchSize * hiddenSize * outputSize;
  return 3 * sequenceLength * perTimeStep;
}

export interface SweepPoint {
  readonly axis: SweepAxis;
  readonly stepCase: StepCase;
  readonly kernels: string;
  readonly timing: TimingSummary;
  /** Matrix-product FLOPs of the step over its median time. */
  readonly gflops: number;
}

export interface SweepOptions {
  readonly sizes: Omit<StepCase, 'cell'>;
  readonly cells: readonly BenchCell[];
  readonly axes: readonly SweepAxis[];
  readonly implementation: KernelImplementation;
  readonly timing: TimingOptions;
  readonly onProgress?: (message: string) => void;
}

/** Times every cell at every size of every axis in `options`. */
export async function runScalingSweep(options: SweepOptions): Promise<SweepPoint[]> {
  const progress = options.onProgress ?? (() => {});
  const points: SweepPoint[] = [];
  for (const axis of options.axes) {
    for (const value of SWEEP_VALUES[axis]) {
      for (const cell of options.cells) {
        const stepCase: StepCase = { ...options.sizes, cell, [axis]: value };
        progress(`timing ${cell} with ${axis} ${value}`);
        const result = await timeRnnlabStep(stepCase, options.implementation, options.timing);
        const gflops = trainingStepFlops(stepCase) / (result.timing.medianMs * 1e6);
        points.push({ axis, stepCase, kernels: result.kernels, timing: result.timing, gflops });
      }
    }
  }
  return points;
}

function milliseconds(value: number): string {
  if (value >= 100) return value.toFixed(0);
  if (value >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

const SWEEP_COLUMNS: readonly Column<SweepPoint>[] = [
  { heading: 'axis', align: 'left', value: (point) => point.axis },
  { heading: 'value', align: 'right', value: (point) => String(point.stepCase[point.axis]) },
  { heading: 'cell', align: 'left', value: (point) => point.stepCase.cell },
  { heading: 'kernels', align: 'left', value: (point) => point.kernels },
  { heading: 'median ms', align: 'right', value: (point) => milliseconds(point.timing.medianMs) },
  {
    heading: 'q1-q3 ms',
    align: 'right',
    value: (point) => `${milliseconds(point.timing.q1Ms)}-${milliseconds(point.timing.q3Ms)}`,
  },
  {
    heading: 'ms per time step',
    align: 'right',
    value: (point) => (point.timing.medianMs / point.stepCase.sequenceLength).toFixed(3),
  },
  { heading: 'GFLOP/s', align: 'right', value: (point) => point.gflops.toFixed(1) },
];

/** Formats sweep points as one table, grouped by axis in the order they were timed. */
export function formatSweep(sizes: Omit<StepCase, 'cell'>, points: readonly SweepPoint[]): string {
  const header =
    `Training step scaling from batch ${sizes.batchSize}, ${sizes.sequenceLength} steps, ` +
    `${sizes.inputSize} inputs, hidden ${sizes.hiddenSize}, ${sizes.outputSize} outputs; ` +
    'GFLOP/s counts matrix products only';
  return `${header}\n\n${formatTable(SWEEP_COLUMNS, points)}`;
}

/** Formats a kernel profile: time per training step in each kernel and matrix product shape. */
export function formatProfile(stepCase: StepCase, profile: KernelProfile): string {
  const total = profile.rows.reduce((sum, row) => sum + row.msPerStep, 0);
  const columns: readonly Column<KernelProfile['rows'][number]>[] = [
    { heading: 'kernel', align: 'left', value: (row) => row.kernel },
    { heading: 'calls', align: 'right', value: (row) => String(row.calls) },
    { heading: 'ms per step', align: 'right', value: (row) => row.msPerStep.toFixed(3) },
    {
      heading: 'share',
      align: 'right',
      value: (row) => `${((100 * row.msPerStep) / total).toFixed(1)}%`,
    },
    {
      heading: 'GFLOP/s',
      align: 'right',
      value: (row) => (row.gflops === null ? '-' : row.gflops.toFixed(1)),
    },
  ];
  const header =
    `Kernel profile of the ${stepCase.cell} training step (${profile.kernels}): ` +
    `${milliseconds(profile.msPerStep)} ms per profiled step, ${milliseconds(total)} ms in kernels`;
  return `${header}\n\n${formatTable(columns, profile.rows)}`;
}

/** Formats one-thread against two-thread step times. */
export function formatThreadComparison(comparisons: readonly ThreadComparison[]): string {
  const columns: readonly Column<ThreadComparison>[] = [
    { heading: 'cell', align: 'left', value: (row) => row.stepCase.cell },
    { heading: 'kernels', align: 'left', value: (row) => row.kernels },
    {
      heading: 'one thread ms',
      align: 'right',
      value: (row) => milliseconds(row.oneThread.medianMs),
    },
    {
      heading: 'two threads ms',
      align: 'right',
      value: (row) => milliseconds(row.twoThreads.medianMs),
    },
    { heading: 'speedup', align: 'right', value: (row) => row.speedup.toFixed(2) },
    {
      heading: 'gradient difference',
      align: 'right',
      value: (row) => row.gradientDifference.toExponential(1),
    },
  ];
  return (
    'Training step on one thread and split by batch column over two (medians)\n\n' +
    formatTable(columns, comparisons)
  );
}

#!/usr/bin/env node
/**
 * `npm run bench`: times one training step per cell in rnnlab and, when a Python with PyTorch
 * is found ($RNNLAB_PYTHON, otherwise python3 or Debian's), in PyTorch with one thread. Other
 * modes time the step as sizes grow (--sweep), per kernel (--profile) and on two threads
 * (--two-threads), and train an experiment's models to a success rate (--to-success). Prints
 * a table, or the whole report as JSON with --json.
 */
// Sets V8 flags before any WebAssembly module is compiled, so it comes first.
import '../cli/runtime-flags.js';

import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';

import { KERNEL_IMPLEMENTATIONS, type KernelImplementation } from '../engine/kernels/select.js';
import { PYTHON_VARIABLE } from './pytorch.js';
import { SWEEP_AXES, type SweepAxis } from './scaling.js';
import { runScalingMode } from './scaling-command.js';
import { runStepBenchmark } from './step-benchmark.js';
import { BENCH_CELLS, DEFAULT_STEP_SIZES, type BenchCell } from './step-case.js';
import { formatStepReport } from './step-report.js';
import { formatTimeToSuccess, timeToSuccess } from './time-to-success.js';
import { DEFAULT_TIMING } from './timing.js';

/** The experiment that `npm start` runs, timed by --to-success unless another file is given. */
const DEFAULT_EXPERIMENT = 'examples/motor-timing.yaml';

function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed) || parsed <= 0) {
    throw new InvalidArgumentError(`expected a positive integer, got '${value}'`);
  }
  return parsed;
}

function successRate(value: string): number {
  const parsed = Number(value);
  if (!(parsed > 0 && parsed <= 1)) {
    throw new InvalidArgumentError(`expected a success rate in (0, 1], got '${value}'`);
  }
  return parsed;
}

function cellList(value: string): BenchCell[] {
  const cells = value.split(',').map((cell) => cell.trim());
  for (const cell of cells) {
    if (!BENCH_CELLS.includes(cell as BenchCell)) {
      throw new InvalidArgumentError(`unknown cell '${cell}': expected ${BENCH_CELLS.join(', ')}`);
    }
  }
  return cells as BenchCell[];
}

function axisList(value: string): SweepAxis[] {
  const axes = value.split(',').map((axis) => axis.trim());
  for (const axis of axes) {
    if (!SWEEP_AXES.includes(axis as SweepAxis)) {
      throw new InvalidArgumentError(`unknown axis '${axis}': expected ${SWEEP_AXES.join(', ')}`);
    }
  }
  return axes as SweepAxis[];
}

const program = new Command()
  .name('rnnlab-bench')
  .description(
    'Time one training step (forward, cross-entropy, backward, Adam) per cell, and the same ' +
      `step in PyTorch when ${PYTHON_VARIABLE}, python3 or Debian's /usr/bin/python3 has it`,
  )
  .option('--cells <list>', 'comma-separated cells to time', cellList, [...BENCH_CELLS])
  .addOption(
    new Option('--kernels <implementation>', 'kernel implementation')
      .choices([...KERNEL_IMPLEMENTATIONS])
      .default('auto'),
  )
  .option('--batch <n>', 'batch size', positiveInteger, DEFAULT_STEP_SIZES.batchSize)
  .option(
    '--seq-len <n>',
    'time steps per sequence',
    positiveInteger,
    DEFAULT_STEP_SIZES.sequenceLength,
  )
  .option('--hidden <n>', 'hidden units', positiveInteger, DEFAULT_STEP_SIZES.hiddenSize)
  .option('--warmup <n>', 'untimed steps before timing', positiveInteger, DEFAULT_TIMING.warmup)
  .option(
    '--min-repeats <n>',
    'minimum number of timed rnnlab steps',
    positiveInteger,
    DEFAULT_TIMING.minRepeats,
  )
  .option(
    '--min-time <ms>',
    'keep timing rnnlab steps until they add up to this many milliseconds',
    positiveInteger,
    DEFAULT_TIMING.minTotalMs,
  )
  .option('--pytorch-repeats <n>', 'timed PyTorch steps per cell', positiveInteger, 30)
  .option('--no-pytorch', 'skip the PyTorch comparison')
  .option('--json', 'print the report as JSON instead of a table')
  .option(
    '--sweep [axes]',
    `time each cell as one size grows: ${SWEEP_AXES.join(', ')} (default all)`,
    axisList,
  )
  .option('--profile', 'print the time per kernel and matrix product shape of one step per cell')
  .option('--two-threads', 'compare the step on one thread with the step split over two')
  .option(
    '--to-success [file]',
    'train each model of an experiment file alone and time it to the target success ' +
      `(default file ${DEFAULT_EXPERIMENT})`,
  )
  .option('--target <rate>', 'success rate that --to-success waits for', successRate, 0.95)
  .exitOverride();

interface BenchOptions {
  cells: BenchCell[];
  kernels: KernelImplementation;
  batch: number;
  seqLen: number;
  hidden: number;
  warmup: number;
  minRepeats: number;
  minTime: number;
  pytorchRepeats: number;
  pytorch: boolean;
  json?: boolean;
  sweep?: SweepAxis[] | true;
  profile?: boolean;
  twoThreads?: boolean;
  toSuccess?: string | true;
  target: number;
}

/** Runs the benchmark mode that the options select and returns its report as text or JSON. */
async function runBench(options: BenchOptions): Promise<string> {
  const onProgress = (message: string): void => {
    process.stderr.write(`${message}...\n`);
  };
  const asJson = (report: unknown): string => JSON.stringify(report, null, 2);

  if (options.toSuccess !== undefined) {
    const report = await timeToSuccess({
      experimentFile: options.toSuccess === true ? DEFAULT_EXPERIMENT : options.toSuccess,
      targetSuccess: options.target,
      implementation: options.kernels,
      onProgress,
    });
    return options.json ? asJson(report) : formatTimeToSuccess(report);
  }

  const sizes = {
    ...DEFAULT_STEP_SIZES,
    batchSize: options.batch,
    sequenceLength: options.seqLen,
    hiddenSize: options.hidden,
  };
  const scalingRun = await runScalingMode({ ...options, sizes, onProgress });
  if (scalingRun !== null) {
    return options.json ? asJson(scalingRun.report) : scalingRun.text;
  }

  const report = await runStepBenchmark({
    sizes,
    cells: options.cells,
    implementation: options.kernels,
    timing: {
      ...DEFAULT_TIMING,
      warmup: options.warmup,
      minRepeats: options.minRepeats,
      maxRepeats: Math.max(DEFAULT_TIMING.maxRepeats, options.minRepeats),
      minTotalMs: options.minTime,
    },
    comparePyTorch: options.pytorch,
    pytorchRepeats: options.pytorchRepeats,
    onProgress,
  });
  return options.json ? asJson(report) : formatStepReport(report);
}

try {
  program.parse(process.argv);
  const text = await runBench(program.opts<BenchOptions>());
  process.stdout.write(`${text}\n`);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode;
  } else {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`rnnlab-bench: error: ${message}\n`);
    process.exitCode = 1;
  }
}

#!/usr/bin/env node
/**
 * `npm run bench`: times one training step per cell in rnnlab and, when a Python with PyTorch
 * is found ($RNNLAB_PYTHON, otherwise python3), in PyTorch with one thread. Prints a table, or
 * the whole report as JSON with --json.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';

import type { KernelImplementation } from '../engine/kernels/select.js';
import { PYTHON_VARIABLE } from './pytorch.js';
import { SWEEP_AXES, type SweepAxis } from './scaling.js';
import { runScalingMode } from './scaling-command.js';
import { runStepBenchmark } from './step-benchmark.js';
import { BENCH_CELLS, DEFAULT_STEP_SIZES, type BenchCell } from './step-case.js';
import { formatStepReport } from './step-report.js';
import { DEFAULT_TIMING } from './timing.js';

function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed) || parsed <= 0) {
    throw new InvalidArgumentError(`expected a positive integer, got '${value}'`);
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
      `step in PyTorch when ${PYTHON_VARIABLE} or python3 has it`,
  )
  .option('--cells <list>', 'comma-separated cells to time', cellList, [...BENCH_CELLS])
  .addOption(
    new Option('--kernels <implementation>', 'kernel implementation')
      .choices(['auto', 'typescript', 'wasm'])
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
  .exitOverride();

try {
  program.parse(process.argv);
  const options = program.opts<{
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
  }>();

  const scalingRun = await runScalingMode({
    ...options,
    sizes: {
      ...DEFAULT_STEP_SIZES,
      batchSize: options.batch,
      sequenceLength: options.seqLen,
      hiddenSize: options.hidden,
    },
    onProgress: (message) => process.stderr.write(`${message}...\n`),
  });
  if (scalingRun !== null) {
    const { report, text } = scalingRun;
    process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : `${text}\n`);
  } else {
    const report = await runStepBenchmark({
      sizes: {
        ...DEFAULT_STEP_SIZES,
        batchSize: options.batch,
        sequenceLength: options.seqLen,
        hiddenSize: options.hidden,
      },
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
      onProgress: (message) => process.stderr.write(`${message}...\n`),
    });
    process.stdout.write(
      options.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatStepReport(report)}\n`,
    );
  }
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode;
  } else {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`rnnlab-bench: error: ${message}\n`);
    process.exitCode = 1;
  }
}

/**
 * Batches of trials for training and evaluation.
 *
 * `TaskDataset` follows NeuroGym's `Dataset` (`neurogym/utils/data.py`, NeuroGym 2.2): each batch
 * column is a stream of whole trials laid back to back, cut into windows of `seqLen` steps that
 * ignore trial boundaries. Unlike NeuroGym's, the stream is seeded, and it continues exactly
 * across calls: NeuroGym refills a cache and drops the trial cut at the cache's end, rnnlab
 * drops nothing. `trialAlignedBatch` puts one whole trial in each column instead, for scoring
 * and plots.
 *
 * Layout of every batch: element (t, b, i) of `inputs` is at `(t * B + b) * I + i`.
 * Classification targets are (t, b) class indices stored as numbers, and regression targets are
 * (t, b, o) at `(t * B + b) * O + o`. The `mask` is (t, b), 1 where the step counts in the loss.
 */
import { Random } from '../engine/random.js';
import type { Task } from './task.js';
import type { Condition, TaskKind, Trial } from './trial.js';

/** A batch of sequences, time-major. */
export interface Batch {
  readonly seqLen: number;
  readonly batchSize: number;
  readonly inputSize: number;
  /** Number of classes (classification) or of output values (regression). */
  readonly outputSize: number;
  readonly kind: TaskKind;
  /** (seqLen, batchSize, inputSize). */
  readonly inputs: Float32Array;
  /** (seqLen, batchSize) class indices, or (seqLen, batchSize, outputSize) values. */
  readonly targets: Float32Array;
  /** (seqLen, batchSize). */
  readonly mask: Float32Array;
}

/** A batch with one trial per column, padded with zeros (mask 0) to the longest trial. */
export interface TrialAlignedBatch extends Batch {
  readonly trials: readonly Trial[];
  /** Length in steps of each column's trial. */
  readonly lengths: readonly number[];
}

/** Options of `TaskDataset`. */
export interface TaskDatasetOptions {
  readonly batchSize: number;
  /** Window length in steps. */
  readonly seqLen: number;
  readonly seed: number;
}

/**
 * Returns `count` generators for batch columns, forked in turn from one generator seeded with
 * `seed`, so that column b's trials depend only on the seed and b.
 */
export function forkColumnRandoms(seed: number, count: number): Random[] {
  const root = new Random(seed);
  return Array.from({ length: count }, () => root.fork());
}

interface ColumnStream {
  readonly random: Random;
  trial: Trial | null;
  /** Next step of `trial` to copy. */
  step: number;
}

/** An endless, seeded stream of training batches, as NeuroGym's `Dataset` produces them. */
export class TaskDataset {
  readonly batchSize: number;
  readonly seqLen: number;
  readonly seed: number;
  private readonly columns: ColumnStream[];

  constructor(
    readonly task: Task,
    options: TaskDatasetOptions,
  ) {
    this.batchSize = checkCount('batchSize', options.batchSize);
    this.seqLen = checkCount('seqLen', options.seqLen);
    if (!Number.isSafeInteger(options.seed)) {
      throw new Error(`Invalid option "seed": expected an integer, got ${options.seed}`);
    }
    this.seed = options.seed;
    this.columns = forkColumnRandoms(this.seed, this.batchSize).map((random) => ({
      random,
      trial: null,
      step: 0,
    }));
  }

  /** Returns the next window of `seqLen` steps of every column's trial stream. */
  next(): Batch {
    const batch = allocateBatch(this.task, this.seqLen, this.batchSize);
    for (let b = 0; b < this.batchSize; b++) {
      const column = this.columns[b] as ColumnStream;
      for (let t = 0; t < this.seqLen; t++) {
        if (column.trial === null || column.step >= column.trial.lengthSteps) {
          column.trial = this.task.newTrial(column.random);
          column.step = 0;
        }
        copyStep(column.trial, column.step, batch, t, b);
        column.step += 1;
      }
    }
    return batch;
  }
}

/** Options of `trialAlignedBatch`: exactly one of `trials`, `count` and `conditions`. */
export interface TrialAlignedOptions {
  /** Trials to lay out as they are. */
  readonly trials?: readonly Trial[];
  /** Number of trials to draw with every condition variable random. */
  readonly count?: number;
  /** One trial per entry, with the given variables fixed (for example `{ intervalMs: 800 }`). */
  readonly conditions?: readonly Condition[];
  /** Seed of the draws; required with `count` or `conditions`. */
  readonly seed?: number;
}

/**
 * Builds a batch with one trial per column, each starting at t = 0 and padded to the longest
 * trial with zero inputs, zero targets and mask 0.
 */
export function trialAlignedBatch(task: Task, options: TrialAlignedOptions): TrialAlignedBatch {
  const given = (['trials', 'count', 'conditions'] as const).filter(
    (key) => options[key] !== undefined,
  );
  if (given.length !== 1) {
    throw new Error(
      'trialAlignedBatch needs exactly one of the options "trials", "count" and "conditions", ' +
        `got ${given.length === 0 ? 'none' : given.join(', ')}`,
    );
  }

  let trials: readonly Trial[];
  if (options.trials !== undefined) {
    trials = options.trials;
  } else {
    if (options.seed === undefined || !Number.isSafeInteger(options.seed)) {
      throw new Error(
        `Invalid option "seed" of trialAlignedBatch: expected an integer, got ${options.seed}`,
      );
    }
    const random = new Random(options.seed);
    const conditions =
      options.conditions ??
      Array.from({ length: checkCount('count', options.count as number) }, () => ({}));
    trials = conditions.map((condition) => task.newTrial(random, condition));
  }
  if (trials.length === 0) throw new Error('trialAlignedBatch needs at least one trial');

  const lengths = trials.map((trial) => trial.lengthSteps);
  // A loop, not Math.max(...lengths), which overflows the call stack for very many trials.
  const longest = lengths.reduce((max, length) => Math.max(max, length), 0);
  const batch = allocateBatch(task, longest, trials.length);
  trials.forEach((trial, b) => {
    for (let t = 0; t < trial.lengthSteps; t++) copyStep(trial, t, batch, t, b);
  });
  return { ...batch, trials, lengths };
}

function allocateBatch(task: Task, seqLen: number, batchSize: number): Batch {
  const inputSize = task.inputNames.length;
  const outputSize = task.outputNames.length;
  const targetWidth = task.kind === 'classification' ? 1 : outputSize;
  return {
    seqLen,
    batchSize,
    inputSize,
    outputSize,
    kind: task.kind,
    inputs: new Float32Array(seqLen * batchSize * inputSize),
    targets: new Float32Array(seqLen * batchSize * targetWidth),
    mask: new Float32Array(seqLen * batchSize),
  };
}

function copyStep(trial: Trial, step: number, batch: Batch, t: number, b: number): void {
  const row = t * batch.batchSize + b;
  const inputSize = batch.inputSize;
  batch.inputs.set(
    trial.inputs.subarray(step * inputSize, (step + 1) * inputSize),
    row * inputSize,
  );
  const width = batch.kind === 'classification' ? 1 : batch.outputSize;
  batch.targets.set(trial.groundTruth.subarray(step * width, (step + 1) * width), row * width);
  batch.mask[row] = trial.mask[step] as number;
}

function checkCount(option: string, value: number): number {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new Error(`Invalid option "${option}": expected a positive integer, got ${value}`);
  }
  return value;
}

/**
 * One model's training run: batches from the task's dataset, the engine's training loop,
 * evaluations on held-out trials every `evaluateEvery` steps, and a final evaluation on fresh
 * trials. Runs in Node.js and in browsers; writing the results is the caller's.
 */
import {
  createKernels,
  train,
  type Batch,
  type KernelImplementation,
  type LossBreakdown,
  type RecurrentNetwork,
  type StepReport,
} from '../engine/index.js';
import { splitColumns } from '../engine/batch-columns.js';
import { TaskDataset, trialAlignedBatch, type Evaluation, type Task } from '../tasks/index.js';
import { buildNetwork, buildOptimizer, buildTask, lossForTask } from './build.js';
import type { ModelConfig } from './config.js';
import type { ParallelGradientsOptions } from './parallel-gradients.js';
import { evaluateNetwork, evaluateOnBatch } from './evaluate.js';
import type { TrainingRecord } from './metrics.js';

/** Seeds of a run, derived from the model's seed so that each stream is distinct. */
export function runSeeds(model: ModelConfig): { data: number; heldOut: number } {
  return { data: model.seed * 7919 + 17, heldOut: model.seed * 7919 + 29 };
}

export interface TrainingProgress {
  step: number;
  steps: number;
  loss: number;
}

/** The threads of a data-parallel training step, as `ParallelGradients` runs them. */
export interface GradientThreads {
  /** Replaces the network's gradients with those of the whole batch and returns its loss. */
  lossAndGradients(batch: Batch): LossBreakdown;
  close(): Promise<void>;
}

/**
 * Starts the threads that split each training batch of `network` by column. The options are
 * only a type here, so this module still loads in browsers.
 */
export type GradientThreadsFactory = (
  network: RecurrentNetwork,
  options: ParallelGradientsOptions,
) => Promise<GradientThreads>;

export interface TrainingRunOptions {
  /** Kernel implementation; 'auto' picks the fastest one available. */
  implementation?: KernelImplementation;
  /**
   * Starts the threads for a model with `training.threads` above 1. Node.js callers pass
   * `ParallelGradients.create`; without it such a model is rejected.
   */
  gradientThreads?: GradientThreadsFactory;
  onProgress?: (progress: TrainingProgress) => void;
  /** Smallest time between two progress calls, in ms (the last step is always reported). */
  progressIntervalMs?: number;
}

export interface TrainingRunResult {
  task: Task;
  network: RecurrentNetwork;
  record: TrainingRecord;
  evaluation: Evaluation;
  trainingSeconds: number;
  kernelName: string;
}

/** Trains one model with its settings and evaluates it on fresh trials. */
export async function runTraining(
  model: ModelConfig,
  options: TrainingRunOptions = {},
): Promise<TrainingRunResult> {
  const task = buildTask(model.task);
  const kernels = await createKernels({ implementation: options.implementation ?? 'auto' });
  const network = buildNetwork(model, task, kernels);
  const optimizer = buildOptimizer(network, model.training.optimizer);
  const loss = lossForTask(task);
  const training = model.training;
  // Reserving the workspaces now makes a batch too large for memory fail before any data is
  // made. The main thread computes the largest part of a split batch. NOTE: each worker thread
  // computes a part too, so many threads can together exceed the machine's memory although
  // every part fits.
  const [[firstColumn, lastColumn]] = splitColumns(training.batchSize, training.threads);
  try {
    network.reserve(training.seqLen, lastColumn - firstColumn);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `${model.name}: batches of ${training.batchSize} columns x ${training.seqLen} steps do not ` +
        `fit: ${reason}. Lower training.batchSize or training.seqLen, or raise training.threads`,
    );
  }
  const seeds = runSeeds(model);
  const dataset = new TaskDataset(task, {
    batchSize: training.batchSize,
    seqLen: training.seqLen,
    seed: seeds.data,
  });
  const heldOut =
    training.evaluateEvery > 0
      ? trialAlignedBatch(task, { count: training.evaluationTrials, seed: seeds.heldOut })
      : null;

  const penalties = { weightL2: training.l2Weights, rateL2: training.l2Rates };
  let threads: GradientThreads | null = null;
  if (training.threads > 1) {
    if (!options.gradientThreads) {
      throw new Error(
        `${model.name}: training.threads is ${training.threads}, but this environment offers ` +
          'no worker threads to split batches over; set training.threads to 1',
      );
    }
    threads = await options.gradientThreads(network, {
      threads: training.threads,
      implementation: options.implementation ?? 'auto',
      lossName: loss.name,
      penalties,
      seqLen: training.seqLen,
      batchSize: training.batchSize,
    });
  }

  const record: TrainingRecord = { lossCurve: [], evaluationCurve: [], secondsPerStep: [] };
  const started = performance.now();
  const interval = options.progressIntervalMs ?? 100;
  let lastProgress = -Infinity;

  const recordStep = ({ step, loss: value }: StepReport): void => {
    record.lossCurve.push({ step, loss: value });
    const isLast = step === training.steps;
    const evaluates = heldOut !== null && (step % training.evaluateEvery === 0 || isLast);
    if (evaluates) {
      const { summary } = evaluateOnBatch(network, task, heldOut);
      record.evaluationCurve.push({
        step,
        successRate: summary.successRate,
        meanReward: summary.meanReward,
      });
    }
    const now = performance.now();
    if (step % 100 === 0 || isLast || evaluates) {
      record.secondsPerStep.push({ step, elapsedSeconds: (now - started) / 1000 });
    }
    if (options.onProgress && (now - lastProgress >= interval || isLast)) {
      lastProgress = now;
      options.onProgress({ step, steps: training.steps, loss: value });
    }
  };

  try {
    train({
      network,
      optimizer,
      loss,
      steps: training.steps,
      nextBatch: () => dataset.next(),
      schedule: training.lrSchedule,
      clipNorm: training.clipNorm ?? undefined,
      penalties,
      lossAndGradients: threads ? (batch: Batch) => threads.lossAndGradients(batch) : undefined,
      onStep: recordStep,
    });
  } finally {
    await threads?.close();
  }
  const trainingSeconds = (performance.now() - started) / 1000;

  const evaluation = evaluateNetwork(network, task, model.evaluation.trials, model.evaluation.seed);
  return { task, network, record, evaluation, trainingSeconds, kernelName: kernels.name };
}

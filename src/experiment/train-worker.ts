/**
 * Worker-thread entry that trains one model and writes its model folder. It posts progress
 * messages while training and one result (or error) at the end.
 */
import { parentPort, workerData } from 'node:worker_threads';

import type { KernelImplementation } from '../engine/kernels/select.js';
import type { ModelConfig } from './config.js';
import { writeModelFolder } from './model-folder.js';
import { ParallelGradients } from './parallel-gradients.js';
import { runTraining, type TrainingProgress } from './training-run.js';
import type { WorkerMessage } from './worker-pool.js';

export interface TrainJob {
  model: ModelConfig;
  dir: string;
  implementation: KernelImplementation;
}

export interface TrainJobResult {
  name: string;
  successRate: number;
  meanReward: number;
  lastStepAccuracy: number;
  stepAccuracy: number;
  baselineLastStepAccuracy: number;
  baselineStepAccuracy: number;
  trials: number;
  trainingSeconds: number;
  kernelName: string;
  finalLoss: number;
}

type Message = WorkerMessage<TrainingProgress, TrainJobResult>;

const port = parentPort;
if (!port) throw new Error('train-worker must run in a worker thread');
const job = workerData as TrainJob;

try {
  const result = await runTraining(job.model, {
    implementation: job.implementation,
    gradientThreads: (network, options) => ParallelGradients.create(network, options),
    onProgress: (progress) => port.postMessage({ kind: 'progress', progress } satisfies Message),
  });
  writeModelFolder(job.dir, { model: job.model, ...result });
  const summary = result.evaluation.summary;
  const message: Message = {
    kind: 'result',
    result: {
      name: job.model.name,
      successRate: summary.successRate,
      meanReward: summary.meanReward,
      lastStepAccuracy: summary.lastStepAccuracy,
      stepAccuracy: summary.stepAccuracy,
      baselineLastStepAccuracy: summary.baselines.alwaysFixate.lastStepAccuracy,
      baselineStepAccuracy: summary.baselines.alwaysFixate.stepAccuracy,
      trials: summary.trials,
      trainingSeconds: result.trainingSeconds,
      kernelName: result.kernelName,
      finalLoss: result.record.lossCurve.at(-1)?.loss ?? Number.NaN,
    },
  };
  port.postMessage(message);
} catch (error) {
  const failure = error instanceof Error ? error : new Error(String(error));
  port.postMessage({ kind: 'error', message: failure.message, stack: failure.stack } satisfies Message);
}

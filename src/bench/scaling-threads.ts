/**
 * One model's training step on one thread against the same step on two, the batch split by
 * column with `ParallelGradients`, the implementation that `training.threads` uses. Each step
 * of the split copies the parameters, the batch columns and the gradients once and wakes two
 * threads. A step of the default LSTM takes milliseconds, so these costs are small.
 */
import { createKernels, type KernelImplementation } from '../engine/kernels/select.js';
import { crossEntropyLoss } from '../engine/loss.js';
import type { RecurrentNetwork } from '../engine/network.js';
import { ParallelGradients } from '../experiment/parallel-gradients.js';
import type { StepCase } from './step-case.js';
import { stepBatch, stepNetwork } from './step-setup.js';
import { summarizeTimes, timeRepeated, type TimingOptions, type TimingSummary } from './timing.js';

export interface ThreadComparison {
  readonly stepCase: StepCase;
  readonly kernels: string;
  readonly oneThread: TimingSummary;
  readonly twoThreads: TimingSummary;
  /** One-thread median over two-thread median. */
  readonly speedup: number;
  /**
   * Largest |g_two - g_one| over the gradients of the first step, relative to the largest
   * |g_one|: float32 rounding of a different summation order, about 1e-6.
   */
  readonly gradientDifference: number;
}

/** Times the training step of `stepCase` on one thread and on two, on the same batch. */
export async function compareThreads(
  stepCase: StepCase,
  implementation: KernelImplementation,
  timing: TimingOptions,
): Promise<ThreadComparison> {
  const batch = stepBatch(stepCase);
  // Each network has kernels of its own, as two separately trained models would.
  const oneThreadKernels = await createKernels({ dtype: 'float32', implementation });
  const twoThreadKernels = await createKernels({ dtype: 'float32', implementation });
  const oneThread = stepNetwork(stepCase, oneThreadKernels);
  const twoThreads = stepNetwork(stepCase, twoThreadKernels);
  const parallel = await ParallelGradients.create(twoThreads.network, {
    threads: 2,
    implementation,
    lossName: 'cross-entropy',
    seqLen: batch.seqLen,
    batchSize: batch.batchSize,
  });
  try {
    oneThread.network.lossAndGradients(batch, crossEntropyLoss);
    parallel.lossAndGradients(batch);
    const gradientDifference = gradientsDifference(oneThread.network, twoThreads.network);
    const oneThreadTimes = timeRepeated(() => {
      oneThread.network.lossAndGradients(batch, crossEntropyLoss);
      oneThread.optimizer.step();
    }, timing);
    const twoThreadTimes = timeRepeated(() => {
      parallel.lossAndGradients(batch);
      twoThreads.optimizer.step();
    }, timing);
    const one = summarizeTimes(oneThreadTimes);
    const two = summarizeTimes(twoThreadTimes);
    return {
      stepCase,
      kernels: oneThread.network.kernels.name,
      oneThread: one,
      twoThreads: two,
      speedup: one.medianMs / two.medianMs,
      gradientDifference,
    };
  } finally {
    await parallel.close();
  }
}

/** Returns max |g_two - g_one| / max |g_one| over the two networks' current gradients. */
function gradientsDifference(one: RecurrentNetwork, two: RecurrentNetwork): number {
  const oneBlock = one.parameterBlock;
  const twoBlock = two.parameterBlock;
  let largest = 0;
  let difference = 0;
  for (let i = 0; i < oneBlock.size; i++) {
    const expected = one.kernels.data[oneBlock.gradientOffset + i];
    const actual = two.kernels.data[twoBlock.gradientOffset + i];
    largest = Math.max(largest, Math.abs(expected));
    difference = Math.max(difference, Math.abs(actual - expected));
  }
  return largest > 0 ? difference / largest : difference;
}

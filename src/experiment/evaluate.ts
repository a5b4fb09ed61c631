/**
 * Closed-loop evaluation of a network on fresh trials: one trial per batch column, scored by
 * the task's own rule beside the always-fixate baseline.
 */
import type { RecurrentNetwork } from '../engine/index.js';
import {
  evaluateOutputs,
  trialAlignedBatch,
  type Evaluation,
  type Task,
  type TrialAlignedBatch,
} from '../tasks/index.js';

/** Draws `trials` fresh trials from `seed`, runs the network on them and scores them. */
export function evaluateNetwork(
  network: RecurrentNetwork,
  task: Task,
  trials: number,
  seed: number,
): Evaluation {
  const batch = trialAlignedBatch(task, { count: trials, seed });
  return evaluateOnBatch(network, task, batch);
}

/** Runs the network on a trial-aligned batch and scores every trial. */
export function evaluateOnBatch(
  network: RecurrentNetwork,
  task: Task,
  batch: TrialAlignedBatch,
): Evaluation {
  const { outputs } = network.forward(batch.inputs, batch.seqLen, batch.batchSize);
  return evaluateOutputs(task, batch, outputs);
}

/**
 * Closed-loop evaluation of a network on fresh trials: one trial per batch column, scored by
 * the task's own rule beside the always-fixate baseline.
 */
import { sliceBatchColumns } from '../engine/batch-columns.js';
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

/**
 * Largest seqLen * columns * hiddenSize of one forward pass in an evaluation, about 400 MB of
 * workspace for an LSTM. The WebAssembly memory is limited to 4 GiB, and one pass over 30,000
 * MotorTiming trials with an 81-unit LSTM asked for 5.7 GB (about 50 bytes per value).
 */
const MAX_FORWARD_VALUES = 2 ** 23;

/** Runs the network on a trial-aligned batch and scores every trial. */
export function evaluateOnBatch(
  network: RecurrentNetwork,
  task: Task,
  batch: TrialAlignedBatch,
): Evaluation {
  return evaluateOutputs(task, batch, forwardByColumns(network, batch, MAX_FORWARD_VALUES));
}

/**
 * Runs a batch forward in groups of columns with at most `maxValues` values of seqLen * columns
 * * hiddenSize each, and returns the outputs (T, B, O) of the whole batch. A batch within the
 * limit runs in one pass, so its outputs, and the noise draws of a leaky network, are those of
 * `network.forward`.
 */
export function forwardByColumns(
  network: RecurrentNetwork,
  batch: TrialAlignedBatch,
  maxValues: number,
): Float32Array {
  const { seqLen, batchSize } = batch;
  const columns = Math.max(1, Math.floor(maxValues / (seqLen * network.config.hiddenSize)));
  if (columns >= batchSize) return network.forward(batch.inputs, seqLen, batchSize).outputs;

  const outputSize = network.config.outputSize;
  const outputs = new Float32Array(seqLen * batchSize * outputSize);
  for (let start = 0; start < batchSize; start += columns) {
    const width = Math.min(columns, batchSize - start);
    const { inputs } = sliceBatchColumns(batch, start, start + width);
    const part = network.forward(inputs, seqLen, width).outputs;
    for (let t = 0; t < seqLen; t++) {
      const row = part.subarray(t * width * outputSize, (t + 1) * width * outputSize);
      outputs.set(row, (t * batchSize + start) * outputSize);
    }
  }
  return outputs;
}

/**
 * Example trials for plots: one trial per target interval, run through a trained network with
 * its hidden states kept.
 */
import type { RecurrentNetwork } from '../engine/index.js';
import { evaluateOutputs, trialAlignedBatch, type Condition, type Task } from '../tasks/index.js';
import type { ExampleTrial } from '../report/types.js';

/**
 * Returns the conditions that span a task's trials for plots: one per target interval for
 * interval tasks, or a single random trial for other tasks.
 */
export function exampleConditions(task: Task): Condition[] {
  const intervals = (task as { intervalsMs?: readonly number[] }).intervalsMs;
  if (intervals && intervals.length > 0 && task.conditionVariables.some((v) => v.name === 'intervalMs')) {
    return intervals.map((intervalMs) => ({ intervalMs }));
  }
  return [{}];
}

/** Runs one trial per condition through the network and returns their states and outputs. */
export function runExampleTrials(
  network: RecurrentNetwork,
  task: Task,
  seed: number,
  conditions: Condition[] = exampleConditions(task),
): ExampleTrial[] {
  const batch = trialAlignedBatch(task, { conditions, seed });
  const result = network.forward(batch.inputs, batch.seqLen, batch.batchSize, {
    returnStates: true,
  });
  const { outcomes } = evaluateOutputs(task, batch, result.outputs);
  const hidden = result.hidden as Float32Array;
  const h = network.config.hiddenSize;
  const o = network.config.outputSize;
  const columns = batch.batchSize;

  return batch.trials.map((trial, b) => {
    const length = batch.lengths[b] as number;
    const states = new Float32Array(length * h);
    const outputs = new Float32Array(length * o);
    for (let t = 0; t < length; t++) {
      states.set(hidden.subarray((t * columns + b) * h, (t * columns + b + 1) * h), t * h);
      outputs.set(result.outputs.subarray((t * columns + b) * o, (t * columns + b + 1) * o), t * o);
    }
    const outcome = outcomes[b];
    return {
      targetMs: outcome?.targetMs ?? trial.condition.intervalMs ?? 0,
      dtMs: trial.dtMs,
      seqLen: length,
      hiddenSize: h,
      hidden: states,
      outputs,
      outputSize: o,
      outputNames: [...task.outputNames],
      periods: trial.periods.map((period) => ({ ...period })),
      goStep: outcome?.responseStep ?? null,
    };
  });
}

/**
 * Hidden states of a trained network on trials with fixed target intervals, aligned to the end
 * of set, where the interval to produce starts, for the population analyses.
 *
 * Two state spaces are kept apart. The readout space is what the readout sees (h, or the rates
 * r = f(x) of the leaky network) and is the space of PCA, scaling and speed. The map space is
 * the state of the one-step map x' = F(x, u) that the fixed-point search acts on: h for the
 * RNN and GRU, [h; c] for the LSTM and x for the leaky network.
 */
import {
  averageByInterval,
  type ConditionAveragedTrajectories,
  type ConditionTrajectory,
  type NetworkTrial,
} from '../analysis/index.js';
import type { RecurrentNetwork } from '../engine/index.js';
import { findPeriod, trialAlignedBatch, type Task, type Trial } from '../tasks/index.js';

/** Name of the period whose end starts the interval (t = 0 of every trajectory). */
export const ALIGNMENT_PERIOD = 'set';

/** Condition-averaged states from the end of set to the end of the trial. */
export interface IntervalStates {
  /** Readout space: h, or the leaky network's rates r; N = H. */
  readout: ConditionAveragedTrajectories;
  /** Map space: h, [h; c] (N = 2H) for the LSTM, x for the leaky network. */
  map: ConditionAveragedTrajectories;
  /**
   * Map-space states of one whole trial per interval, from the first step, as the pool of
   * initial states for the fixed-point search; each trial is its own condition.
   */
  wholeTrials: ConditionAveragedTrajectories;
  /** One trial per interval (the first of each), in increasing order of interval. */
  exampleTrials: Trial[];
}

/**
 * Runs `trialsPerInterval` trials of each interval through the network and averages the
 * states per interval from the end of set: x_c(t) = mean over trials of x(setEnd + t), for
 * t = 0, dt, ... up to the end of production. Recurrent noise, where the network has it, is
 * drawn as in training.
 */
export function intervalStates(
  network: RecurrentNetwork,
  task: Task,
  intervalsMs: readonly number[],
  trialsPerInterval: number,
  seed: number,
): IntervalStates {
  const conditions = intervalsMs.flatMap((intervalMs) =>
    Array.from({ length: trialsPerInterval }, () => ({ intervalMs })),
  );
  const batch = trialAlignedBatch(task, { conditions, seed });
  const result = network.forward(batch.inputs, batch.seqLen, batch.batchSize, {
    returnStates: true,
  });
  const H = network.config.hiddenSize;
  const columns = batch.batchSize;
  const hidden = result.hidden as Float32Array;
  const isLstm = network.config.cell === 'lstm';
  const isLeaky = network.config.cell === 'leaky';
  const S = isLstm ? 2 * H : H;

  const readoutTrials: NetworkTrial[] = [];
  const mapTrials: NetworkTrial[] = [];
  const firstOfInterval = new Map<number, { trial: Trial; states: Float64Array }>();
  batch.trials.forEach((trial, b) => {
    const T = trial.lengthSteps;
    const setStep = findPeriod(trial, ALIGNMENT_PERIOD).endStep;
    const readout = new Float64Array(T * H);
    const map = new Float64Array(T * S);
    for (let t = 0; t < T; t++) {
      const row = (t * columns + b) * H;
      for (let j = 0; j < H; j++) {
        readout[t * H + j] = hidden[row + j];
        if (isLeaky) map[t * S + j] = (result.state as Float32Array)[row + j];
        else map[t * S + j] = hidden[row + j];
        if (isLstm) map[t * S + H + j] = (result.cell as Float32Array)[row + j];
      }
    }
    const intervalMs = trial.condition.intervalMs as number;
    readoutTrials.push({ intervalMs, states: readout, T, setStep });
    mapTrials.push({ intervalMs, states: map, T, setStep });
    if (!firstOfInterval.has(intervalMs)) firstOfInterval.set(intervalMs, { trial, states: map });
  });

  const sortedIntervals = [...firstOfInterval.keys()].sort((a, b) => a - b);
  const wholeConditions: ConditionTrajectory[] = sortedIntervals.map((intervalMs) => {
    const { trial, states } = firstOfInterval.get(intervalMs)!;
    return {
      label: `${intervalMs} ms trial`,
      intervalMs,
      dtMs: task.dtMs,
      states,
      T: trial.lengthSteps,
    };
  });
  return {
    readout: averageByInterval(readoutTrials, H, task.dtMs),
    map: averageByInterval(mapTrials, S, task.dtMs),
    wholeTrials: { conditions: wholeConditions, N: S },
    exampleTrials: sortedIntervals.map((intervalMs) => firstOfInterval.get(intervalMs)!.trial),
  };
}

/**
 * Builds condition-averaged trajectories, aligned to set, from a network's trials or from
 * recorded PSTHs.
 */
import type { ConditionAveragedTrajectories, ConditionTrajectory } from './types.js';

/** Hidden states of one network trial. */
export interface NetworkTrial {
  /** Target interval of the trial in ms. */
  intervalMs: number;
  /** States, shape (T, N), row-major. */
  states: Float64Array;
  T: number;
  /** Index of the time step of the set cue. */
  setStep: number;
}

/**
 * Averages hidden states over the trials of each target interval, aligned so that row 0 is
 * the set step: x_c(t) = mean over trials of interval c of x(setStep + t). Each condition keeps
 * the steps that every one of its trials has. Conditions are sorted by interval.
 */
export function averageByInterval(
  trials: readonly NetworkTrial[],
  N: number,
  dtMs: number,
): ConditionAveragedTrajectories {
  const groups = new Map<number, NetworkTrial[]>();
  for (const trial of trials) {
    if (trial.states.length !== trial.T * N) {
      throw new Error(
        `Trial states have ${trial.states.length} values, expected ${trial.T} x ${N}`,
      );
    }
    if (!Number.isInteger(trial.setStep) || trial.setStep < 0 || trial.setStep >= trial.T) {
      throw new Error(`Invalid set step ${trial.setStep} for a trial of ${trial.T} steps`);
    }
    const group = groups.get(trial.intervalMs) ?? [];
    group.push(trial);
    groups.set(trial.intervalMs, group);
  }
  if (groups.size === 0) throw new Error('No trials to average');

  const conditions: ConditionTrajectory[] = [...groups.keys()]
    .sort((a, b) => a - b)
    .map((intervalMs) => {
      const group = groups.get(intervalMs)!;
      const T = Math.min(...group.map((trial) => trial.T - trial.setStep));
      const states = new Float64Array(T * N);
      for (const trial of group) {
        const offset = trial.setStep * N;
        for (let k = 0; k < T * N; k++) states[k] += trial.states[offset + k] / group.length;
      }
      return { label: `${intervalMs} ms`, intervalMs, dtMs, states, T };
    });
  return { conditions, N };
}

/** One group of a PSTH array, with the interval its trials timed. */
export interface PsthGroup {
  label: string;
  intervalMs: number;
}

/**
 * Converts PSTHs of shape (groups, units, bins), row-major, with bin centres `timeS` in seconds
 * relative to set, into trajectories with units as dimensions. Each group is resampled by
 * linear interpolation between bin centres onto t = 0, dt, 2 dt, ... with dt the bin spacing,
 * up to the last bin centre. The window must start at or before set (the first centre <= 0).
 */
export function trajectoriesFromPsth(
  psth: { data: ArrayLike<number>; shape: readonly number[] },
  timeS: ArrayLike<number>,
  groups: readonly PsthGroup[],
): ConditionAveragedTrajectories {
  if (psth.shape.length !== 3) {
    throw new Error(`PSTH has shape [${psth.shape.join(', ')}], expected (groups, units, bins)`);
  }
  const [groupCount, units, bins] = psth.shape;
  if (groups.length !== groupCount) {
    throw new Error(
      `PSTH has ${groupCount} groups but ${groups.length} group intervals were given`,
    );
  }
  if (timeS.length !== bins || bins < 2) {
    throw new Error(`PSTH has ${bins} bins but ${timeS.length} bin times; expected at least 2`);
  }
  const firstMs = timeS[0] * 1000;
  const lastMs = timeS[bins - 1] * 1000;
  const dtMs = (lastMs - firstMs) / (bins - 1);
  if (firstMs > 1e-6 * dtMs) {
    throw new Error(
      `PSTH window starts ${firstMs} ms after set; align with a window that starts before set`,
    );
  }

  const T = Math.floor(lastMs / dtMs + 1e-9) + 1;
  const conditions = groups.map(({ label, intervalMs }, g): ConditionTrajectory => {
    const states = new Float64Array(T * units);
    for (let k = 0; k < T; k++) {
      const position = Math.min((k * dtMs - firstMs) / dtMs, bins - 1);
      const below = Math.min(Math.floor(position), bins - 2);
      const fraction = position - below;
      for (let u = 0; u < units; u++) {
        const base = (g * units + u) * bins;
        const a = psth.data[base + below];
        const b = psth.data[base + below + 1];
        states[k * units + u] = a + fraction * (b - a);
      }
    }
    return { label, intervalMs, dtMs, states, T };
  });
  return { conditions, N: units };
}

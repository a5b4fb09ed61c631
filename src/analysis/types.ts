/**
 * Data types shared by the analyses: condition-averaged trajectories, trial outcomes and
 * PyTorch-style parameter dictionaries.
 */

/** One condition's average trajectory, aligned so that t = 0 is the set cue. */
export interface ConditionTrajectory {
  /** Name shown in charts, for example `'800 ms'`. */
  label: string;
  /** Target interval of this condition in ms. */
  intervalMs: number;
  /** Sampling period of the trajectory in ms. */
  dtMs: number;
  /** States, shape (T, N), row-major: row t is the state at time t * dtMs after set. */
  states: Float64Array;
  /** Number of time points T. */
  T: number;
}

/**
 * Condition-averaged trajectories, one condition per target interval, from a network (hidden
 * states averaged per target interval) or from recordings (PSTHs, units as dimensions).
 */
export interface ConditionAveragedTrajectories {
  conditions: ConditionTrajectory[];
  /** State dimension N (hidden units or recorded units). */
  N: number;
}

/** Outcome of one timing trial: the produced interval, or null when no response came. */
export interface TrialOutcome {
  targetMs: number;
  producedMs: number | null;
}

/** One named parameter of a PyTorch-style state dict, row-major. */
export interface Parameter {
  shape: number[];
  data: Float32Array | Float64Array;
}

/** Parameters by PyTorch name (`rnn.weight_hh_l0`, `fc.bias`, ...). */
export type StateDict = Record<string, Parameter>;

/** Checks that every condition's state array matches its declared shape (T, N). */
export function validateTrajectories(trajectories: ConditionAveragedTrajectories): void {
  const { conditions, N } = trajectories;
  if (conditions.length === 0) throw new Error('No conditions: expected at least one trajectory');
  if (!Number.isInteger(N) || N < 1) throw new Error(`Invalid state dimension N = ${N}`);
  for (const condition of conditions) {
    if (condition.states.length !== condition.T * N) {
      throw new Error(
        `Condition '${condition.label}' has ${condition.states.length} values, ` +
          `expected T x N = ${condition.T} x ${N}`,
      );
    }
    if (!(condition.dtMs > 0)) {
      throw new Error(`Condition '${condition.label}' has invalid dtMs = ${condition.dtMs}`);
    }
  }
}

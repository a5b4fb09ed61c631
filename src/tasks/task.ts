/**
 * The contract every task meets: what it is (metadata, timing table, channel names), how it
 * generates a trial, and how it scores a trial closed-loop from the decision at every step.
 */
import type { Random } from '../engine/random.js';
import type { TimingTable } from './timing.js';
import type { Condition, TaskKind, Trial } from './trial.js';

/** Descriptive metadata of a task, for listings and reports. */
export interface TaskMetadata {
  /** The rnnlab name, for example `MotorTiming`. */
  readonly name: string;
  /** NeuroGym's environment id, for example `MotorTiming-v0`, or null for rnnlab's own tasks. */
  readonly neurogymId: string | null;
  /** Description of what the subject must do. */
  readonly description: string;
  readonly paperName: string;
  readonly paperLink: string;
  readonly tags: readonly string[];
}

/** The result of one trial, scored by the task's own reward rule. */
export interface TrialOutcome {
  readonly success: boolean;
  /** Sum of the rewards the task's rule gives over the trial. */
  readonly reward: number;
  /** Interval the subject had to produce, in ms, or null for tasks that ask for no interval. */
  readonly targetMs: number | null;
  /** Interval the network produced, in ms, or null when it produced none. */
  readonly producedMs: number | null;
  /** Action that ended the trial (for example the chosen side), or null when none did. */
  readonly choice: number | null;
  /** Step at which the trial ended by the network's response, or null when it ran to its end. */
  readonly responseStep: number | null;
  readonly condition: Condition;
}

/** One value of a condition variable that a caller may fix, with the values it may take. */
export interface ConditionVariable {
  readonly name: string;
  /** Allowed values, as a phrase for error messages, for example "one of 800, 1500". */
  readonly allowed: string;
  readonly accepts: (value: number) => boolean;
}

/** A task: it generates trials and scores them closed-loop. */
export interface Task {
  readonly metadata: TaskMetadata;
  readonly kind: TaskKind;
  readonly dtMs: number;
  /** The timing table the trials are drawn from, before rounding to steps. */
  readonly timing: TimingTable;
  /** Input channel names, in order; their count is the network's input size. */
  readonly inputNames: readonly string[];
  /** Action names (classification) or output names (regression), in order. */
  readonly outputNames: readonly string[];
  /** The condition variables a caller can fix when asking for trials. */
  readonly conditionVariables: readonly ConditionVariable[];

  /** Draws one trial; the variables given in `condition` are fixed, the others drawn. */
  newTrial(random: Random, condition?: Condition): Trial;

  /**
   * Converts one step of network output, `outputs[offset .. offset + outputSize)`, into a
   * decision: the argmax for classification, or the action a regression task reads from its
   * output (for example 1 once a ramp reaches its threshold).
   */
  decide(outputs: ArrayLike<number>, offset: number): number;

  /** Returns the decision the ground truth prescribes at a step, for step accuracy. */
  targetDecision(trial: Trial, step: number): number;

  /** Scores a trial from the network's decision at each of its steps, by the task's rule. */
  scoreTrial(trial: Trial, decisions: ArrayLike<number>): TrialOutcome;
}

/** Returns the index of the largest of `count` values starting at `offset` (first on ties). */
export function argmax(values: ArrayLike<number>, offset: number, count: number): number {
  let best = 0;
  let bestValue = values[offset] as number;
  for (let i = 1; i < count; i++) {
    const value = values[offset + i] as number;
    if (value > bestValue) {
      best = i;
      bestValue = value;
    }
  }
  return best;
}

/**
 * Checks a requested condition against a task's condition variables and throws an Error naming
 * the variable and its allowed values when a key is unknown or a value is not allowed.
 */
export function validateCondition(
  taskName: string,
  variables: readonly ConditionVariable[],
  condition: Condition,
): void {
  for (const [name, value] of Object.entries(condition)) {
    const variable = variables.find((candidate) => candidate.name === name);
    if (variable === undefined) {
      const names = variables.map((candidate) => candidate.name).join(', ');
      throw new Error(
        `Unknown condition "${name}" for task ${taskName}; allowed conditions: ${names}`,
      );
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || !variable.accepts(value)) {
      throw new Error(
        `Invalid condition "${name}" for task ${taskName}: ${value}; allowed: ${variable.allowed}`,
      );
    }
  }
}

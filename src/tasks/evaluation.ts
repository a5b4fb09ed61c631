/**
 * Closed-loop scoring of a network on a trial-aligned batch.
 *
 * The network's output at each step is turned into a decision by the task (argmax of the
 * logits, or a threshold crossing for a ramp output), and each trial is scored by the task's
 * own reward rule, for example "the first go of a MotorTiming trial ends it and is timed".
 * Per-step accuracy alone misleads on timing tasks. On MotorTiming with its default intervals,
 * fixating everywhere matches the ground truth on about 98% of the steps at dt 100 and always on
 * the last step, yet never produces an interval. Every summary therefore carries the same
 * scores for the always-fixate policy (action 0, or output 0, everywhere), computed by the same
 * code.
 */
import type { TrialAlignedBatch } from './dataset.js';
import type { Task, TrialOutcome } from './task.js';
import type { Trial } from './trial.js';

/** The scores of one policy on a batch. */
export interface PolicyScores {
  /** Fraction of trials the task's rule counts as correct. */
  readonly successRate: number;
  /** Mean over trials of each trial's summed reward. */
  readonly meanReward: number;
  /** Fraction of trials whose decision at their last step matches the ground truth. */
  readonly lastStepAccuracy: number;
  /** Fraction of masked steps (mask > 0, padding excluded) whose decision matches. */
  readonly stepAccuracy: number;
}

/** Produced intervals of the trials that asked for one target interval. */
export interface ProducedIntervalSummary {
  readonly targetMs: number;
  /** Trials with this target. */
  readonly n: number;
  /** Trials with this target in which the network produced an interval. */
  readonly producedCount: number;
  /** Mean produced interval in ms, or null when none was produced. */
  readonly meanMs: number | null;
  /** Standard deviation of the produced intervals in ms (divisor n, as NumPy's `std`). */
  readonly stdMs: number | null;
}

/** Totals of a closed-loop evaluation. */
export interface EvaluationSummary extends PolicyScores {
  readonly trials: number;
  /** One entry per target interval, sorted by target; empty for tasks without one. */
  readonly producedIntervals: readonly ProducedIntervalSummary[];
  readonly baselines: { readonly alwaysFixate: PolicyScores };
}

/** The result of scoring a batch: decisions, one outcome per trial, and totals. */
export interface Evaluation {
  /** (seqLen, batchSize) decisions at `t * B + b`; -1 on padding steps. */
  readonly decisions: Int32Array;
  readonly outcomes: readonly TrialOutcome[];
  readonly summary: EvaluationSummary;
}

/** A scripted policy: the action (classification) or output vector (regression) at a step. */
export type ScriptedPolicy = (trial: Trial, step: number) => number | readonly number[];

/**
 * Scores network outputs on a trial-aligned batch. `outputs` is (seqLen, batchSize, O) with
 * element (t, b, o) at `(t * B + b) * O + o`, O the task's output size: logits for
 * classification, values for regression.
 */
export function evaluateOutputs(
  task: Task,
  batch: TrialAlignedBatch,
  outputs: Float32Array,
): Evaluation {
  const scored = scoreOutputs(task, batch, outputs);
  const zeros = new Float32Array(outputs.length);
  const alwaysFixate = scoreOutputs(task, batch, zeros).scores;
  return {
    decisions: scored.decisions,
    outcomes: scored.outcomes,
    summary: {
      trials: batch.batchSize,
      ...scored.scores,
      producedIntervals: summarizeProducedIntervals(scored.outcomes),
      baselines: { alwaysFixate },
    },
  };
}

/**
 * Scores a scripted policy on a trial-aligned batch by the same code as network outputs. A
 * classification policy returns an action, turned into one-hot logits; a regression policy
 * returns the output vector.
 */
export function evaluatePolicy(
  task: Task,
  batch: TrialAlignedBatch,
  policy: ScriptedPolicy,
): Evaluation {
  return evaluateOutputs(task, batch, policyOutputs(task, batch, policy));
}

/** Writes a scripted policy's outputs for a trial-aligned batch as a (T, B, O) array. */
export function policyOutputs(
  task: Task,
  batch: TrialAlignedBatch,
  policy: ScriptedPolicy,
): Float32Array {
  const outputSize = batch.outputSize;
  const outputs = new Float32Array(batch.seqLen * batch.batchSize * outputSize);
  batch.trials.forEach((trial, b) => {
    for (let t = 0; t < trial.lengthSteps; t++) {
      const offset = (t * batch.batchSize + b) * outputSize;
      const value = policy(trial, t);
      if (typeof value === 'number') {
        if (task.kind !== 'classification') {
          throw new Error(`A policy for ${task.metadata.name} must return an output vector`);
        }
        if (!Number.isInteger(value) || value < 0 || value >= outputSize) {
          throw new RangeError(`Policy action ${value} is not one of 0 to ${outputSize - 1}`);
        }
        outputs[offset + value] = 1;
      } else {
        if (value.length !== outputSize) {
          throw new RangeError(
            `Policy output has ${value.length} values, the task expects ${outputSize}`,
          );
        }
        outputs.set(value, offset);
      }
    }
  });
  return outputs;
}

/** Summarizes produced intervals per target interval. */
export function summarizeProducedIntervals(
  outcomes: readonly TrialOutcome[],
): ProducedIntervalSummary[] {
  const byTarget = new Map<number, TrialOutcome[]>();
  for (const outcome of outcomes) {
    if (outcome.targetMs === null) continue;
    const group = byTarget.get(outcome.targetMs) ?? [];
    group.push(outcome);
    byTarget.set(outcome.targetMs, group);
  }

  return [...byTarget.entries()]
    .sort(([a], [b]) => a - b)
    .map(([targetMs, group]) => {
      const produced = group
        .map((outcome) => outcome.producedMs)
        .filter((ms): ms is number => ms !== null);
      if (produced.length === 0) {
        return { targetMs, n: group.length, producedCount: 0, meanMs: null, stdMs: null };
      }
      const meanMs = produced.reduce((sum, ms) => sum + ms, 0) / produced.length;
      const variance =
        produced.reduce((sum, ms) => sum + (ms - meanMs) ** 2, 0) / produced.length;
      return {
        targetMs,
        n: group.length,
        producedCount: produced.length,
        meanMs,
        stdMs: Math.sqrt(variance),
      };
    });
}

function scoreOutputs(
  task: Task,
  batch: TrialAlignedBatch,
  outputs: Float32Array,
): { decisions: Int32Array; outcomes: TrialOutcome[]; scores: PolicyScores } {
  const { seqLen, batchSize, outputSize } = batch;
  if (outputs.length !== seqLen * batchSize * outputSize) {
    throw new RangeError(
      `Outputs have ${outputs.length} values, expected seqLen ${seqLen} x batch ${batchSize} ` +
        `x outputs ${outputSize} = ${seqLen * batchSize * outputSize}`,
    );
  }

  const decisions = new Int32Array(seqLen * batchSize).fill(-1);
  const outcomes: TrialOutcome[] = [];
  let maskedSteps = 0;
  let correctSteps = 0;
  let correctLastSteps = 0;

  batch.trials.forEach((trial, b) => {
    const trialDecisions = new Int32Array(trial.lengthSteps);
    for (let t = 0; t < trial.lengthSteps; t++) {
      const decision = task.decide(outputs, (t * batchSize + b) * outputSize);
      decisions[t * batchSize + b] = decision;
      trialDecisions[t] = decision;
      if ((trial.mask[t] as number) > 0) {
        maskedSteps += 1;
        if (decision === task.targetDecision(trial, t)) correctSteps += 1;
      }
    }
    const last = trial.lengthSteps - 1;
    if (trialDecisions[last] === task.targetDecision(trial, last)) correctLastSteps += 1;
    outcomes.push(task.scoreTrial(trial, trialDecisions));
  });

  const trials = outcomes.length;
  return {
    decisions,
    outcomes,
    scores: {
      successRate: outcomes.filter((outcome) => outcome.success).length / trials,
      meanReward: outcomes.reduce((sum, outcome) => sum + outcome.reward, 0) / trials,
      lastStepAccuracy: correctLastSteps / trials,
      stepAccuracy: maskedSteps === 0 ? 0 : correctSteps / maskedSteps,
    },
  };
}

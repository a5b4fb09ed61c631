/**
 * The reward rules of NeuroGym 2.2's native tasks, applied to a whole trial at once: the
 * interval-production rule of the timing tasks (`envs/native/readysetgo.py`) and the
 * choice rule of the decision tasks (`envs/native/perceptualdecisionmaking.py`,
 * `envs/native/intervaldiscrimination.py`).
 */
import type { Rewards } from './options.js';
import type { TrialOutcome } from './task.js';
import { findPeriod, type Trial } from './trial.js';

/** Score of one produced interval. */
export interface IntervalScore {
  readonly success: boolean;
  readonly reward: number;
  /** |produced - target| in ms. */
  readonly errorMs: number;
  /** Largest error still rewarded, `margin * target + 25` ms. */
  readonly thresholdMs: number;
}

/**
 * Scores a produced interval by NeuroGym's rule: with `eps = |producedMs - targetMs|` and
 * `threshold = margin * targetMs + 25` ms, the trial succeeds when `eps <= threshold` and earns
 * `max((1 - eps / threshold)^1.5, 0.1) * rewards.correct`; otherwise it earns `rewards.fail`.
 */
export function scoreProducedInterval(
  producedMs: number,
  targetMs: number,
  margin: number,
  rewards: Rewards,
): IntervalScore {
  const errorMs = Math.abs(producedMs - targetMs);
  const thresholdMs = margin * targetMs + 25;
  if (errorMs > thresholdMs) {
    return { success: false, reward: rewards.fail, errorMs, thresholdMs };
  }
  const reward = Math.max((1 - errorMs / thresholdMs) ** 1.5, 0.1) * rewards.correct;
  return { success: true, reward, errorMs, thresholdMs };
}

/** Rule by which a timing trial is scored. */
export interface IntervalRule {
  /** Periods in which any action other than 0 (fixate) costs `rewards.abort`. */
  readonly abortPeriods: readonly string[];
  /** Periods in which action 1 (go) ends the trial and is timed. */
  readonly responsePeriods: readonly string[];
  /** Step from which the produced interval is measured: `producedMs = (step - origin) * dt`. */
  readonly originStep: number;
  readonly targetMs: number;
  readonly margin: number;
  readonly rewards: Rewards;
}

/**
 * Scores a timing trial step by step as NeuroGym's `_step` does. An action other than fixate in
 * an abort period costs `rewards.abort`, and the trial goes on. The first go in a response
 * period ends the trial and is scored by `scoreProducedInterval`. A trial without a go fails and
 * earns only its abort costs, as no step of NeuroGym's gives a reward for it.
 */
export function scoreIntervalTrial(
  trial: Trial,
  decisions: ArrayLike<number>,
  rule: IntervalRule,
): TrialOutcome {
  const abortSteps = stepSet(trial, rule.abortPeriods);
  const responseSteps = stepSet(trial, rule.responsePeriods);
  let reward = 0;

  for (let step = 0; step < trial.lengthSteps; step++) {
    const decision = decisions[step] as number;
    if (responseSteps.has(step)) {
      if (decision !== 1) continue;
      const producedMs = (step - rule.originStep) * trial.dtMs;
      const score = scoreProducedInterval(producedMs, rule.targetMs, rule.margin, rule.rewards);
      return {
        success: score.success,
        reward: reward + score.reward,
        targetMs: rule.targetMs,
        producedMs,
        choice: decision,
        responseStep: step,
        condition: trial.condition,
      };
    }
    if (abortSteps.has(step) && decision !== 0) reward += rule.rewards.abort;
  }

  return {
    success: false,
    reward,
    targetMs: rule.targetMs,
    producedMs: null,
    choice: null,
    responseStep: null,
    condition: trial.condition,
  };
}

/** Rule by which a choice trial is scored. */
export interface ChoiceRule {
  /** Periods in which any action other than 0 (fixate) costs `rewards.abort`. */
  readonly abortPeriods: readonly string[];
  /** Whether a fixation break also ends the trial (NeuroGym's `abort` flag). */
  readonly abortEndsTrial: boolean;
  /** Period in which the first action other than 0 is the choice and ends the trial. */
  readonly decisionPeriod: string;
  readonly correctChoice: number;
  readonly rewards: Rewards;
}

/**
 * Scores a choice trial as NeuroGym's decision tasks do. A fixation break costs
 * `rewards.abort`. The first action other than fixate in the decision period ends the trial and
 * earns `rewards.correct` when it is the correct choice, `rewards.fail` otherwise. A trial
 * without a choice earns no reward beyond the abort costs and fails.
 */
export function scoreChoiceTrial(
  trial: Trial,
  decisions: ArrayLike<number>,
  rule: ChoiceRule,
): TrialOutcome {
  const abortSteps = stepSet(trial, rule.abortPeriods);
  const decision = findPeriod(trial, rule.decisionPeriod);
  let reward = 0;

  for (let step = 0; step < trial.lengthSteps; step++) {
    const action = decisions[step] as number;
    if (action === 0) continue;
    if (abortSteps.has(step)) {
      reward += rule.rewards.abort;
      if (rule.abortEndsTrial) {
        return unanswered(trial, reward, step);
      }
    } else if (step >= decision.startStep && step < decision.endStep) {
      const success = action === rule.correctChoice;
      return {
        success,
        reward: reward + (success ? rule.rewards.correct : rule.rewards.fail),
        targetMs: null,
        producedMs: null,
        choice: action,
        responseStep: step,
        condition: trial.condition,
      };
    }
  }
  return unanswered(trial, reward, null);
}

function unanswered(trial: Trial, reward: number, responseStep: number | null): TrialOutcome {
  return {
    success: false,
    reward,
    targetMs: null,
    producedMs: null,
    choice: null,
    responseStep,
    condition: trial.condition,
  };
}

function stepSet(trial: Trial, periods: readonly string[]): Set<number> {
  const steps = new Set<number>();
  for (const name of periods) {
    const period = findPeriod(trial, name);
    for (let step = period.startStep; step < period.endStep; step++) steps.add(step);
  }
  return steps;
}

/**
 * Plain-language readings of a model's evaluation. Accuracy on a timing task can be high for
 * a network that never times. In NeuroGym's MotorTiming the ground truth is "fixate" on all
 * but one step of a trial, including the last step. Predicting "fixate" everywhere therefore
 * scores a per-step accuracy near 0.98 and a last-step accuracy of 1.0. The success rate,
 * scored closed-loop by the task's reward rule, is the measure of whether a network times.
 */
import { formatFraction, formatPercent } from './html-escape.js';
import type { ModelReport } from './types.js';

/** Success rate at and above which a model counts as timing the intervals. */
export const timingSuccessRate = 0.5;

/** Per-step accuracy gain over always-fixate below which that accuracy tells little apart. */
export const stepAccuracyMargin = 0.03;

/** Returns a one-sentence verdict on whether the model times the task's intervals. */
export function modelVerdict(model: ModelReport): string {
  const { successRate, meanReward, trials } = model.evaluation;
  const scored =
    `${formatPercent(successRate)} of ${trials} trials within the margin, ` +
    `mean reward ${formatFraction(meanReward)}`;
  if (successRate >= 0.9) return `${model.name} times the intervals: ${scored}.`;
  if (successRate >= timingSuccessRate) return `${model.name} times most trials: ${scored}.`;
  const noGo = model.evaluation.outcomes.filter((outcome) => outcome.producedMs === null).length;
  const noGoText =
    noGo > 0 ? `; it gave no go in ${noGo} of ${model.evaluation.outcomes.length} trials` : '';
  return `${model.name} does not time the intervals: ${scored}${noGoText}.`;
}

/**
 * Returns sentences that explain accuracies which look better than the timing is: a per-step
 * accuracy within 0.03 of the always-fixate baseline, and a last-step accuracy of 1.0 while
 * fewer than half the trials succeed. Empty when no accuracy misleads.
 */
export function accuracyCaveats(model: ModelReport): string[] {
  const evaluation = model.evaluation;
  const baseline = evaluation.baselines.alwaysFixate;
  const times = evaluation.successRate >= timingSuccessRate;
  const caveats: string[] = [];

  if (evaluation.stepAccuracy - baseline.stepAccuracy <= stepAccuracyMargin) {
    const numbers =
      `per-step accuracy ${formatFraction(evaluation.stepAccuracy)} is within ` +
      `${stepAccuracyMargin} of the ${formatFraction(baseline.stepAccuracy)} that always ` +
      'fixating scores';
    caveats.push(
      times
        ? `${model.name}: ${numbers}, so per-step accuracy barely separates a network that ` +
            `times from one that never goes; its success rate of ` +
            `${formatPercent(evaluation.successRate)} is the measure that does.`
        : `${model.name}: ${numbers}, because the ground truth is "fixate" on nearly every ` +
            `step. The high accuracy comes from fixating, not from timing: only ` +
            `${formatPercent(evaluation.successRate)} of trials were timed within the margin.`,
    );
  }

  if (!times && evaluation.lastStepAccuracy >= 1) {
    const reason =
      baseline.lastStepAccuracy >= 1
        ? 'The last step of every trial is "fixate", so a network that never goes scores 1.0 ' +
          'there too.'
        : `Always fixating scores ${formatFraction(baseline.lastStepAccuracy)} there.`;
    caveats.push(
      `${model.name}: last-step accuracy is ${formatFraction(evaluation.lastStepAccuracy)} ` +
        `while only ${formatPercent(evaluation.successRate)} of trials succeed. ${reason}`,
    );
  }
  return caveats;
}

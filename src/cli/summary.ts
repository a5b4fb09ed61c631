import type { TrainJobResult } from '../experiment/train-worker.js';
import { formatSeconds } from './progress.js';

/**
 * Formats the one-line summary of a trained model: the closed-loop success rate first, then
 * each accuracy beside the always-fixate baseline.
 */
export function formatModelSummary(result: TrainJobResult): string {
  return (
    `${result.name}: success ${result.successRate.toFixed(3)} on ${result.trials} trials, ` +
    `last-step accuracy ${result.lastStepAccuracy.toFixed(3)} ` +
    `(always fixate ${result.baselineLastStepAccuracy.toFixed(3)}), ` +
    `step accuracy ${result.stepAccuracy.toFixed(3)} ` +
    `(always fixate ${result.baselineStepAccuracy.toFixed(3)}), ` +
    `trained in ${formatSeconds(result.trainingSeconds)}`
  );
}

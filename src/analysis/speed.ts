/**
 * Speed of population trajectories and its dependence on the interval.
 *
 * Wang, Narain, Hosseini and Jazayeri, "Flexible timing by temporal scaling of cortical
 * responses", Nature Neuroscience 21:102-110 (2018), report that population trajectories for
 * longer intervals travel the same path more slowly. The mean speed of condition c is measured
 * in the space of the top principal components (three by default) of all conditions together:
 *
 *   S_c = 1 / K sum_{k=0}^{K-1} |p(k + 1) - p(k)| / dt,   in state units per second,
 *
 * over the K steps from set to go. A power law S = e^A T^(-B) is then fitted by least squares
 * on log S = A - B log T (natural logarithms, T in ms). B = 1 for perfect temporal scaling,
 * where the same path takes time proportional to T, and B = 0 when speed ignores the interval.
 *
 * NOTE: Wang et al. (2018) could not be opened here. The measure follows the paper's
 * description as commonly implemented (speed in the top-PC space, compared across intervals).
 */
import { fitLine } from './least-squares.js';
import { principalComponents, projectStates } from './pca.js';
import { validateTrajectories, type ConditionAveragedTrajectories } from './types.js';

/** Options of the speed analysis. */
export interface SpeedOptions {
  /** Number of principal components (default 3, at most N). */
  components?: number;
}

/** Mean speed of one condition. */
export interface ConditionSpeed {
  label: string;
  intervalMs: number;
  /** Mean speed in the top-PC space, in state units per second. */
  meanSpeedPerSecond: number;
}

/** Speed per condition and the power-law fit log S = A - B log T. */
export interface SpeedAnalysis {
  conditions: ConditionSpeed[];
  components: number;
  /** Intercept A of log S = A - B log T (S per second, T in ms); NaN with one interval. */
  A: number;
  /** Exponent B; NaN with one interval. */
  B: number;
  /** R^2 of the fit; 1 by construction with two intervals. */
  rSquared: number;
}

/**
 * Computes the mean speed of each condition between set and go in the top principal
 * components and fits log S = A - B log T across conditions.
 */
export function trajectorySpeed(
  trajectories: ConditionAveragedTrajectories,
  options: SpeedOptions = {},
): SpeedAnalysis {
  validateTrajectories(trajectories);
  const { N, conditions } = trajectories;
  const components = Math.min(options.components ?? 3, N);

  // The components come from every sample, so that all conditions share the same axes.
  const total = conditions.reduce((sum, condition) => sum + condition.states.length, 0);
  const stacked = new Float64Array(total);
  let offset = 0;
  for (const condition of conditions) {
    stacked.set(condition.states, offset);
    offset += condition.states.length;
  }
  const pca = principalComponents(stacked, N);

  const speeds: ConditionSpeed[] = conditions.map((condition) => {
    const goStep = Math.floor(condition.intervalMs / condition.dtMs + 1e-9);
    const steps = Math.min(goStep, condition.T - 1);
    if (steps < 1) {
      throw new Error(
        `Condition '${condition.label}' has no step between set and go ` +
          `(interval ${condition.intervalMs} ms, dt ${condition.dtMs} ms, T = ${condition.T})`,
      );
    }
    const projected = projectStates(pca, condition.states.subarray(0, (steps + 1) * N), components);
    let path = 0;
    for (let k = 0; k < steps; k++) {
      let squared = 0;
      for (let c = 0; c < components; c++) {
        const d = projected[(k + 1) * components + c] - projected[k * components + c];
        squared += d * d;
      }
      path += Math.sqrt(squared);
    }
    const meanSpeedPerSecond = path / (steps * condition.dtMs) * 1000;
    return { label: condition.label, intervalMs: condition.intervalMs, meanSpeedPerSecond };
  });

  let A = Number.NaN;
  let B = Number.NaN;
  let rSquared = Number.NaN;
  const distinct = new Set(speeds.map((speed) => speed.intervalMs));
  if (distinct.size >= 2 && speeds.every((speed) => speed.meanSpeedPerSecond > 0)) {
    const line = fitLine(
      speeds.map((speed) => Math.log(speed.intervalMs)),
      speeds.map((speed) => Math.log(speed.meanSpeedPerSecond)),
    );
    A = line.intercept;
    B = -line.slope;
    rSquared = line.rSquared;
  }
  return { conditions: speeds, components, A, B, rSquared };
}

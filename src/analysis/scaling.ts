/**
 * Temporal scaling index of single units.
 *
 * Wang, Narain, Hosseini and Jazayeri, "Flexible timing by temporal scaling of cortical
 * responses", Nature Neuroscience 21:102-110 (2018), found that medial frontal neurons stretch
 * their responses between set and go in proportion to the produced interval. For each unit the
 * scaling index is the coefficient of determination of its responses in the different
 * conditions on a common normalised time axis:
 *
 *   r_c(g) = response in condition c at time t = g T_c, for g on an even grid in [0, 1],
 *   R^2 = 1 - sum_c sum_g (r_c(g) - rbar(g))^2 / sum_c sum_g (r_c(g) - rbar)^2,
 *
 * where T_c is the condition's interval, rbar(g) the mean over conditions at grid point g
 * (the shared, scaled profile) and rbar the grand mean. The index is 1 when the responses
 * coincide once time is stretched. The same R^2 on absolute time uses the grid t in
 * [0, min_c T_c], where every condition has samples, and is 1 for a unit that ignores the
 * interval. Responses are resampled by linear interpolation.
 *
 * NOTE: The methods text of Wang et al. (2018) could not be opened here. The index follows the
 * paper's description as commonly implemented: the variance of the responses explained by one
 * profile on scaled time. The paper's exact normalisation may differ.
 */
import { linspace, resampleUnit } from './resample.js';
import { coefficientOfDetermination } from './least-squares.js';
import { validateTrajectories, type ConditionAveragedTrajectories } from './types.js';

/** Options of the scaling index. */
export interface ScalingIndexOptions {
  /** Points of the common time grid (default 100). */
  gridPoints?: number;
}

/** Scaling index of one unit on scaled and on absolute time. */
export interface UnitScaling {
  unit: number;
  /** R^2 on normalised time t / T; NaN for a unit whose responses are constant. */
  scaled: number;
  /** R^2 on absolute time over [0, min T]; NaN for a unit whose responses are constant there. */
  absolute: number;
}

/** Population summary over units with a defined index. */
export interface ScalingSummary {
  /** Units with both indices defined. */
  units: number;
  meanScaled: number;
  medianScaled: number;
  meanAbsolute: number;
  medianAbsolute: number;
  /** Fraction of those units whose scaled index exceeds their absolute index. */
  fractionScaledBetter: number;
}

/** Per-unit scaling indices and their population summary. */
export interface ScalingAnalysis {
  units: UnitScaling[];
  summary: ScalingSummary;
  /** The normalised grid g in [0, 1]. */
  scaledGrid: Float64Array;
  /** The absolute grid in ms. */
  absoluteGridMs: Float64Array;
}

/**
 * Computes each unit's scaling index on normalised time (t / T_c) and the same R^2 on absolute
 * time. Needs at least two conditions with distinct intervals, each sampled up to its interval.
 */
export function temporalScalingIndex(
  trajectories: ConditionAveragedTrajectories,
  options: ScalingIndexOptions = {},
): ScalingAnalysis {
  validateTrajectories(trajectories);
  const { conditions, N } = trajectories;
  const gridPoints = options.gridPoints ?? 100;
  if (conditions.length < 2) {
    throw new Error(`Scaling index needs at least 2 conditions, got ${conditions.length}`);
  }
  for (const condition of conditions) {
    const lastMs = (condition.T - 1) * condition.dtMs;
    if (!(condition.intervalMs > 0) || lastMs + 1e-9 * condition.dtMs < condition.intervalMs) {
      throw new Error(
        `Condition '${condition.label}' is sampled up to ${lastMs} ms, ` +
          `short of its interval ${condition.intervalMs} ms`,
      );
    }
  }

  const scaledGrid = linspace(0, 1, gridPoints);
  const shortestMs = Math.min(...conditions.map((condition) => condition.intervalMs));
  const absoluteGridMs = linspace(0, shortestMs, gridPoints);

  const units: UnitScaling[] = [];
  for (let unit = 0; unit < N; unit++) {
    const scaledResponses = conditions.map((condition) =>
      resampleUnit(
        condition,
        N,
        unit,
        scaledGrid.map((g) => g * condition.intervalMs),
      ),
    );
    const absoluteResponses = conditions.map((condition) =>
      resampleUnit(condition, N, unit, absoluteGridMs),
    );
    units.push({
      unit,
      scaled: sharedProfileRSquared(scaledResponses),
      absolute: sharedProfileRSquared(absoluteResponses),
    });
  }

  return { units, summary: summariseScaling(units), scaledGrid, absoluteGridMs };
}

/**
 * Returns the fraction of the variance of responses (conditions x grid) explained by their
 * mean over conditions at each grid point.
 */
export function sharedProfileRSquared(responses: readonly Float64Array[]): number {
  const points = responses[0].length;
  const profile = new Float64Array(points);
  let grandMean = 0;
  for (const response of responses) {
    for (let g = 0; g < points; g++) {
      profile[g] += response[g] / responses.length;
      grandMean += response[g];
    }
  }
  grandMean /= responses.length * points;

  let residual = 0;
  let total = 0;
  for (const response of responses) {
    for (let g = 0; g < points; g++) {
      residual += (response[g] - profile[g]) ** 2;
      total += (response[g] - grandMean) ** 2;
    }
  }
  // A constant unit carries no timing information, so its index is undefined.
  if (total <= 1e-24) return Number.NaN;
  return coefficientOfDetermination(residual, total);
}

function summariseScaling(units: readonly UnitScaling[]): ScalingSummary {
  const defined = units.filter(
    (unit) => Number.isFinite(unit.scaled) && Number.isFinite(unit.absolute),
  );
  const scaled = defined.map((unit) => unit.scaled);
  const absolute = defined.map((unit) => unit.absolute);
  const better = defined.filter((unit) => unit.scaled > unit.absolute).length;
  return {
    units: defined.length,
    meanScaled: mean(scaled),
    medianScaled: median(scaled),
    meanAbsolute: mean(absolute),
    medianAbsolute: median(absolute),
    fractionScaledBetter: defined.length > 0 ? better / defined.length : Number.NaN,
  };
}

function mean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

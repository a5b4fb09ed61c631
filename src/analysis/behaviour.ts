/**
 * Timing behaviour: produced intervals per target, their variability and bias.
 *
 * Scalar variability (the timing form of Weber's law) states that the standard deviation of
 * produced intervals grows in proportion to their mean, so SD / mean (the Weber fraction) is
 * constant across targets. The generalised form adds a time-independent variance (motor
 * noise, for example): variance = k T^2 + variance_0, where T is the target interval and
 * sqrt(k) the Weber fraction once variance_0 is removed. The fit is ordinary least squares of
 * the per-target variance against T^2.
 */
import { fitLine, type LineFit } from './least-squares.js';
import type { TrialOutcome } from './types.js';

/** Produced intervals for one target interval. */
export interface TargetStatistics {
  targetMs: number;
  /** Trials with this target, including those without a response. */
  trials: number;
  /** Trials with a produced interval. */
  responses: number;
  /** Mean produced interval in ms (NaN without responses). */
  meanMs: number;
  /** Sample standard deviation (n - 1 in the denominator) in ms; NaN with fewer than 2. */
  sdMs: number;
  /** Sample variance in ms^2. */
  varianceMs2: number;
  /** Weber fraction SD / mean. */
  weberFraction: number;
  /** Mean produced minus target, in ms. */
  biasMs: number;
}

/** Least-squares fit of variance = k T^2 + variance_0 over targets. */
export interface ScalarVariabilityFit {
  /** Slope k (dimensionless, variance per squared target). */
  k: number;
  /** Time-independent variance in ms^2. */
  variance0Ms2: number;
  /** sqrt(k), the Weber fraction of the fit; NaN when k < 0. */
  weberFraction: number;
  /** R^2 of the fit; 1 by construction with only two targets. */
  rSquared: number;
}

/**
 * Decomposition of the timing error over targets weighted equally:
 * RMSE^2 = BIAS^2 + VAR, with BIAS^2 = mean_T (mean produced - T)^2 and VAR = mean_T of the
 * variance of produced intervals around their mean (n in the denominator, so that the sum is
 * exactly the mean squared error per target).
 */
export interface ErrorDecomposition {
  /** Root-mean-square error in ms. */
  rmseMs: number;
  /** BIAS = sqrt(mean_T (mean produced - T)^2), in ms. */
  biasMs: number;
  /** sqrt(VAR) in ms. */
  sdMs: number;
}

/** Summary of timing behaviour over all targets. */
export interface TimingBehaviour {
  /** One entry per distinct target, in increasing order. */
  targets: TargetStatistics[];
  /** Null when fewer than two targets have at least two responses. */
  scalarVariability: ScalarVariabilityFit | null;
  /** Mean over targets of the per-target Weber fractions. */
  meanWeberFraction: number;
  /** Mean over targets of the per-target bias, in ms. */
  meanBiasMs: number;
  /** RMSE^2 = BIAS^2 + VAR over the targets with responses; NaN without any. */
  errorDecomposition: ErrorDecomposition;
  /** Fraction of all trials without a produced interval. */
  missRate: number;
}

/** Targets of an interval sweep, with whether each was in the training set. */
export interface SweepTarget extends TargetStatistics {
  trained: boolean;
}

/**
 * Produced against target interval over a sweep that includes intervals the network was not
 * trained on, as in Cue-Set-Go generalisation tests.
 */
export interface IntervalSweep {
  targets: SweepTarget[];
  /** Least-squares line mean produced = slope target + intercept over every swept target. */
  fit: LineFit | null;
  /** The same line over the untrained targets only. */
  untrainedFit: LineFit | null;
}

/**
 * Computes per-target statistics of produced intervals, the scalar variability fit
 * variance = k T^2 + variance_0 and the mean bias. Trials with `producedMs === null` count as
 * misses and are left out of the statistics.
 */
export function analyseTimingBehaviour(outcomes: readonly TrialOutcome[]): TimingBehaviour {
  const targets = targetStatistics(outcomes);
  const usable = targets.filter((target) => target.responses >= 2);

  let scalarVariability: ScalarVariabilityFit | null = null;
  if (usable.length >= 2) {
    const squaredTargets = usable.map((target) => target.targetMs * target.targetMs);
    const variances = usable.map((target) => target.varianceMs2);
    const line = fitLine(squaredTargets, variances);
    scalarVariability = {
      k: line.slope,
      variance0Ms2: line.intercept,
      weberFraction: line.slope >= 0 ? Math.sqrt(line.slope) : Number.NaN,
      rSquared: line.rSquared,
    };
  }

  const misses = outcomes.filter((outcome) => outcome.producedMs === null).length;
  return {
    targets,
    scalarVariability,
    meanWeberFraction: meanOfFinite(targets.map((target) => target.weberFraction)),
    meanBiasMs: meanOfFinite(targets.map((target) => target.biasMs)),
    errorDecomposition: decomposeError(outcomes, targets),
    missRate: outcomes.length > 0 ? misses / outcomes.length : Number.NaN,
  };
}

/**
 * Summarises a sweep of target intervals: per-target statistics marked as trained or not, and
 * least-squares lines of mean produced against target. Perfect timing gives slope 1 and
 * intercept 0, and a slope below 1 shows regression towards the middle of the trained range.
 */
export function analyseIntervalSweep(
  outcomes: readonly TrialOutcome[],
  trainedTargetsMs: readonly number[],
): IntervalSweep {
  const trained = new Set(trainedTargetsMs);
  const targets: SweepTarget[] = targetStatistics(outcomes).map((target) => ({
    ...target,
    trained: trained.has(target.targetMs),
  }));
  return {
    targets,
    fit: fitProducedAgainstTarget(targets),
    untrainedFit: fitProducedAgainstTarget(targets.filter((target) => !target.trained)),
  };
}

/** Groups outcomes by target and computes mean, SD, Weber fraction and bias of each group. */
export function targetStatistics(outcomes: readonly TrialOutcome[]): TargetStatistics[] {
  const byTarget = new Map<number, { trials: number; produced: number[] }>();
  for (const outcome of outcomes) {
    if (!Number.isFinite(outcome.targetMs)) {
      throw new Error(`Invalid target interval ${outcome.targetMs} ms in trial outcomes`);
    }
    let group = byTarget.get(outcome.targetMs);
    if (group === undefined) {
      group = { trials: 0, produced: [] };
      byTarget.set(outcome.targetMs, group);
    }
    group.trials += 1;
    if (outcome.producedMs !== null) group.produced.push(outcome.producedMs);
  }

  const targets = [...byTarget.keys()].sort((a, b) => a - b);
  return targets.map((targetMs) => {
    const { trials, produced } = byTarget.get(targetMs)!;
    const n = produced.length;
    const meanMs = n > 0 ? produced.reduce((sum, value) => sum + value, 0) / n : Number.NaN;
    let squares = 0;
    for (const value of produced) squares += (value - meanMs) * (value - meanMs);
    const varianceMs2 = n >= 2 ? squares / (n - 1) : Number.NaN;
    const sdMs = Math.sqrt(varianceMs2);
    return {
      targetMs,
      trials,
      responses: n,
      meanMs,
      sdMs,
      varianceMs2,
      weberFraction: sdMs / meanMs,
      biasMs: meanMs - targetMs,
    };
  });
}

function decomposeError(
  outcomes: readonly TrialOutcome[],
  targets: readonly TargetStatistics[],
): ErrorDecomposition {
  const answered = targets.filter((target) => target.responses > 0);
  if (answered.length === 0) return { rmseMs: Number.NaN, biasMs: Number.NaN, sdMs: Number.NaN };

  let biasSquared = 0;
  let variance = 0;
  for (const target of answered) {
    biasSquared += target.biasMs ** 2 / answered.length;
    let squares = 0;
    for (const outcome of outcomes) {
      if (outcome.targetMs !== target.targetMs || outcome.producedMs === null) continue;
      squares += (outcome.producedMs - target.meanMs) ** 2;
    }
    variance += squares / target.responses / answered.length;
  }
  return {
    rmseMs: Math.sqrt(biasSquared + variance),
    biasMs: Math.sqrt(biasSquared),
    sdMs: Math.sqrt(variance),
  };
}

function fitProducedAgainstTarget(targets: readonly TargetStatistics[]): LineFit | null {
  const usable = targets.filter((target) => target.responses > 0);
  if (usable.length < 2) return null;
  return fitLine(
    usable.map((target) => target.targetMs),
    usable.map((target) => target.meanMs),
  );
}

function meanOfFinite(values: readonly number[]): number {
  const finite = values.filter((value) => Number.isFinite(value));
  if (finite.length === 0) return Number.NaN;
  return finite.reduce((sum, value) => sum + value, 0) / finite.length;
}

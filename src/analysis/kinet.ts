/**
 * Kinematic analysis of neural trajectories (KiNeT).
 *
 * Remington, Narain, Hosseini and Jazayeri, "Flexible sensorimotor computations through rapid
 * reconfiguration of cortical dynamics", Neuron 98:1005-1019 (2018), compare trajectories
 * with a reference trajectory, the condition of middle duration. The definitions here follow
 * the lab's MATLAB implementation (KiNeT.m, E. Remington 2019, in the jazlab/KiNeT repository):
 *
 * - For each time t_ref(j) = j dt on the reference trajectory x_ref, the matched time on
 *   trajectory c is the time of its nearest point: t_c(j) = argmin_t |x_ref(t_ref(j)) - x_c(t)|.
 *   The MATLAB code takes the nearest sample; here the nearest point of the piecewise-linear
 *   trajectory is used, which gives matched times between samples.
 * - The distance at t_ref(j) is that minimum Euclidean distance. Its sign follows the MATLAB
 *   code: negative when the direction from x_c to x_ref is closer in angle to that of the
 *   first (shortest) condition than to that of the last (longest). When the reference is itself
 *   the first or the last condition, that direction is undefined, and the sign is instead
 *   negative for conditions shorter than the reference and positive for longer ones.
 * - The MATLAB code plots t_c against t_ref. Here the relative speed of trajectory c summarises
 *   that plot as the least-squares slope of t_ref against t_c over the matched pairs (with an
 *   intercept). A trajectory that passes the same states in half the time has matched times
 *   t_c = t_ref / 2 and relative speed 2; for temporally scaled responses the relative speed is
 *   T_ref / T_c. Pairs matched to either end of trajectory c, where the nearest point is clamped,
 *   are left out of the fit, except at t_ref = 0.
 *
 * Each trajectory is taken from set (t = 0) to its own interval (go), so conditions differ in
 * length as in the MATLAB code, whose time axis starts at set. That code takes principal
 * component scores as input; `trajectoriesInComponents` gives them.
 */
import { fitLine, type LineFit } from './least-squares.js';
import {
  validateTrajectories,
  type ConditionAveragedTrajectories,
  type ConditionTrajectory,
} from './types.js';

/** Options of KiNeT. */
export interface KinetOptions {
  /** Index of the reference condition after sorting by interval; default the middle one. */
  referenceIndex?: number;
  /** Whether to cut each trajectory at its interval (default true) or use every sample. */
  cutAtInterval?: boolean;
}

/** KiNeT result for one condition against the reference. */
export interface KinetCondition {
  label: string;
  intervalMs: number;
  /** Matched time t_c(j) in ms for each reference time. */
  matchedTimesMs: Float64Array;
  /** Minimum distance to the reference at each reference time, in state units. */
  distances: Float64Array;
  /** Distance with the sign described in the file header. */
  signedDistances: Float64Array;
  /** Whether each pair entered the speed fit (false where the match is clamped to an end). */
  usedInFit: boolean[];
  /** Least-squares slope of t_ref against t_c; NaN when fewer than two pairs are usable. */
  relativeSpeed: number;
  /** The full line t_ref = slope t_c + intercept, or null. */
  fit: LineFit | null;
}

/** KiNeT against one reference condition. */
export interface KinetAnalysis {
  /** Index of the reference in `conditions` (sorted by interval). */
  referenceIndex: number;
  referenceLabel: string;
  /** Reference times t_ref(j) in ms. */
  referenceTimesMs: Float64Array;
  /** One entry per condition, sorted by increasing interval; the reference is included. */
  conditions: KinetCondition[];
}

/**
 * Runs KiNeT: matched times, distances and relative speed of every condition against the
 * reference condition (the middle interval by default).
 */
export function kinet(
  trajectories: ConditionAveragedTrajectories,
  options: KinetOptions = {},
): KinetAnalysis {
  validateTrajectories(trajectories);
  const { N } = trajectories;
  const cutAtInterval = options.cutAtInterval ?? true;
  const sorted = [...trajectories.conditions]
    .sort((a, b) => a.intervalMs - b.intervalMs)
    .map((condition) => (cutAtInterval ? cutAtGo(condition, N) : condition));
  const count = sorted.length;
  const referenceIndex = options.referenceIndex ?? Math.floor(count / 2);
  if (!Number.isInteger(referenceIndex) || referenceIndex < 0 || referenceIndex >= count) {
    throw new Error(`Invalid reference index ${referenceIndex} for ${count} conditions`);
  }
  const reference = sorted[referenceIndex];
  const referenceTimesMs = new Float64Array(reference.T).map((_, j) => j * reference.dtMs);

  // Nearest points first, because the sign of each distance needs every condition's direction.
  const matches = sorted.map((condition) => matchTrajectory(reference, condition, N));
  const directions = matches.map((match) => match.directions);

  const results = sorted.map((condition, c): KinetCondition => {
    const { matchedTimesMs, distances, clamped } = matches[c];
    const signedDistances = new Float64Array(reference.T);
    for (let j = 0; j < reference.T; j++) {
      const sign = distanceSign(c, referenceIndex, count, directions, j, N);
      signedDistances[j] = sign * distances[j];
    }

    const usedInFit = clamped.map((isClamped, j) => j === 0 || !isClamped);
    const x: number[] = [];
    const y: number[] = [];
    usedInFit.forEach((used, j) => {
      if (!used) return;
      x.push(matchedTimesMs[j]);
      y.push(referenceTimesMs[j]);
    });
    const fit = x.length >= 2 && new Set(x).size >= 2 ? fitLine(x, y) : null;

    return {
      label: condition.label,
      intervalMs: condition.intervalMs,
      matchedTimesMs,
      distances,
      signedDistances,
      usedInFit,
      relativeSpeed: fit === null ? Number.NaN : fit.slope,
      fit,
    };
  });

  return { referenceIndex, referenceLabel: reference.label, referenceTimesMs, conditions: results };
}

interface TrajectoryMatch {
  matchedTimesMs: Float64Array;
  distances: Float64Array;
  clamped: boolean[];
  /** Unit vectors from the nearest point to the reference point, (T_ref, N); NaN when zero. */
  directions: Float64Array;
}

/** Finds, for each reference sample, the nearest point of the piecewise-linear trajectory. */
function matchTrajectory(
  reference: ConditionTrajectory,
  condition: ConditionTrajectory,
  N: number,
): TrajectoryMatch {
  const matchedTimesMs = new Float64Array(reference.T);
  const distances = new Float64Array(reference.T);
  const directions = new Float64Array(reference.T * N);
  const clamped: boolean[] = [];
  const point = new Float64Array(N);
  const nearest = new Float64Array(N);
  const lastSegment = Math.max(condition.T - 1, 0);

  for (let j = 0; j < reference.T; j++) {
    for (let n = 0; n < N; n++) point[n] = reference.states[j * N + n];

    let bestSquared = Infinity;
    let bestPosition = 0;
    if (condition.T === 1) {
      bestSquared = squaredDistanceToSample(point, condition.states, 0, N);
    }
    for (let k = 0; k < lastSegment; k++) {
      const lambda = projectOnSegment(point, condition.states, k, N);
      let squared = 0;
      for (let n = 0; n < N; n++) {
        const a = condition.states[k * N + n];
        const b = condition.states[(k + 1) * N + n];
        const d = point[n] - (a + lambda * (b - a));
        squared += d * d;
      }
      if (squared < bestSquared) {
        bestSquared = squared;
        bestPosition = k + lambda;
      }
    }

    matchedTimesMs[j] = bestPosition * condition.dtMs;
    distances[j] = Math.sqrt(bestSquared);
    clamped.push(bestPosition <= 0 || bestPosition >= condition.T - 1);

    const below = Math.min(Math.floor(bestPosition), Math.max(condition.T - 2, 0));
    const fraction = bestPosition - below;
    for (let n = 0; n < N; n++) {
      const a = condition.states[below * N + n];
      const b = condition.T > 1 ? condition.states[(below + 1) * N + n] : a;
      nearest[n] = a + fraction * (b - a);
    }
    for (let n = 0; n < N; n++) {
      directions[j * N + n] = distances[j] > 0 ? (point[n] - nearest[n]) / distances[j] : NaN;
    }
  }
  return { matchedTimesMs, distances, clamped, directions };
}

/** Returns lambda in [0, 1] of the point of segment k nearest to `point`. */
function projectOnSegment(point: Float64Array, states: Float64Array, k: number, N: number): number {
  let dot = 0;
  let lengthSquared = 0;
  for (let n = 0; n < N; n++) {
    const a = states[k * N + n];
    const segment = states[(k + 1) * N + n] - a;
    dot += (point[n] - a) * segment;
    lengthSquared += segment * segment;
  }
  if (lengthSquared === 0) return 0;
  return Math.min(Math.max(dot / lengthSquared, 0), 1);
}

function squaredDistanceToSample(
  point: Float64Array,
  states: Float64Array,
  k: number,
  N: number,
): number {
  let squared = 0;
  for (let n = 0; n < N; n++) squared += (point[n] - states[k * N + n]) ** 2;
  return squared;
}

/** Returns -1, 0 or +1 for condition c at reference sample j (see the file header). */
function distanceSign(
  c: number,
  referenceIndex: number,
  count: number,
  directions: readonly Float64Array[],
  j: number,
  N: number,
): number {
  if (c === referenceIndex) return 0;
  const first = 0;
  const last = count - 1;
  if (referenceIndex === first || referenceIndex === last) return c < referenceIndex ? -1 : 1;

  const angleToFirst = angleBetween(directions[c], directions[first], j, N);
  const angleToLast = angleBetween(directions[c], directions[last], j, N);
  if (angleToFirst < angleToLast) return -1;
  if (angleToFirst > angleToLast) return 1;
  return 0;
}

function angleBetween(u: Float64Array, v: Float64Array, j: number, N: number): number {
  let dot = 0;
  for (let n = 0; n < N; n++) dot += u[j * N + n] * v[j * N + n];
  return Math.acos(Math.min(Math.max(dot, -1), 1));
}

/** Returns the condition from set to go: samples t = 0 .. floor(interval / dt) dt. */
function cutAtGo(condition: ConditionTrajectory, N: number): ConditionTrajectory {
  const goStep = Math.floor(condition.intervalMs / condition.dtMs + 1e-9);
  const samples = Math.min(goStep + 1, condition.T);
  return { ...condition, T: samples, states: condition.states.subarray(0, samples * N) };
}

/**
 * Fixed and slow points of a recurrent network's one-step map.
 *
 * Following Sussillo and Barak, "Opening the black box: low-dimensional dynamics in
 * high-dimensional recurrent neural networks", Neural Computation 25:626-649 (2013), the
 * points where the state barely moves are the minima of the speed q = |dx/dt|^2 / 2. For the
 * discrete-time map x' = F(x, u) the step F(x, u) - x takes the place of dx/dt:
 *
 *   q(x) = |F(x, u) - x|^2 / 2,   with gradient  dq/dx = (J - I)^T (F(x, u) - x),
 *
 * for a constant input u, where J = dF/dx. Each search starts from a state sampled along the
 * network's trajectories and runs Adam on q; once q is small, Newton's method on
 * F(x) - x = 0, with a backtracking line search on q, refines the point to machine precision.
 * A point with q at or below the fixed tolerance is a fixed point, and one above it (but below
 * `maxSlowQ`) is a slow point. Points closer than `mergeDistance` are merged. Because the
 * network is a discrete-time map, a point is stable when every eigenvalue of J has |lambda| < 1.
 */
import { LuDecomposition, Matrix, solve } from 'ml-matrix';

import type { CellMap } from './maps/cell-map.js';
import { checkSizes } from './maps/cell-map.js';
import { eigenSpectrum, type EigenSpectrum } from './spectrum.js';

/** Settings of the fixed-point search. */
export interface FixedPointOptions {
  /** Maximum Adam iterations per start (default 5000). */
  adamIterations?: number;
  /** Adam step size, in state units (default 0.01). */
  learningRate?: number;
  /** Adam stops and Newton starts once q falls below this (default 1e-6). */
  newtonStartQ?: number;
  /** Maximum Newton iterations per start (default 50). */
  newtonIterations?: number;
  /** q at or below which a point counts as fixed (default 1e-14). */
  fixedTolerance?: number;
  /** Candidates with larger q are discarded (default 1e-4). */
  maxSlowQ?: number;
  /** Points closer than this Euclidean distance are merged (default 1e-4). */
  mergeDistance?: number;
}

/** One distinct fixed or slow point. */
export interface FixedPoint {
  /** Index of the constant input in the `inputs` given to the search. */
  inputIndex: number;
  input: Float64Array;
  state: Float64Array;
  /** q(x) = |F(x, u) - x|^2 / 2 at the point. */
  q: number;
  kind: 'fixed' | 'slow';
  /** Eigenvalues of the Jacobian J = dF/dx at the point. */
  eigenvalues: EigenSpectrum;
  /** True when every eigenvalue has |lambda| < 1. */
  stable: boolean;
  /** Number of eigenvalues with |lambda| > 1. */
  unstableModes: number;
  /** Number of starts that ended at this point. */
  hits: number;
}

/** Result of one search from one start. */
export interface SpeedMinimum {
  state: Float64Array;
  q: number;
  adamIterations: number;
  newtonIterations: number;
}

/** All distinct points found, with counts of what was kept. */
export interface FixedPointSearch {
  points: FixedPoint[];
  /** Number of starts (initial states times inputs). */
  starts: number;
  /** Starts whose minimum had q above `maxSlowQ`. */
  discarded: number;
}

const defaults: Required<FixedPointOptions> = {
  adamIterations: 5000,
  learningRate: 0.01,
  newtonStartQ: 1e-6,
  newtonIterations: 50,
  fixedTolerance: 1e-14,
  maxSlowQ: 1e-4,
  mergeDistance: 1e-4,
};

/**
 * Searches for fixed and slow points of `map` for each constant input, starting from every
 * initial state (each of size S, typically sampled along trajectories). Returns the distinct
 * points sorted by input, then by q, each with its Jacobian eigenvalues and stability.
 */
export function findFixedPoints(
  map: CellMap,
  inputs: readonly Float64Array[],
  initialStates: readonly Float64Array[],
  options: FixedPointOptions = {},
): FixedPointSearch {
  const settings = { ...defaults, ...options };
  if (inputs.length === 0) throw new Error('Fixed-point search needs at least one input');
  if (initialStates.length === 0) {
    throw new Error('Fixed-point search needs at least one initial state');
  }

  const points: FixedPoint[] = [];
  let discarded = 0;
  inputs.forEach((input, inputIndex) => {
    const minima = initialStates.map((x0) => minimiseSpeed(map, x0, input, settings));
    minima.sort((a, b) => a.q - b.q);

    const distinct: FixedPoint[] = [];
    for (const minimum of minima) {
      if (!(minimum.q <= settings.maxSlowQ)) {
        discarded += 1;
        continue;
      }
      const near = distinct.find(
        (point) => distance(point.state, minimum.state) < settings.mergeDistance,
      );
      if (near !== undefined) {
        near.hits += 1;
        continue;
      }
      distinct.push(describePoint(map, minimum, input, inputIndex, settings.fixedTolerance));
    }
    points.push(...distinct);
  });

  return { points, starts: inputs.length * initialStates.length, discarded };
}

/**
 * Minimises q(x) = |F(x, u) - x|^2 / 2 from `x0`: Adam until q < `newtonStartQ`, then Newton
 * steps on F(x) - x = 0, each accepted only when it lowers q.
 */
export function minimiseSpeed(
  map: CellMap,
  x0: Float64Array,
  u: Float64Array,
  options: FixedPointOptions = {},
): SpeedMinimum {
  const settings = { ...defaults, ...options };
  checkSizes(map, x0, u);
  const S = map.stateSize;
  const x = Float64Array.from(x0);
  const residual = new Float64Array(S);
  const gradient = new Float64Array(S);
  const firstMoment = new Float64Array(S);
  const secondMoment = new Float64Array(S);
  const beta1 = 0.9;
  const beta2 = 0.999;
  const epsilon = 1e-8;

  let q = speed(map, x, u, residual);
  let learningRate = settings.learningRate;
  let adamIterations = 0;
  // Adam's last iterate can sit above an earlier one, so the lowest q seen is kept.
  const best = Float64Array.from(x);
  let bestQ = q;
  while (adamIterations < settings.adamIterations && q >= settings.newtonStartQ) {
    // dq/dx = J^T r - r, with r = F(x) - x.
    map.transposeProduct(x, u, residual, gradient);
    let gradientSquared = 0;
    for (let k = 0; k < S; k++) {
      gradient[k] -= residual[k];
      gradientSquared += gradient[k] * gradient[k];
    }
    if (gradientSquared < 1e-30) break;

    adamIterations += 1;
    const correction1 = 1 - beta1 ** adamIterations;
    const correction2 = 1 - beta2 ** adamIterations;
    for (let k = 0; k < S; k++) {
      firstMoment[k] = beta1 * firstMoment[k] + (1 - beta1) * gradient[k];
      secondMoment[k] = beta2 * secondMoment[k] + (1 - beta2) * gradient[k] * gradient[k];
      const meanEstimate = firstMoment[k] / correction1;
      const scaleEstimate = Math.sqrt(secondMoment[k] / correction2) + epsilon;
      x[k] -= (learningRate * meanEstimate) / scaleEstimate;
    }

    // The step size shrinks when q rises and grows back slowly while q falls, because a
    // constant step makes Adam circle the minimum at a distance of about one step.
    const previousQ = q;
    q = speed(map, x, u, residual);
    if (q > previousQ) {
      learningRate *= 0.7;
    } else {
      learningRate = Math.min(learningRate * 1.02, 10 * settings.learningRate);
    }
    if (q < bestQ) {
      bestQ = q;
      best.set(x);
    }
  }
  if (bestQ < q) {
    x.set(best);
    q = bestQ;
  }

  let newtonIterations = 0;
  if (q < settings.newtonStartQ) {
    const refined = refineByNewton(map, x, u, settings.newtonIterations);
    newtonIterations = refined.iterations;
    q = refined.q;
  }
  return { state: x, q, adamIterations, newtonIterations };
}

/** Runs Newton steps (J - I) dx = -(F(x) - x) in place on x; returns the final q. */
function refineByNewton(
  map: CellMap,
  x: Float64Array,
  u: Float64Array,
  maxIterations: number,
): { q: number; iterations: number } {
  const S = map.stateSize;
  const residual = new Float64Array(S);
  const trialResidual = new Float64Array(S);
  const jacobian = new Float64Array(S * S);
  const trial = new Float64Array(S);
  let q = speed(map, x, u, residual);
  let iterations = 0;
  if (q === 0) return { q, iterations };

  while (iterations < maxIterations) {
    map.jacobian(x, u, jacobian);
    const system = new Matrix(S, S);
    for (let i = 0; i < S; i++) {
      for (let j = 0; j < S; j++) system.set(i, j, jacobian[i * S + j] - (i === j ? 1 : 0));
    }
    const rightHandSide = Matrix.columnVector(Array.from(residual, (value) => -value));
    const lu = new LuDecomposition(system);
    // A singular J - I (a degenerate point) falls back to the least-squares step.
    const step = lu.isSingular() ? solve(system, rightHandSide, true) : lu.solve(rightHandSide);

    let scale = 1;
    let accepted = false;
    for (let halving = 0; halving < 30; halving++) {
      for (let k = 0; k < S; k++) trial[k] = x[k] + scale * step.get(k, 0);
      const trialQ = speed(map, trial, u, trialResidual);
      if (trialQ < q) {
        x.set(trial);
        residual.set(trialResidual);
        q = trialQ;
        accepted = true;
        break;
      }
      scale /= 2;
    }
    iterations += 1;
    if (!accepted || q === 0) break;
  }
  return { q, iterations };
}

/** Returns q(x) = |F(x, u) - x|^2 / 2 and writes the residual F(x, u) - x. */
function speed(map: CellMap, x: Float64Array, u: Float64Array, residual: Float64Array): number {
  map.step(x, u, residual);
  let q = 0;
  for (let k = 0; k < residual.length; k++) {
    residual[k] -= x[k];
    q += residual[k] * residual[k];
  }
  return q / 2;
}

function describePoint(
  map: CellMap,
  minimum: SpeedMinimum,
  input: Float64Array,
  inputIndex: number,
  fixedTolerance: number,
): FixedPoint {
  const S = map.stateSize;
  const jacobian = new Float64Array(S * S);
  map.jacobian(minimum.state, input, jacobian);
  const eigenvalues = eigenSpectrum(jacobian, S);
  let unstableModes = 0;
  for (let k = 0; k < S; k++) {
    if (Math.hypot(eigenvalues.real[k], eigenvalues.imag[k]) > 1) unstableModes += 1;
  }
  return {
    inputIndex,
    input: Float64Array.from(input),
    state: minimum.state,
    q: minimum.q,
    kind: minimum.q <= fixedTolerance ? 'fixed' : 'slow',
    eigenvalues,
    stable: eigenvalues.spectralRadius < 1,
    unstableModes,
    hits: 1,
  };
}

function distance(a: Float64Array, b: Float64Array): number {
  let squared = 0;
  for (let k = 0; k < a.length; k++) squared += (a[k] - b[k]) ** 2;
  return Math.sqrt(squared);
}

/**
 * Principal component analysis of condition-averaged trajectories.
 *
 * The states of every condition are stacked into one (sum_c T_c) x N matrix X and centred by
 * the mean state m. The components are the eigenvectors of the covariance
 * C = (X - m)^T (X - m) / (rows - 1), in decreasing order of eigenvalue, and each condition's
 * trajectory is projected on the first k of them: p(t) = V_k^T (x(t) - m). Because all
 * conditions share the same axes, their trajectories can be compared in one picture, as in
 * the population analyses of Wang, Narain, Hosseini and Jazayeri, "Flexible timing by
 * temporal scaling of cortical responses", Nature Neuroscience 21:102-110 (2018).
 */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

import {
  validateTrajectories,
  type ConditionAveragedTrajectories,
  type ConditionTrajectory,
} from './types.js';

/** Principal components of stacked states. */
export interface PrincipalComponents {
  /** State dimension N. */
  N: number;
  /** Mean state m (N). */
  mean: Float64Array;
  /**
   * Components as rows, shape (N, N), row-major, in decreasing order of variance. Each is a
   * unit vector whose largest-magnitude entry is positive, which fixes the sign.
   */
  components: Float64Array;
  /** Variance along each component (the covariance eigenvalues), length N. */
  explainedVariance: Float64Array;
  /** Each variance divided by the total variance, length N. */
  explainedVarianceRatio: Float64Array;
}

/** PCA result with each condition's trajectory projected on the first k components. */
export interface TrajectoryPca extends PrincipalComponents {
  /** Number of components k in the projections. */
  k: number;
  /** One projection per condition, each of shape (T_c, k), row-major. */
  projections: Float64Array[];
}

/**
 * Computes the principal components of the stacked, mean-centred states of all conditions
 * and projects each condition on the first `k` components (default 3, at most N).
 */
export function trajectoryPca(
  trajectories: ConditionAveragedTrajectories,
  k = 3,
): TrajectoryPca {
  validateTrajectories(trajectories);
  const { N, conditions } = trajectories;
  if (!Number.isInteger(k) || k < 1) throw new Error(`Invalid number of components k = ${k}`);
  const componentCount = Math.min(k, N);

  const pca = principalComponents(stackStates(conditions, N), N);
  const projections = conditions.map((condition) => projectStates(pca, condition.states, componentCount));
  return { ...pca, k: componentCount, projections };
}

/**
 * Computes principal components of `rows` x N states (row-major), centred by their mean.
 * Throws with fewer than two rows.
 */
export function principalComponents(states: Float64Array, N: number): PrincipalComponents {
  const rows = states.length / N;
  if (!Number.isInteger(rows) || rows < 2) {
    throw new Error(`PCA needs at least 2 states of dimension ${N}, got ${states.length} values`);
  }

  const mean = new Float64Array(N);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < N; j++) mean[j] += states[r * N + j];
  }
  for (let j = 0; j < N; j++) mean[j] /= rows;

  const covariance = new Matrix(N, N);
  const centred = new Float64Array(N);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < N; j++) centred[j] = states[r * N + j] - mean[j];
    for (let i = 0; i < N; i++) {
      const ci = centred[i];
      if (ci === 0) continue;
      for (let j = i; j < N; j++) covariance.set(i, j, covariance.get(i, j) + ci * centred[j]);
    }
  }
  for (let i = 0; i < N; i++) {
    for (let j = i; j < N; j++) {
      const value = covariance.get(i, j) / (rows - 1);
      covariance.set(i, j, value);
      covariance.set(j, i, value);
    }
  }

  const decomposition = new EigenvalueDecomposition(covariance, { assumeSymmetric: true });
  const eigenvalues = decomposition.realEigenvalues;
  const vectors = decomposition.eigenvectorMatrix;
  const order = eigenvalues.map((_, index) => index);
  order.sort((a, b) => eigenvalues[b] - eigenvalues[a]);

  const components = new Float64Array(N * N);
  const explainedVariance = new Float64Array(N);
  let total = 0;
  order.forEach((source, rank) => {
    // Rounding can leave tiny negative eigenvalues of a positive semi-definite matrix.
    explainedVariance[rank] = Math.max(eigenvalues[source], 0);
    total += explainedVariance[rank];
    let largest = 0;
    for (let j = 0; j < N; j++) {
      const value = vectors.get(j, source);
      if (Math.abs(value) > Math.abs(largest)) largest = value;
    }
    const sign = largest < 0 ? -1 : 1;
    for (let j = 0; j < N; j++) components[rank * N + j] = sign * vectors.get(j, source);
  });

  const explainedVarianceRatio = explainedVariance.map((value) => (total > 0 ? value / total : 0));
  return { N, mean, components, explainedVariance, explainedVarianceRatio };
}

/** Projects (rows, N) states on the first k components: p = V_k^T (x - m), shape (rows, k). */
export function projectStates(
  pca: PrincipalComponents,
  states: Float64Array,
  k: number,
): Float64Array {
  const { N, mean, components } = pca;
  if (states.length % N !== 0) {
    throw new Error(`Cannot project ${states.length} values onto components of dimension ${N}`);
  }
  if (k > N) throw new Error(`Cannot project on ${k} components of an N = ${N} space`);
  const rows = states.length / N;
  const out = new Float64Array(rows * k);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < k; c++) {
      let sum = 0;
      for (let j = 0; j < N; j++) sum += components[c * N + j] * (states[r * N + j] - mean[j]);
      out[r * k + c] = sum;
    }
  }
  return out;
}

/** Returns the trajectories expressed in the first k principal components, for KiNeT. */
export function trajectoriesInComponents(
  trajectories: ConditionAveragedTrajectories,
  pca: PrincipalComponents,
  k: number,
): ConditionAveragedTrajectories {
  const conditions: ConditionTrajectory[] = trajectories.conditions.map((condition) => ({
    ...condition,
    states: projectStates(pca, condition.states, k),
  }));
  return { conditions, N: k };
}

function stackStates(conditions: readonly ConditionTrajectory[], N: number): Float64Array {
  const rows = conditions.reduce((sum, condition) => sum + condition.T, 0);
  const stacked = new Float64Array(rows * N);
  let offset = 0;
  for (const condition of conditions) {
    stacked.set(condition.states, offset);
    offset += condition.states.length;
  }
  return stacked;
}

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { principalComponents, projectStates, trajectoryPca } from '../../src/analysis/pca.js';
import { Random } from '../../src/engine/random.js';
import type { ConditionAveragedTrajectories } from '../../src/analysis/types.js';

/**
 * States m + 3 a(t) e1 + 1 b(t) e2 in N = 4 dimensions, with e1 and e2 orthonormal and a, b
 * uncorrelated with unit variance: the variance ratios are 9/10 and 1/10.
 */
function planarTrajectories(): ConditionAveragedTrajectories {
  const e1 = [0.5, 0.5, 0.5, 0.5];
  const e2 = [0.5, -0.5, 0.5, -0.5];
  const mean = [1, 2, 3, 4];
  const conditions = [0, 1].map((c) => {
    const T = 200;
    const states = new Float64Array(T * 4);
    for (let t = 0; t < T; t++) {
      const phase = (2 * Math.PI * t) / T + c * Math.PI;
      const a = Math.SQRT2 * Math.cos(phase);
      const b = Math.SQRT2 * Math.sin(phase);
      for (let j = 0; j < 4; j++) states[t * 4 + j] = mean[j] + 3 * a * e1[j] + b * e2[j];
    }
    return { label: `c${c}`, intervalMs: 800 + 700 * c, dtMs: 10, states, T };
  });
  return { conditions, N: 4 };
}

describe('PCA', () => {
  it('recovers variance ratios of a plane', () => {
    const pca = trajectoryPca(planarTrajectories(), 2);
    assert.ok(Math.abs(pca.explainedVarianceRatio[0] - 0.9) < 1e-9);
    assert.ok(Math.abs(pca.explainedVarianceRatio[1] - 0.1) < 1e-9);
    assert.ok(pca.explainedVarianceRatio[2] < 1e-12);
    assert.deepEqual(Array.from(pca.mean, (value) => Math.round(value * 1e9) / 1e9), [1, 2, 3, 4]);
    // The first component is e1, with its largest entry made positive.
    for (let j = 0; j < 4; j++) assert.ok(Math.abs(Math.abs(pca.components[j]) - 0.5) < 1e-9);
  });

  it('returns orthonormal components', () => {
    const random = new Random(4);
    const states = new Float64Array(50 * 6);
    random.fillNormal(states);
    const pca = principalComponents(states, 6);
    for (let a = 0; a < 6; a++) {
      for (let b = 0; b < 6; b++) {
        let dot = 0;
        for (let j = 0; j < 6; j++) dot += pca.components[a * 6 + j] * pca.components[b * 6 + j];
        assert.ok(Math.abs(dot - (a === b ? 1 : 0)) < 1e-9, `components ${a}, ${b}`);
      }
    }
    for (let k = 1; k < 6; k++) {
      assert.ok(pca.explainedVariance[k] <= pca.explainedVariance[k - 1]);
    }
  });

  it('projections keep the variance', () => {
    const trajectories = planarTrajectories();
    const pca = trajectoryPca(trajectories, 2);
    assert.equal(pca.projections.length, 2);
    assert.equal(pca.projections[0].length, 200 * 2);
    let squares = 0;
    for (const projection of pca.projections) {
      for (let t = 0; t < 200; t++) squares += projection[t * 2] ** 2;
    }
    assert.ok(Math.abs(squares / (400 - 1) - pca.explainedVariance[0]) < 1e-9);
  });

  it('caps k at N', () => {
    const pca = trajectoryPca(planarTrajectories(), 10);
    assert.equal(pca.k, 4);
  });

  it('rejects mismatched projections', () => {
    const pca = trajectoryPca(planarTrajectories(), 2);
    assert.throws(() => projectStates(pca, new Float64Array(5), 2), /Cannot project 5 values/);
  });

  it('rejects states of the wrong length', () => {
    const trajectories = planarTrajectories();
    trajectories.conditions[0].T = 199;
    assert.throws(() => trajectoryPca(trajectories), /expected T x N = 199 x 4/);
  });
});

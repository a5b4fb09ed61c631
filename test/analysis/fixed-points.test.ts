import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { Matrix, inverse } from 'ml-matrix';

import { findFixedPoints, minimiseSpeed } from '../../src/analysis/fixed-points.js';
import { cellMapFromStateDict } from '../../src/analysis/maps/from-state-dict.js';
import type { StateDict } from '../../src/analysis/types.js';

function parameter(shape: number[], values: number[]): { shape: number[]; data: Float64Array } {
  return { shape, data: Float64Array.from(values) };
}

/**
 * A linear map x' = A x + B u + b, written as a leaky network with a = 1 and a linear transfer
 * function. A = P diag-block(0.5, -0.3, 0.8 e^{+-0.4 i}) P^-1 has known eigenvalues.
 */
const linearConfig = { cell: 'leaky', alpha: 1, activation: 'linear' } as const;

function linearNetwork(radius: number): { stateDict: StateDict; A: Matrix } {
  const block = new Matrix([
    [0.5, 0, 0, 0],
    [0, -0.3, 0, 0],
    [0, 0, radius * Math.cos(0.4), -radius * Math.sin(0.4)],
    [0, 0, radius * Math.sin(0.4), radius * Math.cos(0.4)],
  ]);
  const P = new Matrix([
    [1, 0.2, -0.4, 0.1],
    [0.3, 1, 0.2, -0.5],
    [-0.2, 0.4, 1, 0.3],
    [0.1, -0.3, 0.2, 1],
  ]);
  const A = P.mmul(block).mmul(inverse(P));
  const stateDict: StateDict = {
    'rnn.weight_ih_l0': parameter([4, 2], [1, 0, 0, 1, 0.5, -0.5, -1, 0.25]),
    'rnn.weight_hh_l0': parameter([4, 4], A.to1DArray()),
    'rnn.bias_hh_l0': parameter([4], [0.1, -0.2, 0.3, 0.05]),
  };
  return { stateDict, A };
}

function expectedLinearFixedPoint(stateDict: StateDict, A: Matrix, u: number[]): number[] {
  const B = new Matrix(4, 2);
  const input = stateDict['rnn.weight_ih_l0'].data;
  for (let i = 0; i < 4; i++) for (let j = 0; j < 2; j++) B.set(i, j, input[i * 2 + j]);
  const drive = B.mmul(Matrix.columnVector(u)).add(
    Matrix.columnVector(Array.from(stateDict['rnn.bias_hh_l0'].data)),
  );
  return inverse(Matrix.eye(4).sub(A)).mmul(drive).to1DArray();
}

function sortedEigenvalues(point: { eigenvalues: { real: Float64Array; imag: Float64Array } }) {
  return Array.from(point.eigenvalues.real, (re, k) => [re, point.eigenvalues.imag[k]]).sort(
    (a, b) => a[0] - b[0] || a[1] - b[1],
  );
}

const starts = [
  [0, 0, 0, 0],
  [1, -1, 0.5, 2],
  [-2, 0.3, 1, -1],
].map((values) => Float64Array.from(values));

describe('fixed points of a linear network', () => {
  for (const radius of [0.8, 1.2]) {
    it(`recovers (I - A)^-1 b with |lambda| up to ${radius}`, () => {
      const { stateDict, A } = linearNetwork(radius);
      const map = cellMapFromStateDict(stateDict, linearConfig);
      const inputs = [Float64Array.from([0, 0]), Float64Array.from([1, -0.5])];
      const { points, discarded } = findFixedPoints(map, inputs, starts);
      assert.equal(discarded, 0);
      assert.equal(points.length, 2);

      inputs.forEach((input, index) => {
        const point = points.find((candidate) => candidate.inputIndex === index)!;
        assert.equal(point.kind, 'fixed');
        assert.equal(point.hits, starts.length);
        const expected = expectedLinearFixedPoint(stateDict, A, Array.from(input));
        expected.forEach((value, k) => {
          const message = `x[${k}] ${point.state[k]} vs ${value}`;
          assert.ok(Math.abs(point.state[k] - value) < 1e-6, message);
        });

        const expectedEigenvalues = [
          [-0.3, 0],
          [0.5, 0],
          [radius * Math.cos(0.4), -radius * Math.sin(0.4)],
          [radius * Math.cos(0.4), radius * Math.sin(0.4)],
        ].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
        sortedEigenvalues(point).forEach(([re, im], k) => {
          assert.ok(Math.abs(re - expectedEigenvalues[k][0]) < 1e-6, `Re lambda ${k}`);
          assert.ok(Math.abs(im - expectedEigenvalues[k][1]) < 1e-6, `Im lambda ${k}`);
        });
        assert.equal(point.stable, radius < 1);
        assert.equal(point.unstableModes, radius < 1 ? 0 : 2);
      });
    });
  }
});

describe('fixed points of a bistable tanh network', () => {
  // h' = tanh(W h) with W = [[1, 0.8], [0.8, 1]]: fixed points at 0 and at +-(s, s), where
  // s = tanh(1.8 s). The Jacobian diag(1 - h'^2) W has eigenvalues (1 - s^2) (1.8, 0.2).
  const stateDict: StateDict = {
    'rnn.weight_ih_l0': parameter([2, 1], [0, 0]),
    'rnn.weight_hh_l0': parameter([2, 2], [1, 0.8, 0.8, 1]),
  };
  const map = cellMapFromStateDict(stateDict, { cell: 'rnn' });
  let s = 1;
  for (let iteration = 0; iteration < 100; iteration++) {
    const residual = Math.tanh(1.8 * s) - s;
    s -= residual / (1.8 * (1 - Math.tanh(1.8 * s) ** 2) - 1);
  }
  const grid: Float64Array[] = [];
  for (const a of [-1, -0.5, 0, 0.5, 1]) {
    for (const b of [-1, -0.5, 0, 0.5, 1]) grid.push(Float64Array.from([a + 0.01, b - 0.02]));
  }
  const { points } = findFixedPoints(map, [Float64Array.from([0])], grid);

  it('finds two attractors and a saddle', () => {
    assert.equal(points.length, 3);
    assert.equal(points.filter((point) => point.stable).length, 2);
    assert.ok(points.every((point) => point.kind === 'fixed'));
  });

  it('places the attractors at +-(s, s)', () => {
    for (const sign of [1, -1]) {
      const attractor = points.find((point) => point.stable && Math.sign(point.state[0]) === sign);
      assert.ok(attractor !== undefined, `attractor with sign ${sign}`);
      assert.ok(Math.abs(attractor.state[0] - sign * s) < 1e-6);
      assert.ok(Math.abs(attractor.state[1] - sign * s) < 1e-6);
      const [low, high] = sortedEigenvalues(attractor);
      assert.ok(Math.abs(high[0] - 1.8 * (1 - s * s)) < 1e-6);
      assert.ok(Math.abs(low[0] - 0.2 * (1 - s * s)) < 1e-6);
      assert.equal(attractor.unstableModes, 0);
    }
  });

  it('places the saddle at the origin', () => {
    const saddle = points.find((point) => !point.stable);
    assert.ok(saddle !== undefined);
    assert.ok(Math.hypot(saddle.state[0], saddle.state[1]) < 1e-6);
    const [low, high] = sortedEigenvalues(saddle);
    assert.ok(Math.abs(high[0] - 1.8) < 1e-6);
    assert.ok(Math.abs(low[0] - 0.2) < 1e-6);
    assert.equal(saddle.unstableModes, 1);
  });
});

describe('slow points', () => {
  // h' = tanh(1.5 h + 0.25) lost its negative fixed points in a saddle-node bifurcation
  // (at bias 0.208), leaving a ghost where |F(h) - h| has a local minimum of about 0.028,
  // at tanh(1.5 h + 0.25) = -1 / sqrt(3), that is h = -0.6057.
  const stateDict: StateDict = {
    'rnn.weight_ih_l0': parameter([1, 1], [0]),
    'rnn.weight_hh_l0': parameter([1, 1], [1.5]),
    'rnn.bias_hh_l0': parameter([1], [0.25]),
  };
  const map = cellMapFromStateDict(stateDict, { cell: 'rnn' });
  const ghost = (Math.atanh(-1 / Math.sqrt(3)) - 0.25) / 1.5;

  it('reports the ghost as a slow point', () => {
    const initial = [-1, -0.8, -0.6, -0.4, 0.4, 0.8].map((h) => Float64Array.from([h]));
    const { points } = findFixedPoints(map, [Float64Array.from([0])], initial, {
      maxSlowQ: 1e-3,
      mergeDistance: 0.05,
    });
    const slow = points.filter((point) => point.kind === 'slow');
    const fixed = points.filter((point) => point.kind === 'fixed');
    assert.equal(slow.length, 1);
    assert.equal(fixed.length, 1);
    assert.ok(Math.abs(slow[0].state[0] - ghost) < 1e-3, `slow point at ${slow[0].state[0]}`);
    assert.ok(slow[0].q > 3e-4, `q = ${slow[0].q}`);
    assert.ok(slow[0].q < 5e-4, `q = ${slow[0].q}`);
    assert.ok(fixed[0].state[0] > 0);
    assert.ok(fixed[0].stable);
  });

  it('discards the ghost under the default maxSlowQ', () => {
    const { points, discarded } = findFixedPoints(map, [Float64Array.from([0])], [
      Float64Array.from([-0.6]),
    ]);
    assert.equal(points.length, 0);
    assert.equal(discarded, 1);
  });
});

describe('speed minimisation', () => {
  it('refines with Newton to machine precision', () => {
    const { stateDict } = linearNetwork(0.8);
    const map = cellMapFromStateDict(stateDict, linearConfig);
    const minimum = minimiseSpeed(map, Float64Array.from([3, 3, 3, 3]), Float64Array.from([0, 0]));
    assert.ok(minimum.q < 1e-20, `q = ${minimum.q}`);
    assert.ok(minimum.newtonIterations >= 1);
  });

  it('keeps the lowest q that Adam reached', () => {
    // A step size of 5 throws Adam far from the start on its first step.
    const { stateDict } = linearNetwork(0.8);
    const map = cellMapFromStateDict(stateDict, linearConfig);
    const x0 = Float64Array.from([0.1, -0.2, 0.3, 0]);
    const u = Float64Array.from([0, 0]);
    const start = minimiseSpeed(map, x0, u, { adamIterations: 0, newtonStartQ: 0 });
    const minimum = minimiseSpeed(map, x0, u, {
      adamIterations: 3,
      learningRate: 5,
      newtonStartQ: 0,
    });
    assert.ok(minimum.q <= start.q, `q ${minimum.q} after Adam, ${start.q} at the start`);
  });

  it('converges on a line attractor', () => {
    // x' = diag(1, 0.5) x + (0, 0.3) has a line of fixed points x2 = 0.6, where J - I is
    // singular, so Newton's step falls back to least squares.
    const stateDict: StateDict = {
      'rnn.weight_ih_l0': parameter([2, 1], [0, 0]),
      'rnn.weight_hh_l0': parameter([2, 2], [1, 0, 0, 0.5]),
      'rnn.bias_hh_l0': parameter([2], [0, 0.3]),
    };
    const map = cellMapFromStateDict(stateDict, linearConfig);
    const minimum = minimiseSpeed(map, Float64Array.from([0.7, -1]), Float64Array.from([0]));
    assert.ok(minimum.q < 1e-20, `q = ${minimum.q}`);
    assert.ok(Math.abs(minimum.state[1] - 0.6) < 1e-9);
    assert.ok(Number.isFinite(minimum.state[0]));
  });

  it('rejects a state of the wrong size', () => {
    const { stateDict } = linearNetwork(0.8);
    const map = cellMapFromStateDict(stateDict, linearConfig);
    assert.throws(
      () => minimiseSpeed(map, new Float64Array(3), new Float64Array(2)),
      /State has size 3, expected 4/,
    );
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { sampleStatesAlongTrajectories } from '../../src/analysis/initial-states.js';
import { Random } from '../../src/engine/random.js';
import { syntheticPopulation } from './synthetic.js';

const population = syntheticPopulation({
  intervalsMs: [800, 1500],
  units: 5,
  dtMs: 100,
  seed: 2,
  timing: 'scaled',
});

function isVisitedState(state: Float64Array): boolean {
  return population.conditions.some((condition) => {
    for (let t = 0; t < condition.T; t++) {
      const row = condition.states.subarray(t * 5, (t + 1) * 5);
      if (row.every((value, n) => value === state[n])) return true;
    }
    return false;
  });
}

describe('initial states', () => {
  it('draws visited states without noise', () => {
    const samples = sampleStatesAlongTrajectories(population, 30, new Random(1));
    assert.equal(samples.length, 30);
    for (const sample of samples) {
      assert.equal(sample.length, 5);
      assert.ok(isVisitedState(sample));
    }
  });

  it('reaches both conditions', () => {
    const samples = sampleStatesAlongTrajectories(population, 200, new Random(3));
    const longOnly = population.conditions[1];
    const fromLong = samples.filter((sample) => {
      for (let t = 1; t < longOnly.T; t++) {
        const row = longOnly.states.subarray(t * 5, (t + 1) * 5);
        if (row.every((value, n) => value === sample[n])) return true;
      }
      return false;
    });
    assert.ok(fromLong.length > 50, `${fromLong.length} of 200 from the 1500 ms condition`);
    assert.ok(fromLong.length < 200);
  });

  it('adds noise of the given size', () => {
    // A single state makes every draw the same point, so the spread is the noise alone.
    const state = Float64Array.from([1, -2, 3]);
    const single = {
      conditions: [{ label: 'one', intervalMs: 100, dtMs: 100, states: state, T: 1 }],
      N: 3,
    };
    const noisy = sampleStatesAlongTrajectories(single, 400, new Random(4), 0.5);
    let squares = 0;
    for (const sample of noisy) {
      for (let n = 0; n < 3; n++) squares += (sample[n] - state[n]) ** 2;
    }
    const std = Math.sqrt(squares / (400 * 3));
    assert.ok(Math.abs(std - 0.5) < 0.05, `noise std ${std}`);
    assert.deepEqual(Array.from(state), [1, -2, 3]);
  });

  it('rejects a non-positive count', () => {
    assert.throws(
      () => sampleStatesAlongTrajectories(population, 0, new Random(1)),
      /Invalid number of initial states 0/,
    );
  });
});

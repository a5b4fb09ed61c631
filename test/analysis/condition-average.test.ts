import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { averageByInterval, trajectoriesFromPsth } from '../../src/analysis/condition-average.js';

describe('condition averages', () => {
  it('averages trials aligned to set', () => {
    // Two 800 ms trials with set at steps 1 and 2, one 1500 ms trial; N = 1.
    const trials = [
      { intervalMs: 800, states: Float64Array.from([9, 1, 2, 3]), T: 4, setStep: 1 },
      { intervalMs: 800, states: Float64Array.from([9, 9, 3, 5, 7]), T: 5, setStep: 2 },
      { intervalMs: 1500, states: Float64Array.from([4, 5]), T: 2, setStep: 0 },
    ];
    const { conditions, N } = averageByInterval(trials, 1, 100);
    assert.equal(N, 1);
    assert.deepEqual(
      conditions.map((condition) => condition.label),
      ['800 ms', '1500 ms'],
    );
    assert.deepEqual(Array.from(conditions[0].states), [2, 3.5, 5]);
    assert.equal(conditions[0].T, 3);
    assert.deepEqual(Array.from(conditions[1].states), [4, 5]);
  });

  it('rejects a set step outside the trial', () => {
    const trial = { intervalMs: 800, states: new Float64Array(2), T: 2, setStep: 2 };
    assert.throws(() => averageByInterval([trial], 1, 100), /Invalid set step 2/);
  });

  it('resamples PSTH bins from set', () => {
    // One group, two units, bins centred at -0.05, 0.05, ..., 0.25 s (100 ms bins).
    const timeS = [-0.05, 0.05, 0.15, 0.25];
    const data = [0, 10, 20, 30, 1, 1, 1, 1];
    const { conditions, N } = trajectoriesFromPsth({ data, shape: [1, 2, 4] }, timeS, [
      { label: 'short', intervalMs: 200 },
    ]);
    assert.equal(N, 2);
    const [condition] = conditions;
    assert.ok(Math.abs(condition.dtMs - 100) < 1e-9);
    assert.equal(condition.T, 3);
    const unit0 = [0, 1, 2].map((k) => condition.states[k * 2]);
    unit0.forEach((value, k) => assert.ok(Math.abs(value - [5, 15, 25][k]) < 1e-9, `t = ${k}`));
    assert.ok(Math.abs(condition.states[1] - 1) < 1e-12);
  });

  it('rejects a PSTH window after set', () => {
    assert.throws(
      () =>
        trajectoriesFromPsth({ data: [1, 2], shape: [1, 1, 2] }, [0.1, 0.2], [
          { label: 'a', intervalMs: 100 },
        ]),
      /starts 100 ms after set/,
    );
  });
});

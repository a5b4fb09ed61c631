import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { fillGaussianNoise } from '../../src/engine/noise.js';
import { Random } from '../../src/engine/random.js';

describe('fillGaussianNoise', () => {
  it('draws standard normal values scaled by std', () => {
    const count = 200_000;
    const out = new Float64Array(count);
    fillGaussianNoise(new Random(1), out, 0, count, 2);
    let sum = 0;
    let sumSquares = 0;
    let withinOneStd = 0;
    for (const value of out) {
      sum += value;
      sumSquares += value * value;
      if (Math.abs(value) < 2) withinOneStd++;
    }
    const mean = sum / count;
    const variance = sumSquares / count - mean * mean;
    // Standard errors: 2 / sqrt(n) = 0.0045 for the mean, about 4 sqrt(2 / n) = 0.013 for the
    // variance and 0.001 for the fraction within one std (0.6827 for a normal distribution).
    assert.ok(Math.abs(mean) < 0.02, `mean ${mean}`);
    assert.ok(Math.abs(variance - 4) < 0.06, `variance ${variance}`);
    assert.ok(Math.abs(withinOneStd / count - 0.6827) < 0.005, `${withinOneStd / count}`);
  });

  it('fills odd counts at an offset and nothing else', () => {
    const out = new Float32Array(9);
    fillGaussianNoise(new Random(2), out, 2, 5, 1);
    assert.equal(out[0], 0);
    assert.equal(out[1], 0);
    for (let i = 2; i < 7; i++) assert.notEqual(out[i], 0, `out[${i}]`);
    assert.equal(out[7], 0);
    assert.equal(out[8], 0);
  });

  it('repeats for the same seed', () => {
    const a = new Float64Array(101);
    const b = new Float64Array(101);
    fillGaussianNoise(new Random(3), a, 0, 101, 1);
    fillGaussianNoise(new Random(3), b, 0, 101, 1);
    assert.deepEqual(a, b);
  });
});

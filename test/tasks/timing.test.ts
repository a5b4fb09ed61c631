import assert from 'node:assert/strict';
import { test } from 'node:test';

import fc from 'fast-check';

import { Random } from '../../src/engine/random.js';
import {
  choice,
  durationToSteps,
  parseDuration,
  roundDownToStep,
  sampleDurationMs,
  sampleDurationSteps,
  truncatedExponential,
  uniform,
} from '../../src/tasks/timing.js';

const dtArbitrary = fc.constantFrom(1, 10, 20, 50, 80, 100, 0.5, 33.3);

test('rounding matches floor division', () => {
  // NeuroGym 2.2 `core.py` rounds with `(t // dt) * dt`: 50 // 80 = 0, 1500 // 80 = 18.
  assert.equal(roundDownToStep(50, 80), 0);
  assert.equal(roundDownToStep(500, 80), 480);
  assert.equal(roundDownToStep(1500, 100), 1500);
  assert.equal(durationToSteps(1500, 80), 18);
  assert.equal(durationToSteps(0.3, 0.1), 2); // Python: 0.3 // 0.1 == 2.0
  fc.assert(
    fc.property(fc.double({ min: 0, max: 1e5, noNaN: true }), dtArbitrary, (ms, dtMs) => {
      const steps = durationToSteps(ms, dtMs);
      assert.ok(Number.isInteger(steps));
      assert.ok(steps * dtMs <= ms);
      assert.ok((steps + 1) * dtMs > ms);
    }),
  );
});

test('uniform draws stay in bounds', () => {
  fc.assert(
    fc.property(
      fc.double({ min: 0, max: 5000, noNaN: true }),
      fc.double({ min: 0, max: 5000, noNaN: true }),
      fc.integer(),
      dtArbitrary,
      (a, b, seed, dtMs) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        const random = new Random(seed);
        for (let i = 0; i < 20; i++) {
          const ms = sampleDurationMs(uniform(low, high), random);
          // Floating-point rounding of low + (high - low) * u can reach high itself.
          assert.ok(ms >= low, `${ms} below ${low}`);
          assert.ok(ms <= high, `${ms} above ${high}`);
          const steps = sampleDurationSteps(uniform(low, high), random, dtMs);
          assert.ok(steps * dtMs <= high);
          assert.ok((steps + 1) * dtMs > low);
        }
      },
    ),
  );
});

test('truncated exponential draws stay in bounds', () => {
  fc.assert(
    fc.property(
      fc.double({ min: 100, max: 2000, noNaN: true }),
      fc.double({ min: 0, max: 2, noNaN: true }),
      fc.double({ min: 0.05, max: 3, noNaN: true }),
      fc.integer(),
      (mean, minInMeans, widthInMeans, seed) => {
        // Bounds within a few means keep the rejection loop short.
        const random = new Random(seed);
        const min = minInMeans * mean;
        const max = min + widthInMeans * mean;
        for (let i = 0; i < 20; i++) {
          const ms = sampleDurationMs(truncatedExponential(mean, min, max), random);
          assert.ok(ms >= min, `${ms} below ${min}`);
          assert.ok(ms < max, `${ms} not below ${max}`);
        }
      },
    ),
  );
  // NeuroGym's TruncExp returns the maximum when min >= max.
  assert.equal(sampleDurationMs(truncatedExponential(100, 500, 400), new Random(1)), 400);
});

test('truncated exponential mean below the cap', () => {
  const random = new Random(4);
  let sum = 0;
  const n = 20000;
  for (let i = 0; i < n; i++) sum += sampleDurationMs(truncatedExponential(400, 100, 800), random);
  // An exponential of mean mu truncated to [a, b) has mean
  // a + mu - (b - a) / (e^((b - a) / mu) - 1), which is 500 - 700 / (e^1.75 - 1) = 352.8 ms for
  // OneTwoThreeGo's fixation TruncExp(400, 100, 800).
  const expectedMean = 100 + 400 - 700 / (Math.exp(700 / 400) - 1);
  assert.ok(Math.abs(sum / n - expectedMean) < 5, `mean ${sum / n}, expected ${expectedMean}`);
});

test('choice draws every value', () => {
  const values = [600, 700, 800, 900, 1000];
  const random = new Random(2);
  const seen = new Set<number>();
  for (let i = 0; i < 200; i++) seen.add(sampleDurationMs(choice(values), random));
  assert.deepEqual([...seen].sort((a, b) => a - b), values);
});

test('parseDuration reads every form', () => {
  assert.deepEqual(parseDuration(500, 'fixation'), { kind: 'fixed', ms: 500 });
  assert.deepEqual(parseDuration({ uniform: [1000, 3000] }, 'cue'), uniform(1000, 3000));
  assert.deepEqual(parseDuration({ choice: [1, 2] }, 'x'), choice([1, 2]));
  assert.deepEqual(
    parseDuration({ truncatedExponential: [400, 100, 800] }, 'x'),
    truncatedExponential(400, 100, 800),
  );
});

test('parseDuration rejects bad durations', () => {
  assert.throws(() => parseDuration(-1, 'cue'), /"cue".*negative/);
  assert.throws(() => parseDuration({ uniform: [3, 1] }, 'cue'), /"cue\.uniform"/);
  assert.throws(() => parseDuration({ uniform: [1] }, 'cue'), /list of 2 numbers/);
  assert.throws(() => parseDuration({ gamma: [1, 2] }, 'cue'), /unknown distribution "gamma"/);
  assert.throws(() => parseDuration({ choice: [1, -2] }, 'cue'), /"cue\.choice\[1\]"/);
  assert.throws(() => parseDuration('500', 'cue'), /"cue"/);
});

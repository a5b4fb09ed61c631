import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { kinet } from '../../src/analysis/kinet.js';
import { trajectoriesInComponents, trajectoryPca } from '../../src/analysis/pca.js';
import { temporalScalingIndex } from '../../src/analysis/scaling.js';
import { trajectorySpeed } from '../../src/analysis/speed.js';
import { syntheticPopulation } from './synthetic.js';

const intervalsMs = [800, 1100, 1500];
const timing = 'scaled';
const scaled = syntheticPopulation({ intervalsMs, units: 40, dtMs: 10, seed: 3, timing: 'scaled' });
const absolute = syntheticPopulation({
  intervalsMs,
  units: 40,
  dtMs: 10,
  seed: 3,
  timing: 'absolute',
});

describe('scaling index', () => {
  it('is near 1 for stretched responses', () => {
    const { units, summary } = temporalScalingIndex(scaled);
    assert.equal(units.length, 40);
    for (const unit of units) assert.ok(unit.scaled > 0.99, `unit ${unit.unit}: ${unit.scaled}`);
    assert.ok(summary.medianAbsolute < 0.8, `absolute median ${summary.medianAbsolute}`);
    assert.equal(summary.fractionScaledBetter, 1);
  });

  it('is low for responses on absolute time', () => {
    const { units, summary } = temporalScalingIndex(absolute);
    for (const unit of units) assert.ok(unit.absolute > 0.999, `unit ${unit.unit}`);
    assert.ok(summary.medianScaled < 0.8, `scaled median ${summary.medianScaled}`);
    assert.equal(summary.fractionScaledBetter, 0);
  });

  it('is undefined for a constant unit', () => {
    const flat = syntheticPopulation({ intervalsMs, units: 2, dtMs: 10, seed: 1, timing });
    for (const condition of flat.conditions) {
      for (let k = 0; k < condition.T; k++) condition.states[k * 2] = 0.3;
    }
    const { units, summary } = temporalScalingIndex(flat);
    assert.ok(Number.isNaN(units[0].scaled));
    assert.ok(units[1].scaled > 0.99);
    assert.equal(summary.units, 1);
  });

  it('rejects a condition sampled short of its interval', () => {
    const short = syntheticPopulation({ intervalsMs, units: 3, dtMs: 10, seed: 1, timing });
    short.conditions[0].intervalMs = 900;
    assert.throws(() => temporalScalingIndex(short), /short of its interval 900 ms/);
  });
});

describe('KiNeT', () => {
  it('recovers interval ratios for scaled responses', () => {
    const result = kinet(scaled);
    assert.equal(result.referenceLabel, '1100 ms');
    for (const condition of result.conditions) {
      const expected = 1100 / condition.intervalMs;
      const error = Math.abs(condition.relativeSpeed / expected - 1);
      assert.ok(error < 0.02, `${condition.label}: ${condition.relativeSpeed} vs ${expected}`);
    }
    // Scaled trajectories travel one path, so every distance to the reference is small.
    for (const condition of result.conditions) {
      assert.ok(Math.max(...condition.distances) < 0.05, condition.label);
    }
  });

  it('finds equal speeds for absolute timing', () => {
    const result = kinet(absolute);
    for (const condition of result.conditions) {
      assert.ok(Math.abs(condition.relativeSpeed - 1) < 0.02, `${condition.label}`);
    }
    // Past 800 ms the shortest trajectory has ended, so those matches are clamped.
    const shortest = result.conditions[0];
    const lastUsed = shortest.usedInFit.lastIndexOf(true);
    assert.ok(result.referenceTimesMs[lastUsed] <= 800);
  });

  it('works in principal-component space', () => {
    const pca = trajectoryPca(scaled, 5);
    const result = kinet(trajectoriesInComponents(scaled, pca, 5));
    const longest = result.conditions[2];
    assert.ok(Math.abs(longest.relativeSpeed / (1100 / 1500) - 1) < 0.02);
  });

  it('signs distances by side of the reference', () => {
    // Three parallel straight lines: the shortest condition lies below, the longest above.
    const N = 2;
    const conditions = [-1, 0, 1].map((offset, c) => {
      const T = 11;
      const states = new Float64Array(T * N);
      for (let k = 0; k < T; k++) {
        states[k * N] = k;
        states[k * N + 1] = offset;
      }
      return { label: `c${c}`, intervalMs: 100 * (c + 1), dtMs: 10, states, T };
    });
    const result = kinet({ conditions, N }, { cutAtInterval: false });
    assert.ok(result.conditions[0].signedDistances.every((d) => Math.abs(d + 1) < 1e-12));
    assert.ok(result.conditions[1].signedDistances.every((d) => d === 0));
    assert.ok(result.conditions[2].signedDistances.every((d) => Math.abs(d - 1) < 1e-12));
  });

  it('rejects an invalid reference index', () => {
    assert.throws(() => kinet(scaled, { referenceIndex: 3 }), /Invalid reference index 3/);
  });
});

describe('trajectory speed', () => {
  it('gives exponent B near 1 for scaled responses', () => {
    const result = trajectorySpeed(scaled);
    assert.equal(result.components, 3);
    assert.ok(Math.abs(result.B - 1) < 0.02, `B = ${result.B}`);
    assert.ok(result.rSquared > 0.999);
    const [fast, , slow] = result.conditions;
    assert.ok(fast.meanSpeedPerSecond > slow.meanSpeedPerSecond);
  });

  it('gives exponent B near 0 for absolute timing', () => {
    const result = trajectorySpeed(absolute);
    assert.ok(Math.abs(result.B) < 0.25, `B = ${result.B}`);
  });

  it('matches a hand-computed speed', () => {
    // A straight line at 2 units per 10 ms step is 200 units per second.
    const T = 6;
    const states = new Float64Array(T).map((_, k) => 2 * k);
    const line = { label: 'line', intervalMs: 50, dtMs: 10, states, T };
    const result = trajectorySpeed({ conditions: [line], N: 1 });
    assert.ok(Math.abs(result.conditions[0].meanSpeedPerSecond - 200) < 1e-9);
    assert.ok(Number.isNaN(result.B));
  });
});

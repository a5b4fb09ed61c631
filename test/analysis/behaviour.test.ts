import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  analyseIntervalSweep,
  analyseTimingBehaviour,
  targetStatistics,
} from '../../src/analysis/behaviour.js';
import type { TrialOutcome } from '../../src/analysis/types.js';

/**
 * Two trials per target at T +- d give a sample variance of 2 d^2, so choosing
 * d = sqrt((k T^2 + variance_0) / 2) builds data that the fit must recover exactly.
 */
function scalarOutcomes(targetsMs: number[], k: number, variance0: number): TrialOutcome[] {
  const outcomes: TrialOutcome[] = [];
  for (const targetMs of targetsMs) {
    const d = Math.sqrt((k * targetMs * targetMs + variance0) / 2);
    outcomes.push({ targetMs, producedMs: targetMs + d }, { targetMs, producedMs: targetMs - d });
  }
  return outcomes;
}

describe('timing behaviour', () => {
  it('computes mean, SD, Weber fraction and bias', () => {
    const outcomes: TrialOutcome[] = [
      { targetMs: 800, producedMs: 700 },
      { targetMs: 800, producedMs: 900 },
      { targetMs: 800, producedMs: 950 },
      { targetMs: 800, producedMs: null },
    ];
    const [target] = targetStatistics(outcomes);
    assert.equal(target.trials, 4);
    assert.equal(target.responses, 3);
    assert.equal(target.meanMs, 850);
    // Deviations -150, 50, 100: sum of squares 35000 over n - 1 = 2.
    assert.equal(target.varianceMs2, 17500);
    assert.ok(Math.abs(target.sdMs - Math.sqrt(17500)) < 1e-9);
    assert.ok(Math.abs(target.weberFraction - Math.sqrt(17500) / 850) < 1e-12);
    assert.equal(target.biasMs, 50);
  });

  it('recovers k and variance_0 of the scalar fit', () => {
    const behaviour = analyseTimingBehaviour(scalarOutcomes([600, 800, 1000, 1500], 0.01, 900));
    const fit = behaviour.scalarVariability;
    assert.ok(fit !== null);
    assert.ok(Math.abs(fit.k - 0.01) < 1e-12);
    assert.ok(Math.abs(fit.variance0Ms2 - 900) < 1e-6);
    assert.ok(Math.abs(fit.weberFraction - 0.1) < 1e-12);
    assert.ok(Math.abs(fit.rSquared - 1) < 1e-12);
    assert.equal(behaviour.missRate, 0);
    assert.ok(Math.abs(behaviour.meanBiasMs) < 1e-9);
  });

  it('splits RMSE into BIAS and VAR', () => {
    // Target 800: 700 and 900 (bias 0, variance 10000). Target 1000: 1100 and 1300 (bias 200,
    // variance 10000). BIAS^2 = 20000, VAR = 10000, and the mean squared error per target is
    // (10000 + 50000) / 2 = 30000.
    const behaviour = analyseTimingBehaviour([
      { targetMs: 800, producedMs: 700 },
      { targetMs: 800, producedMs: 900 },
      { targetMs: 1000, producedMs: 1100 },
      { targetMs: 1000, producedMs: 1300 },
    ]);
    const { rmseMs, biasMs, sdMs } = behaviour.errorDecomposition;
    assert.ok(Math.abs(biasMs - Math.sqrt(20000)) < 1e-9);
    assert.ok(Math.abs(sdMs - 100) < 1e-9);
    assert.ok(Math.abs(rmseMs - Math.sqrt(30000)) < 1e-9);
  });

  it('orders targets and counts misses', () => {
    const behaviour = analyseTimingBehaviour([
      { targetMs: 1500, producedMs: 1400 },
      { targetMs: 800, producedMs: null },
      { targetMs: 800, producedMs: 780 },
    ]);
    assert.deepEqual(
      behaviour.targets.map((target) => target.targetMs),
      [800, 1500],
    );
    assert.equal(behaviour.missRate, 1 / 3);
    assert.equal(behaviour.scalarVariability, null);
    assert.ok(Number.isNaN(behaviour.targets[0].sdMs));
  });

  it('rejects a non-finite target', () => {
    assert.throws(
      () => analyseTimingBehaviour([{ targetMs: Number.NaN, producedMs: 1 }]),
      /Invalid target interval NaN ms/,
    );
  });
});

describe('interval sweep', () => {
  it('fits produced against target', () => {
    // Produced = 0.5 target + 400 regresses every target halfway towards 800 ms.
    const outcomes: TrialOutcome[] = [];
    for (const targetMs of [600, 800, 1000, 1200, 1500]) {
      outcomes.push({ targetMs, producedMs: 0.5 * targetMs + 390 });
      outcomes.push({ targetMs, producedMs: 0.5 * targetMs + 410 });
    }
    const sweep = analyseIntervalSweep(outcomes, [800, 1500]);
    assert.deepEqual(
      sweep.targets.map((target) => target.trained),
      [false, true, false, false, true],
    );
    assert.ok(sweep.fit !== null);
    assert.ok(Math.abs(sweep.fit.slope - 0.5) < 1e-12);
    assert.ok(Math.abs(sweep.fit.intercept - 400) < 1e-9);
    assert.ok(sweep.untrainedFit !== null);
    assert.equal(sweep.untrainedFit.count, 3);
    assert.ok(Math.abs(sweep.untrainedFit.slope - 0.5) < 1e-12);
  });

  it('has no fit with one untrained target', () => {
    const sweep = analyseIntervalSweep(
      [
        { targetMs: 800, producedMs: 800 },
        { targetMs: 1000, producedMs: 990 },
      ],
      [800],
    );
    assert.ok(sweep.fit !== null);
    assert.equal(sweep.untrainedFit, null);
  });
});

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { Random } from '../../src/engine/random.js';
import { trialAlignedBatch } from '../../src/tasks/dataset.js';
import { evaluatePolicy } from '../../src/tasks/evaluation.js';
import { IntervalDiscrimination } from '../../src/tasks/interval-discrimination.js';
import { findPeriod, type Trial } from '../../src/tasks/trial.js';

// Expected numbers, derived from NeuroGym 2.2 `envs/native/intervaldiscrimination.py` at
// dt 80: fixation 300 -> 3 steps, stim1 and stim2 uniform(300, 600) -> 3 to 7 steps, delay1
// uniform(800, 1500) -> 10 to 18 steps, delay2 500 -> 6 steps, decision 300 -> 3 steps. The
// ground truth in decision is 1 when stim1 is longer and 2 otherwise.

function stepsOf(trial: Trial, name: string): number {
  const period = findPeriod(trial, name);
  return period.endStep - period.startStep;
}

test('IntervalDiscrimination periods at dt 80', () => {
  const task = new IntervalDiscrimination();
  const random = new Random(1);
  for (let i = 0; i < 50; i++) {
    const trial = task.newTrial(random);
    assert.equal(stepsOf(trial, 'fixation'), 3);
    for (const stim of ['stim1', 'stim2']) {
      assert.ok(stepsOf(trial, stim) >= 3 && stepsOf(trial, stim) <= 7);
    }
    assert.ok(stepsOf(trial, 'delay1') >= 10 && stepsOf(trial, 'delay1') <= 18);
    assert.equal(stepsOf(trial, 'delay2'), 6);
    assert.equal(stepsOf(trial, 'decision'), 3);
    const expected = stepsOf(trial, 'stim1') > stepsOf(trial, 'stim2') ? 1 : 2;
    const decision = findPeriod(trial, 'decision');
    for (let step = 0; step < trial.lengthSteps; step++) {
      assert.equal(trial.groundTruth[step], step >= decision.startStep ? expected : 0);
    }
  }
});

test('IntervalDiscrimination input channels', () => {
  const task = new IntervalDiscrimination();
  const trial = task.newTrial(new Random(2), { stim1Ms: 400, stim2Ms: 560 });
  const inside = (name: string, step: number) => {
    const period = findPeriod(trial, name);
    return step >= period.startStep && step < period.endStep;
  };
  for (let step = 0; step < trial.lengthSteps; step++) {
    const [fixation, stim1, stim2] = trial.inputs.subarray(step * 3, step * 3 + 3);
    assert.equal(fixation, inside('decision', step) ? 0 : 1);
    assert.equal(stim1, inside('stim1', step) ? 1 : 0);
    assert.equal(stim2, inside('stim2', step) ? 1 : 0);
  }
});

test('IntervalDiscrimination ties go to choice 2', () => {
  const task = new IntervalDiscrimination();
  // 350 and 380 ms both round down to 320 ms at dt 80.
  const trial = task.newTrial(new Random(3), { stim1Ms: 380, stim2Ms: 350 });
  assert.equal(trial.groundTruth[findPeriod(trial, 'decision').startStep], 2);
});

test('IntervalDiscrimination correct policy succeeds', () => {
  const task = new IntervalDiscrimination();
  const batch = trialAlignedBatch(task, { count: 60, seed: 4 });
  const compare = (trial: Trial, step: number) => {
    const decision = findPeriod(trial, 'decision');
    if (step < decision.startStep) return 0;
    return stepsOf(trial, 'stim1') > stepsOf(trial, 'stim2') ? 1 : 2;
  };
  const { summary } = evaluatePolicy(task, batch, compare);
  assert.equal(summary.successRate, 1);
  assert.equal(summary.meanReward, 1);
  assert.equal(summary.stepAccuracy, 1);
  assert.deepEqual(summary.producedIntervals, []);
});

test('IntervalDiscrimination trivial policies fail', () => {
  const task = new IntervalDiscrimination();
  const batch = trialAlignedBatch(task, { count: 200, seed: 5 });
  const fixate = evaluatePolicy(task, batch, () => 0).summary;
  assert.equal(fixate.successRate, 0);
  assert.equal(fixate.lastStepAccuracy, 0);
  const alwaysOne = evaluatePolicy(task, batch, () => 1);
  assert.ok(alwaysOne.summary.successRate < 0.6, `success ${alwaysOne.summary.successRate}`);
  // Choosing during fixation costs 0.1 on each of its 3 steps.
  for (const outcome of alwaysOne.outcomes) {
    assert.ok(Math.abs(outcome.reward - ((outcome.success ? 1 : 0) - 0.3)) < 1e-12);
  }
});

test('IntervalDiscrimination rejects invalid conditions', () => {
  const task = new IntervalDiscrimination();
  assert.throws(() => task.newTrial(new Random(1), { stim1Ms: 100 }), /"stim1Ms".*uniform/);
  assert.throws(
    () => new IntervalDiscrimination({ timing: { stim1: { uniform: [-1, 2] } } }),
    /"timing\.stim1\.uniform\[0\]".*negative/,
  );
});

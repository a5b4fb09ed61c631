import assert from 'node:assert/strict';
import { test } from 'node:test';

import { Random } from '../../src/engine/random.js';
import { trialAlignedBatch } from '../../src/tasks/dataset.js';
import { evaluatePolicy } from '../../src/tasks/evaluation.js';
import { OneTwoThreeGo } from '../../src/tasks/one-two-three-go.js';
import { findPeriod, type Trial } from '../../src/tasks/trial.js';

// Expected numbers, derived from NeuroGym 2.2 `envs/native/readysetgo.py` (class
// OneTwoThreeGo) at dt 80: fixation TruncExp(400, 100, 800) -> 1 to 9 steps, target
// TruncExp(1000, 500, 1500) -> 6 to 18 steps, s1, s2 and s3 100 -> 1 step each, the interval
// choice(600, 700, 800, 900, 1000) rounds to 560, 640, 800, 880 or 960 ms and fills interval1,
// interval2 and interval3, response 1000 -> 12 steps with ground truth 1.

function stepsOf(trial: Trial, name: string): number {
  const period = findPeriod(trial, name);
  return period.endStep - period.startStep;
}

test('OneTwoThreeGo periods at dt 80', () => {
  const task = new OneTwoThreeGo();
  const random = new Random(1);
  const intervals = new Set<number>();
  for (let i = 0; i < 100; i++) {
    const trial = task.newTrial(random);
    const intervalMs = trial.condition.intervalMs as number;
    intervals.add(intervalMs);
    assert.ok(stepsOf(trial, 'fixation') >= 1 && stepsOf(trial, 'fixation') <= 9);
    assert.ok(stepsOf(trial, 'target') >= 6 && stepsOf(trial, 'target') <= 18);
    for (const flash of ['s1', 's2', 's3']) assert.equal(stepsOf(trial, flash), 1);
    for (const interval of ['interval1', 'interval2', 'interval3']) {
      assert.equal(stepsOf(trial, interval) * 80, intervalMs);
    }
    assert.equal(stepsOf(trial, 'response'), 12);
    const response = findPeriod(trial, 'response');
    for (let step = 0; step < trial.lengthSteps; step++) {
      assert.equal(trial.groundTruth[step], step >= response.startStep ? 1 : 0);
    }
  }
  assert.deepEqual([...intervals].sort((a, b) => a - b), [560, 640, 800, 880, 960]);
});

test('OneTwoThreeGo input channels', () => {
  const task = new OneTwoThreeGo();
  const trial = task.newTrial(new Random(2), { intervalMs: 800 });
  const flashes = ['s1', 's2', 's3'].map((name) => findPeriod(trial, name).startStep);
  const fixationEnd = findPeriod(trial, 'fixation').endStep;
  for (let step = 0; step < trial.lengthSteps; step++) {
    const [fixation, stimulus, target] = trial.inputs.subarray(step * 3, step * 3 + 3);
    assert.equal(fixation, 1);
    assert.equal(stimulus, flashes.includes(step) ? 1 : 0, `stimulus at step ${step}`);
    assert.equal(target, step >= fixationEnd ? 1 : 0, `target at step ${step}`);
  }
});

test('OneTwoThreeGo ground truth succeeds', () => {
  const task = new OneTwoThreeGo();
  const batch = trialAlignedBatch(task, { count: 40, seed: 3 });
  const followGroundTruth = (trial: Trial, step: number) => trial.groundTruth[step] as number;
  const { summary, outcomes } = evaluatePolicy(task, batch, followGroundTruth);
  assert.equal(summary.successRate, 1);
  assert.equal(summary.meanReward, 1);
  for (const outcome of outcomes) assert.equal(outcome.producedMs, outcome.targetMs);
});

test('OneTwoThreeGo trivial policies fail', () => {
  const task = new OneTwoThreeGo();
  const batch = trialAlignedBatch(task, { count: 40, seed: 4 });
  const fixate = evaluatePolicy(task, batch, () => 0).summary;
  assert.equal(fixate.successRate, 0);
  assert.equal(fixate.lastStepAccuracy, 0);
  const alwaysGo = evaluatePolicy(task, batch, () => 1);
  assert.equal(alwaysGo.summary.successRate, 0);
  assert.ok(alwaysGo.summary.meanReward < -0.5, `mean reward ${alwaysGo.summary.meanReward}`);
  for (const outcome of alwaysGo.outcomes) assert.equal(outcome.producedMs, 0);
});

test('OneTwoThreeGo condition rounds to steps', () => {
  const task = new OneTwoThreeGo();
  const trial = task.newTrial(new Random(5), { intervalMs: 700 });
  assert.equal(trial.condition.intervalMs, 640);
  assert.throws(() => task.newTrial(new Random(5), { intervalMs: 650 }), /"intervalMs".*choice/);
});

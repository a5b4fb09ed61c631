import assert from 'node:assert/strict';
import { test } from 'node:test';

import { Random } from '../../src/engine/random.js';
import { trialAlignedBatch } from '../../src/tasks/dataset.js';
import { evaluatePolicy } from '../../src/tasks/evaluation.js';
import { PerceptualDecisionMaking } from '../../src/tasks/perceptual-decision-making.js';
import { findPeriod, type Trial } from '../../src/tasks/trial.js';

// Expected numbers, derived from NeuroGym 2.2 `envs/native/perceptualdecisionmaking.py` at
// dt 100: fixation 1 step, stimulus 20 steps, delay 0 steps, decision 1 step (22 in all).
// Stimulus channel i has mean cos(theta_i - theta_correct) * coherence / 200 + 0.5, so
// 0.5 +- 0.256 at coherence 51.2, and noise sigma / sqrt(dt) = 1 / sqrt(100) = 0.1.

/** Integrates the evidence over the stimulus and picks the channel with the larger sum. */
function integrator(trial: Trial, step: number): number {
  const decision = findPeriod(trial, 'decision');
  if (step < decision.startStep) return 0;
  const stimulus = findPeriod(trial, 'stimulus');
  let evidence = 0;
  for (let t = stimulus.startStep; t < stimulus.endStep; t++) {
    evidence += (trial.inputs[t * 3 + 1] as number) - (trial.inputs[t * 3 + 2] as number);
  }
  return evidence >= 0 ? 1 : 2;
}

test('PerceptualDecisionMaking periods at dt 100', () => {
  const task = new PerceptualDecisionMaking();
  const trial = task.newTrial(new Random(1), { coherence: 25.6, correctChoice: 2 });
  assert.equal(trial.lengthSteps, 22);
  assert.deepEqual(
    trial.periods.map((period) => [period.name, period.endStep - period.startStep]),
    [
      ['fixation', 1],
      ['stimulus', 20],
      ['delay', 0],
      ['decision', 1],
    ],
  );
  assert.equal(trial.groundTruth[21], 2);
  assert.equal([...trial.groundTruth.subarray(0, 21)].every((value) => value === 0), true);
  assert.deepEqual(Array.from(trial.inputs.subarray(0, 3)), [1, 0, 0]);
  assert.equal(trial.inputs[21 * 3], 0);
  assert.equal(trial.inputs[1 * 3], 0);
});

test('PerceptualDecisionMaking stimulus statistics', () => {
  const task = new PerceptualDecisionMaking();
  assert.equal(task.noiseStd, 0.1);
  const batch = trialAlignedBatch(task, {
    conditions: Array.from({ length: 200 }, () => ({ coherence: 51.2, correctChoice: 1 })),
    seed: 2,
  });
  const values = [[], [], []] as number[][];
  for (const trial of batch.trials) {
    for (let t = 1; t < 21; t++) {
      values[1]!.push(trial.inputs[t * 3 + 1] as number);
      values[2]!.push(trial.inputs[t * 3 + 2] as number);
    }
  }
  const mean = (xs: number[]) => xs.reduce((sum, x) => sum + x, 0) / xs.length;
  const std = (xs: number[]) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)));
  assert.ok(Math.abs(mean(values[1]!) - 0.756) < 0.005, `mean ${mean(values[1]!)}`);
  assert.ok(Math.abs(mean(values[2]!) - 0.244) < 0.005, `mean ${mean(values[2]!)}`);
  assert.ok(Math.abs(std(values[1]!) - 0.1) < 0.005, `std ${std(values[1]!)}`);
});

test('PerceptualDecisionMaking integrator succeeds at high coherence', () => {
  const task = new PerceptualDecisionMaking();
  const conditions = [];
  for (const coherence of [12.8, 25.6, 51.2]) {
    for (const correctChoice of [1, 2]) {
      for (let i = 0; i < 20; i++) conditions.push({ coherence, correctChoice });
    }
  }
  const batch = trialAlignedBatch(task, { conditions, seed: 3 });
  const { summary } = evaluatePolicy(task, batch, integrator);
  assert.ok(summary.successRate > 0.97, `success ${summary.successRate}`);
});

test('PerceptualDecisionMaking always-fixate fails', () => {
  const task = new PerceptualDecisionMaking();
  const batch = trialAlignedBatch(task, { count: 100, seed: 4 });
  const { summary } = evaluatePolicy(task, batch, () => 0);
  assert.equal(summary.successRate, 0);
  assert.equal(summary.lastStepAccuracy, 0);
  assert.ok(Math.abs(summary.stepAccuracy - 21 / 22) < 1e-12);
});

test('PerceptualDecisionMaking abort ends the trial', () => {
  const aborting = new PerceptualDecisionMaking({ abortOnFixationBreak: true });
  const trial = aborting.newTrial(new Random(5), { coherence: 0, correctChoice: 1 });
  const decisions = new Int32Array(trial.lengthSteps);
  decisions[0] = 1;
  decisions[21] = 1;
  const outcome = aborting.scoreTrial(trial, decisions);
  assert.equal(outcome.success, false);
  assert.equal(outcome.reward, -0.1);
  const lenient = new PerceptualDecisionMaking().scoreTrial(trial, decisions);
  assert.equal(lenient.success, true);
  assert.ok(Math.abs(lenient.reward - 0.9) < 1e-12);
});

test('PerceptualDecisionMaking ring of three', () => {
  const task = new PerceptualDecisionMaking({ dimRing: 3 });
  assert.deepEqual(task.inputNames, ['fixation', 'stimulus1', 'stimulus2', 'stimulus3']);
  assert.deepEqual(task.outputNames, ['fixate', 'choice1', 'choice2', 'choice3']);
  const trial = task.newTrial(new Random(6), { correctChoice: 3 });
  assert.equal(trial.inputSize, 4);
  assert.equal(trial.groundTruth[21], 3);
});

test('PerceptualDecisionMaking rejects invalid options', () => {
  assert.throws(() => new PerceptualDecisionMaking({ dimRing: 1 }), /"dimRing"/);
  assert.throws(() => new PerceptualDecisionMaking({ sigma: -1 }), /"sigma"/);
  const task = new PerceptualDecisionMaking();
  assert.throws(() => task.newTrial(new Random(1), { coherence: 10 }), /"coherence".*6\.4/);
  assert.throws(() => task.newTrial(new Random(1), { correctChoice: 3 }), /"correctChoice"/);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { Random } from '../../src/engine/random.js';
import { trialAlignedBatch } from '../../src/tasks/dataset.js';
import { evaluatePolicy } from '../../src/tasks/evaluation.js';
import { MotorTiming } from '../../src/tasks/motor-timing.js';
import { findPeriod, type Trial } from '../../src/tasks/trial.js';

// Expected numbers, derived from NeuroGym 2.2 `envs/native/readysetgo.py` (class MotorTiming)
// and `core.py` (`sample_time` rounds a drawn duration t to `(t // dt) * dt`; a period spans
// steps `int(start / dt)` to `int((start + duration) / dt)`):
//   dt 80:  fixation 500 -> 6 steps; set 50 -> 0 steps; cue uniform(1000, 3000) -> 12 to 37
//           steps; production 2 x 800 = 1600 -> 20 steps, 2 x 1500 = 3000 -> 37 steps;
//           ground-truth go at int(800 / 80) = 10 and int(1500 / 80) = 18.
//   dt 100: fixation 5 steps; set 0 steps; cue 10 to 29 steps; production 16 and 30 steps;
//           ground-truth go at 8 and 15.
// Stepping NeuroGym 2.2's own MotorTiming class through its ground truth gives the same period
// indices and rewards 1.0 (800 ms) and 0.7363 (1500 ms) at dt 80, 1.0 for both at dt 100.
const expected = {
  80: { fixation: 6, cue: [12, 37], production: { 800: 20, 1500: 37 }, go: { 800: 10, 1500: 18 } },
  100: { fixation: 5, cue: [10, 29], production: { 800: 16, 1500: 30 }, go: { 800: 8, 1500: 15 } },
} as const;

function stepsOf(trial: Trial, name: string): number {
  const period = findPeriod(trial, name);
  return period.endStep - period.startStep;
}

function input(trial: Trial, step: number): number[] {
  return Array.from(trial.inputs.subarray(step * 4, step * 4 + 4));
}

for (const dtMs of [80, 100] as const) {
  for (const neurogymCompatible of [false, true]) {
    test(`MotorTiming periods at dt ${dtMs}, compatible ${neurogymCompatible}`, () => {
      const task = new MotorTiming({ dtMs, neurogymCompatible });
      const random = new Random(3);
      for (let i = 0; i < 50; i++) {
        const trial = task.newTrial(random);
        const intervalMs = trial.condition.intervalMs as 800 | 1500;
        assert.equal(stepsOf(trial, 'fixation'), expected[dtMs].fixation);
        assert.ok(stepsOf(trial, 'cue') >= expected[dtMs].cue[0]);
        assert.ok(stepsOf(trial, 'cue') <= expected[dtMs].cue[1]);
        assert.equal(stepsOf(trial, 'set'), neurogymCompatible ? 0 : 1);
        assert.equal(stepsOf(trial, 'production'), expected[dtMs].production[intervalMs]);
        assert.equal(trial.lengthSteps, findPeriod(trial, 'production').endStep);
      }
    });
  }

  test(`MotorTiming ground truth at dt ${dtMs}`, () => {
    const task = new MotorTiming({ dtMs });
    for (const intervalMs of [800, 1500] as const) {
      const trial = task.newTrial(new Random(5), { intervalMs });
      const production = findPeriod(trial, 'production');
      const goSteps = [...trial.groundTruth.keys()].filter((step) => trial.groundTruth[step] === 1);
      assert.deepEqual(goSteps, [production.startStep + expected[dtMs].go[intervalMs]]);
      assert.equal([...trial.groundTruth].filter((value) => value !== 0 && value !== 1).length, 0);
      assert.ok([...trial.mask].every((value) => value === 1));
    }
  });

  test(`MotorTiming channel layout at dt ${dtMs}`, () => {
    const task = new MotorTiming({ dtMs });
    assert.deepEqual(task.inputNames, ['fixation', 'cue800ms', 'cue1500ms', 'set']);
    assert.deepEqual(task.outputNames, ['fixate', 'go']);
    for (const [intervalMs, cue] of [
      [800, [1, 0]],
      [1500, [0, 1]],
    ] as const) {
      const trial = task.newTrial(new Random(7), { intervalMs });
      const at = (name: string) => findPeriod(trial, name).startStep;
      assert.deepEqual(input(trial, at('fixation')), [1, 0, 0, 0]);
      assert.deepEqual(input(trial, at('cue')), [1, ...cue, 0]);
      assert.deepEqual(input(trial, at('set')), [1, ...cue, 1]);
      for (let step = at('production'); step < trial.lengthSteps; step++) {
        assert.deepEqual(input(trial, step), [0, 0, 0, 0]);
      }
    }
  });
}

test('MotorTiming compatible mode never shows set', () => {
  for (const dtMs of [80, 100]) {
    const task = new MotorTiming({ dtMs, neurogymCompatible: true });
    const trial = task.newTrial(new Random(11));
    let setTotal = 0;
    for (let step = 0; step < trial.lengthSteps; step++) {
      setTotal += input(trial, step)[3] as number;
    }
    assert.equal(setTotal, 0);
    assert.equal(findPeriod(trial, 'production').startStep, findPeriod(trial, 'cue').endStep);
  }
});

test('MotorTiming set shows at dt 50 in both modes', () => {
  for (const neurogymCompatible of [false, true]) {
    const task = new MotorTiming({ dtMs: 50, neurogymCompatible });
    const trial = task.newTrial(new Random(1));
    assert.equal(stepsOf(trial, 'set'), 1);
    assert.equal(input(trial, findPeriod(trial, 'set').startStep)[3], 1);
  }
});

/** Goes once, at the production step nearest the target interval. */
function goAtInterval(trial: Trial, step: number): number {
  const production = findPeriod(trial, 'production').startStep;
  const goStep = production + Math.round((trial.condition.intervalMs as number) / trial.dtMs);
  return step === goStep ? 1 : 0;
}

test('MotorTiming go at the interval succeeds', () => {
  for (const dtMs of [80, 100]) {
    const task = new MotorTiming({ dtMs });
    const batch = trialAlignedBatch(task, { count: 40, seed: 2 });
    const { summary, outcomes } = evaluatePolicy(task, batch, goAtInterval);
    assert.equal(summary.successRate, 1);
    assert.equal(outcomes.filter((outcome) => outcome.producedMs === null).length, 0);
    if (dtMs === 100) assert.equal(summary.meanReward, 1);
  }
});

test('MotorTiming ground truth earns 0.736 for 1500 at dt 80', () => {
  // At dt 80 the ground-truth go for 1500 ms is at 18 x 80 = 1440 ms: eps = 60 ms, threshold
  // 0.2 x 1500 + 25 = 325 ms, reward (1 - 60 / 325)^1.5 = 0.7363.
  const task = new MotorTiming();
  const batch = trialAlignedBatch(task, {
    conditions: [{ intervalMs: 800 }, { intervalMs: 1500 }],
    seed: 4,
  });
  const followGroundTruth = (trial: Trial, step: number) => trial.groundTruth[step] as number;
  const { outcomes } = evaluatePolicy(task, batch, followGroundTruth);
  assert.equal(outcomes[0]?.producedMs, 800);
  assert.equal(outcomes[0]?.reward, 1);
  assert.equal(outcomes[1]?.producedMs, 1440);
  assert.ok(Math.abs((outcomes[1]?.reward as number) - 0.7363) < 1e-4);
  assert.equal(outcomes[1]?.success, true);
});

test('MotorTiming always-fixate fails with high step accuracy', () => {
  for (const dtMs of [80, 100]) {
    const task = new MotorTiming({ dtMs });
    const batch = trialAlignedBatch(task, { count: 100, seed: 9 });
    const { summary } = evaluatePolicy(task, batch, () => 0);
    assert.equal(summary.successRate, 0);
    assert.equal(summary.meanReward, 0);
    assert.ok(summary.stepAccuracy > 0.95, `step accuracy ${summary.stepAccuracy}`);
    assert.equal(summary.lastStepAccuracy, 1);
    assert.deepEqual(summary.baselines.alwaysFixate, {
      successRate: summary.successRate,
      meanReward: summary.meanReward,
      lastStepAccuracy: summary.lastStepAccuracy,
      stepAccuracy: summary.stepAccuracy,
    });
  }
});

test('MotorTiming reward rule for fixation breaks', () => {
  const task = new MotorTiming({ dtMs: 100 });
  const trial = task.newTrial(new Random(1), { intervalMs: 800 });
  const fixation = findPeriod(trial, 'fixation');
  const cue = findPeriod(trial, 'cue');
  const goStep = findPeriod(trial, 'production').startStep + 8;
  const decisions = new Int32Array(trial.lengthSteps);
  decisions[fixation.startStep] = 1;
  decisions[fixation.startStep + 1] = 1;
  decisions[cue.startStep] = 1;
  decisions[goStep] = 1;
  decisions[goStep + 3] = 1;

  const outcome = task.scoreTrial(trial, decisions);
  assert.equal(outcome.success, true);
  assert.equal(outcome.producedMs, 800);
  assert.equal(outcome.responseStep, goStep);
  assert.ok(Math.abs(outcome.reward - 0.8) < 1e-12, `reward ${outcome.reward}`);
});

test('MotorTiming early go ends the trial as a failure', () => {
  const task = new MotorTiming({ dtMs: 100 });
  const trial = task.newTrial(new Random(1), { intervalMs: 1500 });
  const production = findPeriod(trial, 'production').startStep;
  const decisions = new Int32Array(trial.lengthSteps);
  decisions[production + 5] = 1;
  decisions[production + 15] = 1;
  const outcome = task.scoreTrial(trial, decisions);
  assert.equal(outcome.producedMs, 500);
  assert.equal(outcome.success, false);
  assert.equal(outcome.reward, 0);
});

test('MotorTiming reward edge of the margin', () => {
  // For 800 ms the threshold is 0.2 x 800 + 25 = 185 ms: at dt 100 a go 100 ms late is within
  // it (reward (1 - 100 / 185)^1.5 = 0.3114), a go 200 ms late is not.
  const task = new MotorTiming({ dtMs: 100 });
  const trial = task.newTrial(new Random(1), { intervalMs: 800 });
  const production = findPeriod(trial, 'production').startStep;
  const late = (steps: number) => {
    const decisions = new Int32Array(trial.lengthSteps);
    decisions[production + 8 + steps] = 1;
    return task.scoreTrial(trial, decisions);
  };
  assert.equal(late(1).success, true);
  assert.ok(Math.abs(late(1).reward - 0.3114) < 1e-4);
  assert.equal(late(2).success, false);
  assert.equal(late(2).reward, 0);
});

test('MotorTiming summary per target interval', () => {
  const task = new MotorTiming({ dtMs: 100 });
  const conditions = [800, 1500, 800, 1500, 800].map((intervalMs) => ({ intervalMs }));
  const batch = trialAlignedBatch(task, { conditions, seed: 1 });
  const { summary } = evaluatePolicy(task, batch, goAtInterval);
  assert.deepEqual(summary.producedIntervals, [
    { targetMs: 800, n: 3, producedCount: 3, meanMs: 800, stdMs: 0 },
    { targetMs: 1500, n: 2, producedCount: 2, meanMs: 1500, stdMs: 0 },
  ]);
});

test('MotorTiming rejects invalid options', () => {
  assert.throws(() => new MotorTiming({ dtMs: -80 }), /"dtMs"/);
  assert.throws(() => new MotorTiming({ timing: { cue: -1 } }), /"timing\.cue".*negative/);
  assert.throws(() => new MotorTiming({ timing: { delay: 100 } }), /"timing\.delay".*fixation/);
  assert.throws(
    () => new MotorTiming({ intervalMs: 800 } as never),
    /Unknown option "intervalMs".*intervalsMs/,
  );
  assert.throws(() => new MotorTiming({ intervalsMs: [50], dtMs: 80 }), /"intervalsMs"/);
  assert.throws(
    () => new MotorTiming().newTrial(new Random(1), { intervalMs: 1000 }),
    /"intervalMs".*one of 800, 1500/,
  );
  assert.throws(
    () => new MotorTiming().newTrial(new Random(1), { coherence: 1 }),
    /Unknown condition "coherence".*intervalMs/,
  );
});

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { Random } from '../../src/engine/random.js';
import { trialAlignedBatch } from '../../src/tasks/dataset.js';
import { evaluatePolicy } from '../../src/tasks/evaluation.js';
import { ReadySetGo } from '../../src/tasks/ready-set-go.js';
import { findPeriod, type Trial } from '../../src/tasks/trial.js';

// Expected numbers, derived from NeuroGym 2.2 `envs/native/readysetgo.py` (class ReadySetGo):
// at dt 80, fixation 100 -> 1 step, ready 83 -> 1 step starting with measure at the end of
// fixation, measure uniform(800, 1500) -> 10 to 18 steps, set 83 -> 1 step, production
// 2 x measure. At dt 100 ready and set round to 0 steps. The ground-truth go is at
// int(measure / dt) steps after production onset; NeuroGym times it from the start of set, so
// following it at dt 80 is 80 ms late: for measure 800, threshold 0.2 x 800 + 25 = 185 ms and
// reward (1 - 80 / 185)^1.5 = 0.4276.

function stepsOf(trial: Trial, name: string): number {
  const period = findPeriod(trial, name);
  return period.endStep - period.startStep;
}

const followGroundTruth = (trial: Trial, step: number) => trial.groundTruth[step] as number;

test('ReadySetGo periods at dt 80', () => {
  const task = new ReadySetGo();
  const random = new Random(1);
  for (let i = 0; i < 50; i++) {
    const trial = task.newTrial(random);
    const measureSteps = stepsOf(trial, 'measure');
    assert.equal(stepsOf(trial, 'fixation'), 1);
    assert.deepEqual(findPeriod(trial, 'ready'), { name: 'ready', startStep: 1, endStep: 2 });
    assert.equal(findPeriod(trial, 'measure').startStep, 1);
    assert.ok(measureSteps >= 10 && measureSteps <= 18, `measure ${measureSteps} steps`);
    assert.equal(trial.condition.measureMs, measureSteps * 80);
    assert.equal(stepsOf(trial, 'set'), 1);
    assert.equal(stepsOf(trial, 'production'), 2 * measureSteps);
    const goStep = findPeriod(trial, 'production').startStep + measureSteps;
    assert.equal(trial.groundTruth[goStep], 1);
    assert.equal([...trial.groundTruth].reduce((sum, value) => sum + value, 0), 1);
  }
});

test('ReadySetGo input channels', () => {
  const task = new ReadySetGo();
  const trial = task.newTrial(new Random(2), { measureMs: 800 });
  const production = findPeriod(trial, 'production').startStep;
  const set = findPeriod(trial, 'set').startStep;
  for (let step = 0; step < trial.lengthSteps; step++) {
    const [fixation, ready, setInput] = trial.inputs.subarray(step * 3, step * 3 + 3);
    assert.equal(fixation, step < production ? 1 : 0, `fixation at step ${step}`);
    assert.equal(ready, step === 1 ? 1 : 0, `ready at step ${step}`);
    assert.equal(setInput, step === set ? 1 : 0, `set at step ${step}`);
  }
});

test('ReadySetGo flashes vanish at dt 100 when compatible', () => {
  const compatible = new ReadySetGo({ dtMs: 100, neurogymCompatible: true });
  const trial = compatible.newTrial(new Random(3));
  assert.equal(stepsOf(trial, 'ready'), 0);
  assert.equal(stepsOf(trial, 'set'), 0);
  const rnnlab = new ReadySetGo({ dtMs: 100 }).newTrial(new Random(3));
  assert.equal(stepsOf(rnnlab, 'ready'), 1);
  assert.equal(stepsOf(rnnlab, 'set'), 1);
});

test('ReadySetGo ground truth is exact from set end', () => {
  const task = new ReadySetGo();
  const batch = trialAlignedBatch(task, { count: 40, seed: 4 });
  const { summary } = evaluatePolicy(task, batch, followGroundTruth);
  assert.equal(summary.successRate, 1);
  assert.equal(summary.meanReward, 1);
  assert.equal(summary.stepAccuracy, 1);
});

test('ReadySetGo compatible timing is one set late', () => {
  // Stepping NeuroGym 2.2's own ReadySetGo class through its ground truth at dt 80 with a
  // measured 1120 ms gives reward 0.5592: eps 80 ms, threshold 0.2 x 1120 + 25 = 249 ms.
  const task = new ReadySetGo({ neurogymCompatible: true });
  const conditions = [{ measureMs: 800 }, { measureMs: 1120 }];
  const batch = trialAlignedBatch(task, { conditions, seed: 5 });
  const { outcomes } = evaluatePolicy(task, batch, followGroundTruth);
  assert.equal(outcomes[0]?.producedMs, 880);
  assert.equal(outcomes[0]?.success, true);
  assert.ok(Math.abs((outcomes[0]?.reward as number) - 0.4276) < 1e-4);
  assert.equal(outcomes[1]?.producedMs, 1200);
  assert.ok(Math.abs((outcomes[1]?.reward as number) - 0.5592) < 1e-4);
});

test('ReadySetGo gain scales the target', () => {
  const task = new ReadySetGo({ gain: 1.5 });
  const trial = task.newTrial(new Random(6), { measureMs: 800 });
  assert.equal(stepsOf(trial, 'production'), 30);
  const goStep = findPeriod(trial, 'production').startStep + 15;
  assert.equal(trial.groundTruth[goStep], 1);
  const decisions = new Int32Array(trial.lengthSteps);
  decisions[goStep] = 1;
  const outcome = task.scoreTrial(trial, decisions);
  assert.equal(outcome.targetMs, 1200);
  assert.equal(outcome.producedMs, 1200);
  assert.equal(outcome.reward, 1);
});

test('ReadySetGo always-fixate fails', () => {
  const task = new ReadySetGo();
  const batch = trialAlignedBatch(task, { count: 50, seed: 7 });
  const { summary } = evaluatePolicy(task, batch, () => 0);
  assert.equal(summary.successRate, 0);
  assert.ok(summary.stepAccuracy > 0.95, `step accuracy ${summary.stepAccuracy}`);
  assert.equal(summary.lastStepAccuracy, 1);
});

test('ReadySetGo rejects invalid options', () => {
  assert.throws(() => new ReadySetGo({ gain: 0 }), /"gain"/);
  assert.throws(() => new ReadySetGo({ timing: { cue: 100 } }), /"timing\.cue".*measure/);
  assert.throws(
    () => new ReadySetGo().newTrial(new Random(1), { measureMs: 2000 }),
    /"measureMs".*uniform\(800, 1500\)/,
  );
});

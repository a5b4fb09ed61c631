import assert from 'node:assert/strict';
import { test } from 'node:test';

import { Random } from '../../src/engine/random.js';
import { CueSetGo } from '../../src/tasks/cue-set-go.js';
import { TaskDataset, trialAlignedBatch } from '../../src/tasks/dataset.js';
import { evaluateOutputs, evaluatePolicy } from '../../src/tasks/evaluation.js';
import { findPeriod, type Trial } from '../../src/tasks/trial.js';

// At dt 80 the ramp k * 80 / interval first reaches 1 at production step
// ceil(interval / 80): 10 (800 ms), 13 (1040 ms for 1000), 15 (1200 ms) and 19 (1520 ms for
// 1500). All lie within the margin 0.2 x interval + 25 ms.
const followTarget = (trial: Trial, step: number) => [trial.groundTruth[step] as number];

test('CueSetGo periods, inputs and target', () => {
  const task = new CueSetGo();
  assert.deepEqual(task.inputNames, ['context', 'set']);
  const trial = task.newTrial(new Random(1), { intervalMs: 1200 });
  const cue = findPeriod(trial, 'cue');
  const set = findPeriod(trial, 'set');
  const production = findPeriod(trial, 'production');
  assert.equal(findPeriod(trial, 'fixation').endStep, 6);
  assert.equal(set.endStep - set.startStep, 1);
  assert.equal(production.endStep - production.startStep, 30);
  for (let step = 0; step < trial.lengthSteps; step++) {
    const [context, setInput] = trial.inputs.subarray(step * 2, step * 2 + 2);
    assert.equal(context, step >= cue.startStep ? Math.fround(1.2) : 0, `context at ${step}`);
    assert.equal(setInput, step === set.startStep ? 1 : 0, `set at ${step}`);
    const elapsedSteps = step - production.startStep;
    const expected = elapsedSteps < 0 ? 0 : elapsedSteps / 15;
    assert.equal(trial.groundTruth[step], Math.fround(expected), `target at ${step}`);
    assert.equal(trial.mask[step], 1);
  }
});

test('CueSetGo following the ramp succeeds', () => {
  const task = new CueSetGo();
  const conditions = [800, 1000, 1200, 1500].map((intervalMs) => ({ intervalMs }));
  const batch = trialAlignedBatch(task, { conditions, seed: 2 });
  const { summary, outcomes } = evaluatePolicy(task, batch, followTarget);
  assert.equal(summary.successRate, 1);
  assert.deepEqual(
    outcomes.map((outcome) => outcome.producedMs),
    [800, 1040, 1200, 1520],
  );
  assert.equal(summary.stepAccuracy, 1);
});

test('CueSetGo zero output fails', () => {
  const task = new CueSetGo();
  const batch = trialAlignedBatch(task, { count: 30, seed: 3 });
  const outputs = new Float32Array(batch.seqLen * batch.batchSize);
  const { summary } = evaluateOutputs(task, batch, outputs);
  assert.equal(summary.successRate, 0);
  assert.equal(summary.lastStepAccuracy, 0);
  assert.deepEqual(summary.baselines.alwaysFixate.successRate, 0);
  for (const group of summary.producedIntervals) assert.equal(group.producedCount, 0);
});

test('CueSetGo hold option keeps the target at 1', () => {
  const task = new CueSetGo({ afterTarget: 'hold' });
  const trial = task.newTrial(new Random(1), { intervalMs: 800 });
  const production = findPeriod(trial, 'production');
  assert.equal(trial.groundTruth[production.endStep - 1], 1);
  assert.equal(trial.groundTruth[production.startStep + 5], Math.fround(0.5));
});

test('CueSetGo output held high fails early', () => {
  const task = new CueSetGo();
  const batch = trialAlignedBatch(task, { count: 10, seed: 4 });
  const { outcomes } = evaluatePolicy(task, batch, () => [1]);
  for (const outcome of outcomes) {
    assert.equal(outcome.success, false);
    assert.equal(outcome.producedMs, 0);
    assert.ok(outcome.reward < 0);
  }
});

test('CueSetGo threshold crossing decides', () => {
  const task = new CueSetGo({ threshold: 0.5 });
  const trial = task.newTrial(new Random(5), { intervalMs: 800 });
  const outcome = task.scoreTrial(
    trial,
    Array.from({ length: trial.lengthSteps }, (_, step) => task.targetDecision(trial, step)),
  );
  assert.equal(outcome.producedMs, 400);
  assert.equal(outcome.success, false);
  assert.equal(task.decide([0.49], 0), 0);
  assert.equal(task.decide([0.5], 0), 1);
});

test('CueSetGo masks after the target', () => {
  const task = new CueSetGo({ afterTarget: 'mask' });
  const trial = task.newTrial(new Random(6), { intervalMs: 800 });
  const production = findPeriod(trial, 'production').startStep;
  for (let step = 0; step < trial.lengthSteps; step++) {
    assert.equal(trial.mask[step], step > production + 10 ? 0 : 1, `mask at ${step}`);
  }
});

test('CueSetGo dataset is regression shaped', () => {
  const task = new CueSetGo();
  const batch = new TaskDataset(task, { batchSize: 3, seqLen: 40, seed: 7 }).next();
  assert.equal(batch.kind, 'regression');
  assert.equal(batch.outputSize, 1);
  assert.equal(batch.targets.length, 40 * 3);
  assert.equal(batch.inputs.length, 40 * 3 * 2);
});

test('CueSetGo rejects intervals outside its range', () => {
  const task = new CueSetGo();
  assert.throws(
    () => task.newTrial(new Random(1), { intervalMs: 1600 }),
    /"intervalMs".*from 800 to 1500/,
  );
  assert.throws(() => task.newTrial(new Random(1), { intervalMs: 700 }), /"intervalMs"/);
  const wide = new CueSetGo({ intervalRangeMs: [400, 2000] });
  assert.equal(wide.newTrial(new Random(1), { intervalMs: 1800 }).condition.intervalMs, 1800);
  assert.throws(
    () => new CueSetGo({ intervalsMs: [800, 2500], intervalRangeMs: [400, 2000] }),
    /"intervalsMs".*2500/,
  );
  assert.throws(() => new CueSetGo({ intervalRangeMs: [1500, 800] }), /"intervalRangeMs"/);
  assert.throws(() => new CueSetGo({ threshold: 1.5 }), /"threshold"/);
  assert.throws(
    () => new CueSetGo({ afterTarget: 'zero' } as never),
    /"afterTarget".*continue.*hold.*mask/,
  );
});

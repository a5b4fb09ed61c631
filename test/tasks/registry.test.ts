import assert from 'node:assert/strict';
import { test } from 'node:test';

import { Random } from '../../src/engine/random.js';
import { trialAlignedBatch } from '../../src/tasks/dataset.js';
import { evaluatePolicy } from '../../src/tasks/evaluation.js';
import { MotorTiming } from '../../src/tasks/motor-timing.js';
import { createTask, listTasks, taskNames } from '../../src/tasks/registry.js';

test('registry accepts both name forms', () => {
  const byName = createTask('MotorTiming', { dtMs: 100 });
  const byId = createTask('MotorTiming-v0', { dtMs: 100 });
  assert.ok(byName instanceof MotorTiming);
  assert.ok(byId instanceof MotorTiming);
  assert.equal(byId.dtMs, 100);
  assert.equal(createTask('PerceptualDecisionMaking-v0').dtMs, 100);
});

test('registry lists every task', () => {
  const names = taskNames();
  assert.deepEqual(names, [
    'MotorTiming',
    'CueSetGo',
    'ReadySetGo',
    'OneTwoThreeGo',
    'IntervalDiscrimination',
    'PerceptualDecisionMaking',
  ]);
  const metadata = listTasks();
  assert.equal(metadata.length, names.length);
  for (const entry of metadata) {
    assert.ok(entry.description.length > 20, entry.name);
    assert.match(entry.paperLink, /^https:\/\//);
    assert.ok(entry.paperName.length > 0);
    assert.ok(entry.tags.length > 0);
  }
  assert.equal(metadata.find((entry) => entry.name === 'CueSetGo')?.neurogymId, null);
});

test('registry rejects unknown names', () => {
  assert.throws(
    () => createTask('MotorTimming'),
    /Unknown task "MotorTimming"; allowed: MotorTiming \(MotorTiming-v0\), CueSetGo, /,
  );
  assert.throws(() => createTask('CueSetGo-v0'), /Unknown task "CueSetGo-v0"/);
});

test('registry validates options', () => {
  assert.throws(() => createTask('ReadySetGo', { gian: 2 }), /Unknown option "gian".*gain/);
  assert.throws(() => createTask('OneTwoThreeGo', { dtMs: 0 }), /"dtMs"/);
  assert.throws(() => createTask('MotorTiming', 'fast'), /must be an object/);
});

test('every task runs under the scorer', () => {
  for (const name of taskNames()) {
    const task = createTask(name);
    const trial = task.newTrial(new Random(1));
    assert.equal(trial.inputSize, task.inputNames.length, name);
    assert.equal(trial.outputSize, task.outputNames.length, name);
    assert.equal(trial.inputs.length, trial.lengthSteps * trial.inputSize, name);
    const batch = trialAlignedBatch(task, { count: 5, seed: 2 });
    const zeroOutput = new Array<number>(task.outputNames.length).fill(0);
    const zeros = () => (task.kind === 'classification' ? 0 : zeroOutput);
    const { summary } = evaluatePolicy(task, batch, zeros);
    assert.equal(summary.trials, 5, name);
    assert.equal(summary.successRate, 0, name);
  }
});

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { Random } from '../../src/engine/random.js';
import {
  findPeriod,
  inPeriod,
  periodDurationMs,
  TrialBuilder,
  type Trial,
} from '../../src/tasks/trial.js';

function build(): Trial {
  return new TrialBuilder('Example', 'classification', 80, ['fixation', 'cue'], 2)
    .addPeriod('fixation', 500)
    .addPeriod('cue', 50, { minSteps: 1 })
    .addPeriod('flash', 100, { after: 'fixation' })
    .addPeriod('response', 250)
    .setInput('fixation', 1, ['fixation', 'cue'])
    .addInput('cue', 0.5, 'cue')
    .addInput('cue', 0.25, ['cue', 'flash'])
    .setGroundTruth(1, 'response')
    .setMask(0, 'fixation')
    .build({ intervalMs: 800 });
}

test('builder places periods in steps', () => {
  const trial = build();
  // 500 // 80 = 6 steps; 50 // 80 = 0 steps, raised to 1; the flash starts after fixation and
  // overlaps cue; response 250 // 80 = 3 steps follows the flash, the last period added.
  assert.deepEqual(trial.periods, [
    { name: 'fixation', startStep: 0, endStep: 6 },
    { name: 'cue', startStep: 6, endStep: 7 },
    { name: 'flash', startStep: 6, endStep: 7 },
    { name: 'response', startStep: 7, endStep: 10 },
  ]);
  assert.equal(trial.lengthSteps, 10);
  assert.equal(periodDurationMs(trial, 'fixation'), 480);
  assert.equal(inPeriod(trial, 'response', 7), true);
  assert.equal(inPeriod(trial, 'response', 10), false);
  assert.deepEqual(trial.condition, { intervalMs: 800 });
});

test('builder writes inputs, ground truth and mask', () => {
  const trial = build();
  assert.equal(trial.inputs.length, 20);
  assert.deepEqual(Array.from(trial.inputs.subarray(0, 2)), [1, 0]);
  // The cue step gets 0.5 from the cue period and 0.25 twice, as cue and as flash.
  assert.deepEqual(Array.from(trial.inputs.subarray(12, 14)), [1, 1]);
  assert.deepEqual(Array.from(trial.groundTruth), [0, 0, 0, 0, 0, 0, 0, 1, 1, 1]);
  assert.deepEqual(Array.from(trial.mask), [0, 0, 0, 0, 0, 0, 1, 1, 1, 1]);
});

test('builder noise is seeded', () => {
  const noisy = (seed: number) =>
    new TrialBuilder('Example', 'classification', 10, ['stimulus'], 2)
      .addPeriod('stimulus', 100)
      .addInputNoise('stimulus', 0.1, new Random(seed))
      .build({}).inputs;
  assert.deepEqual(noisy(1), noisy(1));
  assert.notDeepEqual(noisy(1), noisy(2));
});

test('builder rejects misuse', () => {
  const builder = new TrialBuilder('Example', 'classification', 80, ['fixation'], 2).addPeriod(
    'fixation',
    500,
  );
  assert.throws(() => builder.addPeriod('fixation', 100), /already added/);
  assert.throws(() => builder.addPeriod('cue', 100, { after: 'ready' }), /"ready" has not/);
  assert.throws(() => builder.setInput('set', 1), /Unknown input channel "set"/);
  assert.throws(() => builder.setGroundTruthAt(6, 1), /Step 6 is outside/);
  assert.throws(() => builder.setTargetAt(0, 0, 1), /classification task, not regression/);
  builder.setInput('fixation', 1);
  assert.throws(() => builder.addPeriod('late', 100), /after the trial's arrays/);
  const trial = builder.build({});
  assert.throws(() => findPeriod(trial, 'cue'), /no period "cue"; periods: fixation/);
});

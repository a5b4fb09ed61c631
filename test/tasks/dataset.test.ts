import assert from 'node:assert/strict';
import { test } from 'node:test';

import fc from 'fast-check';

import {
  forkColumnRandoms,
  TaskDataset,
  trialAlignedBatch,
  type Batch,
} from '../../src/tasks/dataset.js';
import { MotorTiming } from '../../src/tasks/motor-timing.js';
import type { Task } from '../../src/tasks/task.js';

function assertSameBatch(a: Batch, b: Batch): void {
  assert.deepEqual(a.inputs, b.inputs);
  assert.deepEqual(a.targets, b.targets);
  assert.deepEqual(a.mask, b.mask);
}

/** Concatenates `steps` steps of column b's trial stream, regenerated from the seed. */
function columnStream(task: Task, seed: number, batchSize: number, b: number, steps: number) {
  const random = forkColumnRandoms(seed, batchSize)[b]!;
  const inputSize = task.inputNames.length;
  const inputs: number[] = [];
  const targets: number[] = [];
  while (targets.length < steps) {
    const trial = task.newTrial(random);
    inputs.push(...trial.inputs);
    targets.push(...trial.groundTruth);
  }
  return { inputs: inputs.slice(0, steps * inputSize), targets: targets.slice(0, steps) };
}

test('dataset batch shapes', () => {
  const task = new MotorTiming();
  const batch = new TaskDataset(task, { batchSize: 3, seqLen: 50, seed: 1 }).next();
  assert.equal(batch.seqLen, 50);
  assert.equal(batch.batchSize, 3);
  assert.equal(batch.inputSize, 4);
  assert.equal(batch.outputSize, 2);
  assert.equal(batch.kind, 'classification');
  assert.equal(batch.inputs.length, 50 * 3 * 4);
  assert.equal(batch.targets.length, 50 * 3);
  assert.equal(batch.mask.length, 50 * 3);
});

test('dataset same seed gives identical batches', () => {
  const task = new MotorTiming();
  const a = new TaskDataset(task, { batchSize: 4, seqLen: 60, seed: 12 });
  const b = new TaskDataset(task, { batchSize: 4, seqLen: 60, seed: 12 });
  for (let i = 0; i < 5; i++) assertSameBatch(a.next(), b.next());
  const seed12 = new TaskDataset(task, { batchSize: 4, seqLen: 60, seed: 12 }).next();
  const seed13 = new TaskDataset(task, { batchSize: 4, seqLen: 60, seed: 13 }).next();
  assert.notDeepEqual(seed13.inputs, seed12.inputs);
});

test('dataset windows reproduce the trial stream', () => {
  const task = new MotorTiming({ dtMs: 100 });
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 4 }),
      fc.integer({ min: 1, max: 120 }),
      fc.integer({ min: 1, max: 6 }),
      fc.integer({ min: 0, max: 2 ** 31 }),
      (batchSize, seqLen, windows, seed) => {
        const dataset = new TaskDataset(task, { batchSize, seqLen, seed });
        const batches = Array.from({ length: windows }, () => dataset.next());
        for (const batch of batches) {
          assert.equal(batch.inputs.length, seqLen * batchSize * 4);
          assert.equal(batch.targets.length, seqLen * batchSize);
          assert.equal(batch.mask.length, seqLen * batchSize);
        }
        for (let b = 0; b < batchSize; b++) {
          const stream = columnStream(task, seed, batchSize, b, seqLen * windows);
          const inputs: number[] = [];
          const targets: number[] = [];
          for (const batch of batches) {
            for (let t = 0; t < seqLen; t++) {
              const row = t * batchSize + b;
              inputs.push(...batch.inputs.subarray(row * 4, row * 4 + 4));
              targets.push(batch.targets[row]!);
              assert.equal(batch.mask[row], 1);
            }
          }
          assert.deepEqual(inputs, stream.inputs);
          assert.deepEqual(targets, stream.targets);
        }
      },
    ),
    { numRuns: 40 },
  );
});

test('dataset rejects invalid options', () => {
  const task = new MotorTiming();
  assert.throws(() => new TaskDataset(task, { batchSize: 0, seqLen: 10, seed: 1 }), /"batchSize"/);
  assert.throws(() => new TaskDataset(task, { batchSize: 2, seqLen: 1.5, seed: 1 }), /"seqLen"/);
  assert.throws(() => new TaskDataset(task, { batchSize: 2, seqLen: 10, seed: 0.5 }), /"seed"/);
});

test('trial-aligned batch pads with mask 0', () => {
  const task = new MotorTiming();
  const batch = trialAlignedBatch(task, { count: 8, seed: 3 });
  assert.equal(batch.trials.length, 8);
  assert.equal(batch.seqLen, Math.max(...batch.lengths));
  batch.trials.forEach((trial, b) => {
    assert.equal(batch.lengths[b], trial.lengthSteps);
    for (let t = 0; t < batch.seqLen; t++) {
      const row = t * batch.batchSize + b;
      if (t < trial.lengthSteps) {
        assert.equal(batch.mask[row], trial.mask[t]);
        assert.equal(batch.targets[row], trial.groundTruth[t]);
        assert.deepEqual(
          Array.from(batch.inputs.subarray(row * 4, row * 4 + 4)),
          Array.from(trial.inputs.subarray(t * 4, t * 4 + 4)),
        );
      } else {
        assert.equal(batch.mask[row], 0);
        assert.equal(batch.targets[row], 0);
        assert.ok(batch.inputs.subarray(row * 4, row * 4 + 4).every((value) => value === 0));
      }
    }
  });
});

test('trial-aligned batch honours conditions', () => {
  const task = new MotorTiming();
  const conditions = [{ intervalMs: 1500 }, { intervalMs: 800 }, { intervalMs: 1500 }];
  const batch = trialAlignedBatch(task, { conditions, seed: 5 });
  assert.deepEqual(
    batch.trials.map((trial) => trial.condition.intervalMs),
    [1500, 800, 1500],
  );
  const again = trialAlignedBatch(task, { conditions, seed: 5 });
  assertSameBatch(batch, again);
  const fromTrials = trialAlignedBatch(task, { trials: batch.trials });
  assertSameBatch(batch, fromTrials);
});

test('trial-aligned batch rejects bad requests', () => {
  const task = new MotorTiming();
  assert.throws(() => trialAlignedBatch(task, {}), /exactly one of/);
  assert.throws(
    () => trialAlignedBatch(task, { count: 2, conditions: [{}], seed: 1 }),
    /exactly one/,
  );
  assert.throws(() => trialAlignedBatch(task, { count: 2 }), /"seed"/);
  assert.throws(() => trialAlignedBatch(task, { count: 0, seed: 1 }), /"count"/);
  assert.throws(
    () => trialAlignedBatch(task, { conditions: [{ intervalMs: 900 }], seed: 1 }),
    /"intervalMs"/,
  );
});

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';

import { createReferenceKernels } from '../../src/engine/kernels/reference.js';
import { crossEntropyLoss } from '../../src/engine/loss.js';
import { RecurrentNetwork } from '../../src/engine/network.js';
import { Adam } from '../../src/engine/optim/adam.js';
import {
  checkSchedule,
  learningRateAt,
  type LearningRateSchedule,
} from '../../src/engine/optim/schedule.js';
import { train } from '../../src/engine/trainer.js';

interface ScheduleFixture {
  torchVersion: string;
  lr: number;
  steps: number;
  cases: { schedule: LearningRateSchedule; learningRates: number[] }[];
}

const fixture: ScheduleFixture = JSON.parse(
  readFileSync(new URL('../fixtures/pytorch-schedules/lr-schedules.json', import.meta.url), 'utf8'),
);

describe('learning-rate schedules', () => {
  for (const { schedule, learningRates } of fixture.cases) {
    it(`matches PyTorch ${fixture.torchVersion} for ${JSON.stringify(schedule)}`, () => {
      learningRates.forEach((expected, index) => {
        const actual = learningRateAt(schedule, fixture.lr, index + 1, fixture.steps);
        const error = Math.abs(actual - expected) / fixture.lr;
        assert.ok(error < 1e-12, `step ${index + 1}: ${actual} against PyTorch's ${expected}`);
      });
    });
  }

  it('keeps a constant rate by default', () => {
    assert.equal(learningRateAt({ name: 'constant' }, 0.01, 500, 1000), 0.01);
  });

  it('rejects invalid settings', () => {
    assert.throws(() => checkSchedule({ name: 'cosine', minLr: 0.1 }, 0.01), /lrSchedule\.minLr/);
    assert.throws(() => checkSchedule({ name: 'cosine', minLr: -1 }, 0.01), /lrSchedule\.minLr/);
    assert.throws(
      () => checkSchedule({ name: 'step', stepSize: 0, gamma: 0.5 }, 0.01),
      /lrSchedule\.stepSize: expected a positive integer, got 0/,
    );
    assert.throws(
      () => checkSchedule({ name: 'step', stepSize: 10, gamma: 2 }, 0.01),
      /lrSchedule\.gamma/,
    );
    const unknown = { name: 'exponential', gamma: 0.9 } as unknown as LearningRateSchedule;
    assert.throws(
      () => checkSchedule(unknown, 0.01),
      /lrSchedule\.name: expected 'constant', 'cosine' or 'step', got 'exponential'/,
    );
  });

  it('sets the optimizer rate of every training step', () => {
    const kernels = createReferenceKernels('float32');
    const network = new RecurrentNetwork(kernels, {
      cell: 'gru',
      inputSize: 1,
      hiddenSize: 3,
      outputSize: 2,
      seed: 5,
    });
    const optimizer = new Adam(network, { lr: fixture.lr });
    const schedule: LearningRateSchedule = { name: 'cosine', minLr: 0 };
    const seen: number[] = [];
    train({
      network,
      optimizer,
      steps: fixture.steps,
      loss: crossEntropyLoss,
      schedule,
      nextBatch: () => ({
        seqLen: 2,
        batchSize: 1,
        inputs: new Float32Array([1, -1]),
        targets: new Float32Array([0, 1]),
      }),
      onStep: (report) => seen.push(report.learningRate),
    });
    const expected = fixture.cases.find((c) => c.schedule.name === 'cosine')!.learningRates;
    seen.forEach((rate, index) => assert.ok(Math.abs(rate - expected[index]) < 1e-14));
    assert.equal(optimizer.learningRate, seen[seen.length - 1]);
  });
});

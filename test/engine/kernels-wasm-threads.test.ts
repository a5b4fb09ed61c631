import assert from 'node:assert/strict';
import { test } from 'node:test';

import { createKernels } from '../../src/engine/kernels/select.js';
import { crossEntropyLoss } from '../../src/engine/loss.js';
import { RecurrentNetwork } from '../../src/engine/network.js';
import { Random } from '../../src/engine/random.js';
import {
  randomBatch,
  sliceBatchColumns,
  TwoThreadTrainingStep,
} from '../../src/bench/scaling-threads.js';
import type { StepCase } from '../../src/bench/step-case.js';

// The two-thread step splits the batch by column over the main thread and a worker, each with
// its own WebAssembly kernels, and must reproduce the one-thread loss and gradients.

const SMALL_CASE: StepCase = {
  cell: 'lstm',
  batchSize: 5,
  sequenceLength: 7,
  inputSize: 3,
  hiddenSize: 6,
  outputSize: 2,
};

test('sliceBatchColumns keeps each column', () => {
  const batch = randomBatch(SMALL_CASE, new Random(3));
  const slice = sliceBatchColumns(batch, 2, 4);
  assert.equal(slice.batchSize, 2);
  assert.equal(slice.seqLen, SMALL_CASE.sequenceLength);
  const inputSize = SMALL_CASE.inputSize;
  for (let t = 0; t < SMALL_CASE.sequenceLength; t++) {
    for (let b = 0; b < 2; b++) {
      const row = t * SMALL_CASE.batchSize + 2 + b;
      assert.equal(slice.targets[t * 2 + b], batch.targets[row], `target t=${t} b=${b}`);
      for (let i = 0; i < inputSize; i++) {
        const expected = batch.inputs[row * inputSize + i];
        assert.equal(slice.inputs[(t * 2 + b) * inputSize + i], expected, `input t=${t} b=${b}`);
      }
    }
  }
  assert.throws(() => sliceBatchColumns(batch, 3, 3), RangeError);
  assert.throws(() => sliceBatchColumns(batch, 0, 6), RangeError);
});

for (const cell of ['rnn', 'lstm', 'gru'] as const) {
  test(`two-thread ${cell} step matches one thread`, async () => {
    const stepCase = { ...SMALL_CASE, cell };
    const batch = randomBatch(stepCase, new Random(4));
    const kernels = await createKernels({ dtype: 'float32', implementation: 'auto' });
    const network = new RecurrentNetwork(kernels, {
      cell,
      inputSize: stepCase.inputSize,
      hiddenSize: stepCase.hiddenSize,
      outputSize: stepCase.outputSize,
      seed: 0,
    });
    const twoThreads = await TwoThreadTrainingStep.create(stepCase, batch, 'auto');
    try {
      const expectedLoss = network.lossAndGradients(batch, crossEntropyLoss).loss;
      const loss = twoThreads.lossAndGradients();
      assert.ok(Math.abs(loss - expectedLoss) <= 1e-6 * expectedLoss, `loss ${loss}`);

      const one = network.parameterBlock;
      const two = twoThreads.network.parameterBlock;
      assert.equal(two.size, one.size);
      for (let i = 0; i < one.size; i++) {
        const expected = kernels.data[one.gradientOffset + i];
        const actual = twoThreads.network.kernels.data[two.gradientOffset + i];
        assert.ok(
          Math.abs(actual - expected) <= 1e-6 + 1e-5 * Math.abs(expected),
          `gradient ${i}: ${actual}, expected ${expected}`,
        );
      }

      // A second step starts from the parameters after the first update.
      const before = twoThreads.step();
      const after = twoThreads.step();
      assert.ok(Number.isFinite(before));
      assert.ok(after < before, `loss went from ${before} to ${after}`);
    } finally {
      await twoThreads.close();
    }
  });
}

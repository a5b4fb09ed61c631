import assert from 'node:assert/strict';
import { test } from 'node:test';

import { createKernels, RecurrentNetwork } from '../../src/engine/index.js';
import { forwardByColumns } from '../../src/experiment/evaluate.js';
import { createTask, trialAlignedBatch } from '../../src/tasks/index.js';

test('forward by columns matches one pass', async () => {
  const task = createTask('MotorTiming', { dtMs: 100 });
  const batch = trialAlignedBatch(task, { count: 37, seed: 5 });
  const kernels = await createKernels({ implementation: 'auto' });
  const network = new RecurrentNetwork(kernels, {
    cell: 'gru',
    inputSize: task.inputNames.length,
    hiddenSize: 6,
    outputSize: task.outputNames.length,
    trainInitialState: false,
    seed: 3,
  });
  const whole = network.forward(batch.inputs, batch.seqLen, batch.batchSize).outputs;
  // A budget of 5 columns splits the 37 trials into 8 passes, the last one of 2 columns.
  const split = forwardByColumns(network, batch, batch.seqLen * 6 * 5);
  assert.equal(split.length, whole.length);
  for (let i = 0; i < whole.length; i++) {
    assert.ok(Math.abs((split[i] as number) - (whole[i] as number)) <= 1e-6, `output ${i}`);
  }
});

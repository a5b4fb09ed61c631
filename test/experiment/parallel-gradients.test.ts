import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { createKernels } from '../../src/engine/kernels/select.js';
import {
  crossEntropyLoss,
  meanSquaredErrorLoss,
  type Loss,
  type LossName,
} from '../../src/engine/loss.js';
import type { NetworkConfig } from '../../src/engine/network-config.js';
import { RecurrentNetwork, type Batch } from '../../src/engine/network.js';
import { Random } from '../../src/engine/random.js';
import type { Penalties } from '../../src/engine/regularization.js';
import { parseExperiment, resolveModels } from '../../src/experiment/config.js';
import { ParallelGradients } from '../../src/experiment/parallel-gradients.js';
import { runTraining, type GradientThreadsFactory } from '../../src/experiment/training-run.js';

const SEQ_LEN = 7;
const BATCH = 5;

function makeBatch(loss: Loss, masked: boolean, seed = 4): Batch {
  const random = new Random(seed);
  const rows = SEQ_LEN * BATCH;
  const inputs = new Float32Array(rows * 3);
  random.fillUniform(inputs, -1, 1);
  const targets = new Float32Array(rows * loss.targetsPerStep(2));
  if (loss === crossEntropyLoss) targets.forEach((_, i) => (targets[i] = random.integer(2)));
  else random.fillUniform(targets, -1, 1);
  const mask = Float32Array.from({ length: rows }, (_, i) => (i % BATCH === 4 ? 0 : 0.5 + (i % 3)));
  return { seqLen: SEQ_LEN, batchSize: BATCH, inputs, targets, ...(masked ? { mask } : {}) };
}

async function makeNetwork(config: Partial<NetworkConfig>): Promise<RecurrentNetwork> {
  const kernels = await createKernels({ dtype: 'float32', implementation: 'auto' });
  return new RecurrentNetwork(kernels, {
    cell: 'lstm',
    inputSize: 3,
    hiddenSize: 6,
    outputSize: 2,
    seed: 0,
    ...config,
  });
}

/** Starts the threads of `network` for batches of SEQ_LEN x BATCH. */
function startThreads(
  network: RecurrentNetwork,
  lossName: LossName,
  threads = 2,
  penalties: Penalties = {},
): Promise<ParallelGradients> {
  return ParallelGradients.create(network, {
    threads,
    implementation: 'auto',
    lossName,
    penalties,
    seqLen: SEQ_LEN,
    batchSize: BATCH,
  });
}

function gradients(network: RecurrentNetwork): ArrayLike<number> {
  const block = network.parameterBlock;
  return network.kernels.data.slice(block.gradientOffset, block.gradientOffset + block.size);
}

describe('ParallelGradients', () => {
  const cases = [
    { cell: 'rnn', loss: crossEntropyLoss, masked: false, threads: 2 },
    { cell: 'lstm', loss: crossEntropyLoss, masked: true, threads: 3 },
    { cell: 'gru', loss: meanSquaredErrorLoss, masked: true, threads: 2 },
    { cell: 'leaky', loss: meanSquaredErrorLoss, masked: true, threads: 3 },
  ] as const;
  for (const { cell, loss, masked, threads } of cases) {
    it(`matches one thread (${cell}, ${loss.name}, ${threads} threads)`, async () => {
      const config: Partial<NetworkConfig> = {
        cell,
        trainInitialState: true,
        ...(cell === 'leaky' ? { leaky: { dtMs: 20, dale: true, connectionProbability: 0.5 } } : {}),
      };
      const penalties = { weightL2: 0.01, rateL2: 0.05 };
      const batch = makeBatch(loss, masked);
      const single = await makeNetwork(config);
      const expected = single.lossAndGradients(batch, loss, penalties);

      const network = await makeNetwork(config);
      const parallel = await startThreads(network, loss.name, threads, penalties);
      try {
        assert.equal(parallel.threads, threads);
        const actual = parallel.lossAndGradients(batch);
        assert.ok(Math.abs(actual.loss - expected.loss) <= 1e-6 * expected.loss, `${actual.loss}`);
        const dataLossError = Math.abs(actual.dataLoss - expected.dataLoss);
        assert.ok(dataLossError <= 1e-6 * expected.dataLoss, `data loss ${actual.dataLoss}`);
        assert.ok(Math.abs(actual.ratePenalty - expected.ratePenalty) <= 1e-6);
        assert.equal(actual.weightPenalty, expected.weightPenalty);
        const want = gradients(single);
        const got = gradients(network);
        for (let i = 0; i < want.length; i++) {
          const tolerance = 1e-6 + 1e-5 * Math.abs(want[i]);
          assert.ok(Math.abs(got[i] - want[i]) <= tolerance, `gradient ${i}: ${got[i]} vs ${want[i]}`);
        }
      } finally {
        await parallel.close();
      }
    });
  }

  it('reads the parameters of every step', async () => {
    const network = await makeNetwork({ cell: 'gru' });
    const single = await makeNetwork({ cell: 'gru' });
    const parallel = await startThreads(network, 'cross-entropy');
    try {
      const batch = makeBatch(crossEntropyLoss, false);
      // Change every parameter of both networks alike, as an optimizer step would.
      for (const target of [network, single]) {
        const block = target.parameterBlock;
        for (let i = 0; i < block.size; i++) target.kernels.data[block.offset + i] *= 0.5;
      }
      const expected = single.lossAndGradients(batch, crossEntropyLoss).loss;
      const actual = parallel.lossAndGradients(batch).loss;
      assert.ok(Math.abs(actual - expected) <= 1e-6 * expected, `${actual} vs ${expected}`);
    } finally {
      await parallel.close();
    }
  });

  it('takes batches with and without a mask', async () => {
    const network = await makeNetwork({ cell: 'lstm' });
    const single = await makeNetwork({ cell: 'lstm' });
    const parallel = await startThreads(network, 'mse');
    try {
      for (const masked of [true, false, true]) {
        const batch = makeBatch(meanSquaredErrorLoss, masked, masked ? 5 : 6);
        const expected = single.lossAndGradients(batch, meanSquaredErrorLoss).loss;
        const actual = parallel.lossAndGradients(batch).loss;
        assert.ok(Math.abs(actual - expected) <= 1e-6 * expected, `masked ${masked}: ${actual}`);
      }
    } finally {
      await parallel.close();
    }
  });

  it('names the position in the whole batch', async () => {
    const network = await makeNetwork({ cell: 'rnn' });
    const parallel = await startThreads(network, 'cross-entropy');
    try {
      const batch = makeBatch(crossEntropyLoss, false);
      // Column 4 belongs to the worker; a class index of 7 fits no output.
      batch.targets[4] = 7;
      assert.throws(
        () => parallel.lossAndGradients(batch),
        /^Error: targets: value at \(0, 4\) is 7, but cross-entropy needs class indices 0\.\.1/,
      );
      const nanInputs = makeBatch(crossEntropyLoss, false);
      nanInputs.inputs[3 * 4 + 1] = Number.NaN;
      assert.throws(() => parallel.lossAndGradients(nanInputs), /inputs.*\(0, 4, 1\)/);
      // The threads stay usable after the failure.
      const good = makeBatch(crossEntropyLoss, false);
      assert.ok(Number.isFinite(parallel.lossAndGradients(good).loss));
    } finally {
      await parallel.close();
    }
  });

  it('rejects batches of another shape', async () => {
    const network = await makeNetwork({ cell: 'rnn' });
    const parallel = await startThreads(network, 'cross-entropy');
    try {
      const batch = makeBatch(crossEntropyLoss, false);
      const shorter = { ...batch, seqLen: SEQ_LEN - 1 };
      assert.throws(() => parallel.lossAndGradients(shorter), /expected seqLen 7 and batch size 5/);
    } finally {
      await parallel.close();
    }
    assert.throws(
      () => parallel.lossAndGradients(makeBatch(crossEntropyLoss, false)),
      /the training threads were closed/,
    );
  });

  it('rejects thread counts outside 2 to the batch size', async () => {
    const network = await makeNetwork({ cell: 'rnn' });
    const options = {
      implementation: 'auto',
      lossName: 'cross-entropy',
      seqLen: SEQ_LEN,
      batchSize: BATCH,
    } as const;
    for (const threads of [1, 6, 2.5]) {
      await assert.rejects(
        ParallelGradients.create(network, { ...options, threads }),
        /threads: expected an integer from 2 to the batch size 5/,
      );
    }
  });
});

describe('runTraining on several threads', () => {
  const experiment = parseExperiment(
    {
      name: 'threads',
      task: { name: 'MotorTiming', dtMs: 100 },
      training: { steps: 12, batchSize: 4, seqLen: 30, evaluateEvery: 0, threads: 2 },
      evaluation: { trials: 8 },
      models: [{ name: 'leaky', cell: 'leaky', hiddenSize: 6, leaky: { noiseStd: 0.1 } }],
    },
    'test',
  );
  const [model] = resolveModels(experiment);
  const gradientThreads: GradientThreadsFactory = (network, options) =>
    ParallelGradients.create(network, options);

  it('trains reproducibly for a given thread count', async () => {
    const first = await runTraining(model!, { gradientThreads });
    const second = await runTraining(model!, { gradientThreads });
    const losses = (run: typeof first): number[] => run.record.lossCurve.map((row) => row.loss);
    assert.equal(first.record.lossCurve.length, 12);
    assert.deepEqual(losses(first), losses(second));
    assert.deepEqual(first.network.stateDict(), second.network.stateDict());
  });

  it('differs from one thread only as a different noise draw would', async () => {
    const threaded = await runTraining(model!, { gradientThreads });
    const oneThread = await runTraining({
      ...model!,
      training: { ...model!.training, threads: 1 },
    });
    // The first step has the same parameters and batch. Only the noise of the columns on the
    // second thread differs, so the losses are close but not equal.
    const threadedLoss = threaded.record.lossCurve[0]!.loss;
    const oneThreadLoss = oneThread.record.lossCurve[0]!.loss;
    assert.notEqual(threadedLoss, oneThreadLoss);
    assert.ok(Math.abs(threadedLoss - oneThreadLoss) < 0.05 * oneThreadLoss);
  });

  it('needs a way to start threads', async () => {
    await assert.rejects(
      runTraining(model!),
      /leaky: training\.threads is 2, but this environment offers no worker threads/,
    );
  });
});

describe('runTraining with batches too large for memory', () => {
  for (const threads of [1, 2]) {
    it(`names the settings to lower (${threads} threads)`, async () => {
      const experiment = parseExperiment(
        {
          name: 'large',
          task: { name: 'MotorTiming', dtMs: 100 },
          training: { steps: 1, batchSize: 4096, seqLen: 5000, evaluateEvery: 0, threads },
          evaluation: { trials: 1 },
          models: [{ name: 'large', cell: 'lstm', hiddenSize: 64 }],
        },
        'test',
      );
      const [model] = resolveModels(experiment);
      await assert.rejects(
        runTraining(model!, {
          gradientThreads: (network, options) => ParallelGradients.create(network, options),
        }),
        new RegExp(
          '^Error: large: batches of 4096 columns x 5000 steps do not fit: cannot allocate ' +
            '\\d+ bytes: WebAssembly memory is limited to 4 GiB\\. Lower training\\.batchSize ' +
            'or training\\.seqLen, or raise training\\.threads$',
        ),
      );
    });
  }
});

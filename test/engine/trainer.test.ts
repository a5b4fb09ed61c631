import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { CellKind } from '../../src/engine/cells/cell.js';
import { createReferenceKernels } from '../../src/engine/kernels/reference.js';
import { crossEntropyLoss, meanSquaredErrorLoss } from '../../src/engine/loss.js';
import { RecurrentNetwork, type Batch } from '../../src/engine/network.js';
import { Adam } from '../../src/engine/optim/adam.js';
import { Random } from '../../src/engine/random.js';
import { train } from '../../src/engine/trainer.js';

const SEQ_LEN = 8;
const BATCH = 4;

/**
 * Draws a batch of a memory task: report at every step the sign of the sequence's first input,
 * as class 0 (negative) or 1 (positive). Each step's batch comes from a seed of its own.
 */
function memoryBatch(step: number): Batch {
  const random = new Random(1000 + step);
  const inputs = new Float32Array(SEQ_LEN * BATCH * 2);
  const targets = new Float32Array(SEQ_LEN * BATCH);
  for (let b = 0; b < BATCH; b++) {
    const sign = random.uniform() < 0.5 ? -1 : 1;
    inputs[b * 2] = sign;
    for (let t = 0; t < SEQ_LEN; t++) {
      inputs[(t * BATCH + b) * 2 + 1] = random.normal() * 0.1;
      targets[t * BATCH + b] = sign > 0 ? 1 : 0;
    }
  }
  return { seqLen: SEQ_LEN, batchSize: BATCH, inputs, targets };
}

function trainOnce(cell: CellKind, steps: number, seed: number) {
  const kernels = createReferenceKernels('float32');
  const leaky = cell === 'leaky' ? { dtMs: 20, noiseStd: 0.1, dale: true } : undefined;
  const network = new RecurrentNetwork(kernels, {
    cell,
    inputSize: 2,
    hiddenSize: 8,
    outputSize: 2,
    seed,
    leaky,
  });
  const optimizer = new Adam(network, { lr: 0.02 });
  const { losses } = train({
    network,
    optimizer,
    nextBatch: memoryBatch,
    steps,
    loss: crossEntropyLoss,
    clipNorm: 1,
  });
  return { losses, state: network.stateDict() };
}

describe('train', () => {
  for (const cell of ['rnn', 'lstm', 'gru', 'leaky'] as const) {
    it(`lowers the loss of a memory task (${cell})`, () => {
      const { losses } = trainOnce(cell, 60, 1);
      const first = (losses[0] + losses[1] + losses[2]) / 3;
      const last = (losses[57] + losses[58] + losses[59]) / 3;
      assert.ok(last < 0.5 * first, `loss went from ${first} to ${last}`);
    });
  }

  it('reports every step', () => {
    const kernels = createReferenceKernels('float32');
    const network = new RecurrentNetwork(kernels, {
      cell: 'rnn',
      inputSize: 2,
      hiddenSize: 4,
      outputSize: 2,
      seed: 3,
    });
    const seen: number[] = [];
    const { losses } = train({
      network,
      optimizer: new Adam(network),
      nextBatch: memoryBatch,
      steps: 5,
      loss: crossEntropyLoss,
      onStep: (report) => {
        seen.push(report.step);
        assert.equal(report.loss, report.dataLoss);
        assert.ok(report.gradientNorm > 0);
      },
    });
    assert.deepEqual(seen, [1, 2, 3, 4, 5]);
    assert.equal(losses.length, 5);
  });

  it('stops with the step number when the loss is not finite', () => {
    const kernels = createReferenceKernels('float32');
    const network = new RecurrentNetwork(kernels, {
      cell: 'rnn-relu',
      inputSize: 2,
      hiddenSize: 4,
      outputSize: 2,
      seed: 3,
    });
    // With a learning rate of 1e20 the relu units grow without bound and overflow float32.
    const nextBatch = (step: number): Batch => {
      const batch = memoryBatch(step);
      return { ...batch, targets: new Float32Array(SEQ_LEN * BATCH * 2).fill(1) };
    };
    let lastReported = 0;
    assert.throws(
      () =>
        train({
          network,
          optimizer: new Adam(network, { lr: 1e20 }),
          nextBatch,
          steps: 50,
          loss: meanSquaredErrorLoss,
          onStep: (report) => {
            lastReported = report.step;
          },
        }),
      (error: Error) => {
        const pattern = /^Training diverged at step (\d+): (loss|gradient norm) is (NaN|Infinity)/;
        const match = pattern.exec(error.message);
        assert.ok(match, error.message);
        assert.equal(Number(match[1]), lastReported + 1);
        assert.ok(lastReported >= 1, 'the first step is finite');
        assert.match(error.message, /try a lower learning rate or gradient clipping/);
        return true;
      },
    );
  });
});

describe('determinism', () => {
  for (const cell of ['lstm', 'leaky'] as const) {
    it(`same seed gives bit-identical training (${cell})`, () => {
      const a = trainOnce(cell, 10, 7);
      const b = trainOnce(cell, 10, 7);
      assert.deepEqual(Array.from(a.losses), Array.from(b.losses));
      for (const name of Object.keys(a.state)) {
        assert.deepEqual(a.state[name].data, b.state[name].data, name);
      }
    });

    it(`another seed gives other weights (${cell})`, () => {
      const a = trainOnce(cell, 2, 7);
      const b = trainOnce(cell, 2, 8);
      assert.notDeepEqual(a.state['rnn.weight_hh_l0'].data, b.state['rnn.weight_hh_l0'].data);
    });
  }
});

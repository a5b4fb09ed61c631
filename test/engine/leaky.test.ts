import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { LeakyOptions } from '../../src/engine/cells/leaky-connectivity.js';
import { createReferenceKernels } from '../../src/engine/kernels/reference.js';
import { crossEntropyLoss } from '../../src/engine/loss.js';
import { RecurrentNetwork } from '../../src/engine/network.js';
import { Adam } from '../../src/engine/optim/adam.js';
import { Random } from '../../src/engine/random.js';

const HIDDEN = 10;

function makeLeaky(leaky: LeakyOptions, seed = 1, trainInitialState = false): RecurrentNetwork {
  return new RecurrentNetwork(createReferenceKernels('float64'), {
    cell: 'leaky',
    inputSize: 3,
    hiddenSize: HIDDEN,
    outputSize: 2,
    seed,
    trainInitialState,
    leaky,
  });
}

function randomInputs(seqLen: number, batch: number): Float32Array {
  const inputs = new Float32Array(seqLen * batch * 3);
  new Random(5).fillUniform(inputs, -1, 1);
  return inputs;
}

describe('leaky network structure', () => {
  it('saves the mask and Dale signs as buffers', () => {
    const network = makeLeaky({ dtMs: 10, dale: true });
    assert.deepEqual(Object.keys(network.stateDict()), [
      'rnn.weight_ih_l0',
      'rnn.weight_hh_l0',
      'rnn.bias_hh_l0',
      'rnn.mask',
      'rnn.dale_sign',
      'fc.weight',
      'fc.bias',
    ]);
    const signs = Array.from(network.stateDict()['rnn.dale_sign'].data);
    assert.deepEqual(signs, [1, 1, 1, 1, 1, 1, 1, 1, -1, -1]);
    assert.equal(network.parameters().length, 5, 'buffers are not parameters');
  });

  it('has no buffers with self-connections and no mask', () => {
    const network = makeLeaky({ dtMs: 10, selfConnections: true });
    assert.deepEqual(network.buffers(), []);
  });

  it('removes self-connections by default', () => {
    const network = makeLeaky({ dtMs: 10 });
    const mask = network.stateDict()['rnn.mask'].data;
    const weights = network.stateDict()['rnn.weight_hh_l0'].data;
    for (let i = 0; i < HIDDEN; i++) {
      assert.equal(mask[i * HIDDEN + i], 0, `mask[${i}, ${i}]`);
      assert.equal(weights[i * HIDDEN + i], 0, `W[${i}, ${i}]`);
    }
    assert.equal(mask.reduce((sum, value) => sum + value, 0), HIDDEN * HIDDEN - HIDDEN);
  });

  it('draws a connection mask from the seed', () => {
    const a = makeLeaky({ dtMs: 10, connectionProbability: 0.3 }, 4).stateDict()['rnn.mask'];
    const b = makeLeaky({ dtMs: 10, connectionProbability: 0.3 }, 4).stateDict()['rnn.mask'];
    const c = makeLeaky({ dtMs: 10, connectionProbability: 0.3 }, 5).stateDict()['rnn.mask'];
    assert.deepEqual(a.data, b.data);
    assert.notDeepEqual(a.data, c.data);
    const connected = a.data.reduce((sum, value) => sum + value, 0);
    // About 0.3 * 90 = 27 of the 90 off-diagonal connections are drawn.
    assert.ok(connected > 10, `${connected} connections`);
    assert.ok(connected < 50, `${connected} connections`);
  });

  it('uses a given mask', () => {
    const mask = new Float32Array(HIDDEN * HIDDEN);
    mask[3] = 1;
    mask[HIDDEN + 1] = 1;
    const network = makeLeaky({ dtMs: 10, mask });
    const saved = network.stateDict()['rnn.mask'].data;
    assert.equal(saved[3], 1);
    assert.equal(saved[HIDDEN + 1], 0, 'the diagonal stays zero without self-connections');
    assert.equal(saved.reduce((sum, value) => sum + value, 0), 1);
  });

  it('rejects invalid options', () => {
    assert.throws(() => makeLeaky({ dtMs: 200 }), /dt \/ tau = 200 \/ 100 = 2 exceeds 1/);
    assert.throws(() => makeLeaky({ dtMs: -1 }), /leaky\.dtMs: expected a positive number/);
    assert.throws(() => makeLeaky({ dtMs: 10, mask: [1, 0] }), /leaky\.mask: expected shape/);
    assert.throws(
      () => makeLeaky({ dtMs: 10, activation: 'sigmoid' as 'relu' }),
      /leaky\.activation: expected 'relu', 'tanh' or 'softplus'/,
    );
    assert.throws(() => makeLeaky({ dtMs: 10, connectionProbability: 0 }), /in \(0, 1\]/);
  });
});

describe('leaky network dynamics', () => {
  it('follows the Euler step with Dale signs', () => {
    const network = makeLeaky({ dtMs: 20, tauMs: 100, dale: true, activation: 'tanh' });
    const d = network.stateDict();
    const inputs = randomInputs(3, 1);
    const result = network.forward(inputs, 3, 1, { returnStates: true });
    const a = 0.2;
    let x = new Array<number>(HIDDEN).fill(0);
    let r = x.map(Math.tanh);
    for (let t = 0; t < 3; t++) {
      const next = x.map((xi, i) => {
        let p = d['rnn.bias_hh_l0'].data[i];
        for (let k = 0; k < 3; k++) p += d['rnn.weight_ih_l0'].data[i * 3 + k] * inputs[t * 3 + k];
        for (let j = 0; j < HIDDEN; j++) {
          const w = Math.abs(d['rnn.weight_hh_l0'].data[i * HIDDEN + j]);
          const effective = w * d['rnn.dale_sign'].data[j] * d['rnn.mask'].data[i * HIDDEN + j];
          p += effective * r[j];
        }
        return (1 - a) * xi + a * p;
      });
      x = next;
      r = x.map(Math.tanh);
      for (let i = 0; i < HIDDEN; i++) {
        assert.ok(Math.abs(result.state![t * HIDDEN + i] - x[i]) < 1e-6, `x[${t}, ${i}]`);
        assert.ok(Math.abs(result.hidden![t * HIDDEN + i] - r[i]) < 1e-6, `r[${t}, ${i}]`);
      }
    }
  });

  it('trains neither buffers nor masked-out weights', () => {
    const network = makeLeaky({ dtMs: 20, dale: true, connectionProbability: 0.5 }, 2);
    const before = network.stateDict();
    const optimizer = new Adam(network, { lr: 0.05 });
    const inputs = randomInputs(5, 2);
    const targets = new Float32Array(10).fill(1);
    for (let step = 0; step < 20; step++) {
      network.lossAndGradients({ seqLen: 5, batchSize: 2, inputs, targets }, crossEntropyLoss);
      optimizer.step();
    }
    const after = network.stateDict();
    assert.deepEqual(after['rnn.dale_sign'].data, before['rnn.dale_sign'].data);
    assert.deepEqual(after['rnn.mask'].data, before['rnn.mask'].data);
    assert.notDeepEqual(after['rnn.weight_hh_l0'].data, before['rnn.weight_hh_l0'].data);
    const mask = after['rnn.mask'].data;
    for (let i = 0; i < HIDDEN * HIDDEN; i++) {
      if (mask[i] === 0) assert.equal(after['rnn.weight_hh_l0'].data[i], 0, `W[${i}] is masked`);
    }
  });

  it('draws noise from the seed and switches it off on request', () => {
    const inputs = randomInputs(6, 2);
    const leaky = { dtMs: 20, noiseStd: 0.5 };
    const a = makeLeaky(leaky, 3);
    const b = makeLeaky(leaky, 3);
    const first = a.forward(inputs, 6, 2).outputs;
    assert.deepEqual(b.forward(inputs, 6, 2).outputs, first, 'same seed, same noise');
    const second = a.forward(inputs, 6, 2).outputs;
    assert.notDeepEqual(second, first, 'each forward pass draws new noise');
    assert.deepEqual(a.forward(inputs, 6, 2, { noise: 'reuse' }).outputs, second);
    const quiet = makeLeaky({ ...leaky, noiseStd: 0 }, 3).forward(inputs, 6, 2).outputs;
    assert.deepEqual(a.forward(inputs, 6, 2, { noise: 'off' }).outputs, quiet);
    assert.throws(() => a.forward(randomInputs(3, 2), 3, 2, { noise: 'reuse' }), /Cannot reuse/);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { createReferenceKernels } from '../../src/engine/kernels/reference.js';
import { crossEntropyLoss, meanSquaredErrorLoss } from '../../src/engine/loss.js';
import type { NetworkConfig } from '../../src/engine/network-config.js';
import { sliceBatchColumns } from '../../src/engine/batch-columns.js';
import { RecurrentNetwork, type Batch } from '../../src/engine/network.js';
import { Random } from '../../src/engine/random.js';

function makeNetwork(overrides: Partial<NetworkConfig> = {}): RecurrentNetwork {
  return new RecurrentNetwork(createReferenceKernels('float32'), {
    cell: 'lstm',
    inputSize: 4,
    hiddenSize: 6,
    outputSize: 2,
    seed: 1,
    ...overrides,
  });
}

function randomInputs(seqLen: number, batch: number, features: number, seed = 3): Float32Array {
  const inputs = new Float32Array(seqLen * batch * features);
  new Random(seed).fillUniform(inputs, -1, 1);
  return inputs;
}

function classBatch(seqLen: number, batchSize: number): Batch {
  const random = new Random(4);
  return {
    seqLen,
    batchSize,
    inputs: randomInputs(seqLen, batchSize, 4),
    targets: Float32Array.from({ length: seqLen * batchSize }, () => random.integer(2)),
  };
}

describe('network parameters', () => {
  it('names and shapes follow PyTorch', () => {
    const expected = {
      rnn: [[6, 4], [6, 6], [6], [6]],
      'rnn-relu': [[6, 4], [6, 6], [6], [6]],
      lstm: [[24, 4], [24, 6], [24], [24]],
      gru: [[18, 4], [18, 6], [18], [18]],
    } as const;
    for (const [cell, shapes] of Object.entries(expected)) {
      const network = makeNetwork({ cell: cell as NetworkConfig['cell'] });
      const names = network.parameters().map((tensor) => tensor.name);
      assert.deepEqual(names, [
        'rnn.weight_ih_l0',
        'rnn.weight_hh_l0',
        'rnn.bias_ih_l0',
        'rnn.bias_hh_l0',
        'fc.weight',
        'fc.bias',
      ]);
      const actual = network.parameters().map((tensor) => tensor.shape);
      assert.deepEqual(actual, [...shapes.map((shape) => [...shape]), [2, 6], [2]], cell);
    }
  });

  it('initial values are uniform within 1/sqrt(H)', () => {
    const network = makeNetwork({ hiddenSize: 16 });
    const dict = network.stateDict();
    for (const [name, tensor] of Object.entries(dict)) {
      const max = Math.max(...tensor.data.map(Math.abs));
      assert.ok(max <= 0.25, `${name}: max |value| ${max} exceeds 1/sqrt(16)`);
      if (tensor.data.length >= 64) {
        assert.ok(max > 0.2, `${name}: max |value| ${max} is too small for uniform(-0.25, 0.25)`);
      }
    }
  });

  it('trained initial states come last and start at zero', () => {
    const network = makeNetwork({ trainInitialState: true });
    const names = Object.keys(network.stateDict());
    assert.deepEqual(names.slice(-4), ['fc.weight', 'fc.bias', 'h0', 'c0']);
    assert.deepEqual(network.tensor('c0').shape, [1, 6]);
    assert.deepEqual(Array.from(network.stateDict().h0.data), new Array(6).fill(0));
  });

  it('parameter block holds every parameter', () => {
    const network = makeNetwork({ trainInitialState: true });
    const block = network.parameterBlock;
    for (const tensor of network.parameters()) {
      assert.ok(tensor.offset >= block.offset, tensor.name);
      assert.ok(tensor.offset + tensor.size <= block.offset + block.size, tensor.name);
      const relative = tensor.offset - block.offset;
      assert.equal(tensor.gradientOffset - block.gradientOffset, relative, tensor.name);
      assert.equal(relative % 4, 0, `${tensor.name} is aligned to 16 bytes`);
    }
  });
});

describe('network state dict', () => {
  it('round-trips between networks', () => {
    const source = makeNetwork({ seed: 5 });
    const target = makeNetwork({ seed: 6 });
    const inputs = randomInputs(3, 2, 4);
    assert.notDeepEqual(source.forward(inputs, 3, 2).outputs, target.forward(inputs, 3, 2).outputs);
    target.loadStateDict(source.stateDict());
    assert.deepEqual(target.forward(inputs, 3, 2).outputs, source.forward(inputs, 3, 2).outputs);
  });

  it('names missing, unexpected and mis-shaped tensors', () => {
    const network = makeNetwork();
    const dict = network.stateDict();
    const broken: Record<string, { shape: number[]; data: Float32Array }> = { ...dict };
    delete broken['rnn.bias_hh_l0'];
    broken['rnn.weight_ih_l1'] = { shape: [1], data: new Float32Array(1) };
    broken['fc.weight'] = { shape: [3, 6], data: new Float32Array(18) };
    assert.throws(() => network.loadStateDict(broken), (error: Error) => {
      assert.match(error.message, /missing rnn\.bias_hh_l0/);
      assert.match(error.message, /unexpected rnn\.weight_ih_l1/);
      assert.match(error.message, /fc\.weight: expected shape \(2, 6\), got \(3, 6\)/);
      return true;
    });
  });

  it('non-strict loading skips missing and unexpected names but not shapes', () => {
    const network = makeNetwork();
    const before = network.stateDict();
    const partial = {
      'fc.bias': { shape: [2], data: new Float32Array([1, 2]) },
      extra: before['fc.bias'],
    };
    network.loadStateDict(partial, { strict: false });
    assert.deepEqual(Array.from(network.stateDict()['fc.bias'].data), [1, 2]);
    assert.deepEqual(network.stateDict()['fc.weight'], before['fc.weight']);
    const misShaped = { 'fc.bias': { shape: [3], data: new Float32Array(3) } };
    assert.throws(
      () => network.loadStateDict(misShaped, { strict: false }),
      /expected shape \(2\)/,
    );
  });

  it('rejects non-finite values without writing anything', () => {
    const network = makeNetwork();
    const dict = network.stateDict();
    const before = dict['fc.bias'].data.slice();
    const bad = { ...dict, 'fc.bias': { shape: [2], data: new Float32Array([5, NaN]) } };
    assert.throws(() => network.loadStateDict(bad), /fc\.bias: value 1 is NaN/);
    assert.deepEqual(network.stateDict()['fc.bias'].data, before);
  });
});

describe('network forward', () => {
  it('returns outputs and states of the right sizes', () => {
    const network = makeNetwork();
    const result = network.forward(randomInputs(5, 3, 4), 5, 3, { returnStates: true });
    assert.equal(result.outputs.length, 5 * 3 * 2);
    assert.equal(result.hidden?.length, 5 * 3 * 6);
    assert.equal(result.cell?.length, 5 * 3 * 6);
    assert.equal(result.state, undefined);
  });

  it('matches a step-by-step computation for the tanh RNN', () => {
    const network = makeNetwork({ cell: 'rnn', hiddenSize: 3, inputSize: 2 });
    const d = network.stateDict();
    const inputs = randomInputs(4, 2, 2);
    const result = network.forward(inputs, 4, 2, { returnStates: true });
    const w = (name: string): Float32Array => d[name].data;
    for (let b = 0; b < 2; b++) {
      let h = [0, 0, 0];
      for (let t = 0; t < 4; t++) {
        const x = [inputs[(t * 2 + b) * 2], inputs[(t * 2 + b) * 2 + 1]];
        const next = [0, 1, 2].map((j) => {
          let pre = w('rnn.bias_ih_l0')[j] + w('rnn.bias_hh_l0')[j];
          for (let i = 0; i < 2; i++) pre += w('rnn.weight_ih_l0')[j * 2 + i] * x[i];
          for (let k = 0; k < 3; k++) pre += w('rnn.weight_hh_l0')[j * 3 + k] * h[k];
          return Math.tanh(pre);
        });
        h = next;
        for (let j = 0; j < 3; j++) {
          const actual = result.hidden![(t * 2 + b) * 3 + j];
          assert.ok(Math.abs(actual - h[j]) < 1e-6, `h[${t}, ${b}, ${j}]: ${actual} vs ${h[j]}`);
        }
        for (let o = 0; o < 2; o++) {
          let y = w('fc.bias')[o];
          for (let j = 0; j < 3; j++) y += w('fc.weight')[o * 3 + j] * h[j];
          const actual = result.outputs[(t * 2 + b) * 2 + o];
          assert.ok(Math.abs(actual - y) < 1e-6, `y[${t}, ${b}, ${o}]: ${actual} vs ${y}`);
        }
      }
    }
  });

  it('gives the same outputs after workspaces grow and shrink', () => {
    const network = makeNetwork({ cell: 'gru' });
    const small = randomInputs(3, 2, 4);
    const first = network.forward(small, 3, 2).outputs;
    network.forward(randomInputs(7, 5, 4), 7, 5);
    assert.deepEqual(network.forward(small, 3, 2).outputs, first);
  });

  it('keeps optimizer buffers intact when workspaces grow', () => {
    const network = makeNetwork({ cell: 'rnn' });
    network.forward(randomInputs(2, 2, 4), 2, 2);
    const kernels = network.kernels;
    const buffer = kernels.alloc(8);
    kernels.fill(8, buffer, 3);
    network.forward(randomInputs(20, 9, 4), 20, 9);
    assert.deepEqual(Array.from(kernels.data.subarray(buffer, buffer + 8)), new Array(8).fill(3));
  });

  it('is independent across batch columns', () => {
    const network = makeNetwork({ cell: 'lstm' });
    const inputs = randomInputs(4, 3, 4);
    const all = network.forward(inputs, 4, 3).outputs;
    // Column 1 alone: rows t * 3 + 1 of the full batch.
    const column = new Float32Array(4 * 4);
    for (let t = 0; t < 4; t++) {
      column.set(inputs.subarray((t * 3 + 1) * 4, (t * 3 + 2) * 4), t * 4);
    }
    const single = network.forward(column, 4, 1).outputs;
    for (let t = 0; t < 4; t++) {
      for (let o = 0; o < 2; o++) {
        const expected = all[(t * 3 + 1) * 2 + o];
        assert.ok(Math.abs(single[t * 2 + o] - expected) < 1e-6, `y[${t}, ${o}]`);
      }
    }
  });
});

describe('network validation', () => {
  it('rejects inputs of the wrong length', () => {
    const network = makeNetwork();
    assert.throws(
      () => network.forward(new Float32Array(6000), 100, 16),
      /^Error: inputs: expected shape \(100, 16, 4\) = 6400 values, got 6000$/,
    );
  });

  it('rejects NaN inputs, naming the index', () => {
    const network = makeNetwork();
    const inputs = randomInputs(3, 2, 4);
    inputs[(2 * 2 + 1) * 4 + 3] = NaN;
    assert.throws(() => network.forward(inputs, 3, 2), /inputs: value at \(2, 1, 3\) is NaN/);
  });

  it('rejects invalid sizes', () => {
    const network = makeNetwork();
    assert.throws(() => network.forward(new Float32Array(0), 0, 2), /seqLen: expected a positive/);
    assert.throws(() => network.forward(new Float32Array(4), 1, 1.5), /batchSize: expected/);
  });

  it('rejects invalid configurations', () => {
    assert.throws(() => makeNetwork({ cell: 'elman' as 'rnn' }), /cell: expected one of/);
    assert.throws(() => makeNetwork({ hiddenSize: 0 }), /hiddenSize: expected a positive integer/);
    assert.throws(() => makeNetwork({ seed: 0.5 }), /seed: expected an integer/);
    assert.throws(() => makeNetwork({ cell: 'leaky' }), /leaky\.dtMs/);
    assert.throws(() => makeNetwork({ cell: 'gru', leaky: { dtMs: 10 } }), /cell is 'gru'/);
  });

  it('rejects targets that do not fit the loss', () => {
    const network = makeNetwork();
    const batch = classBatch(3, 2);
    const short = { ...batch, targets: new Float32Array(5) };
    assert.throws(
      () => network.lossAndGradients(short, crossEntropyLoss),
      /targets: expected shape \(3, 2\) = 6 values, got 5/,
    );
    const badClass = { ...batch, targets: new Float32Array([0, 1, 2, 0, 1, 0]) };
    assert.throws(
      () => network.lossAndGradients(badClass, crossEntropyLoss),
      /targets: value at \(1, 0\) is 2, but cross-entropy needs class indices 0\.\.1/,
    );
    assert.throws(
      () => network.lossAndGradients(batch, meanSquaredErrorLoss),
      /targets: expected shape \(3, 2, 2\) = 12 values, got 6/,
    );
  });

  it('rejects masks that are negative, non-finite or all zero', () => {
    const network = makeNetwork();
    const batch = classBatch(3, 2);
    const withMask = (mask: number[]): Batch => ({ ...batch, mask: new Float32Array(mask) });
    assert.throws(
      () => network.lossAndGradients(withMask([1, 1, 1]), crossEntropyLoss),
      /mask: expected shape \(3, 2\) = 6 values, got 3/,
    );
    assert.throws(
      () => network.lossAndGradients(withMask([1, 1, -1, 1, 1, 1]), crossEntropyLoss),
      /mask: value at \(1, 0\) is -1/,
    );
    assert.throws(
      () => network.lossAndGradients(withMask([0, 0, 0, 0, 0, 0]), crossEntropyLoss),
      /mask: every weight is zero/,
    );
    assert.throws(
      () => network.lossAndGradients(withMask([1, Infinity, 0, 0, 0, 0]), crossEntropyLoss),
      /mask: value at \(0, 1\) is Infinity/,
    );
  });

  it('backward needs a forward pass and the right gradient shape', () => {
    const network = makeNetwork();
    assert.throws(() => network.backward(new Float32Array(4)), /run forward first/);
    network.forward(randomInputs(3, 2, 4), 3, 2);
    assert.throws(
      () => network.backward(new Float32Array(5)),
      /dOutputs: expected shape \(3, 2, 2\) = 12 values, got 5/,
    );
  });
});

describe('losses', () => {
  it('cross-entropy is the masked mean over steps', () => {
    const network = makeNetwork({ cell: 'rnn' });
    const batch = classBatch(3, 2);
    const outputs = network.forward(batch.inputs, 3, 2).outputs;
    const mask = new Float32Array([1, 0, 2, 0.5, 0, 1]);
    let weighted = 0;
    let plain = 0;
    for (let row = 0; row < 6; row++) {
      const a = outputs[row * 2];
      const b = outputs[row * 2 + 1];
      const max = Math.max(a, b);
      const lse = max + Math.log(Math.exp(a - max) + Math.exp(b - max));
      const ce = lse - outputs[row * 2 + batch.targets[row]];
      weighted += mask[row] * ce;
      plain += ce;
    }
    const masked = network.lossAndGradients({ ...batch, mask }, crossEntropyLoss);
    assert.ok(Math.abs(masked.loss - weighted / 4.5) < 1e-6, `${masked.loss} vs ${weighted / 4.5}`);
    const unmasked = network.lossAndGradients(batch, crossEntropyLoss);
    assert.ok(Math.abs(unmasked.loss - plain / 6) < 1e-6, `${unmasked.loss} vs ${plain / 6}`);
  });

  it('mean squared error divides by the mask sum times outputs', () => {
    const network = makeNetwork({ cell: 'gru' });
    const inputs = randomInputs(2, 2, 4);
    const targets = new Float32Array(8).fill(0.5);
    const outputs = network.forward(inputs, 2, 2).outputs;
    const mask = new Float32Array([1, 0, 3, 1]);
    let weighted = 0;
    let plain = 0;
    for (let i = 0; i < 8; i++) {
      const error = (outputs[i] - 0.5) ** 2;
      weighted += mask[Math.floor(i / 2)] * error;
      plain += error;
    }
    const batch = { seqLen: 2, batchSize: 2, inputs, targets };
    const masked = network.lossAndGradients({ ...batch, mask }, meanSquaredErrorLoss);
    assert.ok(Math.abs(masked.loss - weighted / (5 * 2)) < 1e-6);
    const unmasked = network.lossAndGradients(batch, meanSquaredErrorLoss);
    assert.ok(Math.abs(unmasked.loss - plain / 8) < 1e-6);
  });

  it('penalties are reported apart from the data loss', () => {
    const network = makeNetwork({ cell: 'rnn' });
    const batch = classBatch(3, 2);
    const plain = network.lossAndGradients(batch, crossEntropyLoss);
    const penalized = network.lossAndGradients(batch, crossEntropyLoss, {
      weightL2: 0.1,
      rateL2: 0.2,
    });
    assert.equal(penalized.dataLoss, plain.dataLoss);
    let sumSquares = 0;
    for (const name of ['rnn.weight_ih_l0', 'rnn.weight_hh_l0', 'fc.weight']) {
      for (const value of network.stateDict()[name].data) sumSquares += value * value;
    }
    assert.ok(Math.abs(penalized.weightPenalty - 0.1 * sumSquares) < 1e-6);
    const hidden = network.forward(batch.inputs, 3, 2, { returnStates: true }).hidden!;
    const meanSquare = hidden.reduce((sum, r) => sum + r * r, 0) / hidden.length;
    assert.ok(Math.abs(penalized.ratePenalty - 0.2 * meanSquare) < 1e-6);
    const total = penalized.dataLoss + penalized.weightPenalty + penalized.ratePenalty;
    assert.equal(penalized.loss, total);
    assert.throws(
      () => network.lossAndGradients(batch, crossEntropyLoss, { weightL2: -1 }),
      /weightL2: expected a non-negative number, got -1/,
    );
  });
});

describe('batch shares', () => {
  /** Returns a masked batch of class or regression targets whose column 0 has mask 0. */
  function maskedBatch(seqLen: number, batchSize: number, targetsPerStep: number): Batch {
    const random = new Random(9);
    const rows = seqLen * batchSize;
    const targets = new Float32Array(rows * targetsPerStep);
    if (targetsPerStep === 1) targets.forEach((_, i) => (targets[i] = random.integer(2)));
    else random.fillUniform(targets, -1, 1);
    const mask = Float32Array.from({ length: rows }, (_, i) =>
      i % batchSize === 0 ? 0 : random.uniform(),
    );
    return { seqLen, batchSize, inputs: randomInputs(seqLen, batchSize, 4, 11), targets, mask };
  }

  const cases = [
    { cell: 'rnn', loss: crossEntropyLoss },
    { cell: 'lstm', loss: meanSquaredErrorLoss },
    { cell: 'gru', loss: crossEntropyLoss },
    { cell: 'leaky', loss: meanSquaredErrorLoss },
  ] as const;
  for (const { cell, loss } of cases) {
    it(`parts add up to the whole batch (${cell}, ${loss.name})`, () => {
      const config: NetworkConfig = {
        cell,
        inputSize: 4,
        hiddenSize: 5,
        outputSize: 2,
        seed: 2,
        trainInitialState: true,
        ...(cell === 'leaky' ? { leaky: { dtMs: 20, dale: true, connectionProbability: 0.6 } } : {}),
      };
      const network = new RecurrentNetwork(createReferenceKernels('float64'), config);
      const penalties = { weightL2: 0.01, rateL2: 0.1 };
      const batch = maskedBatch(6, 5, loss.targetsPerStep(2));
      const whole = network.lossAndGradients(batch, loss, penalties);
      const wholeGradients = network.kernels.data.slice(
        network.parameterBlock.gradientOffset,
        network.parameterBlock.gradientOffset + network.parameterBlock.size,
      );

      const weightSum = batch.mask!.reduce((sum, value) => sum + value, 0);
      const rows = batch.seqLen * batch.batchSize;
      const summed = new Float64Array(network.parameterBlock.size);
      let partsLoss = 0;
      for (const [start, end, weightPenalty] of [
        [0, 1, true],
        [1, 3, false],
        [3, 5, false],
      ] as const) {
        const part = sliceBatchColumns(batch, start, end);
        const share = { weightSum, rows, weightPenalty };
        partsLoss += network.lossAndGradients(part, loss, penalties, 'sample', share).loss;
        const offset = network.parameterBlock.gradientOffset;
        for (let i = 0; i < summed.length; i++) summed[i] += network.kernels.data[offset + i];
      }
      assert.ok(Math.abs(partsLoss - whole.loss) < 1e-12, `${partsLoss} against ${whole.loss}`);
      for (let i = 0; i < summed.length; i++) {
        assert.ok(Math.abs(summed[i] - wholeGradients[i]) < 1e-12, `gradient ${i}`);
      }
    });
  }

  it('rejects shares that do not fit the part', () => {
    const network = makeNetwork({ cell: 'gru' });
    const batch = classBatch(3, 2);
    const share = { weightSum: 0, rows: 6, weightPenalty: true };
    assert.throws(
      () => network.lossAndGradients(batch, crossEntropyLoss, {}, 'sample', share),
      /share\.weightSum: expected a positive number, got 0/,
    );
    const tooFewRows = { weightSum: 6, rows: 5, weightPenalty: true };
    assert.throws(
      () => network.lossAndGradients(batch, crossEntropyLoss, {}, 'sample', tooFewRows),
      /share\.rows: expected an integer of at least this part's 6 rows, got 5/,
    );
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { CellMap } from '../../src/analysis/maps/cell-map.js';
import {
  cellMapFromNetwork,
  cellMapFromStateDict,
  type CellMapConfig,
} from '../../src/analysis/maps/from-state-dict.js';
import { createReferenceKernels } from '../../src/engine/kernels/reference.js';
import type { NetworkConfig } from '../../src/engine/network-config.js';
import { RecurrentNetwork } from '../../src/engine/network.js';
import { Random } from '../../src/engine/random.js';
import { effectiveRecurrentWeight } from '../../src/analysis/maps/leaky.js';
import { randomStateDict } from './random-network.js';

const H = 7;
const I = 3;

const configs: { name: string; config: CellMapConfig; dale?: boolean }[] = [
  { name: 'rnn', config: { cell: 'rnn' } },
  { name: 'rnn-relu', config: { cell: 'rnn-relu' } },
  { name: 'lstm', config: { cell: 'lstm' } },
  { name: 'gru', config: { cell: 'gru' } },
  { name: 'leaky tanh', config: { cell: 'leaky', alpha: 0.2, activation: 'tanh' } },
  {
    name: 'leaky relu Dale',
    config: { cell: 'leaky', alpha: 0.2, activation: 'relu' },
    dale: true,
  },
  { name: 'leaky softplus', config: { cell: 'leaky', alpha: 0.5, activation: 'softplus' } },
  { name: 'leaky sigmoid', config: { cell: 'leaky', alpha: 1, activation: 'sigmoid' } },
];

function randomVector(random: Random, length: number, scale = 1): Float64Array {
  const out = new Float64Array(length);
  random.fillNormal(out, 0, scale);
  return out;
}

/** Central finite differences of F, column by column. */
function finiteDifferenceJacobian(map: CellMap, x: Float64Array, u: Float64Array): Float64Array {
  const S = map.stateSize;
  const eps = 1e-6;
  const J = new Float64Array(S * S);
  const plus = new Float64Array(S);
  const minus = new Float64Array(S);
  for (let j = 0; j < S; j++) {
    const shifted = Float64Array.from(x);
    shifted[j] = x[j] + eps;
    map.step(shifted, u, plus);
    shifted[j] = x[j] - eps;
    map.step(shifted, u, minus);
    for (let i = 0; i < S; i++) J[i * S + j] = (plus[i] - minus[i]) / (2 * eps);
  }
  return J;
}

describe('cell maps', () => {
  for (const { name, config, dale } of configs) {
    it(`${name} Jacobian matches finite differences`, () => {
      const stateDict = randomStateDict(config.cell, H, I, 11, { scale: 3, dale });
      const map = cellMapFromStateDict(stateDict, config);
      const random = new Random(5);
      for (let trial = 0; trial < 3; trial++) {
        const x = randomVector(random, map.stateSize, 0.8);
        const u = randomVector(random, I);
        const J = new Float64Array(map.stateSize ** 2);
        map.jacobian(x, u, J);
        const numeric = finiteDifferenceJacobian(map, x, u);
        for (let k = 0; k < J.length; k++) {
          assert.ok(Math.abs(J[k] - numeric[k]) < 1e-6, `entry ${k}: ${J[k]} vs ${numeric[k]}`);
        }
      }
    });

    it(`${name} transpose product equals J^T v`, () => {
      const stateDict = randomStateDict(config.cell, H, I, 12, { scale: 3, dale });
      const map = cellMapFromStateDict(stateDict, config);
      const random = new Random(6);
      const S = map.stateSize;
      const x = randomVector(random, S, 0.8);
      const u = randomVector(random, I);
      const v = randomVector(random, S);
      const J = new Float64Array(S * S);
      map.jacobian(x, u, J);
      const product = new Float64Array(S);
      map.transposeProduct(x, u, v, product);
      for (let j = 0; j < S; j++) {
        let expected = 0;
        for (let i = 0; i < S; i++) expected += J[i * S + j] * v[i];
        assert.ok(Math.abs(product[j] - expected) < 1e-12, `entry ${j}`);
      }
    });
  }

  it('lstm state is [h; c]', () => {
    const map = cellMapFromStateDict(randomStateDict('lstm', H, I, 1), { cell: 'lstm' });
    assert.equal(map.stateSize, 2 * H);
    assert.equal(map.inputSize, I);
  });

  it('Dale weight takes sign from columns', () => {
    const stateDict = randomStateDict('leaky', 4, 1, 3, { dale: true });
    const weight = effectiveRecurrentWeight(stateDict, 4);
    const raw = stateDict['rnn.weight_hh_l0'].data;
    const sign = stateDict['rnn.dale_sign'].data;
    const mask = stateDict['rnn.mask'].data;
    for (let i = 0; i < 4; i++) {
      for (let j = 0; j < 4; j++) {
        const expected = Math.abs(raw[i * 4 + j]) * sign[j] * mask[i * 4 + j];
        assert.equal(weight[i * 4 + j], expected);
      }
    }
  });

  it('rejects a weight of the wrong shape', () => {
    const stateDict = randomStateDict('gru', H, I, 1);
    stateDict['rnn.bias_hh_l0'] = { shape: [H], data: new Float32Array(H) };
    assert.throws(
      () => cellMapFromStateDict(stateDict, { cell: 'gru' }),
      /'rnn.bias_hh_l0' has shape \[7\], expected \[21\]/,
    );
  });

  it('rejects a leaky map without a leak', () => {
    const stateDict = randomStateDict('leaky', H, I, 1);
    assert.throws(() => cellMapFromStateDict(stateDict, { cell: 'leaky' }), /Missing leak/);
  });
});

describe('cell maps against the engine', () => {
  const T = 6;
  const inputs = new Float32Array(T * I);
  new Random(21).fillUniform(inputs, -1, 1);

  const networks: { name: string; config: NetworkConfig }[] = [
    { name: 'rnn', config: { cell: 'rnn', inputSize: I, hiddenSize: H, outputSize: 2, seed: 1 } },
    {
      name: 'rnn-relu',
      config: { cell: 'rnn-relu', inputSize: I, hiddenSize: H, outputSize: 2, seed: 2 },
    },
    { name: 'lstm', config: { cell: 'lstm', inputSize: I, hiddenSize: H, outputSize: 2, seed: 3 } },
    { name: 'gru', config: { cell: 'gru', inputSize: I, hiddenSize: H, outputSize: 2, seed: 4 } },
    {
      name: 'leaky Dale',
      config: {
        cell: 'leaky',
        inputSize: I,
        hiddenSize: H,
        outputSize: 2,
        seed: 5,
        leaky: { dtMs: 20, tauMs: 100, activation: 'softplus', dale: true },
      },
    },
  ];

  for (const { name, config } of networks) {
    it(`${name} map repeats the engine's steps`, () => {
      const network = new RecurrentNetwork(createReferenceKernels('float64'), config);
      const result = network.forward(inputs, T, 1, { returnStates: true, noise: 'off' });
      const map = cellMapFromNetwork(network.stateDict(), config);
      const S = map.stateSize;

      // The engine returns h (and c), or the leaky network's x, for steps 1..T from zero.
      const stateAt = (t: number): Float64Array => {
        const state = new Float64Array(S);
        if (t < 0) return state;
        const main = config.cell === 'leaky' ? result.state! : result.hidden!;
        for (let k = 0; k < H; k++) state[k] = main[t * H + k];
        if (config.cell === 'lstm') {
          for (let k = 0; k < H; k++) state[H + k] = result.cell![t * H + k];
        }
        return state;
      };

      const next = new Float64Array(S);
      for (let t = 0; t < T; t++) {
        const u = Float64Array.from(inputs.subarray(t * I, (t + 1) * I));
        map.step(stateAt(t - 1), u, next);
        const expected = stateAt(t);
        for (let k = 0; k < S; k++) {
          assert.ok(Math.abs(next[k] - expected[k]) < 1e-5, `step ${t}, unit ${k}`);
        }
      }
    });
  }
});

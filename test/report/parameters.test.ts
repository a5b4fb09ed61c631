import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { LeakyConfig } from '../../src/experiment/config.js';
import {
  cellLayout,
  effectiveLeakyRecurrent,
  gateBlockNames,
} from '../../src/report/parameters.js';
import type { ReportParameter } from '../../src/report/types.js';

/** Returns a parameter whose entry at flat index k is `offset + k`, to trace each block's rows. */
function indexed(shape: number[], offset = 0): ReportParameter {
  const size = shape.reduce((a, b) => a * b, 1);
  return { shape, data: Float32Array.from({ length: size }, (_, k) => offset + k) };
}

function stackedDict(gates: number, H: number, I: number): Record<string, ReportParameter> {
  return {
    'rnn.weight_ih_l0': indexed([gates * H, I]),
    'rnn.weight_hh_l0': indexed([gates * H, H], 1000),
    'rnn.bias_ih_l0': indexed([gates * H], 2000),
    'rnn.bias_hh_l0': indexed([gates * H], 3000),
    'fc.weight': indexed([2, H], 4000),
    'fc.bias': indexed([2], 5000),
  };
}

describe('cellLayout', () => {
  it('splits an LSTM into i, f, g, o', () => {
    const H = 3;
    const layout = cellLayout('lstm', H, stackedDict(4, H, 2));
    assert.deepEqual(
      layout.gates.map((blocks) => blocks.gate.symbol),
      ['i', 'f', 'g', 'o'],
    );
    const forget = layout.gates[1];
    assert.equal(forget.recurrent.rowStart, H);
    assert.equal(forget.recurrent.rowEnd, 2 * H);
    // Row H of weight_hh_l0 (4H, H) starts at flat index H * H.
    const rows = [1009, 1010, 1011, 1012, 1013, 1014, 1015, 1016, 1017];
    assert.deepEqual([...forget.recurrent.data], rows);
    assert.deepEqual([...forget.input.data], [6, 7, 8, 9, 10, 11]);
    assert.deepEqual([...(forget.inputBias?.data ?? [])], [2003, 2004, 2005]);
    assert.deepEqual([...(forget.recurrentBias?.data ?? [])], [3003, 3004, 3005]);
  });

  it('reads the readout and the shapes', () => {
    const layout = cellLayout('gru', 2, stackedDict(3, 2, 4));
    assert.equal(layout.inputSize, 4);
    assert.deepEqual([...(layout.readoutWeight?.data ?? [])], [4000, 4001, 4002, 4003]);
    assert.deepEqual([...(layout.readoutBias?.data ?? [])], [5000, 5001]);
    assert.deepEqual(
      layout.parameters.map((p) => `${p.name} (${p.shape.join(', ')})`),
      [
        'rnn.weight_ih_l0 (6, 4)',
        'rnn.weight_hh_l0 (6, 2)',
        'rnn.bias_ih_l0 (6)',
        'rnn.bias_hh_l0 (6)',
        'fc.weight (2, 2)',
        'fc.bias (2)',
      ],
    );
  });

  it('rejects a recurrent weight of the wrong shape', () => {
    const dict = stackedDict(4, 3, 2);
    dict['rnn.weight_hh_l0'] = indexed([9, 3]);
    assert.throws(
      () => cellLayout('lstm', 3, dict),
      /rnn\.weight_hh_l0 has shape \(9, 3\), expected \(12, 3\)/,
    );
  });

  it('names the keys when a weight is missing', () => {
    const dict = stackedDict(1, 3, 2);
    delete dict['rnn.weight_hh_l0'];
    const message = /no weight_hh_l0 or W_rec parameter .*fc\.bias/;
    assert.throws(() => cellLayout('rnn', 3, dict), message);
  });

  it('uses the leaky cell buffers', () => {
    const H = 2;
    const dict: Record<string, ReportParameter> = {
      'rnn.weight_ih_l0': indexed([H, 1]),
      'rnn.weight_hh_l0': { shape: [H, H], data: Float32Array.from([0.5, -0.25, 0.75, 1]) },
      'rnn.bias_hh_l0': indexed([H]),
      'rnn.mask': { shape: [H, H], data: Float32Array.from([0, 1, 1, 0]) },
      'rnn.dale_sign': { shape: [H], data: Float32Array.from([1, -1]) },
    };
    const layout = cellLayout('leaky', H, dict, null);
    assert.deepEqual([...layout.gates[0].recurrent.data], [0, -0.25, 0.75, 0]);
    assert.equal(layout.gates[0].inputBias, null);
    assert.equal(layout.keys.mask, 'rnn.mask');
    assert.equal(layout.readoutWeight, null);
  });
});

describe('effectiveLeakyRecurrent', () => {
  const leaky: LeakyConfig = {
    tauMs: 100,
    activation: 'relu',
    noiseStd: 0,
    excitatoryFraction: 0.5,
    connectionProbability: 1,
    selfConnections: false,
  };

  it("applies Dale's law from the fraction", () => {
    // Half of 4 units excitatory: columns 0 and 1 positive, 2 and 3 negative.
    const weight = Float64Array.from({ length: 16 }, (_, k) => (k % 2 === 0 ? -1 : 1) * (k + 1));
    const effective = effectiveLeakyRecurrent(weight, 4, leaky, null);
    assert.deepEqual([...effective.subarray(4, 8)], [5, 0, -7, -8]);
    assert.equal(effective[0], 0);
    assert.equal(effective[15], 0);
  });

  it('keeps self-connections when allowed', () => {
    const weight = [1, 2, 3, 4];
    const effective = effectiveLeakyRecurrent(
      weight,
      2,
      { ...leaky, excitatoryFraction: null, selfConnections: true },
      null,
    );
    assert.deepEqual([...effective], [1, 2, 3, 4]);
  });
});

describe('gateBlockNames', () => {
  it('follows PyTorch names per cell', () => {
    assert.equal(gateBlockNames('lstm', { symbol: 'f', name: 'forget gate' }).recurrent, 'W_hf');
    assert.equal(gateBlockNames('gru', { symbol: 'n', name: 'new gate' }).inputBias, 'b_in');
    assert.equal(gateBlockNames('rnn', { symbol: 'h', name: 'hidden update' }).input, 'W_ih');
    assert.equal(gateBlockNames('leaky', { symbol: 'x', name: 'rate update' }).recurrent, 'W_rec');
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { createReferenceKernels } from '../../src/engine/kernels/reference.js';
import { crossEntropyLoss, meanSquaredErrorLoss, type Loss } from '../../src/engine/loss.js';
import type { NetworkConfig } from '../../src/engine/network-config.js';
import { RecurrentNetwork, type Batch } from '../../src/engine/network.js';
import { Random } from '../../src/engine/random.js';
import type { Penalties } from '../../src/engine/regularization.js';

const INPUT = 3;
const HIDDEN = 5;
const OUTPUT = 2;
const BATCH = 2;
const STEPS = 6;
// Five-point central differences, whose truncation error is O(h^4). With h = 3e-4 both it
// (about 1e-14 times the fifth derivative) and the rounding error (about 1e-16 / h = 3e-13)
// stay below 1e-6 of any gradient above TINY. Plain central differences with h = 1e-6 have
// rounding errors near 1e-10, which fail the 1e-6 relative test on gradients under 1e-4.
const H = 3e-4;
const TOLERANCE = 1e-6;
// Gradients below TINY count as zero: their relative error is measured against TINY.
const TINY = 1e-6;

/** Returns (-f(+2h) + 8 f(+h) - 8 f(-h) + f(-2h)) / 12h for f evaluated at `offset` + delta. */
function fivePointDerivative(
  data: Float64Array | Float32Array,
  offset: number,
  evaluate: () => number,
): number {
  const saved = data[offset];
  const at = (delta: number): number => {
    data[offset] = saved + delta;
    return evaluate();
  };
  const derivative = (-at(2 * H) + 8 * at(H) - 8 * at(-H) + at(-2 * H)) / (12 * H);
  data[offset] = saved;
  return derivative;
}

/** Builds a batch with random inputs, targets for `loss` and a mask with zeros and fractions. */
function makeBatch(loss: Loss, seed: number): Batch {
  const random = new Random(seed);
  const rows = STEPS * BATCH;
  const inputs = new Float32Array(rows * INPUT);
  random.fillUniform(inputs, -1, 1);
  const targets =
    loss === crossEntropyLoss
      ? Float32Array.from({ length: rows }, () => random.integer(OUTPUT))
      : Float32Array.from({ length: rows * OUTPUT }, () => random.uniformIn(-1, 1));
  const mask = Float32Array.from({ length: rows }, (_, i) => [0, 1, 0.5, 2][i % 4]);
  return { seqLen: STEPS, batchSize: BATCH, inputs, targets, mask };
}

/** Negates every third stored recurrent weight: Dale's law uses |W|, so d|W|/dW = -1 there. */
function negateSomeRecurrentWeights(network: RecurrentNetwork): void {
  const weight = network.tensor('rnn.weight_hh_l0');
  const data = network.kernels.data;
  for (let i = 0; i < weight.size; i += 3) data[weight.offset + i] = -data[weight.offset + i];
}

/**
 * Compares every parameter gradient of `lossAndGradients` with finite differences, in
 * float64, and returns the largest relative error.
 */
function checkNetworkGradients(
  config: Omit<NetworkConfig, 'inputSize' | 'hiddenSize' | 'outputSize'>,
  loss: Loss,
  penalties: Penalties = {},
  prepare: (network: RecurrentNetwork) => void = () => {},
  masked = true,
): number {
  const kernels = createReferenceKernels('float64');
  const network = new RecurrentNetwork(kernels, {
    inputSize: INPUT,
    hiddenSize: HIDDEN,
    outputSize: OUTPUT,
    ...config,
  });
  // Trained initial states are zero at first; other values test their gradient better.
  const random = new Random(99);
  for (const tensor of network.parameters()) {
    if (tensor.role !== 'initial-state') continue;
    for (let i = 0; i < tensor.size; i++) kernels.data[tensor.offset + i] = random.normal() * 0.5;
  }
  prepare(network);
  const batch = makeBatch(loss, 7);
  if (!masked) delete batch.mask;
  network.lossAndGradients(batch, loss, penalties, 'sample');
  const block = network.parameterBlock;
  const analytic = Float64Array.from(
    kernels.data.subarray(block.gradientOffset, block.gradientOffset + block.size),
  );
  const evaluate = (): number => network.lossAndGradients(batch, loss, penalties, 'reuse').loss;

  let worst = 0;
  for (const tensor of network.parameters()) {
    for (let i = 0; i < tensor.size; i++) {
      const offset = tensor.offset + i;
      const numeric = fivePointDerivative(kernels.data, offset, evaluate);
      const a = analytic[offset - block.offset];
      const error = Math.abs(a - numeric) / Math.max(Math.abs(a), Math.abs(numeric), TINY);
      assert.ok(
        error < TOLERANCE,
        `${tensor.name}[${i}]: analytic ${a}, numeric ${numeric}, relative error ${error}`,
      );
      worst = Math.max(worst, error);
    }
  }
  return worst;
}

describe('gradients match finite differences', () => {
  for (const loss of [crossEntropyLoss, meanSquaredErrorLoss]) {
    describe(`with ${loss.name}`, () => {
      it('vanilla RNN, tanh', () => {
        checkNetworkGradients({ cell: 'rnn', seed: 1, trainInitialState: true }, loss);
      });

      it('vanilla RNN, relu', () => {
        checkNetworkGradients({ cell: 'rnn-relu', seed: 2, trainInitialState: true }, loss);
      });

      it('LSTM with trained h0 and c0', () => {
        checkNetworkGradients({ cell: 'lstm', seed: 3, trainInitialState: true }, loss);
      });

      it('GRU', () => {
        checkNetworkGradients({ cell: 'gru', seed: 4, trainInitialState: true }, loss);
      });

      it('leaky network with Dale, mask and noise', () => {
        const leaky = { dtMs: 20, dale: true, connectionProbability: 0.6, noiseStd: 0.3 };
        const config = { cell: 'leaky' as const, seed: 5, trainInitialState: true, leaky };
        checkNetworkGradients(config, loss, {}, negateSomeRecurrentWeights);
      });

      for (const activation of ['relu', 'tanh', 'softplus'] as const) {
        it(`leaky network, ${activation}`, () => {
          const leaky = { dtMs: 10, tauMs: 50, activation, selfConnections: true };
          checkNetworkGradients({ cell: 'leaky', seed: 6, trainInitialState: true, leaky }, loss);
        });
      }
    });
  }

  describe('with L2 penalties', () => {
    const penalties = { weightL2: 0.3, rateL2: 0.7 };
    for (const cell of ['rnn', 'lstm', 'gru'] as const) {
      it(cell, () => {
        const config = { cell, seed: 8, trainInitialState: true };
        checkNetworkGradients(config, crossEntropyLoss, penalties);
      });
    }

    it('leaky network with Dale', () => {
      const leaky = { dtMs: 20, dale: true, excitatoryFraction: 0.6 };
      // Seed 9 puts a relu input within 1e-4 of its kink, where differences are invalid.
      const config = { cell: 'leaky' as const, seed: 12, leaky };
      checkNetworkGradients(config, meanSquaredErrorLoss, penalties, negateSomeRecurrentWeights);
    });
  });

  describe('without a mask', () => {
    for (const loss of [crossEntropyLoss, meanSquaredErrorLoss]) {
      it(`LSTM with ${loss.name}`, () => {
        checkNetworkGradients({ cell: 'lstm', seed: 13 }, loss, {}, () => {}, false);
      });
    }
  });

  it('backward of given output gradients', () => {
    const kernels = createReferenceKernels('float64');
    const network = new RecurrentNetwork(kernels, {
      cell: 'gru',
      inputSize: INPUT,
      hiddenSize: HIDDEN,
      outputSize: OUTPUT,
      seed: 10,
    });
    const random = new Random(11);
    const inputs = new Float32Array(STEPS * BATCH * INPUT);
    random.fillUniform(inputs, -1, 1);
    const dOutputs = new Float32Array(STEPS * BATCH * OUTPUT);
    random.fillUniform(dOutputs, -1, 1);
    // L = sum(dOutputs * outputs) has dL/dy = dOutputs.
    const evaluate = (): number => {
      const { outputs } = network.forward(inputs, STEPS, BATCH);
      let sum = 0;
      for (let i = 0; i < outputs.length; i++) sum += dOutputs[i] * outputs[i];
      return sum;
    };
    evaluate();
    network.backward(dOutputs);
    const weight = network.tensor('rnn.weight_hh_l0');
    // Outputs are copied out as float32, so the differences use a larger step.
    const step = 1e-3;
    for (let i = 0; i < weight.size; i += 7) {
      const analytic = kernels.data[weight.gradientOffset + i];
      const saved = kernels.data[weight.offset + i];
      kernels.data[weight.offset + i] = saved + step;
      const plus = evaluate();
      kernels.data[weight.offset + i] = saved - step;
      const minus = evaluate();
      kernels.data[weight.offset + i] = saved;
      const numeric = (plus - minus) / (2 * step);
      assert.ok(Math.abs(analytic - numeric) < 1e-4, `dW_hh[${i}]: ${analytic} vs ${numeric}`);
    }
  });
});

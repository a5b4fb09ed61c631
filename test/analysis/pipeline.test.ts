import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { averageByInterval } from '../../src/analysis/condition-average.js';
import { findFixedPoints } from '../../src/analysis/fixed-points.js';
import { sampleStatesAlongTrajectories } from '../../src/analysis/initial-states.js';
import { cellMapFromNetwork } from '../../src/analysis/maps/from-state-dict.js';
import { createReferenceKernels } from '../../src/engine/kernels/reference.js';
import type { NetworkConfig } from '../../src/engine/network-config.js';
import { RecurrentNetwork } from '../../src/engine/network.js';
import { Random } from '../../src/engine/random.js';

const H = 12;
const T = 400;

describe('fixed points of an engine network', () => {
  // With PyTorch's initialisation a GRU of this size contracts, so a long run under a constant
  // input settles on a stable fixed point that the finder must report.
  const config: NetworkConfig = {
    cell: 'gru',
    inputSize: 2,
    hiddenSize: H,
    outputSize: 2,
    seed: 9,
  };
  const network = new RecurrentNetwork(createReferenceKernels('float64'), config);
  const tonicInputs = [0.2, 0.8];

  const runs = tonicInputs.map((level) => {
    const inputs = new Float32Array(T * 2);
    for (let t = 0; t < T; t++) inputs[t * 2] = level;
    const { hidden } = network.forward(inputs, T, 1, { returnStates: true });
    return Float64Array.from(hidden!);
  });

  it('finds the state a long run settles on', () => {
    const trajectories = averageByInterval(
      runs.map((states, c) => ({ intervalMs: 800 + 700 * c, states, T, setStep: 0 })),
      H,
      20,
    );
    const starts = sampleStatesAlongTrajectories(trajectories, 8, new Random(1), 0.05);
    const inputs = tonicInputs.map((level) => Float64Array.from([level, 0]));
    const map = cellMapFromNetwork(network.stateDict(), config);
    const { points } = findFixedPoints(map, inputs, starts);

    tonicInputs.forEach((_, index) => {
      const found = points.filter((point) => point.inputIndex === index);
      assert.equal(found.length, 1, `input ${index}: ${found.length} points`);
      const [point] = found;
      assert.equal(point.kind, 'fixed');
      assert.ok(point.stable);
      const settled = runs[index].subarray((T - 1) * H, T * H);
      for (let k = 0; k < H; k++) {
        // The engine returns float32 states, so agreement is to float32 precision.
        assert.ok(Math.abs(point.state[k] - settled[k]) < 1e-5, `input ${index}, unit ${k}`);
      }
    });
  });
});

/**
 * Compares rnnlab's networks with PyTorch 1.13 on the fixtures that
 * `scripts/pytorch/make_fixtures.py` wrote: the same weights and batch must give the same
 * logits, states, masked loss, gradients and parameters after 3 Adam steps, in float32.
 *
 * Every value must satisfy |rnnlab - torch| <= 1e-5 max(|torch|, floor). The floor is 0.01 for
 * logits, states, losses and gradients: near zero, float32 rounding of sums of larger terms
 * leaves absolute errors of about 1e-8. Parameters after Adam use a floor of 0.1 (their scale
 * is 1/sqrt(H) = 0.35), because Adam divides each gradient by its running RMS: a gradient at
 * the rounding-noise level (5e-8 in the LSTM fixture) still moves its weight by about lr, and
 * its noise shows up as update errors of about 2e-7.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';

import type { CellKind } from '../../src/engine/cells/cell.js';
import type { Kernels } from '../../src/engine/kernels/kernels.js';
import { createKernels, type KernelImplementation } from '../../src/engine/kernels/select.js';
import { crossEntropyLoss, meanSquaredErrorLoss, type Loss } from '../../src/engine/loss.js';
import { RecurrentNetwork, type Batch } from '../../src/engine/network.js';
import { Adam } from '../../src/engine/optim/adam.js';

const RELATIVE_TOLERANCE = 1e-5;
const MAGNITUDE_FLOOR = 0.01;
const ADAM_PARAMETER_FLOOR = 0.1;

const FIXTURE_DIR = new URL('../fixtures/pytorch/', import.meta.url);

interface FixtureTensor {
  shape: number[];
  data: number[];
}

interface Fixture {
  torchVersion: string;
  cell: 'rnn' | 'lstm' | 'gru';
  nonlinearity: 'tanh' | 'relu' | null;
  inputSize: number;
  hiddenSize: number;
  outputSize: number;
  sequenceLength: number;
  batchSize: number;
  lossKind: 'cross-entropy' | 'mse';
  trainableInitialState: boolean;
  stateDict: Record<string, FixtureTensor>;
  inputs: FixtureTensor;
  targets: FixtureTensor;
  mask: FixtureTensor;
  hidden: FixtureTensor;
  outputs: FixtureTensor;
  finalHidden: FixtureTensor;
  finalCell: FixtureTensor | null;
  loss: number;
  gradients: Record<string, FixtureTensor>;
  adam: {
    lr: number;
    betas: [number, number];
    eps: number;
    steps: number;
    losses: number[];
    stateDict: Record<string, FixtureTensor>;
  };
}

const FIXTURE_NAMES = readdirSync(FIXTURE_DIR)
  .filter((file) => file.endsWith('.json'))
  .map((file) => file.slice(0, -'.json'.length))
  .sort();

function readFixture(name: string): Fixture {
  return JSON.parse(readFileSync(new URL(`${name}.json`, FIXTURE_DIR), 'utf8')) as Fixture;
}

/** Asserts the elementwise bound and names the tensor and the worst element on failure. */
function assertClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tensorLabel: string,
  floor = MAGNITUDE_FLOOR,
): void {
  assert.equal(actual.length, expected.length, `${tensorLabel}: length`);
  let worst = -1;
  let worstExcess = 0;
  for (let i = 0; i < expected.length; i++) {
    const bound = RELATIVE_TOLERANCE * Math.max(Math.abs(expected[i]), floor);
    const error = Math.abs(actual[i] - expected[i]);
    if (!(error <= bound) && (worst < 0 || error / bound > worstExcess)) {
      worst = i;
      worstExcess = error / bound;
    }
  }
  assert.ok(
    worst < 0,
    `${tensorLabel}: element ${worst} is ${actual[worst]}, PyTorch has ${expected[worst]} ` +
      `(error ${worstExcess.toFixed(1)} times the bound)`,
  );
}

function cellKind(fixture: Fixture): CellKind {
  if (fixture.cell === 'rnn') return fixture.nonlinearity === 'relu' ? 'rnn-relu' : 'rnn';
  return fixture.cell;
}

function buildNetwork(kernels: Kernels, fixture: Fixture): RecurrentNetwork {
  const network = new RecurrentNetwork(kernels, {
    cell: cellKind(fixture),
    inputSize: fixture.inputSize,
    hiddenSize: fixture.hiddenSize,
    outputSize: fixture.outputSize,
    trainInitialState: fixture.trainableInitialState,
    seed: 1,
  });
  network.loadStateDict(fixture.stateDict, { strict: true });
  return network;
}

function fixtureBatch(fixture: Fixture): Batch {
  return {
    seqLen: fixture.sequenceLength,
    batchSize: fixture.batchSize,
    inputs: Float32Array.from(fixture.inputs.data),
    targets: Float32Array.from(fixture.targets.data),
    mask: Float32Array.from(fixture.mask.data),
  };
}

function fixtureLoss(fixture: Fixture): Loss {
  return fixture.lossKind === 'mse' ? meanSquaredErrorLoss : crossEntropyLoss;
}

/** Returns the last time step (B, H) of a sequence (T, B, H). */
function lastStep(sequence: Float32Array, fixture: Fixture): Float32Array {
  const stepSize = fixture.batchSize * fixture.hiddenSize;
  return sequence.subarray(sequence.length - stepSize);
}

/** Kernel implementations to compare: the TypeScript reference and whatever 'auto' picks. */
async function kernelSets(): Promise<Array<{ label: string; create: () => Promise<Kernels> }>> {
  const implementations: KernelImplementation[] = ['typescript', 'auto'];
  const sets: Array<{ label: string; create: () => Promise<Kernels> }> = [];
  for (const implementation of implementations) {
    const probe = await createKernels({ dtype: 'float32', implementation });
    if (sets.some((set) => set.label === probe.name)) continue;
    const create = (): Promise<Kernels> => createKernels({ dtype: 'float32', implementation });
    sets.push({ label: probe.name, create });
  }
  return sets;
}

test('fixtures cover every cell and both losses', () => {
  const fixtures = FIXTURE_NAMES.map(readFixture);
  const kinds = new Set(fixtures.map(cellKind));
  for (const kind of ['rnn', 'rnn-relu', 'lstm', 'gru'] as const) assert.ok(kinds.has(kind), kind);
  assert.ok(fixtures.some((fixture) => fixture.lossKind === 'mse'));
  assert.ok(fixtures.some((fixture) => fixture.trainableInitialState));
  for (const fixture of fixtures) assert.ok(fixture.mask.data.includes(0), 'mask has zeros');
});

for (const { label, create } of await kernelSets()) {
  for (const name of FIXTURE_NAMES) {
    const fixture = readFixture(name);

    test(`${name} forward matches PyTorch (${label})`, async () => {
      const network = buildNetwork(await create(), fixture);
      const result = network.forward(
        Float32Array.from(fixture.inputs.data),
        fixture.sequenceLength,
        fixture.batchSize,
        { returnStates: true },
      );

      assertClose(result.outputs, fixture.outputs.data, 'logits');
      assert.ok(result.hidden);
      assertClose(result.hidden, fixture.hidden.data, 'hidden states');
      assertClose(lastStep(result.hidden, fixture), fixture.finalHidden.data, 'final h');
      if (fixture.finalCell !== null) {
        assert.ok(result.cell);
        assertClose(lastStep(result.cell, fixture), fixture.finalCell.data, 'final c');
      }
    });

    test(`${name} loss and gradients match PyTorch (${label})`, async () => {
      const kernels = await create();
      const network = buildNetwork(kernels, fixture);
      const breakdown = network.lossAndGradients(fixtureBatch(fixture), fixtureLoss(fixture));

      assertClose([breakdown.loss], [fixture.loss], 'loss');
      // PyTorch lists a module's own parameters (h0, c0) before its submodules' parameters.
      assert.deepEqual(
        network.parameters().map((tensor) => tensor.name).sort(),
        Object.keys(fixture.gradients).sort(),
      );
      for (const tensor of network.parameters()) {
        const start = tensor.gradientOffset;
        const gradient = kernels.data.subarray(start, start + tensor.size);
        assertClose(gradient, fixture.gradients[tensor.name].data, `gradient of ${tensor.name}`);
      }
    });

    test(`${name} Adam steps match PyTorch (${label})`, async () => {
      const network = buildNetwork(await create(), fixture);
      const { lr, betas, eps, steps } = fixture.adam;
      const optimizer = new Adam(network, { lr, betas, eps });
      const batch = fixtureBatch(fixture);

      for (let step = 0; step < steps; step++) {
        const { loss } = network.lossAndGradients(batch, fixtureLoss(fixture));
        assertClose([loss], [fixture.adam.losses[step]], `loss before Adam step ${step + 1}`);
        optimizer.step();
      }
      const stateDict = network.stateDict();
      assert.deepEqual(Object.keys(stateDict).sort(), Object.keys(fixture.adam.stateDict).sort());
      for (const [tensorName, expected] of Object.entries(fixture.adam.stateDict)) {
        assert.deepEqual(stateDict[tensorName].shape, expected.shape, `${tensorName} shape`);
        const updatedLabel = `${tensorName} after ${steps} steps`;
        assertClose(stateDict[tensorName].data, expected.data, updatedLabel, ADAM_PARAMETER_FLOOR);
      }
    });
  }
}

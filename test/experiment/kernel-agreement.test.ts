import assert from 'node:assert/strict';
import { test } from 'node:test';

import { supportedWasmVariants } from '../../src/engine/kernels/wasm.js';
import { parseExperiment, resolveModels } from '../../src/experiment/config.js';
import { runTraining } from '../../src/experiment/training-run.js';

// Training must not depend on which kernels run it, beyond float32 rounding. The same model
// trained with the TypeScript reference and with each WebAssembly build follows the same loss
// curve and ends with the same weights, to a tolerance that 25 steps of rounding stay within.
const experiment = parseExperiment(
  {
    name: 'kernels',
    task: { name: 'MotorTiming', dtMs: 100 },
    training: { steps: 25, batchSize: 8, seqLen: 60, evaluateEvery: 0 },
    evaluation: { trials: 50 },
    models: [
      { name: 'lstm', cell: 'lstm', hiddenSize: 12 },
      { name: 'gru', cell: 'gru', hiddenSize: 12 },
      { name: 'leaky', cell: 'leaky', hiddenSize: 12, leaky: { noiseStd: 0.05, excitatoryFraction: 0.8 } },
    ],
  },
  'test',
);
const builds = supportedWasmVariants().map((variant) => `wasm-${variant}` as const);

for (const model of resolveModels(experiment)) {
  test(`${model.name} trains alike on every kernel build`, async () => {
    const reference = await runTraining(model, { implementation: 'typescript' });
    const referenceWeights = reference.network.stateDict();
    for (const build of builds) {
      const run = await runTraining(model, { implementation: build });
      assert.equal(run.kernelName, build);
      run.record.lossCurve.forEach(({ step, loss }, index) => {
        const expected = reference.record.lossCurve[index]!.loss;
        assert.ok(Math.abs(loss - expected) <= 1e-4 * expected, `${build} step ${step}: ${loss}`);
      });
      for (const [name, tensor] of Object.entries(run.network.stateDict())) {
        const expected = referenceWeights[name]!.data;
        tensor.data.forEach((value, i) => {
          const difference = Math.abs(Number(value) - Number(expected[i]));
          assert.ok(difference <= 1e-4, `${build} ${name}[${i}]: ${value} vs ${expected[i]}`);
        });
      }
      assert.equal(run.evaluation.summary.successRate, reference.evaluation.summary.successRate);
    }
  });
}

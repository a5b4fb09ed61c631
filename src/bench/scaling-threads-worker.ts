/**
 * The second thread of a two-thread training step. It owns a copy of the network. On every step
 * it reads the parameters from shared memory, computes the loss and gradients of its half of the
 * batch, and writes the gradients back.
 */
import { parentPort, workerData } from 'node:worker_threads';

import { createKernels } from '../engine/kernels/select.js';
import { crossEntropyLoss } from '../engine/loss.js';
import { RecurrentNetwork } from '../engine/network.js';
import { Control, type HalfStepSetup } from './scaling-threads-protocol.js';

const setup = workerData as HalfStepSetup;
const kernels = await createKernels({ dtype: 'float32', implementation: setup.implementation });
const network = new RecurrentNetwork(kernels, { ...setup.config, seed: 0 });
const block = network.parameterBlock;
if (block.size !== setup.parameterCount) {
  throw new Error(
    `worker network has ${block.size} parameters, the main thread ${setup.parameterCount}`,
  );
}

const control = new Int32Array(setup.control);
const parameters = new Float32Array(setup.parameters);
const gradients = new Float32Array(setup.gradients);
const losses = new Float64Array(setup.losses);

parentPort?.postMessage('ready');
let generation = 0;
for (;;) {
  Atomics.wait(control, Control.Start, generation);
  generation = Atomics.load(control, Control.Start);
  if (generation < 0) break;

  kernels.data.set(parameters, block.offset);
  const result = network.lossAndGradients(setup.batch, crossEntropyLoss);
  gradients.set(kernels.data.subarray(block.gradientOffset, block.gradientOffset + block.size));
  losses[0] = result.loss;

  Atomics.store(control, Control.Done, generation);
  Atomics.notify(control, Control.Done);
}

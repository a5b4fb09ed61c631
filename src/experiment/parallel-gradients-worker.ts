/**
 * A worker thread of `ParallelGradients`. It owns a copy of the network and, on every step,
 * reads the parameters and its batch columns from shared memory, computes its part of the loss
 * and gradients, and writes them back. A failed step posts its message on the error port.
 */
import { parentPort, workerData } from 'node:worker_threads';

import { createKernels } from '../engine/kernels/select.js';
import { lossByName } from '../engine/loss.js';
import { RecurrentNetwork, type Batch, type BatchShare } from '../engine/network.js';
import {
  LossSlot,
  ParallelControl,
  type ParallelWorkerSetup,
} from './parallel-gradients-protocol.js';

const setup = workerData as ParallelWorkerSetup;
const kernels = await createKernels({ dtype: 'float32', implementation: setup.implementation });
const network = new RecurrentNetwork(kernels, setup.config);
network.loadStateDict(setup.state);
const loss = lossByName(setup.lossName);
const block = network.parameterBlock;

const control = new Int32Array(setup.control);
const parameters = new Float32Array(setup.parameters);
const gradients = new Float32Array(setup.gradients);
const losses = new Float64Array(setup.losses);
const unmasked: Batch = {
  seqLen: setup.seqLen,
  batchSize: setup.columns,
  inputs: new Float32Array(setup.inputs),
  targets: new Float32Array(setup.targets),
};
const masked: Batch = { ...unmasked, mask: new Float32Array(setup.mask) };

parentPort?.postMessage('ready');
let generation = 0;
for (;;) {
  Atomics.wait(control, ParallelControl.Start, generation);
  generation = Atomics.load(control, ParallelControl.Start);
  if (generation < 0) break;

  try {
    // The main thread writes the whole batch's totals next to the parameters of each step.
    const share: BatchShare = {
      weightSum: losses[LossSlot.WeightSum],
      rows: losses[LossSlot.Rows],
      weightPenalty: false,
    };
    kernels.data.set(parameters, block.offset);
    const batch = losses[LossSlot.Masked] === 1 ? masked : unmasked;
    const result = network.lossAndGradients(batch, loss, setup.penalties, 'sample', share);
    gradients.set(kernels.data.subarray(block.gradientOffset, block.gradientOffset + block.size));
    losses[LossSlot.Loss] = result.loss;
    losses[LossSlot.DataLoss] = result.dataLoss;
    losses[LossSlot.WeightPenalty] = result.weightPenalty;
    losses[LossSlot.RatePenalty] = result.ratePenalty;
    Atomics.store(control, ParallelControl.Failed, 0);
  } catch (error) {
    setup.errors.postMessage({ message: error instanceof Error ? error.message : String(error) });
    Atomics.store(control, ParallelControl.Failed, 1);
  }
  Atomics.store(control, ParallelControl.Done, generation);
  Atomics.notify(control, ParallelControl.Done);
}

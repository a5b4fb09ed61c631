/**
 * The network, optimizer and batch of a timed training step, built alike by every benchmark
 * mode so that their numbers describe the same step.
 */
import type { Kernels } from '../engine/kernels/kernels.js';
import { RecurrentNetwork, type Batch } from '../engine/network.js';
import { Adam } from '../engine/optim/adam.js';
import { Random } from '../engine/random.js';
import type { StepCase } from './step-case.js';

/** Learning rate of the timed Adam step; `scripts/pytorch/bench_step.py` uses the same. */
export const STEP_LEARNING_RATE = 0.01;

/** Builds the network of `stepCase` on `kernels`, from seed 0 every time, and its Adam. */
export function stepNetwork(
  stepCase: StepCase,
  kernels: Kernels,
): { network: RecurrentNetwork; optimizer: Adam } {
  const network = new RecurrentNetwork(kernels, {
    cell: stepCase.cell,
    inputSize: stepCase.inputSize,
    hiddenSize: stepCase.hiddenSize,
    outputSize: stepCase.outputSize,
    seed: 0,
  });
  return { network, optimizer: new Adam(network, { lr: STEP_LEARNING_RATE }) };
}

/** Draws the timed batch from seed 1: standard normal inputs, uniform class targets, no mask. */
export function stepBatch(stepCase: StepCase): Batch {
  const random = new Random(1);
  const rows = stepCase.sequenceLength * stepCase.batchSize;
  const inputs = new Float32Array(rows * stepCase.inputSize);
  random.fillNormal(inputs);
  const targets = Float32Array.from({ length: rows }, () => random.integer(stepCase.outputSize));
  return {
    seqLen: stepCase.sequenceLength,
    batchSize: stepCase.batchSize,
    inputs,
    targets,
  };
}

/**
 * One model's training step on two cores. The batch is split in two halves by batch column. The
 * main thread runs the forward and backward pass of one half, and a worker thread with its own
 * copy of the network runs the other. The gradients are averaged, weighted by the halves' rows,
 * before one Adam update on the main thread. The halves' recurrences are independent, so the threads
 * meet only twice per training step: the worker reads the parameters when the step starts, and
 * the main thread reads the worker's gradients when it ends (a SharedArrayBuffer and Atomics).
 *
 * The cost is two copies of the parameter block and one of the gradients per step, and two
 * thread wake-ups; a step of the default LSTM takes milliseconds, so these are small against it.
 */
import { Worker } from 'node:worker_threads';

import { createKernels, type KernelImplementation } from '../engine/kernels/select.js';
import { crossEntropyLoss } from '../engine/loss.js';
import { RecurrentNetwork, type Batch } from '../engine/network.js';
import { Adam } from '../engine/optim/adam.js';
import { Random } from '../engine/random.js';
import type { StepCase } from './step-case.js';
import { Control, type HalfStepSetup } from './scaling-threads-protocol.js';
import { summarizeTimes, timeRepeated, type TimingOptions, type TimingSummary } from './timing.js';

const LEARNING_RATE = 0.01;

/** Starts the worker script `name` beside this module, compiled or as TypeScript under tsx. */
function startWorker(name: string, workerData: HalfStepSetup): Worker {
  if (!import.meta.url.endsWith('.ts')) {
    return new Worker(new URL(`./${name}.js`, import.meta.url), { workerData });
  }
  // Node.js 20 workers do not inherit the loader hooks of `--import tsx`, so the worker
  // registers tsx itself before it imports the TypeScript source.
  const script = new URL(`./${name}.ts`, import.meta.url).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const code =
    `import(${JSON.stringify(tsx)})` +
    `.then((api) => { api.register(); return import(${JSON.stringify(script)}); });`;
  return new Worker(code, { eval: true, workerData });
}

/** Returns the batch columns [start, end) of `batch` as a batch of their own. */
export function sliceBatchColumns(batch: Batch, start: number, end: number): Batch {
  const { seqLen, batchSize } = batch;
  if (!(Number.isInteger(start) && Number.isInteger(end) && 0 <= start && start < end)) {
    throw new RangeError(`invalid batch columns [${start}, ${end})`);
  }
  if (end > batchSize) {
    throw new RangeError(`batch columns [${start}, ${end}) exceed the batch size ${batchSize}`);
  }
  const columns = end - start;
  const inputSize = batch.inputs.length / (seqLen * batchSize);
  const targetSize = batch.targets.length / (seqLen * batchSize);
  const inputs = new Float32Array(seqLen * columns * inputSize);
  const targets = new Float32Array(seqLen * columns * targetSize);
  const mask = batch.mask === undefined ? undefined : new Float32Array(seqLen * columns);
  for (let t = 0; t < seqLen; t++) {
    const from = t * batchSize + start;
    const to = t * columns;
    const inputRow = batch.inputs.subarray(from * inputSize, (from + columns) * inputSize);
    inputs.set(inputRow, to * inputSize);
    const targetRow = batch.targets.subarray(from * targetSize, (from + columns) * targetSize);
    targets.set(targetRow, to * targetSize);
    mask?.set(batch.mask!.subarray(from, from + columns), to);
  }
  return { seqLen, batchSize: columns, inputs, targets, ...(mask ? { mask } : {}) };
}

/**
 * A training step (forward, cross-entropy, backward, Adam) of one network on two threads, for
 * one fixed batch without mask. `create` starts the worker; `close` stops it.
 */
export class TwoThreadTrainingStep {
  private generation = 0;

  private constructor(
    readonly network: RecurrentNetwork,
    private readonly optimizer: Adam,
    private readonly worker: Worker,
    private readonly ownHalf: Batch,
    private readonly ownWeight: number,
    private readonly control: Int32Array,
    private readonly parameters: Float32Array,
    private readonly gradients: Float32Array,
    private readonly losses: Float64Array,
    private readonly workerGradients: number,
  ) {}

  /** Builds the main network and its worker; the first half of the batch stays here. */
  static async create(
    stepCase: StepCase,
    batch: Batch,
    implementation: KernelImplementation,
  ): Promise<TwoThreadTrainingStep> {
    if (batch.mask !== undefined) throw new Error('the two-thread step takes no mask');
    if (batch.batchSize < 2) {
      throw new Error(`a two-thread step needs a batch of at least 2, got ${batch.batchSize}`);
    }
    const kernels = await createKernels({ dtype: 'float32', implementation });
    const config = {
      cell: stepCase.cell,
      inputSize: stepCase.inputSize,
      hiddenSize: stepCase.hiddenSize,
      outputSize: stepCase.outputSize,
    };
    const network = new RecurrentNetwork(kernels, { ...config, seed: 0 });
    const optimizer = new Adam(network, { lr: LEARNING_RATE });
    const size = network.parameterBlock.size;
    const workerGradients = kernels.alloc(size);

    const middle = Math.floor(batch.batchSize / 2);
    const setup: HalfStepSetup = {
      implementation,
      config,
      parameterCount: size,
      batch: sliceBatchColumns(batch, middle, batch.batchSize),
      control: new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT),
      parameters: new SharedArrayBuffer(size * Float32Array.BYTES_PER_ELEMENT),
      gradients: new SharedArrayBuffer(size * Float32Array.BYTES_PER_ELEMENT),
      losses: new SharedArrayBuffer(Float64Array.BYTES_PER_ELEMENT),
    };
    const worker = startWorker('scaling-threads-worker', setup);
    await new Promise<void>((resolve, reject) => {
      worker.once('message', () => resolve());
      worker.once('error', reject);
    });

    return new TwoThreadTrainingStep(
      network,
      optimizer,
      worker,
      sliceBatchColumns(batch, 0, middle),
      middle / batch.batchSize,
      new Int32Array(setup.control),
      new Float32Array(setup.parameters),
      new Float32Array(setup.gradients),
      new Float64Array(setup.losses),
      workerGradients,
    );
  }

  /** Runs one training step and returns the loss of the whole batch. */
  step(): number {
    const loss = this.lossAndGradients();
    this.optimizer.step();
    return loss;
  }

  /**
   * Computes the loss and the gradients of the whole batch into the network's gradient block:
   * g = w g_main + (1 - w) g_worker, with w the main half's share of the rows.
   */
  lossAndGradients(): number {
    const kernels = this.network.kernels;
    const block = this.network.parameterBlock;
    this.parameters.set(kernels.data.subarray(block.offset, block.offset + block.size));
    this.generation += 1;
    Atomics.store(this.control, Control.Start, this.generation);
    Atomics.notify(this.control, Control.Start);

    const own = this.network.lossAndGradients(this.ownHalf, crossEntropyLoss).loss;

    for (;;) {
      const done = Atomics.load(this.control, Control.Done);
      if (done === this.generation) break;
      Atomics.wait(this.control, Control.Done, done);
    }
    kernels.data.set(this.gradients, this.workerGradients);
    kernels.scale(block.size, block.gradientOffset, this.ownWeight);
    kernels.axpy(block.size, 1 - this.ownWeight, this.workerGradients, block.gradientOffset);
    return this.ownWeight * own + (1 - this.ownWeight) * this.losses[0];
  }

  /** Stops the worker thread. */
  async close(): Promise<void> {
    Atomics.store(this.control, Control.Start, -1);
    Atomics.notify(this.control, Control.Start);
    await this.worker.terminate();
  }
}

/** Draws a batch of standard normal inputs and uniform class targets, without mask. */
export function randomBatch(stepCase: StepCase, random: Random): Batch {
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

export interface ThreadComparison {
  readonly stepCase: StepCase;
  readonly kernels: string;
  readonly oneThread: TimingSummary;
  readonly twoThreads: TimingSummary;
  /** One-thread median over two-thread median. */
  readonly speedup: number;
  /**
   * Largest |g_two - g_one| over the gradients of the first step, relative to the largest
   * |g_one|: float32 rounding of a different summation order, about 1e-6.
   */
  readonly gradientDifference: number;
}

/** Times the training step of `stepCase` on one thread and on two, on the same batch. */
export async function compareThreads(
  stepCase: StepCase,
  implementation: KernelImplementation,
  timing: TimingOptions,
): Promise<ThreadComparison> {
  const batch = randomBatch(stepCase, new Random(1));
  const kernels = await createKernels({ dtype: 'float32', implementation });
  const network = new RecurrentNetwork(kernels, {
    cell: stepCase.cell,
    inputSize: stepCase.inputSize,
    hiddenSize: stepCase.hiddenSize,
    outputSize: stepCase.outputSize,
    seed: 0,
  });
  const optimizer = new Adam(network, { lr: LEARNING_RATE });
  const twoThreads = await TwoThreadTrainingStep.create(stepCase, batch, implementation);
  try {
    const gradientDifference = compareGradients(network, twoThreads, batch);
    const oneThreadTimes = timeRepeated(() => {
      network.lossAndGradients(batch, crossEntropyLoss);
      optimizer.step();
    }, timing);
    const twoThreadTimes = timeRepeated(() => twoThreads.step(), timing);
    const oneThread = summarizeTimes(oneThreadTimes);
    const two = summarizeTimes(twoThreadTimes);
    return {
      stepCase,
      kernels: kernels.name,
      oneThread,
      twoThreads: two,
      speedup: oneThread.medianMs / two.medianMs,
      gradientDifference,
    };
  } finally {
    await twoThreads.close();
  }
}

/** Returns max |g_two - g_one| / max |g_one| for the networks' first gradients. */
function compareGradients(
  network: RecurrentNetwork,
  twoThreads: TwoThreadTrainingStep,
  batch: Batch,
): number {
  network.lossAndGradients(batch, crossEntropyLoss);
  twoThreads.lossAndGradients();
  const one = network.parameterBlock;
  const two = twoThreads.network.parameterBlock;
  const oneData = network.kernels.data;
  const twoData = twoThreads.network.kernels.data;
  let largest = 0;
  let difference = 0;
  for (let i = 0; i < one.size; i++) {
    const expected = oneData[one.gradientOffset + i];
    largest = Math.max(largest, Math.abs(expected));
    difference = Math.max(difference, Math.abs(twoData[two.gradientOffset + i] - expected));
  }
  return largest > 0 ? difference / largest : difference;
}

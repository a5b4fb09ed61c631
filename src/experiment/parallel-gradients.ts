/**
 * Data-parallel gradients: one network's training batch split by batch column over several
 * threads. The main thread computes the first range of columns and each worker thread, with
 * its own copy of the network, one of the others. Every part normalises its loss by the whole
 * batch's totals (`BatchShare`), so the parts' losses and gradients add up to those of the
 * whole batch, up to float32 rounding. The optimizer then updates once, on the main thread.
 *
 * The threads meet twice per step through shared memory: the workers read the parameters and
 * their columns when a step starts, and the main thread reads their gradients when they finish
 * (SharedArrayBuffer and Atomics). Batch columns are independent sequences, so nothing else
 * is exchanged. Node.js only.
 *
 * The leaky network's recurrent noise of each part comes from that thread's own stream, seeded
 * from the model's seed and the thread's index. A run is therefore reproducible for a given
 * number of threads but differs from the same run on another number of threads. Through
 * float32 rounding the same holds for every cell, as it does in PyTorch.
 */
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';

import { copyBatchColumns, splitColumns } from '../engine/batch-columns.js';
import type { KernelImplementation } from '../engine/kernels/select.js';
import { checkMask, lossByName, type LossName } from '../engine/loss.js';
import type { Batch, BatchShare, LossBreakdown, RecurrentNetwork } from '../engine/network.js';
import type { Penalties } from '../engine/regularization.js';
import { checkFinite, checkLength } from '../engine/shape.js';
import {
  LossSlot,
  ParallelControl,
  type ParallelWorkerSetup,
} from './parallel-gradients-protocol.js';
import { siblingScript, startWorker } from './worker-pool.js';

export interface ParallelGradientsOptions {
  /** Threads in all, the main thread included: 2 or more, at most the batch size. */
  readonly threads: number;
  readonly implementation: KernelImplementation;
  readonly lossName: LossName;
  readonly penalties?: Penalties;
  /** The shape of every batch, fixed for the run. */
  readonly seqLen: number;
  readonly batchSize: number;
  /** Seconds to wait for a worker's part before giving up on it (300). */
  readonly timeoutSeconds?: number;
}

interface WorkerPart {
  readonly worker: Worker;
  readonly start: number;
  readonly end: number;
  readonly control: Int32Array;
  readonly gradients: Float32Array;
  readonly losses: Float64Array;
  /** This worker's columns, over the shared inputs, targets and mask. */
  readonly batch: Required<Batch>;
  readonly errors: MessagePort;
}

function float32Buffer(length: number): SharedArrayBuffer {
  return new SharedArrayBuffer(Math.max(length, 1) * Float32Array.BYTES_PER_ELEMENT);
}

/** Computes a network's loss and gradients on several threads; see the file's comment. */
export class ParallelGradients {
  private generation = 0;
  private closed = false;

  private constructor(
    private readonly network: RecurrentNetwork,
    private readonly options: ParallelGradientsOptions,
    private readonly parameters: Float32Array,
    private readonly ownBatch: Required<Batch>,
    private readonly ownEnd: number,
    private readonly parts: WorkerPart[],
  ) {}

  /**
   * Starts `threads - 1` workers, each with a copy of `network`, and waits until they are
   * ready. The main thread keeps the first range of columns.
   */
  static async create(
    network: RecurrentNetwork,
    options: ParallelGradientsOptions,
  ): Promise<ParallelGradients> {
    const { threads, seqLen, batchSize } = options;
    if (!(Number.isSafeInteger(threads) && threads >= 2 && threads <= batchSize)) {
      throw new Error(
        `threads: expected an integer from 2 to the batch size ${batchSize}, got ${threads}`,
      );
    }
    const config = network.config;
    const inputSize = config.inputSize;
    const targetsPerStep = lossByName(options.lossName).targetsPerStep(config.outputSize);
    const size = network.parameterBlock.size;
    const parameterBuffer = float32Buffer(size);
    const state = network.stateDict();
    const [own, ...others] = splitColumns(batchSize, threads);
    const ownColumns = own[1] - own[0];

    const parts: WorkerPart[] = [];
    try {
      for (const [index, [start, end]] of others.entries()) {
        const columns = end - start;
        const channel = new MessageChannel();
        const setup: ParallelWorkerSetup = {
          implementation: options.implementation,
          config: { ...config, seed: config.seed + 104_729 * (index + 1) },
          state,
          lossName: options.lossName,
          penalties: options.penalties ?? {},
          seqLen,
          columns,
          control: new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT),
          parameters: parameterBuffer,
          gradients: float32Buffer(size),
          losses: new SharedArrayBuffer(7 * Float64Array.BYTES_PER_ELEMENT),
          inputs: float32Buffer(seqLen * columns * inputSize),
          targets: float32Buffer(seqLen * columns * targetsPerStep),
          mask: float32Buffer(seqLen * columns),
          errors: channel.port2,
        };
        const script = siblingScript(import.meta.url, 'parallel-gradients-worker');
        const worker = startWorker(script, setup, [channel.port2]);
        parts.push({
          worker,
          start,
          end,
          control: new Int32Array(setup.control),
          gradients: new Float32Array(setup.gradients),
          losses: new Float64Array(setup.losses),
          batch: {
            seqLen,
            batchSize: columns,
            inputs: new Float32Array(setup.inputs),
            targets: new Float32Array(setup.targets),
            mask: new Float32Array(setup.mask),
          },
          errors: channel.port1,
        });
        await new Promise<void>((resolve, reject) => {
          worker.once('message', () => resolve());
          worker.once('error', reject);
          worker.once('exit', (code) => reject(new Error(`worker exited with code ${code}`)));
        });
      }
    } catch (error) {
      await Promise.all(parts.map((part) => part.worker.terminate()));
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`failed to start a training thread: ${reason}`);
    }

    const ownBatch: Required<Batch> = {
      seqLen,
      batchSize: ownColumns,
      inputs: new Float32Array(seqLen * ownColumns * inputSize),
      targets: new Float32Array(seqLen * ownColumns * targetsPerStep),
      mask: new Float32Array(seqLen * ownColumns),
    };
    return new ParallelGradients(
      network,
      options,
      new Float32Array(parameterBuffer),
      ownBatch,
      ownColumns,
      parts,
    );
  }

  /** Threads in all, the main thread included. */
  get threads(): number {
    return this.parts.length + 1;
  }

  /**
   * Replaces the network's gradients with those of the whole `batch` and returns its loss, as
   * `network.lossAndGradients(batch, loss, penalties)` would on one thread.
   */
  lossAndGradients(batch: Batch): LossBreakdown {
    if (this.closed) throw new Error('the training threads were closed');
    const { seqLen, batchSize } = this.options;
    if (batch.seqLen !== seqLen || batch.batchSize !== batchSize) {
      throw new Error(
        `batch: expected seqLen ${seqLen} and batch size ${batchSize} as when the threads ` +
          `started, got ${batch.seqLen} and ${batch.batchSize}`,
      );
    }
    const config = this.network.config;
    const inputSize = config.inputSize;
    const loss = lossByName(this.options.lossName);
    // Checked here as a whole, so that an error names the position in the whole batch.
    const inputShape = [seqLen, batchSize, inputSize];
    checkLength('inputs', batch.inputs, inputShape);
    checkFinite('inputs', batch.inputs, inputShape);
    loss.checkTargets(batch.targets, seqLen, batchSize, config.outputSize);
    const weightSum = batch.mask ? checkMask(batch.mask, seqLen, batchSize) : seqLen * batchSize;
    const share: BatchShare = { weightSum, rows: seqLen * batchSize, weightPenalty: true };

    const kernels = this.network.kernels;
    const block = this.network.parameterBlock;
    this.parameters.set(kernels.data.subarray(block.offset, block.offset + block.size));
    this.generation += 1;
    for (const part of this.parts) {
      copyBatchColumns(batch, part.start, part.end, part.batch);
      part.losses[LossSlot.WeightSum] = share.weightSum;
      part.losses[LossSlot.Rows] = share.rows;
      part.losses[LossSlot.Masked] = batch.mask ? 1 : 0;
      Atomics.store(part.control, ParallelControl.Start, this.generation);
      Atomics.notify(part.control, ParallelControl.Start);
    }

    copyBatchColumns(batch, 0, this.ownEnd, this.ownBatch);
    const own: Batch = batch.mask ? this.ownBatch : { ...this.ownBatch, mask: undefined };
    let total: LossBreakdown;
    try {
      total = this.network.lossAndGradients(own, loss, this.options.penalties, 'sample', share);
    } catch (error) {
      // The workers must be done before the caller may touch the batch again; the main
      // thread's own error is the one to report.
      try {
        this.waitForParts();
      } catch {
        // A worker's failure on the same batch adds nothing to the main thread's error.
      }
      throw error;
    }
    this.waitForParts();

    const data = kernels.data;
    const gradientOffset = block.gradientOffset;
    for (const part of this.parts) {
      for (let i = 0; i < block.size; i++) data[gradientOffset + i] += part.gradients[i];
      total = {
        loss: total.loss + part.losses[LossSlot.Loss],
        dataLoss: total.dataLoss + part.losses[LossSlot.DataLoss],
        weightPenalty: total.weightPenalty + part.losses[LossSlot.WeightPenalty],
        ratePenalty: total.ratePenalty + part.losses[LossSlot.RatePenalty],
      };
    }
    return total;
  }

  /** Waits until every worker has finished the current step; throws the first failure. */
  private waitForParts(): void {
    const timeoutMs = (this.options.timeoutSeconds ?? 300) * 1000;
    let failure: string | null = null;
    for (const [index, part] of this.parts.entries()) {
      const started = Date.now();
      for (;;) {
        const done = Atomics.load(part.control, ParallelControl.Done);
        if (done === this.generation) break;
        const left = timeoutMs - (Date.now() - started);
        if (left <= 0) {
          throw new Error(
            `training thread ${index + 2} did not finish its part of the batch in ` +
              `${timeoutMs / 1000} s`,
          );
        }
        Atomics.wait(part.control, ParallelControl.Done, done, left);
      }
      if (failure === null && Atomics.load(part.control, ParallelControl.Failed) === 1) {
        const received = receiveMessageOnPort(part.errors);
        const message = (received?.message as { message?: string } | undefined)?.message;
        failure = `training thread ${index + 2}: ${message ?? 'failed without a message'}`;
      }
    }
    if (failure !== null) throw new Error(failure);
  }

  /** Stops the worker threads. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const part of this.parts) {
      Atomics.store(part.control, ParallelControl.Start, -1);
      Atomics.notify(part.control, ParallelControl.Start);
      part.errors.close();
    }
    await Promise.all(this.parts.map((part) => part.worker.terminate()));
  }
}

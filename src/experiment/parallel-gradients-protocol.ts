/**
 * The shared memory of `ParallelGradients`: what each worker thread receives when it starts,
 * and the slots through which the main thread and the worker meet at every step.
 */
import type { MessagePort } from 'node:worker_threads';

import type { KernelImplementation } from '../engine/kernels/select.js';
import type { LossName } from '../engine/loss.js';
import type { NetworkConfig } from '../engine/network-config.js';
import type { Penalties } from '../engine/regularization.js';
import type { StateDict } from '../engine/state-dict.js';

/** Slots of each worker's Int32Array control block. */
export const ParallelControl = {
  /** Step number the main thread has started; -1 stops the worker. */
  Start: 0,
  /** Step number the worker has finished. */
  Done: 1,
  /** 0 when the worker's last step succeeded, 1 when it failed (its message is on the port). */
  Failed: 2,
} as const;

/**
 * Slots of each worker's Float64Array: the whole batch's totals, which the main thread writes
 * before a step, and the worker's losses, which it writes after.
 */
export const LossSlot = {
  WeightSum: 0,
  Rows: 1,
  /** 1 when the step's batch has a mask, 0 when it has none. */
  Masked: 2,
  Loss: 3,
  DataLoss: 4,
  WeightPenalty: 5,
  RatePenalty: 6,
} as const;

/** The setup that each worker receives when it starts. */
export interface ParallelWorkerSetup {
  readonly implementation: KernelImplementation;
  /** The network's configuration, with a seed of this worker's own for the noise. */
  readonly config: NetworkConfig;
  /** Parameters and buffers (masks, Dale signs) of the main network. */
  readonly state: StateDict;
  readonly lossName: LossName;
  readonly penalties: Penalties;
  readonly seqLen: number;
  /** Batch columns of this worker's part. */
  readonly columns: number;
  readonly control: SharedArrayBuffer;
  /** The main network's parameter block, written before each step (float32). */
  readonly parameters: SharedArrayBuffer;
  /** This worker's gradients, written at the end of each step (float32). */
  readonly gradients: SharedArrayBuffer;
  readonly losses: SharedArrayBuffer;
  /** This worker's inputs, targets and mask, written before each step (float32). */
  readonly inputs: SharedArrayBuffer;
  readonly targets: SharedArrayBuffer;
  readonly mask: SharedArrayBuffer;
  /** The port on which the worker posts the message of a failed step. */
  readonly errors: MessagePort;
}

/**
 * Shared state of the two threads of a two-thread training step: the setup sent once, and the
 * slots of the control array that start a step and report it done.
 */
import type { KernelImplementation } from '../engine/kernels/select.js';
import type { Batch } from '../engine/network.js';
import type { NetworkConfig } from '../engine/network-config.js';

/** Slots of the Int32Array control block. */
export const Control = {
  /** Step number the main thread has started; -1 stops the worker. */
  Start: 0,
  /** Step number the worker has finished. */
  Done: 1,
} as const;

export interface HalfStepSetup {
  readonly implementation: KernelImplementation;
  readonly config: Omit<NetworkConfig, 'seed'>;
  readonly parameterCount: number;
  /** The worker's half of the batch. */
  readonly batch: Batch;
  readonly control: SharedArrayBuffer;
  /** Parameters written by the main thread before each step (parameterCount float32). */
  readonly parameters: SharedArrayBuffer;
  /** Gradients written by the worker after each step (parameterCount float32). */
  readonly gradients: SharedArrayBuffer;
  /** The worker's loss (one float64). */
  readonly losses: SharedArrayBuffer;
}

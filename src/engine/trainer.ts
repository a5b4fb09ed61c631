/**
 * The training loop: for each step, draw a batch, compute the loss and its gradients, clip them
 * if asked, and let the optimizer update the parameters.
 */
import type { Loss } from './loss.js';
import type { Batch, LossBreakdown, RecurrentNetwork } from './network.js';
import { clipGradNorm, gradientNorm, type Optimizer } from './optim/optimizer.js';
import { checkSchedule, learningRateAt, type LearningRateSchedule } from './optim/schedule.js';
import type { Penalties } from './regularization.js';
import { checkPositiveInteger } from './shape.js';

/** Progress report passed to `onStep` after each step. */
export interface StepReport {
  /** Step number, counted from 1. */
  step: number;
  /** Total loss of the step's batch, penalties included, before the update. */
  loss: number;
  /** The data loss alone. */
  dataLoss: number;
  /** L2 norm of the gradients before clipping. */
  gradientNorm: number;
  /** Learning rate of the step's update. */
  learningRate: number;
}

export interface TrainOptions {
  network: RecurrentNetwork;
  optimizer: Optimizer;
  /** Returns the batch of a step, numbered from 1. */
  nextBatch: (step: number) => Batch;
  /** Number of optimizer steps. */
  steps: number;
  loss: Loss;
  /** Maximum gradient norm, as torch.nn.utils.clip_grad_norm_ takes it, or no clipping. */
  clipNorm?: number;
  penalties?: Penalties;
  /**
   * Learning rate per step, starting from the optimizer's learning rate (constant unless
   * given). The optimizer is left at the last step's rate.
   */
  schedule?: LearningRateSchedule;
  /**
   * Computes a batch's loss and gradients in place of `network.lossAndGradients(batch, loss,
   * penalties)`, for example split over threads; it must leave the gradients in the network.
   */
  lossAndGradients?: (batch: Batch) => LossBreakdown;
  /** Called after every step, for progress and loss curves. */
  onStep?: (report: StepReport) => void;
}

export interface TrainResult {
  /** Total loss per step, losses[i] for step i + 1. */
  losses: Float64Array;
}

/**
 * Trains for `steps` steps. Throws "Training diverged at step N: ..." as soon as a loss or a
 * gradient norm is not finite, before the optimizer applies it.
 */
export function train(options: TrainOptions): TrainResult {
  const { network, optimizer, nextBatch, steps, loss, clipNorm, penalties = {}, onStep } = options;
  const schedule = options.schedule ?? { name: 'constant' };
  const baseLr = optimizer.learningRate;
  checkPositiveInteger('steps', steps);
  checkSchedule(schedule, baseLr);
  if (clipNorm !== undefined && !(clipNorm > 0)) {
    throw new Error(`clipNorm: expected a positive number, got ${clipNorm}`);
  }
  const losses = new Float64Array(steps);
  for (let step = 1; step <= steps; step++) {
    const batch = nextBatch(step);
    const result = options.lossAndGradients
      ? options.lossAndGradients(batch)
      : network.lossAndGradients(batch, loss, penalties);
    if (!Number.isFinite(result.loss)) {
      throw new Error(
        `Training diverged at step ${step}: loss is ${result.loss} ` +
          '(try a lower learning rate or gradient clipping)',
      );
    }
    const norm = clipNorm === undefined ? gradientNorm(network) : clipGradNorm(network, clipNorm);
    if (!Number.isFinite(norm)) {
      throw new Error(
        `Training diverged at step ${step}: gradient norm is ${norm} ` +
          '(try a lower learning rate or gradient clipping)',
      );
    }
    const learningRate = learningRateAt(schedule, baseLr, step, steps);
    optimizer.learningRate = learningRate;
    optimizer.step();
    losses[step - 1] = result.loss;
    onStep?.({
      step,
      loss: result.loss,
      dataLoss: result.dataLoss,
      gradientNorm: norm,
      learningRate,
    });
  }
  return { losses };
}
